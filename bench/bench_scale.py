"""How xref's cost grows with the corpus: ECB+ subsets of 100, 300 and 982 articles, and the seeds.

Usage:
    .venv/bin/python bench/bench_scale.py [--sizes 100,300,982] [--no-seeds] [--engine local|ray]

For each corpus it runs the whole pipeline twice in fresh subprocesses sharing one new cache file:
cold (empty feature and embedding caches) and warm (nothing changed). Each run reports wall time per
stage, sentences/s for embedding and judging, peak RSS of that run alone, candidate pairs judged
against all cross-article sentence pairs, and the clustering's adjusted Rand index and purity against
the ECB+ topic labels. It also times the bare embedding model on the same sentences. Results go to
bench/results.json and a plot of time against corpus size to bench/scale.svg.

ECB+ (../shared/data/ecbplus, read only) is copied article by article into a temporary folder; a subset
of n articles takes the topics' articles in turn (article 1 of every topic, then article 2, ...), so
every size spans all 43 topics and grows the way an archive does, by more reports per story.
XREF_ECBPLUS overrides the articles folder; XREF_BENCH_COMMIT names the commit when run from a snapshot.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_report import report_seconds

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
ECBPLUS = Path(os.environ.get("XREF_ECBPLUS", ROOT.parent / "shared" / "data" / "ecbplus" / "articles"))
SEEDS = ROOT / "seeds"
RESULTS = ROOT / "bench" / "results.json"
PLOT = ROOT / "bench" / "scale.svg"


# --- corpora -------------------------------------------------------------------------------------


def ecbplus_articles(root: Path = ECBPLUS) -> dict[str, list[Path]]:
    """ECB+ article files by topic, each topic's files in a stable order."""
    topics: dict[str, list[Path]] = {}
    for path in sorted(root.glob("*/*.txt")):
        topics.setdefault(path.parent.name, []).append(path)
    return {topic: topics[topic] for topic in sorted(topics, key=int)}


def interleave(topics: dict[str, list[Path]], size: int) -> list[Path]:
    """The first ``size`` articles taking one from each topic in turn."""
    chosen: list[Path] = []
    depth = 0
    while len(chosen) < size and any(len(files) > depth for files in topics.values()):
        chosen.extend(files[depth] for files in topics.values() if len(files) > depth)
        depth += 1
    return chosen[:size]


def build_subset(size: int, folder: Path) -> Path:
    """A corpus folder of ``size`` ECB+ articles, copied (the loader refuses links out of the corpus folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in interleave(ecbplus_articles(), size):
        shutil.copyfile(path, folder / path.name)
    return folder


# --- one run, in its own process -------------------------------------------------------------------


def topic_labels(analysis) -> list[str | None]:
    """Each sentence's ECB+ topic (from the article's front matter), or None outside ECB+."""
    topic = {a.id: a.extra.get("topic") for a in analysis.corpus.articles}
    return [None if topic[s.article] is None else str(topic[s.article]) for s in analysis.sentences]


def cluster_quality(analysis) -> dict[str, float] | None:
    """Adjusted Rand index and purity of the sentence clusters against the ECB+ topic labels.

    Sentences left out of every cluster count as singletons, so a clustering cannot score well by
    putting aside everything it is unsure of.
    """
    from sklearn.metrics import adjusted_rand_score

    truth = topic_labels(analysis)
    keep = [i for i, t in enumerate(truth) if t is not None and not analysis.sentences[i].is_title]
    if not keep:
        return None
    predicted = [f"t{analysis.topic_of[i]}" if analysis.topic_of[i] is not None else f"s{i}" for i in keep]
    gold = [truth[i] for i in keep]
    clustered = [i for i in keep if analysis.topic_of[i] is not None]
    return {
        "adjusted_rand": round(float(adjusted_rand_score(gold, predicted)), 4),
        "purity": round(_purity([truth[i] for i in clustered], [analysis.topic_of[i] for i in clustered]), 4),
        "clustered_share": round(len(clustered) / len(keep), 4),
    }


def _purity(gold: list[str], predicted: list) -> float:
    """Share of clustered sentences whose cluster's majority topic is their own topic."""
    from collections import Counter

    if not gold:
        return 0.0
    members: dict = {}
    for label, cluster in zip(gold, predicted, strict=True):
        members.setdefault(cluster, Counter())[label] += 1
    return sum(c.most_common(1)[0][1] for c in members.values()) / len(gold)


