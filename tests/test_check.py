"""`xref check`: a new article against the corpus store.

Plumbing (candidates from the ANN index, the report's schema, --add, exit codes) runs on the
HashingEmbedder fake; the verdict tests at the end use the real embedding model and judge.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from xref.check import check_articles, exit_status, index_corpus
from xref.cli import main
from xref.embed import HashingEmbedder
from xref.load import load_corpus
from xref.pipeline import Settings, analyse_corpus, segment_corpus
from xref.report import build_report
from xref.store import Store, StoreError

from .conftest import A000, A001, A002, SEEDS

SETTINGS = Settings(cache=None)
SANCTIONS = (
    "In December 2020 the United States imposed sanctions on Turkey's Defense Industry Directorate "
    "over the S-400 purchase."
)
NEVER = "Turkey has never received any S-400 batteries."
FRONT = "---\ntitle: Desk check\nsource: Test Wire\npublished: 2021-10-05\n---\n"


def _article(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(FRONT + text + "\n", encoding="utf-8")
    return path


@pytest.fixture
def fake_store(tmp_path: Path) -> Path:
    db = tmp_path / "fake.db"
    index_corpus(SEEDS, db, SETTINGS, embedder=HashingEmbedder())
    return db


def test_check_report_has_the_report_schema_with_the_new_article_on_one_side(fake_store, tmp_path):
    restated = (SEEDS / f"{A002}.txt").read_text(encoding="utf-8")
    path = _article(tmp_path, "restated", restated)
    result = check_articles([path], fake_store, SETTINGS, embedder=HashingEmbedder())
    whole = build_report(analyse_corpus(SEEDS, SETTINGS, embedder=HashingEmbedder()))
    assert set(result.report) == set(whole) | {"checked"}
    assert set(result.report["pairs"][0]) == set(whole["pairs"][0])
    assert set(result.report["articles"][0]) == set(whole["articles"][0])
    assert result.report["pairs"], "a copy of 002 must pair with something"
    for pair in result.report["pairs"]:
        assert pair["a"]["article"] == "restated" and pair["b"]["article"] in {A000, A001, A002}
    # Only an article with the same id is left out, so a copy under another id meets 002's own sentences.
    assert any(p["b"]["article"] == A002 and p["b"]["text"] == p["a"]["text"] for p in result.report["pairs"])
    assert result.checked == ["restated"] and result.store_articles == 3


def test_check_finds_the_restated_sentence_through_the_ann_index(fake_store, tmp_path):
    sentences = segment_corpus(load_corpus(SEEDS))
    imposed = next(s.text for s in sentences if "imposed sanctions on Turkey's Defense" in s.text)
    path = _article(tmp_path, "copy", imposed)
    result = check_articles([path], fake_store, SETTINGS, embedder=HashingEmbedder())
    hits = [p for p in result.analysis.candidates if result.analysis.sentences[p.b].article == A002]
    best = max(hits, key=lambda c: c.similarity)
    assert best.similarity > 0.9
    assert "imposed sanctions on Turkey's Defense Industry Directorate" in result.analysis.sentences[best.b].text


def test_add_stores_the_checked_article_and_the_index_follows(fake_store, tmp_path):
    path = _article(tmp_path, "fresh", "Ankara said the batteries arrived in July 2019. Officials declined to comment.")
    check_articles([path], fake_store, SETTINGS, embedder=HashingEmbedder(), add=True)
    with Store(fake_store) as store:
        assert "fresh" in store.article_hashes()
        from xref.ann import open_index

        index = open_index(store)
        assert set(index.ids()) == set(store.sentence_ids())
    again = check_articles([path], fake_store, SETTINGS, embedder=HashingEmbedder())
    assert all(p["b"]["article"] != "fresh" for p in again.report["pairs"]), "an article is not compared to itself"


def test_claims_from_the_helper_process_give_the_same_check(fake_store, tmp_path):
    """`xref check` extracts claims in a helper process while the model loads; nothing else changes."""
    restated = (SEEDS / f"{A002}.txt").read_text(encoding="utf-8")
    path = _article(tmp_path, "restated", restated)
    here = check_articles([path], fake_store, SETTINGS, embedder=HashingEmbedder())
    helped = check_articles([path], fake_store, SETTINGS, embedder=HashingEmbedder(), claims_in_helper=True)
    assert helped.analysis.claims == here.analysis.claims
    assert helped.analysis.verdicts == here.analysis.verdicts
    assert {**helped.report, "generated_at": ""} == {**here.report, "generated_at": ""}


def test_check_topics_are_the_pipelines_clustering(fake_store, tmp_path):
    """Topics are clustered in a background thread while pairs are judged: same result as in line."""
    from xref.cluster import cluster_sentences

    path = _article(tmp_path, "restated", (SEEDS / f"{A002}.txt").read_text(encoding="utf-8"))
    analysis = check_articles([path], fake_store, SETTINGS, embedder=HashingEmbedder()).analysis
    topics, topic_of = cluster_sentences(analysis.vectors, [s.text for s in analysis.sentences])
    assert (analysis.topics, analysis.topic_of) == (topics, topic_of) and topics
    assert [c.topic for c in analysis.candidates] == [
        topic_of[c.a] if topic_of[c.a] == topic_of[c.b] else None for c in analysis.candidates
    ]


def test_exit_status_follows_fail_on(fake_store, tmp_path):
    result = check_articles([_article(tmp_path, "x", SANCTIONS)], fake_store, SETTINGS, embedder=HashingEmbedder())
    conflict = {"label": "conflict", "temporal": "update"}
    result.report["pairs"] = [conflict]
    assert exit_status(result, None) == 0
    assert exit_status(result, "conflict") == 1
    assert exit_status(result, "contradiction") == 0
    conflict["temporal"] = "contradiction"
    assert exit_status(result, "contradiction") == 1


def test_check_against_a_missing_or_corrupt_store_is_bad_input(tmp_path):
    path = _article(tmp_path, "x", SANCTIONS)
    with pytest.raises(StoreError, match="no such store"):
        check_articles([path], tmp_path / "none.db", SETTINGS, embedder=HashingEmbedder())
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"definitely not sqlite" * 300)
    result = CliRunner().invoke(main, ["check", str(path), "--db", str(junk), "-q"])
    assert result.exit_code == 2 and str(junk) in result.output and "Traceback" not in result.output


def test_check_with_another_model_is_refused(fake_store, tmp_path):
    class Other(HashingEmbedder):
        name = "other"

    with pytest.raises(StoreError, match="hashing-test-embedder"):
        check_articles([_article(tmp_path, "x", SANCTIONS)], fake_store, SETTINGS, embedder=Other())


# ---------------------------------------------------------------- real models


@pytest.fixture(scope="module")
def real_store(tmp_path_factory, real_embedder) -> Path:
    folder = tmp_path_factory.mktemp("real")
    shutil.copytree(SEEDS, folder / "seeds")
    db = folder / "corpus.db"
    index_corpus(folder / "seeds", db, SETTINGS, embedder=real_embedder)
    return db


def _pairs_with(result, article: str, quote: str) -> list[dict]:
    return [p for p in result.report["pairs"] if p["b"]["article"] == article and quote in p["b"]["text"]]


@pytest.mark.slow
def test_restated_sanctions_claim_matches_the_002_sentence(real_store, real_embedder, tmp_path):
    path = _article(tmp_path, "sanctions", SANCTIONS)
    result = check_articles([path], real_store, SETTINGS, embedder=real_embedder)
    pairs = _pairs_with(result, A002, "imposed sanctions on Turkey's Defense Industry Directorate")
    assert [p["label"] for p in pairs] == ["match"], pairs
    assert pairs[0]["a"]["text"] == SANCTIONS and pairs[0]["similarity"] > 0.7


@pytest.mark.slow
def test_never_received_fails_the_check_with_fail_on_conflict(real_store, tmp_path):
    path = _article(tmp_path, "never", NEVER)
    out = tmp_path / "never.json"
    args = ["check", str(path), "--db", str(real_store), "--fail-on", "conflict", "--json", str(out), "-q",
            "--cache", ""]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    report = json.loads(out.read_text())
    assert report["checked"] == ["never"]
    conflicts = [p for p in report["pairs"] if p["label"] == "conflict"]
    assert conflicts and all(p["a"]["text"] == NEVER for p in conflicts)
    assert "Conflicts" in result.output and "never:" in result.output  # the rich table, new sentence first
    relaxed = CliRunner().invoke(main, args[:4] + ["-q", "--cache", ""])
    assert relaxed.exit_code == 0


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="known gap, reported in issue 5's closing note: the embedding similarity of NEVER to 000's "
    "'accepting delivery' (0.28) and 002's 'officially delivered back in 2019' (0.21) is under the pipeline's "
    "candidate floors (0.3 with a shared word, 0.35 nearest per article), so neither is a candidate; judged "
    "anyway (top-k 60, floor 0.2) the current judge says none (p_none 0.92 and 0.98). Strict: passes -> remove.",
)
def test_never_received_conflicts_with_the_delivery_sentences(real_store, real_embedder, tmp_path):
    """000 says Turkey accepted delivery, 002 that the missiles were delivered in 2019."""
    path = _article(tmp_path, "never", NEVER)
    result = check_articles([path], real_store, SETTINGS, embedder=real_embedder)
    delivered = _pairs_with(result, A000, "accepting delivery of the Russian S-400") + _pairs_with(
        result, A002, "officially delivered back in 2019"
    )
    verdicts = {
        (result.analysis.sentences[c.b].article, result.analysis.sentences[c.b].text[:60]): (v.label, v.score)
        for c, v in zip(result.analysis.candidates, result.analysis.verdicts, strict=True)
    }
    assert any(p["label"] == "conflict" for p in delivered), f"verdicts on the candidates: {verdicts}"
