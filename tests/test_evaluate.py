"""Scoring against gold pairs when one sentence pair holds two claims: a conflict on one, a match on the other.

A deterministic fake judge gives a conflict on the two-claim pair, with or without the agreement
beside it, so the one rule of `xref.evaluate.meets` can be checked in eval, gate and training.
"""

from __future__ import annotations

import re

import pytest

from xref.embed import HashingEmbedder
from xref.evaluate import evaluate_analysis, meets
from xref.gate import check
from xref.gold import GoldPair, GoldSide, load_gold, resolve
from xref.models import Verdict
from xref.pipeline import Settings, analyse_corpus
from xref.report import build_report
from xref.train import examples, prepare, training_labels

from .conftest import A000, A002, SEEDS, write_corpus

COUNT = re.compile(r"(\d+) (passengers|people)")
DAWN = "left the port at dawn"


class TwoClaimJudge:
    """Conflict when the counts differ, match when they are equal; the conflict reports the shared departure."""

    name = "two-claim-test-judge"

    def __init__(self, agreements: bool):
        self.agreements = agreements

    def judge(self, a, b, similarity: float) -> Verdict:
        x, y = COUNT.search(a.sentence.text), COUNT.search(b.sentence.text)
        if not (x and y and x.group(2) == y.group(2)):
            return Verdict("none", 0.9)
        if x.group(1) == y.group(1):
            return Verdict(
                "match", 0.9, reasons=[f"same count: {x.group(0)}"], agreements=[f"same count: {x.group(0)}"]
            )
        agree = [f"same departure: {DAWN}"] if self.agreements and DAWN in a.sentence.text + b.sentence.text else []
        reason = f"numbers differ: {x.group(0)} vs {y.group(0)}"
        return Verdict("conflict", 0.9, type="numeric", temporal="contradiction", reasons=[reason], agreements=agree)


ONE = (
    "---\npublished: 2024-01-02\n---\n"
    f"The ferry Aurora carried 300 passengers and {DAWN} on Monday.\n\n"
    "Rescuers pulled 40 people from the water after the ferry Aurora caught fire.\n\n"
    "The fire started in the engine room of the ferry.\n"
)
TWO = (
    "---\npublished: 2024-01-02\n---\n"
    f"The ferry Aurora carried 450 passengers and {DAWN} on Monday.\n\n"
    "Rescuers pulled 40 people from the water after the ferry Aurora caught fire.\n\n"
    "The fire on the ferry started on the car deck.\n"
)
CONFLICT = """\
  - a: {article: one, quote: "carried 300 passengers"}
    b: {article: two, quote: "carried 450 passengers"}
    label: conflict
    type: numeric
    temporal: contradiction
    rationale: "300 vs 450 on board"
"""
TWO_CLAIM_MATCH = f"""\
  - a: {{article: one, quote: "{DAWN}"}}
    b: {{article: two, quote: "{DAWN}"}}
    label: match
    rationale: "both left at dawn"
"""
OTHERS = """\
  - a: {article: one, quote: "Rescuers pulled 40 people"}
    b: {article: two, quote: "Rescuers pulled 40 people"}
    label: match
  - a: {article: one, quote: "started in the engine room"}
    b: {article: two, quote: "started on the car deck"}
    label: none
"""
GOLD = "exhaustive: [conflict]\npairs:\n" + CONFLICT + TWO_CLAIM_MATCH + OTHERS
SETTINGS = Settings(cache=None, min_similarity=0.3)


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", {"one.md": ONE, "two.md": TWO, "gold.yaml": GOLD})


def analyse(corpus, agreements: bool):
    return analyse_corpus(corpus, SETTINGS, embedder=HashingEmbedder(), judge=TwoClaimJudge(agreements))


def scores(metrics: dict, label: str) -> tuple[int, int, int]:
    return metrics[label]["tp"], metrics[label]["fp"], metrics[label]["fn"]


def test_gold_keeps_a_conflict_and_a_match_on_one_sentence_pair(corpus):
    gold = load_gold(corpus / "gold.yaml")
    analysis = analyse(corpus, agreements=True)
    keys = [(min(i, j), max(i, j), pair.label) for i, j, pair in resolve(gold, analysis.sentences)]
    assert keys[0][:2] == keys[1][:2] and [k[2] for k in keys[:2]] == ["conflict", "match"]


def test_a_conflict_that_also_agrees_meets_both_the_conflict_and_the_match(corpus):
    result = evaluate_analysis(analyse(corpus, agreements=True), load_gold(corpus / "gold.yaml"))
    assert scores(result, "conflict") == (1, 0, 0)
    assert scores(result, "match") == (2, 0, 0)
    assert result["type_accuracy"] == 1.0 and result["temporal_accuracy"] == 1.0
    assert result["pairs_labelled"] == 4 and result["must_not_flagged"] == 0
    assert all(entries == [] for entries in result["errors"].values()), result["errors"]


def test_a_conflict_without_agreements_leaves_the_match_missed_and_is_no_false_alarm(corpus):
    result = evaluate_analysis(analyse(corpus, agreements=False), load_gold(corpus / "gold.yaml"))
    assert scores(result, "conflict") == (1, 0, 0)  # the conflict expectation is still scored
    assert scores(result, "match") == (1, 0, 1)
    [missed] = result["errors"]["missed_matches"]
    assert (missed["expected"], missed["got"]) == ("match", "conflict")
    assert "300 passengers" in missed["a"]["text"] and "450 passengers" in missed["b"]["text"]
    assert result["errors"]["false_conflicts"] == [] and result["errors"]["missed_conflicts"] == []


