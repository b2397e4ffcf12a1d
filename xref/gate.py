"""`xref gate`: fail CI when a curated corpus stops saying what the team knows it says.

The expectations file is a gold file (`xref.gold`) with an optional ``baseline:``
of conflicts a team reviewed and accepted. The gate runs the pipeline, looks every
expected pair up among the verdicts the same way `xref.evaluate` does, and fails
when an expected conflict or match is lost, a must-not pair is flagged, precision
or recall falls below a threshold, or a conflict appears that is neither expected
nor accepted. `--update-baseline` accepts the current unexpected conflicts, so a
team can adopt the gate on a corpus that already has some.

Everything is ordered by the expectations file and by sentence position, so the
same corpus, expectations and models give the same summary, JSON and JUnit file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from xref import __version__
from xref.errors import InputError
from xref.evaluate import evaluate_analysis, flagged_pairs, gold_labels, meets
from xref.gold import BaselineEntry, Gold, GoldPair, GoldSide, find_gold, fold, fold_sentences, load_gold, locate
from xref.junit import TestCase, write_junit
from xref.models import Verdict
from xref.pipeline import Analysis, ProgressFactory, Settings, analyse_corpus

PASSED, FAILED, ERROR, TOLERATED = "passed", "failed", "error", "tolerated"
MIN_QUOTE_WORDS = 4
BASELINE_COMMENT = "# reviewed and accepted conflicts: the gate does not fail on these (xref gate --update-baseline)"

Key = tuple[int, int]


@dataclass
class Case:
    """One check of the gate, shown as one JUnit test case.

    ``kind`` is the expectation's label (conflict, match, none), ``new conflict`` or
    ``threshold``; ``reason`` says why it did not pass (missing, wrong type,
    flagged, new, unresolved, below threshold).
    """

    name: str
    kind: str
    status: str
    reason: str = ""
    message: str = ""
    a: dict | None = None
    b: dict | None = None
    expected: dict = field(default_factory=dict)
    got: dict = field(default_factory=dict)


@dataclass
class GateResult:
    corpus: str
    expectations: str
    cases: list[Case]
    accepted: list[dict]
    stale: list[dict]
    metrics: dict
    settings: dict
    baseline_update: dict | None = None

    def with_status(self, status: str) -> list[Case]:
        return [case for case in self.cases if case.status == status]

    @property
    def passed(self) -> list[Case]:
        return self.with_status(PASSED)

    @property
    def failed(self) -> list[Case]:
        return self.with_status(FAILED)

    @property
    def errors(self) -> list[Case]:
        return self.with_status(ERROR)

    @property
    def new(self) -> list[Case]:
        return [case for case in self.cases if case.reason == "new"]

    @property
    def exit_code(self) -> int:
        """2 when an expectation no longer fits the corpus, 1 when a check failed, else 0."""
        return 2 if self.errors else 1 if self.failed else 0

    def to_json(self) -> dict:
        return {
            "xref_version": __version__,
            "corpus": self.corpus,
            "expectations": self.expectations,
            "passed": self.exit_code == 0,
            "exit_code": self.exit_code,
            "counts": {status: len(self.with_status(status)) for status in (PASSED, FAILED, ERROR, TOLERATED)},
            "settings": self.settings,
            "metrics": self.metrics,
            "cases": [asdict(case) for case in self.cases],
            "accepted": self.accepted,
            "stale_baseline": self.stale,
            "baseline_update": self.baseline_update,
        }


Threshold = float | dict[str, float] | None
"""A minimum for both labels (0.8), per label ({"conflict": 0.9, "match": 0.5}), or none."""
LABELS = ("conflict", "match")


def per_label(threshold: Threshold) -> dict[str, float]:
    """The minimum for each label a threshold sets (none: an empty dict)."""
    if threshold is None:
        return {}
    if isinstance(threshold, dict):
        unknown = set(threshold) - set(LABELS)
        if unknown:
            raise ValueError(f"labels are {' and '.join(LABELS)}, not {', '.join(sorted(unknown))}")
        return dict(threshold)
    return {label: float(threshold) for label in LABELS}


def run_gate(
    corpus_dir: str | Path,
    expectations_path: str | Path | None,
    settings: Settings,
    min_recall: Threshold = None,
    min_precision: Threshold = None,
    *,
    update_baseline: bool = False,
    embedder=None,
    judge=None,
    progress: ProgressFactory | None = None,
) -> GateResult:
    """Analyse the corpus and check it against the expectations (the corpus's gold.yaml by default).

    With ``update_baseline`` the current unexpected conflicts are written into the
    expectations file's baseline first, and the result is the check against it.
    """
    path, gold = _expectations(corpus_dir, expectations_path, update_baseline)
    extra = {"progress": progress} if progress else {}
    analysis = analyse_corpus(corpus_dir, settings, embedder=embedder, judge=judge, **extra)
    result = check(analysis, gold, min_recall, min_precision)
    if update_baseline:
        change = write_baseline(path, analysis, result, gold)
        result = check(analysis, load_gold(path), min_recall, min_precision)
        result.baseline_update = change
    return result


def _expectations(corpus_dir, expectations_path, update_baseline: bool) -> tuple[Path, Gold]:
    """The expectations file and its content; a missing one is an empty start only when updating the baseline."""
    path = Path(expectations_path) if expectations_path else find_gold(corpus_dir)
    if path is None:
        if not update_baseline:
            raise InputError(
                corpus_dir, "no gold.yaml in this corpus folder: name one with --expectations, or --update-baseline"
            )
        path = Path(corpus_dir) / "gold.yaml"
    if update_baseline and not path.exists():
        return path, Gold(path=str(path), pairs=[])
    return path, load_gold(path)


def check(analysis: Analysis, gold: Gold, min_recall: Threshold = None, min_precision: Threshold = None) -> GateResult:
    """Compare an analysed corpus with expectations: one case per expectation, new conflict and threshold.

    A lost expected pair is tolerated when a recall minimum is set for its label."""
    recall, precision = per_label(min_recall), per_label(min_precision)
    folded = fold_sentences(analysis.sentences)
    flagged = flagged_pairs(analysis)
    keys: dict[int, Key] = {}
    unresolved: dict[int, str] = {}
    for pair in gold.pairs:
        where = f"{gold.path} (pair {pair.number})"
        try:
            keys[pair.number] = _key(locate(pair.a, folded, where), locate(pair.b, folded, where))
        except InputError as error:
            unresolved[pair.number] = str(error)
    labels = gold_labels([(keys[p.number], p) for p in gold.pairs if p.number in keys])
    cases = []
    for pair in gold.pairs:
        if pair.number in unresolved:
            cases.append(_unresolved_case(pair, unresolved[pair.number]))
            continue
        key = keys[pair.number]
        verdict = flagged.get(key)
        cases.append(_expectation_case(analysis, pair, key, verdict, labels[key], tolerate=pair.label in recall))
    resolved = Gold(gold.path, [p for p in gold.pairs if p.number in keys], gold.exhaustive)
    metrics = {k: v for k, v in evaluate_analysis(analysis, resolved).items() if k != "errors"}
    accepted_keys, accepted, stale = _baseline(analysis, gold, folded, flagged, set(keys.values()))
    for key, verdict in sorted(flagged.items(), key=lambda item: _position(analysis, item[0])):
        if verdict.label == "conflict" and key not in keys.values() and key not in accepted_keys:
            cases.append(_new_case(analysis, key, verdict))
    cases.extend(_threshold_cases(metrics, "recall", recall))
    cases.extend(_threshold_cases(metrics, "precision", precision))
    return GateResult(analysis.corpus.root, gold.path, cases, accepted, stale, metrics, asdict(analysis.settings))


def _key(i: int, j: int) -> Key:
    return (min(i, j), max(i, j))


def _position(analysis: Analysis, key: Key) -> tuple:
    """Sort key independent of how sentences were numbered: article ids, then positions in them."""
    a, b = (analysis.sentences[k] for k in key)
    return (a.article, a.index, b.article, b.index)


def _sentence(analysis: Analysis, index: int) -> dict:
    sentence = analysis.sentences[index]
    return {"article": sentence.article, "index": sentence.index, "text": sentence.text}


def _verdict(verdict: Verdict | None) -> dict:
    if verdict is None:
        return {"label": "none"}
    score = round(verdict.score, 4)
    got = {"label": verdict.label, "type": verdict.type, "temporal": verdict.temporal, "score": score}
    if verdict.label == "conflict" and verdict.agreements:
        got["agreements"] = list(verdict.agreements)
    return got


def _pair_name(pair: GoldPair) -> str:
    return f'pair {pair.number}: {pair.label} {pair.a.article} "{pair.a.quote}" / {pair.b.article} "{pair.b.quote}"'


def _expected(pair: GoldPair) -> dict:
    return {"label": pair.label, "type": pair.type, "temporal": pair.temporal, "rationale": pair.rationale}


def _unresolved_case(pair: GoldPair, message: str) -> Case:
    sides = [{"article": side.article, "quote": side.quote} for side in (pair.a, pair.b)]
    return Case(_pair_name(pair), pair.label, ERROR, "unresolved", message, *sides, expected=_expected(pair))


def _expectation_case(
    analysis: Analysis, pair: GoldPair, key: Key, verdict: Verdict | None, labels: set[str], tolerate: bool
) -> Case:
    """Did the verdict on this pair meet the expectation (`xref.evaluate.meets`, given all the gold ``labels``
    of the sentence pair)? A miss is tolerated when a recall threshold is set."""
    got = verdict.label if verdict else "none"
    status, reason, message = PASSED, "", ""
    if pair.label == "none" and not meets(pair.label, verdict, labels):
        status, reason, message = FAILED, "flagged", f"must not be flagged, but was flagged as a {got}"
    elif pair.label != "none" and not meets(pair.label, verdict, labels):
        status, reason = (TOLERATED if tolerate else FAILED), "missing"
        message = f"expected {pair.label}{_kind(pair.type, pair.temporal)} not found (got {got})"
        if pair.label == "match" and got == "conflict" and "conflict" in labels:
            message += ": the conflict reports no agreement"
    elif pair.label == "conflict" and (verdict.type, verdict.temporal) != (pair.type, pair.temporal):
        status, reason = FAILED, "wrong type"
        message = f"found as {verdict.type}/{verdict.temporal}, expected {pair.type}/{pair.temporal}"
    elif pair.label == "match" and got == "conflict":
        message = f"found within the conflict on this pair, which also agrees: {'; '.join(verdict.agreements)}"
    a, b = (_sentence(analysis, k) for k in _ordered(analysis, key, pair))
    return Case(_pair_name(pair), pair.label, status, reason, message, a, b, _expected(pair), _verdict(verdict))


def _kind(kind: str | None, temporal: str | None) -> str:
    return f" ({kind}/{temporal})" if kind else ""


def _ordered(analysis: Analysis, key: Key, pair: GoldPair) -> Key:
    """The pair's sentences in the order the expectation names them (a, then b)."""
    first, second = key
    return key if analysis.sentences[first].article == pair.a.article else (second, first)


def _new_case(analysis: Analysis, key: Key, verdict: Verdict) -> Case:
    a, b = (_sentence(analysis, k) for k in key)
    reasons = "; ".join(verdict.reasons)
    return Case(
        f"new conflict: {a['article']}#{a['index']} / {b['article']}#{b['index']}",
        "new conflict",
        FAILED,
        "new",
        f"new {verdict.type}/{verdict.temporal} conflict, neither expected nor in the baseline"
        + (f" ({reasons})" if reasons else ""),
        a,
        b,
        got=_verdict(verdict),
    )


def _baseline(analysis: Analysis, gold: Gold, folded, flagged, expected: set[Key]):
    """Keys of accepted conflicts still flagged, and the accepted / stale entries for the report."""
    keys, accepted, stale = set(), [], []
    for entry in gold.baseline:
        where = f"{gold.path} (baseline {entry.number})"
        record = {"number": entry.number, "a": asdict(entry.a), "b": asdict(entry.b), "type": entry.type}
        try:
            key = _key(locate(entry.a, folded, where), locate(entry.b, folded, where))
        except InputError as error:
            stale.append({**record, "why": str(error)})
            continue
        verdict = flagged.get(key)
        if key in expected:
            stale.append({**record, "why": "the pair is now an expectation"})
        elif verdict is None or verdict.label != "conflict":
            stale.append({**record, "why": "no longer flagged as a conflict"})
        else:
            keys.add(key)
            accepted.append({**record, "got": _verdict(verdict)})
    return keys, accepted, stale


def _threshold_cases(metrics: dict, measure: str, minimums: dict[str, float]) -> list[Case]:
    """One case per label with a minimum and something to measure: recall needs expected pairs, precision
    flagged ones."""
    cases = []
    for label, minimum in minimums.items():
        m = metrics[label]
        counted = m["tp"] + (m["fn"] if measure == "recall" else m["fp"])
        if not counted:
            continue
        value = m[measure]
        ok = value >= minimum
        message = f"{label} {measure} {value:.3f} {'>=' if ok else '<'} {minimum}"
        message += f" (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"
        status, reason = (PASSED, "") if ok else (FAILED, "below threshold")
        name = f"{label} {measure} >= {minimum}"
        cases.append(Case(name, "threshold", status, reason, message, got={measure: value}))
    return cases


# --- the baseline file -------------------------------------------------------------------------------------------


def write_baseline(path: str | Path, analysis: Analysis, result: GateResult, gold: Gold) -> dict:
    """Accept every current unexpected conflict: rewrite the file's ``baseline:`` and keep the rest verbatim.

    Entries still flagged keep their quotes and notes; new conflicts get a short
    unique quote of each sentence; stale entries are dropped. The new text is
    checked to parse to the same pairs before it replaces the file.
    """
    path = Path(path)
    folded = fold_sentences(analysis.sentences)
    kept = {accepted["number"] for accepted in result.accepted}
    entries: list[tuple[tuple, dict]] = []
    for entry in gold.baseline:
        if entry.number in kept:
            where = f"{gold.path} (baseline {entry.number})"
            key = _key(locate(entry.a, folded, where), locate(entry.b, folded, where))
            current = next(a["got"] for a in result.accepted if a["number"] == entry.number)
            entries.append((_position(analysis, key), _entry_yaml(entry, current)))
    added = 0
    for case in result.new:
        entry = _new_entry(analysis, case)
        if entry is not None:
            position = (case.a["article"], case.a["index"], case.b["article"], case.b["index"])
            entries.append((position, _entry_yaml(entry, case.got)))
            added += 1
    entries.sort(key=lambda item: item[0])
    text = path.read_text(encoding="utf-8") if path.exists() else "pairs: []\n"
    new_text = splice_baseline(text, [entry for _, entry in entries])
    _replace_checked(path, new_text, gold)
    return {"added": added, "kept": len(kept), "removed": len(gold.baseline) - len(kept), "path": str(path)}


def _entry_yaml(entry: BaselineEntry, got: dict) -> dict:
    data = {
        "a": {"article": entry.a.article, "quote": entry.a.quote},
        "b": {"article": entry.b.article, "quote": entry.b.quote},
        "type": got.get("type"),
        "temporal": got.get("temporal"),
    }
    if entry.note:
        data["note"] = entry.note
    return data


def _new_entry(analysis: Analysis, case: Case) -> BaselineEntry | None:
    """A baseline entry naming the case's sentences by short quotes; None if a sentence has an identical twin."""
    sides = []
    for side in (case.a, case.b):
        others = [fold(s.text) for s in analysis.sentences if s.article == side["article"] and s.index != side["index"]]
        quote = unique_quote(side["text"], others)
        if quote is None:
            return None
        sides.append(GoldSide(side["article"], quote))
    note = case.message.split(" (", 1)[1].rstrip(")") if " (" in case.message else ""
    return BaselineEntry(sides[0], sides[1], note=note)


def unique_quote(text: str, others: list[str], min_words: int = MIN_QUOTE_WORDS) -> str | None:
    """The shortest, leftmost run of words of ``text`` (at least ``min_words``) found in none of ``others``.

    ``others`` are the folded texts of the article's other sentences, so the quote
    names exactly one sentence under the gold file's matching rules.
    """
    words = list(re.finditer(r"\S+", text))
    for length in range(min(min_words, len(words)), len(words) + 1):
        for start in range(len(words) - length + 1):
            quote = text[words[start].start() : words[start + length - 1].end()]
            folded = fold(quote)
            if not any(folded in other for other in others):
                return quote
    return None


class _IndentedDumper(yaml.SafeDumper):
    """Indent list items under their key, as hand-written gold files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def splice_baseline(text: str, entries: list[dict]) -> str:
    """``text`` with its top-level ``baseline:`` replaced (or appended); the rest stays as written."""
    body = yaml.dump(
        entries, Dumper=_IndentedDumper, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=None
    )
    block = f"baseline:  {BASELINE_COMMENT}\n" + (
        "".join(f"  {line}\n" for line in body.splitlines()) if entries else "  []\n"
    )
    root = yaml.compose(text)
    span = None
    if isinstance(root, yaml.MappingNode):
        span = next(((k, v) for k, v in root.value if k.value == "baseline"), None)
    if span is None:
        return text + ("" if text.endswith("\n") or not text else "\n") + block
    start, end = span[0].start_mark.index, span[1].end_mark.index
    lines = text[start:end].splitlines(keepends=True)
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    end = start + len("".join(lines))
    if not text[:end].endswith("\n"):
        line_end = text.find("\n", end)
        rest = text[end : line_end if line_end >= 0 else len(text)]
        if not rest.strip() or rest.strip().startswith("#"):
            end = line_end + 1 if line_end >= 0 else len(text)
    return text[:start] + block + text[end:]


def _replace_checked(path: Path, text: str, before: Gold) -> None:
    """Write next to the file and rename over it, only once the new text parses to the same pairs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        after = load_gold(temp)
        if after.pairs != before.pairs or after.exhaustive != before.exhaustive:
            raise InputError(path, "rewriting the baseline would change the pairs; file left as it was")
        os.chmod(temp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# --- output ------------------------------------------------------------------------------------------------------


def write_json(result: GateResult, path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result.to_json(), indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


JUNIT_OUTCOME = {PASSED: "passed", FAILED: "failure", ERROR: "error", TOLERATED: "skipped"}
JUNIT_CLASS = {
    "conflict": "xref.gate.expected_conflict",
    "match": "xref.gate.expected_match",
    "none": "xref.gate.must_not_flag",
    "new conflict": "xref.gate.new_conflict",
    "threshold": "xref.gate.threshold",
}


def write_gate_junit(result: GateResult, path: str | Path) -> None:
    """One test case per expectation, new conflict and threshold; both sentences in each failure's text."""
    cases = [
        TestCase(JUNIT_CLASS[case.kind], case.name, JUNIT_OUTCOME[case.status], case.message, _sentences_text(case))
        for case in result.cases
    ]
    properties = {"corpus": result.corpus, "expectations": result.expectations, "xref_version": __version__}
    write_junit(path, f"xref gate {result.corpus}", cases, properties)


def _sentences_text(case: Case) -> str:
    lines = [case.message] if case.message else []
    for side in (case.a, case.b):
        if side:
            lines.append(f"{side['article']}: {side.get('text', side.get('quote'))}")
    return "\n".join(lines)


def format_summary(result: GateResult) -> str:
    """Failures first, then tolerated misses and passes, each with both sentences; the verdict last."""
    lines = [f"xref gate {result.corpus} against {result.expectations}"]
    titles = (
        (ERROR, "ERROR", "expectations that no longer fit the corpus"),
        (FAILED, "FAIL", "failed"),
        (TOLERATED, "MISS", "missed, within --min-recall"),
        (PASSED, "ok", "passed"),
    )
    for status, tag, title in titles:
        cases = result.with_status(status)
        if not cases:
            continue
        lines.append(f"\n{title} ({len(cases)}):")
        for case in cases:
            label = case.reason or case.kind
            lines.append(f"  {tag:5} [{label}] {case.name}" + (f": {case.message}" if case.message else ""))
            for side in (case.a, case.b):
                if side:
                    lines.append(f"          {side['article']}: {side.get('text', side.get('quote'))}")
    if result.stale:
        lines.append(f"\nstale baseline entries ({len(result.stale)}), dropped by --update-baseline:")
        lines.extend(f"  baseline {s['number']}: {s['why']}" for s in result.stale)
    if result.baseline_update:
        u = result.baseline_update
        lines.append(f"\nbaseline updated in {u['path']}: {u['added']} added, {u['kept']} kept, {u['removed']} removed")
    lines.append("")
    lines.append(_verdict_line(result))
    return "\n".join(lines)


def _verdict_line(result: GateResult) -> str:
    missing = sum(case.reason == "missing" for case in result.failed)
    counts = (
        f"{len(result.passed)} passed, {missing} missing, {len(result.new)} new, "
        f"{len(result.failed) - missing - len(result.new)} other failures, {len(result.errors)} errors, "
        f"{len(result.with_status(TOLERATED))} tolerated, {len(result.accepted)} accepted in baseline"
    )
    outcome = {0: "PASSED", 1: "FAILED", 2: "ERROR"}[result.exit_code]
    return f"gate {outcome}: {counts}"
