"""The CI gate: expectations, baseline, exit codes, JUnit shape; a deterministic fake judge, then the real seeds."""

from __future__ import annotations

import functools
import json
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

import xref.gate
from xref.cli import main
from xref.embed import HashingEmbedder
from xref.gate import run_gate, splice_baseline, unique_quote
from xref.gold import load_gold
from xref.models import Verdict
from xref.pipeline import Settings, analyse_corpus

from .conftest import SEEDS, write_corpus

COUNT = re.compile(r"(\d+) (passengers|people|crew)")


class CountingJudge:
    """Conflict when both sentences count the same thing with different numbers, match when with the same."""

    name = "counting-test-judge"

    def judge(self, a, b, similarity: float) -> Verdict:
        x, y = COUNT.search(a.sentence.text), COUNT.search(b.sentence.text)
        if not (x and y and x.group(2) == y.group(2)):
            return Verdict("none", 0.9)
        if x.group(1) == y.group(1):
            return Verdict("match", 0.9, reasons=[f"same count: {x.group(0)}"])
        reason = f"numbers differ: {x.group(0)} vs {y.group(0)}"
        return Verdict("conflict", 0.9, type="numeric", temporal="contradiction", reasons=[reason])


ONE = (
    "---\npublished: 2024-01-02\n---\n"
    "The ferry Aurora carried 300 passengers when it caught fire near the port.\n\n"
    "Rescuers pulled 40 people from the water after the ferry Aurora caught fire.\n\n"
    "The fire started in the engine room of the ferry.\n"
)
TWO = (
    "---\npublished: 2024-01-02\n---\n"
    "The ferry Aurora carried 450 passengers when it caught fire near the port.\n\n"
    "Rescuers pulled 40 people from the water after the ferry Aurora caught fire.\n\n"
    "The fire on the ferry started on the car deck.\n"
)
THREE = "---\npublished: 2024-01-03\n---\nOfficials said the ferry Aurora carried 520 passengers when it caught fire.\n"
GOLD = """\
# the ferry, as the two reports tell it
exhaustive: [conflict]
pairs:
  - a: {article: one, quote: "carried 300 passengers"}
    b: {article: two, quote: "carried 450 passengers"}
    label: conflict
    type: numeric
    temporal: contradiction
    rationale: "300 vs 450 on board"
  - a: {article: one, quote: "Rescuers pulled 40 people"}
    b: {article: two, quote: "Rescuers pulled 40 people"}
    label: match
  - a: {article: one, quote: "started in the engine room"}
    b: {article: two, quote: "started on the car deck"}
    label: none  # the fake judge cannot see places: must not be flagged
"""
BASELINE = "baseline:\n  - a: {{article: one, quote: x}}\n    b: {{article: {b}, quote: y}}\n    type: {type}\n"
SETTINGS = Settings(cache=None, min_similarity=0.3)
FAKE = ["--min-similarity", "0.3", "--cache", "", "-q"]


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", {"one.md": ONE, "two.md": TWO, "gold.yaml": GOLD})


@pytest.fixture
def fake_models(monkeypatch):
    """The CLI runs the gate with a hashing embedder and the counting judge instead of the real models."""
    fake = functools.partial(analyse_corpus, embedder=HashingEmbedder(), judge=CountingJudge())
    monkeypatch.setattr(xref.gate, "analyse_corpus", lambda path, settings, **_: fake(path, settings))


def gate(corpus, *args):
    return CliRunner().invoke(main, ["gate", str(corpus), *FAKE, *args])


def test_gate_passes_when_every_expectation_holds(corpus):
    result = run_gate(corpus, None, SETTINGS, embedder=HashingEmbedder(), judge=CountingJudge())
    assert result.exit_code == 0
    assert [(c.kind, c.status) for c in result.cases] == [
        ("conflict", "passed"),
        ("match", "passed"),
        ("none", "passed"),
    ]
    conflict = result.cases[0]
    assert conflict.a["article"] == "one" and "300 passengers" in conflict.a["text"]
    assert conflict.b["article"] == "two" and "450 passengers" in conflict.b["text"]
    assert result.metrics["conflict"]["recall"] == 1.0 and result.metrics["conflict"]["precision"] == 1.0