def cross_article_pairs(analysis) -> int:
    """All pairs of non-title sentences from different articles: what a brute-force judge would see."""
    from collections import Counter

    per_article = Counter(s.article for s in analysis.sentences if not s.is_title)
    total = sum(per_article.values())
    return (total * total - sum(n * n for n in per_article.values())) // 2


def bare_embedding_rate(texts: list[str], limit: int = 2000) -> dict[str, float]:
    """Sentences/s of the bare model (sentence-transformers encode, batch 64) on up to ``limit`` sentences."""
    from xref.embed import SentenceTransformerEmbedder

    sample = texts[:limit]
    model = SentenceTransformerEmbedder().model
    model.encode(sample[:64], batch_size=64)
    start = time.perf_counter()
    model.encode(sample, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    seconds = time.perf_counter() - start
    return {"sentences": len(sample), "seconds": round(seconds, 3), "per_second": round(len(sample) / seconds, 1)}


def run_once(corpus: str, cache: str, engine: str, bare: bool) -> dict:
    """One full report over ``corpus``; what the parent process records for it."""
    start = time.perf_counter()
    from xref.pipeline import Settings, analyse_corpus
    from xref.render import write_html  # noqa: F401  (timed with the other imports)
    from xref.report import build_report, write_json  # noqa: F401

    imports = time.perf_counter() - start
    loaded = time.perf_counter()
    embedder = None
    if bare and engine == "local":  # a cold run loads the model: timed apart, so embed is sentences/s alone
        from xref.embed import SentenceTransformerEmbedder

        embedder = SentenceTransformerEmbedder()
        embedder.encode(["warm up"])
    model_load = time.perf_counter() - loaded
    analysis = analyse_corpus(corpus, Settings(cache=cache, engine=engine), embedder=embedder)
    analysis.timings["model_load"] = model_load
    render = report_seconds(analysis)
    timings = {"imports": imports, **analysis.timings, "report": render}
    total = time.perf_counter() - start
    sentences = len(analysis.sentences)
    all_pairs = cross_article_pairs(analysis)
    result = {
        "articles": len(analysis.corpus.articles),
        "sentences": sentences,
        "stages": {k: round(v, 3) for k, v in timings.items()},
        "total_seconds": round(total, 2),
        "embed_per_second": _rate(sentences, timings.get("embed")),
        "judge_pairs_per_second": _rate(len(analysis.candidates), timings.get("judge")),
        "features_per_second": _rate(sentences, timings.get("features")),
        "candidates": len(analysis.candidates),
        "cross_article_pairs": all_pairs,
        "candidate_share": round(len(analysis.candidates) / all_pairs, 6) if all_pairs else 0.0,
        "conflicts": sum(v.label == "conflict" for v in analysis.verdicts),
        "matches": sum(v.label == "match" for v in analysis.verdicts),
        "topics": len(analysis.topics),
        "cluster_quality": cluster_quality(analysis),
    }
    if bare:
        result["bare_embedding"] = bare_embedding_rate([s.text for s in analysis.sentences])
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def _rate(count: int, seconds: float | None) -> float | None:
    return round(count / seconds, 1) if seconds else None


def measure(corpus: Path, cache: Path, engine: str, bare: bool) -> dict:
    """Run ``run_once`` in a fresh interpreter so model loads and peak RSS belong to this run only."""
    command = [sys.executable, __file__, "--run-one", str(corpus), "--cache", str(cache), "--engine", engine]
    if bare:
        command.append("--bare")
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"run on {corpus} failed:\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = round(time.perf_counter() - start, 2)
    return result


def bench_corpus(name: str, corpus: Path, engine: str, workdir: Path) -> dict:
    cache = workdir / f"{name}-cache.db"
    cold = measure(corpus, cache, engine, bare=True)
    _show(name, "cold", cold)
    warm = measure(corpus, cache, engine, bare=False)
    _show(name, "warm", warm)
    return {"name": name, "cold": cold, "warm": warm}


# --- output --------------------------------------------------------------------------------------

STAGES = ("load", "segment", "features", "model_load", "embed", "cluster", "candidates", "judge", "report")


def _show(name: str, kind: str, r: dict) -> None:
    stages = "  ".join(f"{s} {r['stages'].get(s, 0):.1f}" for s in STAGES)
    quality = r.get("cluster_quality") or {}
    bare = r.get("bare_embedding", {}).get("per_second")
    print(
        f"{name:>8} {kind:<4} {r['articles']:>4} art {r['sentences']:>6} sent  total {r['process_seconds']:7.1f}s  "
        f"peak {r['peak_rss_mb']:6.0f} MB  pairs {r['candidates']}/{r['cross_article_pairs']} "
        f"({100 * r['candidate_share']:.2f}%)  embed {r['embed_per_second']}/s (bare {bare}/s)  "
        f"judge {r['judge_pairs_per_second']}/s  ARI {quality.get('adjusted_rand')} purity {quality.get('purity')}",
        flush=True,
    )
    print(f"{'':>14}{stages}", flush=True)


def write_svg(runs: list[dict], path: Path = PLOT) -> None:
    """Wall time (cold and warm) against number of articles, as a small hand-made SVG line chart."""
    points = [r for r in runs if r["name"].startswith("ecb")]
    if not points:
        return
    width, height, pad = 480, 300, 50
    max_x = max(r["cold"]["articles"] for r in points)
    max_y = max(r["cold"]["process_seconds"] for r in points) * 1.1

    def xy(articles: float, seconds: float) -> tuple[float, float]:
        return pad + articles / max_x * (width - 2 * pad), height - pad - seconds / max_y * (height - 2 * pad)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
        'font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="black"/>',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="black"/>',
        f'<text x="{width / 2}" y="{height - 12}" text-anchor="middle">articles (ECB+)</text>',
        f'<text x="14" y="{height / 2}" transform="rotate(-90 14 {height / 2})" text-anchor="middle">'
        "wall time (s)</text>",
        f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="13">xref report: time against corpus size'
        "</text>",
    ]
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        x, y = xy(0, max_y * fraction)
        parts.append(f'<text x="{pad - 6}" y="{y + 4}" text-anchor="end">{max_y * fraction:.0f}</text>')
    for run in points:
        x, _ = xy(run["cold"]["articles"], 0)
        parts.append(f'<text x="{x}" y="{height - pad + 14}" text-anchor="middle">{run["cold"]["articles"]}</text>')
    for kind, colour in (("cold", "#c0392b"), ("warm", "#2471a3")):
        coords = [xy(r[kind]["articles"], r[kind]["process_seconds"]) for r in points]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in coords)
        last_x, last_y = coords[-1]
        parts.append(f'<text x="{last_x - 4:.1f}" y="{last_y - 8:.1f}" text-anchor="end" fill="{colour}">{kind}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def _commit() -> str:
    if os.environ.get("XREF_BENCH_COMMIT"):  # measuring a snapshot (git archive) of a commit
        return os.environ["XREF_BENCH_COMMIT"]
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def _load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,300,982", help="ECB+ subset sizes (articles), comma separated")
    parser.add_argument("--no-seeds", action="store_true", help="skip the seeds corpus")
    parser.add_argument("--engine", default="local", choices=("local", "ray"))
    parser.add_argument("--output", default=str(RESULTS), help="where to write the results JSON")
    parser.add_argument("--run-one", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_one:
        print(json.dumps(run_once(args.run_one, args.cache, args.engine, args.bare)))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    started = time.time()
    load_before = _load_average()
    runs = []
    with tempfile.TemporaryDirectory(prefix="xref-bench-") as tmp:
        workdir = Path(tmp)
        if not args.no_seeds:
            runs.append(bench_corpus("seeds", SEEDS, args.engine, workdir))
        for size in sizes:
            corpus = build_subset(size, workdir / f"ecb{size}")
            runs.append(bench_corpus(f"ecb{size}", corpus, args.engine, workdir))
    results = {
        "commit": _commit(),
        "engine": args.engine,
        "machine": {"cpus": os.cpu_count(), "load_average_before": load_before, "load_average_after": _load_average()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
        "wall_seconds": round(time.time() - started, 1),
        "runs": runs,
    }
    Path(args.output).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    write_svg(runs)
    print(f"results -> {args.output}, plot -> {PLOT}")


if __name__ == "__main__":
    main()
