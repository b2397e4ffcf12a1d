"""The corpus store: incremental indexing, claims round trip, model checks, the ANN index kept in
step, and robustness (SIGKILL mid-index, concurrent writers, corrupt and locked files).

Plumbing tests use the deterministic HashingEmbedder, so they need no embedding model.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from xref.ann import index_paths, new_index, open_index
from xref.check import analyse_store, index_corpus
from xref.cli import main
from xref.embed import HashingEmbedder
from xref.features import extract_claims
from xref.load import load_corpus
from xref.models import Anchor, Claim, TimeExpr
from xref.pipeline import Settings, analyse_corpus, segment_corpus
from xref.store import Store, StoreError, claim_from_json, claim_to_json, writer_lock

from .conftest import A000, A001, A002, ROOT, SEEDS

SETTINGS = Settings(cache=None)


class RecordingEmbedder(HashingEmbedder):
    """The hashing fake, remembering every text it was asked to encode."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return super().encode(texts)


class OtherEmbedder(HashingEmbedder):
    name = "another-test-embedder"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def indexed(corpus: Path, tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "store" / "corpus.db"
    index_corpus(corpus, db, SETTINGS, embedder=RecordingEmbedder())
    return corpus, db


def _contents(db: Path) -> dict:
    """Everything stored, comparable across stores (store ids left out)."""
    with sqlite3.connect(db) as connection:
        articles = connection.execute(
            "SELECT article_id, content_hash, title, source, published, body FROM articles ORDER BY article_id"
        ).fetchall()
        sentences = connection.execute(
            "SELECT a.article_id, s.position, s.text, s.start_offset, s.end_offset, s.claim, s.vector FROM sentences s"
            " JOIN articles a ON a.id = s.article ORDER BY a.article_id, s.position"
        ).fetchall()
        df = connection.execute("SELECT lemma, n FROM anchor_df ORDER BY lemma").fetchall()
    return {"articles": articles, "sentences": sentences, "anchor_df": df}


def test_reindex_reprocesses_only_the_changed_article(indexed):
    corpus, db = indexed
    first = _contents(db)
    embedder = RecordingEmbedder()
    unchanged = index_corpus(corpus, db, SETTINGS, embedder=embedder)
    assert embedder.calls == 0 and unchanged.unchanged == 3 and unchanged.sentences_processed == 0
    assert _contents(db) == first

    path = corpus / f"{A001}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nThe ministry said 42 batteries were ordered.\n")
    result = index_corpus(corpus, db, SETTINGS, embedder=embedder)
    assert (result.added, result.updated, result.unchanged) == ([], [A001], 2)
    assert embedder.calls == 1
    expected = [s.text for s in segment_corpus(load_corpus(path))]
    assert sorted(embedder.texts) == sorted(expected)
    after = _contents(db)
    assert [r for r in after["sentences"] if r[0] != A001] == [r for r in first["sentences"] if r[0] != A001]
    assert any("42 batteries" in r[2] for r in after["sentences"] if r[0] == A001)


def test_stored_claims_round_trip_exactly(indexed):
    corpus, db = indexed
    loaded = load_corpus(corpus)
    sentences = segment_corpus(loaded)
    claims = extract_claims(sentences, {a.id: a.published for a in loaded.articles})
    with Store(db) as store:
        _, stored_sentences, stored_claims, vectors = store.load_all()
    assert [dataclasses.asdict(s) for s in stored_sentences] == [dataclasses.asdict(s) for s in sentences]
    assert stored_claims == claims
    assert any(c.times for c in stored_claims) and any(c.quantities for c in stored_claims)
    assert all(claim_from_json(claim_to_json(c)) == c for c in claims)
    assert vectors.shape == (len(sentences), HashingEmbedder().dimension)


def test_claims_stored_by_another_version_decode_with_defaults():
    """A field added since (missing from the JSON) takes its default, a field removed since is ignored."""
    claim = Claim(
        anchors=[Anchor("deliver", 3, 10, 0)],
        times=[TimeExpr("2019", 0, 4, date(2019, 1, 1), date(2019, 12, 31), "year")],
        main_clause=0,
    )
    data = json.loads(claim_to_json(claim))
    del data["quote"], data["anchors"][0]["modality"]
    data["retired_field"] = [1, 2]
    decoded = claim_from_json(json.dumps(data))
    assert decoded == claim and decoded.times[0].begin == date(2019, 1, 1)
    assert decoded.quote is None and decoded.anchors[0].modality is None and decoded.places == []