def test_cli_pass_prints_both_sentences_and_writes_json(corpus, fake_models, tmp_path):
    out = tmp_path / "gate.json"
    result = gate(corpus, "--json", str(out))
    assert result.exit_code == 0, result.output
    assert "gate PASSED: 3 passed, 0 missing, 0 new" in result.output
    assert "one: The ferry Aurora carried 300 passengers" in result.output
    assert "two: The ferry Aurora carried 450 passengers" in result.output
    data = json.loads(out.read_text())
    assert data["passed"] is True and data["counts"]["passed"] == 3
    assert [c["name"].split(":")[0] for c in data["cases"]] == ["pair 1", "pair 2", "pair 3"]


def test_same_input_gives_the_same_files(corpus, fake_models, tmp_path):
    outputs = []
    for run in range(2):
        junit, out = tmp_path / f"g{run}.xml", tmp_path / f"g{run}.json"
        assert gate(corpus, "--junit", str(junit), "--json", str(out)).exit_code == 0
        outputs.append((junit.read_bytes(), out.read_bytes()))
    assert outputs[0] == outputs[1]


def test_a_lost_conflict_fails_naming_the_expectation(corpus, fake_models):
    """The sentence stays, but no longer carries the number: the expected conflict is missing (exit 1)."""
    (corpus / "two.md").write_text(TWO.replace("carried 450 passengers", "carried many passengers"))
    (corpus / "gold.yaml").write_text(GOLD.replace("carried 450 passengers", "carried many passengers"))
    result = gate(corpus)
    assert result.exit_code == 1, result.output
    assert '[missing] pair 1: conflict one "carried 300 passengers"' in result.output
    assert "expected conflict (numeric/contradiction) not found (got none)" in result.output
    assert "gate FAILED: 2 passed, 1 missing, 0 new" in result.output


def test_a_removed_sentence_with_an_expected_conflict_is_named_and_exits_2(corpus, fake_models, tmp_path):
    """The expectation no longer fits the corpus (it cannot tell a removed sentence from a wrong quote)."""
    (corpus / "two.md").write_text(TWO.replace(TWO.splitlines()[3] + "\n\n", ""))
    junit = tmp_path / "gate.xml"
    result = gate(corpus, "--junit", str(junit))
    assert result.exit_code == 2, result.output
    assert "[unresolved] pair 1: conflict" in result.output
    assert "gold.yaml (pair 1): quote 'carried 450 passengers' is not in any sentence of two" in result.output
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("errors") == "1" and suite.get("failures") == "0"
    assert suite.find("testcase/error").get("message").endswith("is not in any sentence of two")


def test_a_flagged_must_not_pair_fails(corpus, fake_models):
    (corpus / "one.md").write_text(ONE.replace("room of the ferry.", "room of the ferry, 12 crew said."))
    (corpus / "two.md").write_text(TWO.replace("car deck.", "car deck, 12 crew said."))
    result = gate(corpus)
    assert result.exit_code == 1, result.output
    assert '[flagged] pair 3: none one "started in the engine room"' in result.output
    assert "must not be flagged, but was flagged as a match" in result.output
    assert "gate FAILED: 2 passed, 0 missing, 0 new, 1 other failures" in result.output


def test_a_new_conflict_fails_until_the_baseline_accepts_it(corpus, fake_models, tmp_path):
    (corpus / "three.md").write_text(THREE)
    first = gate(corpus, "--junit", str(tmp_path / "first.xml"))
    assert first.exit_code == 1, first.output
    assert first.output.count("[new] new conflict:") == 2
    assert "[new] new conflict: one#0 / three#0" in first.output
    assert "three: Officials said the ferry Aurora carried 520 passengers" in first.output
    suite = ET.parse(tmp_path / "first.xml").getroot().find("testsuite")
    new_cases = [c for c in suite.iter("testcase") if c.get("classname") == "xref.gate.new_conflict"]
    assert len(new_cases) == 2 and all(c.find("failure") is not None for c in new_cases)

    updated = gate(corpus, "--update-baseline")
    assert updated.exit_code == 0, updated.output
    assert "2 added, 0 kept, 0 removed" in updated.output
    text = (corpus / "gold.yaml").read_text()
    assert text.startswith(GOLD), "the pairs and their comments are kept as written"
    gold = load_gold(corpus / "gold.yaml")
    assert [(e.a.article, e.b.article, e.type, e.temporal) for e in gold.baseline] == [
        ("one", "three", "numeric", "contradiction"),
        ("three", "two", "numeric", "contradiction"),  # sentence order follows the file paths
    ]
    assert gold.baseline[0].b.quote == "Officials said the ferry"  # short, verbatim, names one sentence
    assert gold.baseline[0].note == "numbers differ: 300 passengers vs 520 passengers"

    again = gate(corpus)
    assert again.exit_code == 0, again.output
    assert "2 accepted in baseline" in again.output


