"""Time and peak memory of `xref report` on a corpus, with model load and each stage separated.

Usage: .venv/bin/python bench/bench_report.py [CORPUS] (default: seeds/)
The embedding cache is disabled so every run is cold for embeddings.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def report_seconds(analysis) -> float:
    """Time to build the report and write its JSON and HTML (into a temporary folder)."""
    from xref.render import write_html
    from xref.report import build_report, write_json

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        report = build_report(analysis)
        write_json(report, Path(out) / "report.json")
        write_html(report, Path(out) / "report.html")
        return time.perf_counter() - start


def main(corpus: str = "seeds") -> None:
    start = time.perf_counter()
    from xref.pipeline import Settings, analyse_corpus
    from xref.render import write_html  # noqa: F401  (timed with the other imports)
    from xref.report import build_report, write_json  # noqa: F401

    imports = time.perf_counter() - start
    analysis = analyse_corpus(corpus, Settings(cache=None))
    render = report_seconds(analysis)
    total = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"corpus {corpus}: {len(analysis.corpus.articles)} articles, {len(analysis.sentences)} sentences, "
        f"{len(analysis.candidates)} candidate pairs"
    )
    print(f"{'stage':<12}{'seconds':>9}")
    print(f"{'imports':<12}{imports:>9.2f}")
    for stage, seconds in analysis.timings.items():
        print(f"{stage:<12}{seconds:>9.2f}")
    print(f"{'report':<12}{render:>9.2f}")
    print(f"{'total':<12}{total:>9.2f}")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main(*sys.argv[1:])
