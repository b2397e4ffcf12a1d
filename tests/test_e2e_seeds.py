"""End to end on seeds/ with the real embedding model, spaCy pipeline and packaged judge."""

import json

from click.testing import CliRunner

from xref.cli import main

from .conftest import A000, A001, A002, SEEDS, find_sentence


def test_could_face_and_imposed_sanctions_are_a_candidate_pair_in_one_topic(seeds_analysis):
    could = find_sentence(seeds_analysis, A000, "Turkey could face economic sanctions")
    imposed = find_sentence(seeds_analysis, A002, "imposed sanctions on Turkey's Defense Industry Directorate")
    pair = next(c for c in seeds_analysis.candidates if (c.a, c.b) == (min(could, imposed), max(could, imposed)))
    assert pair.similarity > 0.5
    assert pair.topic is not None
    assert seeds_analysis.topic_of[could] == seeds_analysis.topic_of[imposed] == pair.topic


def test_every_candidate_joins_two_articles_and_has_a_verdict(seeds_analysis):
    assert len(seeds_analysis.verdicts) == len(seeds_analysis.candidates) > 0
    for candidate in seeds_analysis.candidates:
        a, b = seeds_analysis.sentences[candidate.a], seeds_analysis.sentences[candidate.b]
        assert a.article != b.article and not a.is_title and not b.is_title


def test_report_command_writes_html_and_json(tmp_path):
    html, out = tmp_path / "r.html", tmp_path / "r.json"
    result = CliRunner().invoke(
        main,
        ["report", str(SEEDS), "--html", str(html), "--json", str(out), "-q", "--cache", str(tmp_path / "cache.db")],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert [a["id"] for a in data["articles"]] == [A000, A001, A002]
    assert data["articles"][0]["published"] == "2019-12-02"
    assert data["topics"] and all(t["label"] for t in data["topics"])
    for pair in data["pairs"]:
        assert pair["label"] in {"match", "conflict"} and pair["reasons"]
        assert pair["a"]["article"] != pair["b"]["article"]
        if pair["label"] == "conflict":
            assert pair["type"] and pair["temporal"] in {"update", "contradiction"}
    page = html.read_text()
    assert "Turkey could face economic sanctions" in page
    assert "<script src=" not in page


def test_bad_corpus_is_a_clear_error_with_exit_status_2(tmp_path):
    result = CliRunner().invoke(main, ["report", str(tmp_path), "-q"])
    assert result.exit_code == 2
    assert "no articles found" in result.output
