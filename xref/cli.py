"""The `xref` command line. Each command parses options, calls one library function, and
turns library errors into one-line messages (exit status 2 for bad input)."""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import click

from xref import __version__
from xref.errors import XrefError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

BAD_INPUT = 2


class UsageFailure(click.ClickException):
    exit_code = BAD_INPUT


@contextmanager
def _user_errors():
    try:
        yield
    except XrefError as error:
        raise UsageFailure(str(error)) from None


def _progress_factory(quiet: bool):
    """Rich progress bars on a terminal (stderr), nothing when quiet."""
    if quiet:
        return None, lambda stage, total: lambda n: None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        console=_stderr_console(),
    )

    def factory(stage: str, total: int) -> Callable[[int], None]:
        task = progress.add_task(stage, total=total)
        return lambda n: progress.advance(task, n)

    return progress, factory


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _common_options(function):
    options = [
        click.option(
            "--model",
            default=None,
            metavar="NAME_OR_PATH",
            help="Sentence embedding model: the packaged all-MiniLM-L6-v2 (default) or a local folder.",
        ),
        click.option(
            "--judge-model",
            default=None,
            type=click.Path(dir_okay=False),
            help="Judge classifier from `xref train` (default: the packaged one).",
        ),
        click.option(
            "--nli-model",
            default=None,
            type=click.Path(),
            help="Optional local NLI cross-encoder folder whose probabilities join the judge's features.",
        ),
        click.option(
            "--lexicon",
            default=None,
            type=click.Path(dir_okay=False),
            help="Your own lexicon YAML (opposing states, synonyms, modality cues) instead of the packaged one.",
        ),
        click.option(
            "--min-similarity",
            default=0.5,
            show_default=True,
            type=click.FloatRange(0, 1),
            help="Cosine similarity above which two sentences of different articles are judged.",
        ),
        click.option(
            "--cache",
            default=".xref/cache.db",
            show_default=True,
            help="Claim feature and embedding cache (SQLite); '' disables it.",
        ),
        click.option(
            "--engine",
            type=click.Choice(["local", "ray"]),
            default="local",
            show_default=True,
            help="Where features, embeddings and verdicts are computed; ray needs `pip install 'xref[ray]'`.",
        ),
        click.option(
            "--ray-address",
            default=None,
            metavar="ADDRESS",
            help="Ray cluster to join with --engine ray (e.g. ray://head:10001); default: start a local one.",
        ),
        click.option("--strict", is_flag=True, help="Treat skipped files and unreadable metadata as errors."),
        click.option(
            "--max-article-bytes",
            default=5 * 1024 * 1024,
            show_default=True,
            type=click.IntRange(min=1),
            help="Larger article files are skipped with a warning (an error with --strict).",
        ),
        click.option(
            "--max-sentence-chars",
            default=2000,
            show_default=True,
            type=click.IntRange(min=20),
            help="Longer sentences (tables, text without punctuation) are split at whitespace.",
        ),
        click.option("-q", "--quiet", is_flag=True, help="No progress bars."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _settings(
    model, judge_model, nli_model, lexicon, min_similarity, cache, strict,
    max_article_bytes=None, max_sentence_chars=None, engine="local", ray_address=None,
):
    from xref.pipeline import Settings

    limits = {"max_article_bytes": max_article_bytes, "max_sentence_chars": max_sentence_chars}
    return Settings(
        **{name: value for name, value in limits.items() if value is not None},
        model=model,
        judge_model=judge_model,
        nli_model=nli_model,
        lexicon=lexicon,
        min_similarity=min_similarity,
        cache=cache or None,
        strict=strict,
        engine=engine,
        ray_address=ray_address,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="xref")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does.")
def main(verbose: bool) -> None:
    """Cross-reference news articles: find the claims they share and the claims that conflict.

    \b
    Typical use:
      xref report seeds/                 # reports/report.html and reports/report.json
      xref eval seeds/                   # precision/recall of the judge against seeds/gold.yaml
      xref train seeds/ tests/corpora/*  # refit the judge on your own labelled pairs
      xref gate seeds/ --junit gate.xml  # CI: fail when known conflicts are lost or new ones appear
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")


@main.command()
@click.argument("corpus", required=False, type=click.Path(exists=True, file_okay=False))
@click.option("--html", "html_path", default="reports/report.html", show_default=True, help="HTML report to write.")
@click.option("--json", "json_path", default="reports/report.json", show_default=True, help="JSON report to write.")
@click.option("--db", "db_path", default=None, help="Report on a corpus store (from `xref index`) instead of CORPUS.")
@_common_options
def report(corpus, html_path, json_path, db_path, quiet, **options) -> None:
    """Compare every article in CORPUS with every other and write the consistency report.

    CORPUS is a folder of .txt, .md or .jsonl articles; metadata (title, source, published, url)
    comes from YAML front matter or a manifest.yaml beside them. Conflicts are typed (numeric,
    date, status, modality...) and read as an update (the world changed) or a contradiction.
    With --db FILE instead of CORPUS, the stored claims and embeddings are used as they are.
    """
    from xref.pipeline import analyse_corpus
    from xref.render import write_html
    from xref.report import build_report, write_json

    if (corpus is None) == (db_path is None):
        raise UsageFailure("give either CORPUS or --db FILE")
    progress, factory = _progress_factory(quiet)
    with _user_errors(), progress or _null():
        if db_path:
            from xref.check import analyse_store

            analysis = analyse_store(db_path, _settings(**options), progress=factory)
        else:
            analysis = analyse_corpus(corpus, _settings(**options), progress=factory)
        data = build_report(analysis)
        write_json(data, json_path)
        write_html(data, html_path)
    for warning in data["warnings"]:
        click.echo(f"warning: {warning}", err=True)
    summary = data["summary"]
    click.echo(
        f"{summary['articles']} articles, {summary['sentences']} sentences, {summary['topics']} topics: "
        f"{summary['conflicts']} conflicts, {summary['matches']} matches -> {html_path}, {json_path}"
        + (f" ({len(data['warnings'])} warnings above: input was skipped or changed)" if data["warnings"] else "")
    )


@main.command(name="eval")
@click.argument("corpora", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--json", "json_path", default=None, help="Also write the metrics as JSON.")
@click.option(
    "--loco", is_flag=True, help="Leave-one-corpus-out: score each corpus with a judge trained on the others only."
)
@_common_options
def evaluate(corpora, json_path, loco, quiet, **options) -> None:
    """Score the judge against each corpus's gold.yaml: precision, recall, F1, type and reading accuracy.

    Every missed pair and false alarm is listed with both sentences.
    """
    from xref.evaluate import combine, evaluate_analysis, gold_for
    from xref.pipeline import analyse_corpus

    settings = _settings(**options)
    with _user_errors():
        if loco:
            from xref.train import cross_validate

            results = cross_validate(list(corpora), settings)
        else:
            per_corpus = [evaluate_analysis(analyse_corpus(c, settings), gold_for(c)) for c in corpora]
            results = {"corpora": per_corpus, "overall": combine(per_corpus)}
    for result in results["corpora"]:
        _print_metrics(result)
    if len(results["corpora"]) > 1:
        click.echo("\n== overall")
        _print_scores(results["overall"])
    if results.get("overall_without_first") and len(results["corpora"]) > 2:
        first = Path(results["corpora"][0]["corpus"]).name
        click.echo(f"\n== overall without {first} (the first corpus named)")
        _print_scores(results["overall_without_first"])
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")


def _print_scores(result: dict) -> None:
    for label in ("conflict", "match"):
        m = result[label]
        click.echo(
            f"{label:9} precision {m['precision']:.3f}  recall {m['recall']:.3f}  F1 {m['f1']:.3f}  "
            f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"
        )
    click.echo(
        f"type accuracy {result['type_accuracy']}  temporal accuracy {result['temporal_accuracy']}  "
        f"must-not pairs flagged {result['must_not_flagged']}"
    )


def _print_metrics(result: dict) -> None:
    click.echo(
        f"\n== {result['corpus']} ({result['pairs_labelled']} labelled pairs, {result['candidates']} candidates)"
    )
    _print_scores(result)
    for kind, entries in result["errors"].items():
        for entry in entries:
            detail = ""
            if "expected_type" in entry:
                detail = f" type {entry['expected_type']} -> {entry['got_type']}"
            if "expected_temporal" in entry:
                detail = f" reading {entry['expected_temporal']} -> {entry['got_temporal']}"
            click.echo(f"  [{kind}]{detail} expected {entry['expected']}, got {entry['got']}")
            click.echo(f"      {entry['a']['article']}: {entry['a']['text']}")
            click.echo(f"      {entry['b']['article']}: {entry['b']['text']}")


@main.command()
@click.argument("corpora", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option(
    "-o",
    "--output",
    default=None,
    type=click.Path(dir_okay=False),
    help="Where to write the model (default: the packaged xref/data/judge_model.json).",
)
@_common_options
def train(corpora, output, quiet, **options) -> None:
    """Fit the judge's classifier on the gold pairs of CORPORA (each a folder with gold.yaml).

    The packaged model is reproduced with: xref train seeds tests/corpora/*
    """
    from xref.train import DEFAULT_MODEL_PATH
    from xref.train import train as fit_judge

    with _user_errors():
        meta = fit_judge(list(corpora), _settings(**options), output=output or DEFAULT_MODEL_PATH)
    click.echo(f"trained on {meta['examples']} pairs {meta['by_label']} -> {output or DEFAULT_MODEL_PATH}")


class ThresholdType(click.ParamType):
    """ "0.8" for both labels, or "conflict=0.9,match=0.5" per label; each between 0 and 1."""

    name = "R | conflict=R,match=R"

    def convert(self, value, param, ctx):
        if isinstance(value, (float, dict)):
            return value
        from xref.gate import per_label  # the gate's own reading of a threshold: labels checked in one place

        try:
            if "=" not in value:
                return self._fraction(value)
            pairs = [part.split("=", 1) for part in value.split(",") if part.strip()]
            thresholds = {label.strip(): self._fraction(number) for label, number in pairs}
            per_label(thresholds)
        except ValueError as error:
            self.fail(f"{value!r}: {error}", param, ctx)
        return thresholds

    @staticmethod
    def _fraction(text: str) -> float:
        number = float(text)
        if not 0 <= number <= 1:
            raise ValueError(f"{number} is not between 0 and 1")
        return number


THRESHOLD = ThresholdType()


@main.command()
@click.argument("corpus", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--expectations",
    default=None,
    type=click.Path(dir_okay=False),
    help="Expectations file: gold pairs plus a baseline of accepted conflicts (default: CORPUS/gold.yaml).",
)
@click.option(
    "--min-recall",
    default=None,
    type=THRESHOLD,
    help="Tolerate lost expected pairs while recall stays at least R: one number for conflicts and matches "
    "(0.8), or per label (conflict=0.9,match=0.5; a label left out loses none). Default: lose none.",
)
@click.option(
    "--min-precision",
    default=None,
    type=THRESHOLD,
    help="Fail when precision is below P: one number, or per label (conflict=0.8,match=0.7).",
)
@click.option("--junit", "junit_path", default=None, help="Write a JUnit XML file: one test case per expectation.")
@click.option("--json", "json_path", default=None, help="Write the full result as JSON.")
@click.option(
    "--update-baseline",
    is_flag=True,
    help="Accept the current unexpected conflicts into the expectations file's baseline (after review!).",
)
@_common_options
def gate(
    corpus, expectations, min_recall, min_precision, junit_path, json_path, update_baseline, quiet, **options
) -> None:
    """CI gate: fail when CORPUS stops saying what its expectations file says it does.

    Fails (exit 1) when an expected conflict or match is lost, a must-not pair is flagged,
    precision or recall is below a given minimum, or a conflict appears that is neither
    expected nor in the baseline. Exit 2: bad input, or an expectation whose sentence is
    no longer in the corpus. Exit 0: everything holds.
    """
    from xref.gate import format_summary, run_gate, write_gate_junit, write_json

    progress, factory = _progress_factory(quiet)
    with _user_errors(), progress or _null():
        result = run_gate(
            corpus,
            expectations,
            _settings(**options),
            min_recall,
            min_precision,
            update_baseline=update_baseline,
            progress=factory,
        )
    if junit_path:
        write_gate_junit(result, junit_path)
    if json_path:
        write_json(result, json_path)
    click.echo(format_summary(result))
    sys.exit(result.exit_code)


DB_OPTION = click.option(
    "--db", "db_path", default=".xref/corpus.db", show_default=True, help="The corpus store (SQLite)."
)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, file_okay=False))
@DB_OPTION
@click.option("--prune", is_flag=True, help="Remove stored articles that are no longer in CORPUS.")
@click.option("--rebuild", is_flag=True, help="Start the store afresh (e.g. with another --model), in one transaction.")
@click.option("--model", default=None, metavar="NAME_OR_PATH", help="Sentence embedding model (default: packaged).")
@click.option("--lexicon", default=None, type=click.Path(dir_okay=False), help="Lexicon YAML for claim features.")
@click.option("--cache", default=".xref/cache.db", show_default=True, help="Embedding cache (SQLite); '' disables it.")
@click.option("--strict", is_flag=True, help="Treat skipped files and unreadable metadata as errors.")
@click.option("--wait", default=60.0, show_default=True, help="Seconds to wait for another writer of the store.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars.")
def index(corpus, db_path, prune, rebuild, model, lexicon, cache, strict, wait, quiet) -> None:
    """Store CORPUS's articles, sentences, claim features and embeddings for `xref check`.

    Incremental: only new or changed articles (by content hash) are processed. The
    nearest-neighbour index beside the store (FILE.ann) is brought up to date too.
    """
    from xref.check import index_corpus

    settings = _settings(model, None, None, lexicon, 0.5, cache, strict)
    progress, factory = _progress_factory(quiet)
    with _user_errors(), progress or _null():
        result = index_corpus(corpus, db_path, settings, rebuild=rebuild, prune=prune, lock_wait=wait,
                              progress=factory)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.missing:
        click.echo(f"{len(result.missing)} stored articles are not in {corpus} (--prune removes them)", err=True)
    click.echo(
        f"{len(result.added)} added, {len(result.updated)} updated, {result.unchanged} unchanged, "
        f"{len(result.removed)} removed: {result.articles} articles, {result.sentences} sentences in {db_path} "
        f"({result.sentences_processed} sentences processed in {result.seconds:.1f} s)"
    )


@main.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(exists=True))
@DB_OPTION
@click.option("--json", "json_path", default=None, help="Write the result as report JSON.")
@click.option("--html", "html_path", default=None, help="Write the result as a report page.")
@click.option(
    "--fail-on",
    type=click.Choice(["conflict", "contradiction"]),
    default=None,
    help="Exit with status 1 when a conflict (or a conflict read as a contradiction) is found.",
)
@click.option("--add", is_flag=True, help="Store the articles once checked.")
@click.option("--top-k", default=20, show_default=True, type=click.IntRange(1, 1000),
              help="Stored sentences retrieved per new sentence.")
@_common_options
def check(articles, db_path, json_path, html_path, fail_on, add, top_k, quiet, **options) -> None:
    """Check new ARTICLES (files or folders) against the corpus store: what agrees, what conflicts.

    Exit status: 0 when no conflict was found (or no --fail-on), 1 when --fail-on finds
    one, 2 on bad input.
    """
    with _user_errors(), _no_cyclic_gc():
        from xref.check import check_articles, exit_status, print_summary

        result = check_articles(list(articles), db_path, _settings(**options), top_k=top_k, add=add,
                                claims_in_helper=_cores() > 1)
        if json_path:
            from xref.report import write_json

            write_json(result.report, json_path)
        if html_path:
            from xref.render import write_html

            write_html(result.report, html_path)
        status = exit_status(result, fail_on)
        print_summary(result)
    sys.exit(status)


@contextmanager
def _no_cyclic_gc():
    """Run a one-shot command with Python's cyclic garbage collector paused, then freeze what is left.

    Importing torch, transformers and spaCy and loading their models makes millions of objects
    that live as long as the process. Every full collection walks all of them again (about 2 s
    of a cold `xref check` at 100,000 stored sentences), and so does the collection at exit
    (another 1.5 s). A check leaves under a hundred objects in reference cycles (reference
    counting frees the rest), so nothing piles up meanwhile; frozen at the end, the objects are
    skipped by the collection at exit.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _cores() -> int:
    """CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def _null():
    yield


if __name__ == "__main__":
    sys.exit(main())