def test_removed_articles_are_kept_until_pruned(indexed):
    corpus, db = indexed
    (corpus / f"{A000}.txt").unlink()
    manifest = corpus / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace(f"  {A000}:", "  unused:"), encoding="utf-8")
    kept = index_corpus(corpus, db, SETTINGS, embedder=HashingEmbedder())
    assert kept.missing == [A000] and kept.articles == 3
    pruned = index_corpus(corpus, db, SETTINGS, embedder=HashingEmbedder(), prune=True)
    assert pruned.removed == [A000] and pruned.articles == 2
    with Store(db) as store:
        assert set(store.article_hashes()) == {A001, A002}
        assert np.array_equal(open_index(store).ids(), store.sentence_ids())
        recount = {}
        for claim in store.load_all()[2]:
            for lemma in {a.lemma for a in claim.anchors}:
                recount[lemma] = recount.get(lemma, 0) + 1
        assert store.anchor_counts() == recount


def test_another_model_is_refused_unless_rebuilt(indexed):
    corpus, db = indexed
    with pytest.raises(StoreError, match="hashing-test-embedder.*--rebuild") as error:
        index_corpus(corpus, db, SETTINGS, embedder=OtherEmbedder())
    assert str(db) in str(error.value)
    result = index_corpus(corpus, db, SETTINGS, embedder=OtherEmbedder(), rebuild=True)
    assert result.articles == 3 and result.sentences_processed == result.sentences
    with Store(db) as store:
        assert store.identity().name == "another-test-embedder"


def test_ann_index_follows_the_store_and_survives_a_corrupt_file(indexed):
    corpus, db = indexed
    with Store(db) as store:
        index = open_index(store)
        ids, vectors = next(store.vectors())
        found, sims = index.search(vectors[:5], 3)
        assert list(found[:, 0]) == list(ids[:5]) and np.allclose(sims[:, 0], 1.0, atol=1e-4)
    index_file, header_file = index_paths(db)
    index_file.write_bytes(os.urandom(4096))
    with Store(db) as store:
        assert np.array_equal(open_index(store).ids(), store.sentence_ids())
        header = header_file.read_text()
    assert f'"generation": {Store(db).generation}' in header


def test_an_index_in_step_is_memory_mapped_and_one_behind_is_patched(indexed, tmp_path):
    corpus, db = indexed
    with Store(db) as store:
        index = open_index(store)  # `index_corpus` left it in step: mapped, not read or patched
        ids, vectors = next(store.vectors())
        with pytest.raises(RuntimeError):  # a view of the file, not a copy
            index.add(np.array([10**9]), vectors[:1])
        found, _ = index.search(vectors[:5], 3)
        assert list(found[:, 0]) == list(ids[:5])
    index_file, header_file = index_paths(db)
    before = {path: path.read_bytes() for path in (index_file, header_file)}
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "late.txt").write_text("Ankara said the batteries arrived in July 2019.\n", encoding="utf-8")
    index_corpus(extra, db, SETTINGS, embedder=RecordingEmbedder())
    for path, content in before.items():  # as if another program had stored the article
        path.write_bytes(content)
    with Store(db) as store:
        stale = new_index("usearch", store.identity().dimension, index_file).ids()
        assert len(stale) < len(store.sentence_ids())
        assert np.array_equal(open_index(store).ids(), store.sentence_ids())
        assert f'"generation": {store.generation}' in header_file.read_text()


def test_report_from_the_store_matches_the_pipeline(indexed):
    corpus, db = indexed
    direct = analyse_corpus(corpus, SETTINGS, embedder=HashingEmbedder())
    stored = analyse_store(db, SETTINGS)
    assert [s.text for s in stored.sentences] == [s.text for s in direct.sentences]
    assert np.allclose(stored.vectors, direct.vectors)
    assert [(c.a, c.b) for c in stored.candidates] == [(c.a, c.b) for c in direct.candidates]
    assert [v.label for v in stored.verdicts] == [v.label for v in direct.verdicts]
    assert stored.embedder_name == "hashing-test-embedder"


def test_corrupt_store_is_a_clear_error_and_left_untouched(tmp_path):
    db = tmp_path / "corpus.db"
    junk = os.urandom(8192)
    db.write_bytes(junk)
    with pytest.raises(StoreError, match="corrupt or not an xref store") as error:
        Store(db)
    assert str(db) in str(error.value)
    result = CliRunner().invoke(main, ["index", str(SEEDS), "--db", str(db), "-q", "--cache", ""])
    assert result.exit_code == 2 and str(db) in result.output and "Traceback" not in result.output
    assert db.read_bytes() == junk