def test_an_agreeing_conflict_on_a_match_only_pair_is_a_false_conflict(corpus):
    (corpus / "gold.yaml").write_text("exhaustive: [conflict]\npairs:\n" + TWO_CLAIM_MATCH + OTHERS)
    result = evaluate_analysis(analyse(corpus, agreements=True), load_gold(corpus / "gold.yaml"))
    assert scores(result, "conflict") == (0, 1, 0)
    assert scores(result, "match") == (1, 0, 1)
    [false] = result["errors"]["false_conflicts"]
    assert (false["expected"], false["got"], false["rationale"]) == ("match", "conflict", "both left at dawn")


def test_the_same_label_listed_twice_counts_once(corpus):
    (corpus / "gold.yaml").write_text("pairs:\n" + CONFLICT + CONFLICT + TWO_CLAIM_MATCH + OTHERS)
    result = evaluate_analysis(analyse(corpus, agreements=True), load_gold(corpus / "gold.yaml"))
    assert scores(result, "conflict") == (1, 0, 0)
    assert scores(result, "match") == (2, 0, 0)
    assert result["pairs_labelled"] == 4


def test_meets_is_one_rule_for_every_label():
    agreeing = Verdict("conflict", 0.9, type="numeric", agreements=["same time: 2019 ~ 2019"])
    silent = Verdict("conflict", 0.9, type="numeric")
    match = Verdict("match", 0.9)
    both = {"conflict", "match"}
    assert meets("conflict", agreeing, both) and meets("conflict", silent, {"conflict"})
    assert not meets("conflict", match, both) and not meets("conflict", None, {"conflict"})
    assert meets("match", match, {"match"}) and meets("match", agreeing, both)
    assert not meets("match", silent, both)  # nothing agrees: the match was not found
    assert not meets("match", agreeing, {"match"})  # not a two-claim pair: a conflict is not a match
    assert not meets("match", None, both)
    assert meets("none", None, {"none"}) and meets("none", Verdict("none", 0.5), {"none"})
    assert not meets("none", match, {"none"}) and not meets("none", agreeing, {"none"})


def test_gate_passes_the_match_found_within_the_conflict(corpus):
    result = check(analyse(corpus, agreements=True), load_gold(corpus / "gold.yaml"))
    assert result.exit_code == 0
    assert [(c.kind, c.status) for c in result.cases] == [
        ("conflict", "passed"),
        ("match", "passed"),
        ("match", "passed"),
        ("none", "passed"),
    ]
    match = result.cases[1]
    assert match.got["label"] == "conflict" and match.got["agreements"] == [f"same departure: {DAWN}"]
    assert "also agrees: same departure" in match.message
    assert result.metrics["match"]["recall"] == 1.0 and result.metrics["conflict"]["precision"] == 1.0


def test_gate_fails_the_match_when_the_conflict_reports_no_agreement(corpus):
    result = check(analyse(corpus, agreements=False), load_gold(corpus / "gold.yaml"))
    assert result.exit_code == 1
    assert [(c.kind, c.status, c.reason) for c in result.cases[:2]] == [
        ("conflict", "passed", ""),
        ("match", "failed", "missing"),
    ]
    assert result.cases[1].message == "expected match not found (got conflict): the conflict reports no agreement"
    assert result.new == []  # the conflict is expected, not new


def test_report_json_carries_the_agreements_of_a_conflict(corpus):
    report = build_report(analyse(corpus, agreements=True))
    conflict = next(p for p in report["pairs"] if p["label"] == "conflict")
    assert conflict["agreements"] == [f"same departure: {DAWN}"]
    match = next(p for p in report["pairs"] if p["label"] == "match")
    assert match["agreements"] == ["same count: 40 people"]


def test_a_sentence_pair_with_a_conflict_among_its_labels_trains_as_a_conflict():
    def pair(label: str) -> GoldPair:
        return GoldPair(GoldSide("x", "q"), GoldSide("y", "r"), label)

    resolved = [
        (5, 2, pair("match")),
        (2, 5, pair("conflict")),
        (2, 5, pair("match")),
        (1, 3, pair("match")),
        (3, 1, pair("none")),
        (4, 0, pair("none")),
    ]
    assert training_labels(resolved) == {(2, 5): "conflict", (1, 3): "match", (0, 4): "none"}


def test_the_seeds_two_claim_pair_trains_as_a_conflict():
    """'shrugged off the potential sanctions ... accepting delivery' vs 'delivered back in 2019 ... imposed'."""
    corpus = prepare(SEEDS, Settings(cache=None), HashingEmbedder())
    by_key: dict[tuple[int, int], list[str]] = {}
    for i, j, pair in resolve(corpus.gold, corpus.analysis.sentences):
        by_key.setdefault((min(i, j), max(i, j)), []).append(pair.label)
    [key] = [k for k, labels in by_key.items() if len(labels) > 1]
    a, b = (corpus.analysis.sentences[k] for k in key)
    assert {a.article, b.article} == {A000, A002}
    assert sorted(by_key[key]) == ["conflict", "match"]
    assert corpus.labels[key] == "conflict"
    assert len(corpus.labels) == len(by_key)
    _, y, w = examples([corpus], unlabelled_weight=0)
    assert len(y) == len(by_key) and (w == 1.0).all()
    assert list(y).count("conflict") == sum("conflict" in labels for labels in by_key.values())
