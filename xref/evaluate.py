"""Measure verdicts against gold pairs. Evaluators return metric dicts; the CLI, gate and benchmarks print them.

`evaluate_analysis` scores one analysed corpus end to end: a gold pair the
candidate stage never proposed counts as missed. `cross_validate` scores each
corpus with a judge trained on the others only (leave-one-corpus-out), so no
corpus is scored by a model that has seen it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from xref.gold import LABELS, Gold, GoldPair, find_gold, load_gold, resolve
from xref.models import Verdict
from xref.pipeline import Analysis


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def _describe(analysis: Analysis, i: int, j: int) -> dict:
    a, b = analysis.sentences[i], analysis.sentences[j]
    return {
        "a": {"article": a.article, "index": a.index, "text": a.text},
        "b": {"article": b.article, "index": b.index, "text": b.text},
    }


def flagged_pairs(analysis: Analysis) -> dict[tuple[int, int], Verdict]:
    """Match and conflict verdicts by sentence pair (lower index first), the key gold pairs are looked up by."""
    return {
        (min(c.a, c.b), max(c.a, c.b)): verdict
        for c, verdict in zip(analysis.candidates, analysis.verdicts, strict=True)
        if verdict.label != "none"
    }


def labelled_pairs(gold: Gold, analysis: Analysis) -> list[tuple[tuple[int, int], GoldPair]]:
    """Every gold pair with its sentence pair (lower index first), in file order; an InputError names any
    quote that does not resolve. One sentence pair can carry several gold pairs (a conflict and a match)."""
    return [((min(i, j), max(i, j)), pair) for i, j, pair in resolve(gold, analysis.sentences)]


def gold_labels(labelled: list[tuple[tuple[int, int], GoldPair]]) -> dict[tuple[int, int], set[str]]:
    """The gold labels of each sentence pair."""
    labels: dict[tuple[int, int], set[str]] = {}
    for key, pair in labelled:
        labels.setdefault(key, set()).add(pair.label)
    return labels


def meets(expected: str, verdict: Verdict | None, labels: set[str] | frozenset[str] = frozenset()) -> bool:
    """Does the verdict on a sentence pair meet a gold expectation of that pair? The one rule of eval and gate.

    ``labels`` are all the gold labels of the same sentence pair. A conflict must be found as a conflict;
    a match as a match, or, when the pair is also a gold conflict (two claims in one sentence), as a
    conflict that reports what the sentences agree on (``verdict.agreements``); ``none`` must not be flagged.
    """
    got = verdict.label if verdict is not None else "none"
    if expected == "match" and got == "conflict":
        return bool(verdict.agreements) and "conflict" in labels
    return got == expected


def evaluate_analysis(analysis: Analysis, gold: Gold) -> dict:
    """Precision, recall and F1 for conflicts and matches, type and reading accuracy, and every error.

    Recall is counted per gold pair, precision per flagged sentence pair: a verdict is one true positive
    for its label when any gold pair of its sentence pair expects that label (or a match is met within a
    conflict, see `meets`), and one false positive otherwise. A gold file that lists the same label twice
    for one sentence pair counts it once.
    """
    predicted = flagged_pairs(analysis)
    labelled = labelled_pairs(gold, analysis)
    labels = gold_labels(labelled)
    counts: Counter[str] = Counter()
    errors: dict[str, list[dict]] = {
        "missed_conflicts": [],
        "false_conflicts": [],
        "missed_matches": [],
        "false_matches": [],
        "wrong_type": [],
        "wrong_temporal": [],
        "flagged_must_not": [],
    }
    scored: set[tuple[tuple[int, int], str]] = set()
    for key, pair in labelled:
        if (key, pair.label) in scored:  # the same expectation listed twice: one pair, one count
            continue
        scored.add((key, pair.label))
        verdict = predicted.get(key)
        got = verdict.label if verdict else "none"
        entry = {**_describe(analysis, *key), "expected": pair.label, "got": got, "rationale": pair.rationale}
        met = meets(pair.label, verdict, labels[key])
        if pair.label == "conflict":
            if met:
                counts["conflict_tp"] += 1
                counts["typed"] += 1
                if verdict.type == pair.type:
                    counts["type_ok"] += 1
                else:
                    errors["wrong_type"].append({**entry, "expected_type": pair.type, "got_type": verdict.type})
                if verdict.temporal == pair.temporal:
                    counts["temporal_ok"] += 1
                else:
                    errors["wrong_temporal"].append(
                        {**entry, "expected_temporal": pair.temporal, "got_temporal": verdict.temporal}
                    )
            else:
                counts["conflict_fn"] += 1
                errors["missed_conflicts"].append(entry)
        elif pair.label == "match":
            if met:
                counts["match_tp"] += 1
            else:
                counts["match_fn"] += 1
                errors["missed_matches"].append(entry)
        elif not met:
            errors["flagged_must_not"].append(entry)
    firsts = {}
    for key, pair in labelled:
        firsts.setdefault(key, pair)
    for key, first in firsts.items():  # precision: each flagged listed pair once, by its verdict's label
        verdict = predicted.get(key)
        if verdict is None or verdict.label in labels[key]:
            continue
        counts[f"{verdict.label}_fp"] += 1
        expected = " + ".join(label for label in LABELS if label in labels[key])
        entry = {**_describe(analysis, *key), "expected": expected, "got": verdict.label, "rationale": first.rationale}
        errors["false_conflicts" if verdict.label == "conflict" else "false_matches"].append(entry)
    for key, verdict in predicted.items():
        if key in labels or verdict.label not in gold.exhaustive:
            continue
        counts[f"{verdict.label}_fp"] += 1
        entry = {
            **_describe(analysis, *key),
            "expected": "none (unlisted)",
            "got": verdict.label,
            "reasons": verdict.reasons,
        }
        errors["false_conflicts" if verdict.label == "conflict" else "false_matches"].append(entry)
    typed = counts["typed"]
    return {
        "corpus": analysis.corpus.root,
        "gold": gold.path,
        "pairs_labelled": len(scored),
        "candidates": len(analysis.candidates),
        "conflict": _prf(counts["conflict_tp"], counts["conflict_fp"], counts["conflict_fn"]),
        "match": _prf(counts["match_tp"], counts["match_fp"], counts["match_fn"]),
        "type_accuracy": round(counts["type_ok"] / typed, 4) if typed else None,
        "temporal_accuracy": round(counts["temporal_ok"] / typed, 4) if typed else None,
        "must_not_flagged": len(errors["flagged_must_not"]),
        "errors": errors,
    }


def gold_for(corpus_dir: str | Path) -> Gold:
    from xref.errors import InputError

    path = find_gold(corpus_dir)
    if path is None:
        raise InputError(corpus_dir, "no gold.yaml in this corpus folder")
    return load_gold(path)


def combine(results: list[dict]) -> dict:
    """Micro-averaged totals over several corpora."""
    totals = {}
    for label in ("conflict", "match"):
        tp = sum(r[label]["tp"] for r in results)
        fp = sum(r[label]["fp"] for r in results)
        fn = sum(r[label]["fn"] for r in results)
        totals[label] = _prf(tp, fp, fn)
    typed = sum(r["conflict"]["tp"] for r in results)
    for key in ("type_accuracy", "temporal_accuracy"):
        ok = sum((r[key] or 0) * r["conflict"]["tp"] for r in results)
        totals[key] = round(ok / typed, 4) if typed else None
    totals["must_not_flagged"] = sum(r["must_not_flagged"] for r in results)
    totals["pairs_labelled"] = sum(r["pairs_labelled"] for r in results)
    return totals