def test_a_baseline_entry_no_longer_flagged_is_stale_and_dropped_on_update(corpus, fake_models):
    (corpus / "three.md").write_text(THREE)
    assert gate(corpus, "--update-baseline").exit_code == 0
    (corpus / "three.md").write_text(THREE.replace("520 passengers", "many passengers"))
    result = gate(corpus)
    assert result.exit_code == 0
    assert "stale baseline entries (2)" in result.output and "no longer flagged as a conflict" in result.output
    assert "0 added, 0 kept, 2 removed" in gate(corpus, "--update-baseline").output
    assert load_gold(corpus / "gold.yaml").baseline == []


def test_update_baseline_creates_an_expectations_file_for_a_corpus_without_one(corpus, fake_models):
    (corpus / "gold.yaml").unlink()
    assert gate(corpus).exit_code == 2
    assert gate(corpus, "--update-baseline").exit_code == 0
    gold = load_gold(corpus / "gold.yaml")
    assert gold.pairs == [] and len(gold.baseline) == 1
    assert gate(corpus).exit_code == 0


def test_min_recall_tolerates_a_miss_and_min_precision_catches_false_alarms(corpus, fake_models):
    """40 vs 41 people: the expected match is lost, and flagged as a conflict on a pair labelled match."""
    (corpus / "two.md").write_text(TWO.replace("Rescuers pulled 40 people", "Rescuers pulled 41 people"))
    match_b = '{article: two, quote: "Rescuers pulled 40 people"}'
    (corpus / "gold.yaml").write_text(GOLD.replace(match_b, match_b.replace("40", "41")))
    strict = gate(corpus)
    assert strict.exit_code == 1 and "[missing] pair 2: match" in strict.output
    lenient = gate(corpus, "--min-recall", "0", "--json", str(corpus.parent / "g.json"))
    assert lenient.exit_code == 0, lenient.output
    assert "MISS  [missing] pair 2: match" in lenient.output and "1 tolerated" in lenient.output
    cases = {c["name"].split(":")[0]: c for c in json.loads((corpus.parent / "g.json").read_text())["cases"]}
    assert cases["pair 2"]["status"] == "tolerated" and cases["pair 2"]["got"]["label"] == "conflict"
    assert cases["match recall >= 0.0"]["status"] == "passed"
    half = gate(corpus, "--min-recall", "0.5")
    assert half.exit_code == 1 and "match recall 0.000 < 0.5" in half.output
    assert "conflict recall 1.000 >= 0.5" in half.output
    precise = gate(corpus, "--min-recall", "0", "--min-precision", "0.9")
    assert precise.exit_code == 1 and "conflict precision 0.500 < 0.9" in precise.output


def test_thresholds_per_label_tolerate_only_that_labels_misses(corpus, fake_models):
    """The lost match is tolerated by a match minimum; a conflict minimum alone leaves it a failure."""
    (corpus / "two.md").write_text(TWO.replace("Rescuers pulled 40 people", "Rescuers pulled 41 people"))
    match_b = '{article: two, quote: "Rescuers pulled 40 people"}'
    (corpus / "gold.yaml").write_text(GOLD.replace(match_b, match_b.replace("40", "41")))
    only_conflicts = gate(corpus, "--min-recall", "conflict=0.9")
    assert only_conflicts.exit_code == 1 and "FAIL  [missing] pair 2: match" in only_conflicts.output
    assert "match recall" not in only_conflicts.output
    both = gate(corpus, "--min-recall", "conflict=0.9,match=0")
    assert both.exit_code == 0, both.output
    assert "conflict recall 1.000 >= 0.9" in both.output and "1 tolerated" in both.output
    for bad in ("conflict=1.5", "matches=0.5", "conflict=x"):
        result = gate(corpus, "--min-recall", bad)
        assert result.exit_code == 2 and "--min-recall" in result.output


def test_junit_file_has_the_shape_ci_tools_read(corpus, fake_models, tmp_path):
    (corpus / "three.md").write_text(THREE)
    junit = tmp_path / "reports" / "gate.xml"
    assert gate(corpus, "--junit", str(junit), "--min-recall", "0.9").exit_code == 1
    root = ET.parse(junit).getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    cases = suite.findall("testcase")
    # 3 expectations + 2 new conflicts + conflict and match recall thresholds
    assert len(cases) == 7 == int(suite.get("tests")) == int(root.get("tests"))
    assert int(suite.get("failures")) == 2 == len(suite.findall("testcase/failure"))
    assert suite.get("errors") == "0" and suite.get("skipped") == "0"
    for case in cases:
        assert case.get("classname").startswith("xref.gate.") and case.get("name")
        assert len(list(case)) <= 1
    failure = suite.find("testcase/failure")
    assert failure.get("message").startswith("new numeric/contradiction conflict")
    assert "three: Officials said" in failure.text
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["expectations"].endswith("gold.yaml")