def test_locked_store_is_a_clear_error_and_loses_nothing(indexed):
    corpus, db = indexed
    before = _contents(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Store(db, busy_timeout=0.2) as store, pytest.raises(StoreError, match="locked") as error:
            store.remove_articles([A000])
        assert str(db) in str(error.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _contents(db) == before


def test_a_second_writer_waits_then_fails_clearly(indexed):
    corpus, db = indexed
    with writer_lock(db), pytest.raises(StoreError, match="being written by xref pid") as error:
        index_corpus(corpus, db, SETTINGS, embedder=HashingEmbedder(), lock_wait=0.3)
    assert str(db) in str(error.value)


INDEX_SCRIPT = """
import sys, time
import xref.check
from xref.embed import HashingEmbedder
from xref.pipeline import Settings

class Slow(HashingEmbedder):
    def encode(self, texts):
        time.sleep(float(sys.argv[3]))
        return super().encode(texts)

xref.check.CHUNK_SENTENCES = 20
xref.check.index_corpus(sys.argv[1], sys.argv[2], Settings(cache=None), embedder=Slow(), lock_wait=120)
"""


def _many_articles(folder: Path, count: int) -> Path:
    """``count`` distinct articles made from the seeds (numbers varied), no metadata files."""
    folder.mkdir()
    bodies = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for n in range(count):
        text = bodies[n % len(bodies)].replace("S-400", f"S-{400 + n}")
        (folder / f"a{n:03d}.txt").write_text(f"Story {n} opens here.\n\n{text}", encoding="utf-8")
    return folder


def _run_index(corpus: Path, db: Path, delay: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(INDEX_SCRIPT), str(corpus), str(db), str(delay)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_sigkill_mid_index_leaves_whole_articles_and_a_rerun_completes(tmp_path):
    corpus = _many_articles(tmp_path / "many", 24)
    db, reference = tmp_path / "killed.db", tmp_path / "clean.db"
    process = _run_index(corpus, db, delay=0.5)
    deadline = time.monotonic() + 120
    while _stored_articles(db) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, process.stderr.read().decode()
    process.send_signal(signal.SIGKILL)
    process.wait()

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = _contents(db)
    done = {row[0] for row in partial["articles"]}
    assert 0 < len(done) < 24

    index_corpus(corpus, reference, SETTINGS, embedder=HashingEmbedder())
    full = _contents(reference)
    # Every article that made it in is exactly as a clean run stores it: nothing half-written.
    assert [r for r in full["sentences"] if r[0] in done] == partial["sentences"]
    assert [r[:2] for r in full["articles"] if r[0] in done] == [r[:2] for r in partial["articles"]]

    rerun = index_corpus(corpus, db, SETTINGS, embedder=HashingEmbedder())
    assert rerun.unchanged == len(done) and len(rerun.added) == 24 - len(done)
    assert _contents(db) == full
    with Store(db) as store:
        assert np.array_equal(open_index(store).ids(), store.sentence_ids())


def test_two_concurrent_index_runs_serialize(tmp_path):
    corpus = _many_articles(tmp_path / "many", 6)
    db = tmp_path / "shared.db"
    runs = [_run_index(corpus, db, delay=0.2) for _ in range(2)]
    outcomes = [(p.wait(timeout=300), p.stderr.read().decode()) for p in runs]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    reference = tmp_path / "clean.db"
    index_corpus(corpus, reference, SETTINGS, embedder=HashingEmbedder())
    assert _contents(db) == _contents(reference)
    with Store(db) as store:
        assert store.integrity() == "ok"
        assert sorted(store.article_hashes()) == [f"a{n:03d}" for n in range(6)]


def test_index_command_reports_counts(corpus, tmp_path, monkeypatch):
    import xref.check

    monkeypatch.setattr(xref.check, "SentenceTransformerEmbedder", lambda model=None: HashingEmbedder())
    db = tmp_path / "cli.db"
    args = ["index", str(corpus), "--db", str(db), "-q", "--cache", ""]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "3 added, 0 updated, 0 unchanged" in first.output
    second = CliRunner().invoke(main, args)
    assert "0 added, 0 updated, 3 unchanged" in second.output
    with Store(db) as store:
        assert set(store.article_hashes()) == {A000, A001, A002}


@pytest.mark.parametrize("backend", ["usearch", "hnswlib", "faiss", "exact"])
def test_ann_backends_agree_with_an_exact_scan_through_add_remove_save_and_load(backend, tmp_path):
    pytest.importorskip({"usearch": "usearch", "hnswlib": "hnswlib", "faiss": "faiss", "exact": "numpy"}[backend])
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(400, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = np.arange(1000, 1400, dtype=np.int64)
    index = new_index(backend, 32)
    index.add(ids, vectors)
    removable = backend != "faiss"
    if removable:
        index.remove(ids[:50])
    index.save(tmp_path / "index")
    loaded = new_index(backend, 32, tmp_path / "index")
    live = ids[50:] if removable else ids
    assert np.array_equal(loaded.ids(), live)
    found, sims = loaded.search(vectors[100:110], 5)
    viewed = new_index(backend, 32, tmp_path / "index", read_only=True)
    assert np.array_equal(viewed.ids(), live)
    assert all(np.array_equal(a, b) for a, b in zip(viewed.search(vectors[100:110], 5), (found, sims), strict=True))
    assert list(found[:, 0]) == list(ids[100:110])
    assert np.allclose(sims[:, 0], 1.0, atol=1e-4) and np.all(np.diff(sims, axis=1) <= 1e-6)
    assert not set(found.ravel()) & set(ids[:50] if removable else [])