@pytest.mark.parametrize(
    "change, message",
    [
        (("pairs:\n", "pairs: [\n"), "gold.yaml: gold file is not valid YAML"),
        (("{article: two, quote: \"carried", "{article: 4, quote: \"carried"), "article '4' is not in the corpus"),
        (("450 passengers\"", "451 passengers\""), "quote 'carried 451 passengers' is not in any sentence of two"),
        (("label: match", "label: same"), "(pair 2): label must be one of match, conflict, none, not 'same'"),
        (("", BASELINE.format(b="one", type="numeric")), "(baseline 1): a and b must be sentences of different"),
        (("", "baseline: {a: 1}\n"), "'baseline' must be a list of accepted conflicts"),
        (("", BASELINE.format(b="two", type="huge")), "(baseline 1): a conflict's type must be one of"),
    ],
    ids=["yaml", "unknown-article", "quote-not-found", "bad-label", "baseline-one-article", "baseline-list", "type"],
)
def test_bad_expectations_files_exit_2_naming_the_file(corpus, fake_models, change, message):
    old, new = change
    (corpus / "gold.yaml").write_text(GOLD.replace(old, new, 1) if old else GOLD + new)
    result = gate(corpus)
    assert result.exit_code == 2, result.output
    assert str(corpus / "gold.yaml") in result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_expectations_option_names_a_file_outside_the_corpus(corpus, fake_models, tmp_path):
    elsewhere = tmp_path / "expect.yaml"
    elsewhere.write_text(GOLD.replace("label: none", "label: match"))
    result = gate(corpus, "--expectations", str(elsewhere))
    assert result.exit_code == 1 and f"against {elsewhere}" in result.output
    assert "[missing] pair 3: match" in result.output
    missing = gate(corpus, "--expectations", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2 and "nope.yaml: cannot read gold file" in missing.output


def test_unique_quote_is_the_shortest_leftmost_run_no_other_sentence_has():
    others = ["the ferry aurora carried 450 passengers.", "rescuers pulled 40 people."]
    assert unique_quote("The ferry Aurora carried 300 passengers.", others) == "ferry Aurora carried 300"
    assert unique_quote("Rescuers pulled 40 people.", others) is None
    assert unique_quote("Fire!", []) == "Fire!"


def test_splice_keeps_comments_and_pairs_and_is_idempotent():
    text = "# head\npairs: []  # none yet\nbaseline:\n- a: {article: x, quote: y}\n# tail\nexhaustive: [conflict]\n"
    entry = {"a": {"article": "x", "quote": "It’s “late”: yes"}, "b": {"article": "z", "quote": "q"}, "type": "date"}
    once = splice_baseline(text, [entry])
    assert once.startswith("# head\npairs: []  # none yet\nbaseline:")
    assert once.endswith("# tail\nexhaustive: [conflict]\n")
    assert splice_baseline(once, [entry]) == once
    assert splice_baseline(splice_baseline(once, []), [entry]) == once


SEEDS_GATE = ["--min-recall", "conflict=0.9,match=0.5", "--min-precision", "0.8"]  # as .ci/run runs it


def test_seeds_gate_passes_with_the_real_models(tmp_path):
    """The project's own curated corpus with the thresholds .ci/run uses: no must-not pair flagged, no new
    conflict, conflict recall >= 0.9 (18 of 19), match recall >= 0.5 (3 of 6), precision >= 0.8."""
    junit = tmp_path / "seeds.xml"
    result = CliRunner().invoke(
        main, ["gate", str(SEEDS), "-q", "--cache", str(tmp_path / "cache.db"), "--junit", str(junit), *SEEDS_GATE]
    )
    assert result.exit_code == 0, result.output
    assert "0 new" in result.output and "4 tolerated" in result.output
    assert " ".join(SEEDS_GATE) in (SEEDS.parent / ".ci" / "run").read_text(), ".ci/run gates the seeds the same way"
    suite = ET.parse(junit).getroot().find("testsuite")
    assert int(suite.get("tests")) >= len(load_gold(SEEDS / "gold.yaml").pairs)
    assert suite.get("failures") == "0" and suite.get("errors") == "0"
