"""Benchmark the corpus store and `xref check` at 100,000 sentences.

    .venv/bin/python bench/bench_check.py [--data ../shared/data/ecbplus/articles] [--sentences 100000]

What it does, and what is real:
1. Indexes real ECB+ news articles with the real pipeline (pysbd, spaCy claim features,
   all-MiniLM-L6-v2): this gives the index throughput in sentences per second.
2. Grows that store to ``--sentences`` by storing copies of the real articles under new
   ids (``ID~rN``) with their real claims and their real vectors plus small Gaussian
   noise (cosine ~0.97 to the original), renormalised: the text repeats, the vectors
   do not, so ANN search is not fed exact duplicates. Printed as "replicated".
3. Compares ANN libraries on the store's vectors: build time, query latency (one query
   at a time, k=10), recall@10 against an exact scan, size on disk.
4. Times `xref check` of one article (a real ECB+ article with its numbers changed, so
   there is something to conflict with): warm (models loaded, in process) and cold
   (a fresh `xref check` process, imports and model loading included), 3 times each; the
   figure is the median (the machine is shared), every run is recorded.
Figures go to stdout and to bench/results_check.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ecbplus" / "articles"
NOISE = 0.01  # per-dimension sigma on 384 dims: cosine to the original about 0.97
QUERIES = 300
K = 10
REPEATS = 3  # warm and cold checks each; the median is the figure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of real articles to index")
    parser.add_argument("--sentences", type=int, default=100_000, help="store size to reach")
    parser.add_argument("--workdir", type=Path, default=None, help="where to build the stores (default: a temp dir)")
    parser.add_argument("--backends", default="usearch,hnswlib,faiss,sqlite-vec,exact")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results_check.json")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"{args.data}: no such folder (see ../shared/data/ecbplus/README.md)")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="xref-bench-check-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict = {"data": str(args.data), "target_sentences": args.sentences, "cpus": os.cpu_count()}

    from xref.embed import SentenceTransformerEmbedder

    results["load_average_before"] = os.getloadavg()[0]
    started = time.perf_counter()
    embedder = SentenceTransformerEmbedder()
    results["dimension"] = embedder.dimension  # the model loads on first use
    results["model_load_s"] = round(time.perf_counter() - started, 2)

    real_db = workdir / "real.db"
    results["index"] = index_real(args.data, real_db, embedder)
    big_db = workdir / "store.db"
    results["replicate"] = replicate(real_db, big_db, args.sentences)
    ids, vectors = all_vectors(big_db)
    results["ann"] = compare_ann(ids, vectors, args.backends.split(","), workdir)
    article = make_check_article(args.data, workdir)
    results["check"] = time_check(big_db, article, embedder)
    results["disk"] = disk(big_db)
    results["load_average_after"] = os.getloadavg()[0]
    print_table(results)
    args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"\nfigures written to {args.json}; stores in {workdir}")
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)


def index_real(data: Path, db: Path, embedder) -> dict:
    """`xref index` on the real articles: load, segment, claim features, embed, store, ANN."""
    from xref.check import index_corpus
    from xref.pipeline import Settings

    started = time.perf_counter()
    result = index_corpus(data, db, Settings(cache=None), embedder=embedder)
    seconds = time.perf_counter() - started
    figures = {
        "articles": result.articles,
        "sentences": result.sentences,
        "seconds": round(seconds, 1),
        "sentences_per_s": round(result.sentences / seconds, 1),
    }
    print(f"indexed {result.articles} real articles, {result.sentences} sentences in {seconds:.1f} s "
          f"({figures['sentences_per_s']} sentences/s, real features and embeddings)", flush=True)
    return figures


def replicate(real_db: Path, big_db: Path, target: int) -> dict:
    """Copy the real store, then add noisy-vector copies of its articles until ``target`` sentences."""
    from xref.store import Store

    shutil.copy(real_db, big_db)
    rng = np.random.default_rng(0)
    with Store(real_db) as source:
        identity = source.identity()
        articles = source.articles()
        ids = source.article_sentence_ids([a.id for a in articles])
        stored = source.sentences(ids)
        vectors = dict(zip(*_concat(source.vectors()), strict=True))
    by_article: dict[str, list[int]] = {}
    for sid in ids:
        by_article.setdefault(stored[sid].sentence.article, []).append(sid)
    started = time.perf_counter()
    written = 0
    with Store(big_db) as store:
        total = store.sentence_count()
        copy = 0
        while total < target:
            copy += 1
            batch = []
            for article in articles:
                if total >= target:
                    break
                members = by_article.get(article.id, [])
                if not members:
                    continue
                batch.append(_copy(article, members, stored, vectors, copy, rng))
                total += len(members)
                written += len(members)
                if len(batch) >= 200:
                    store.put_articles(batch, identity)
                    batch = []
            if batch:
                store.put_articles(batch, identity)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        final = store.sentence_count()
    seconds = time.perf_counter() - started
    print(f"replicated to {final} sentences ({copy} noisy copies of the real articles): store writes "
          f"{written / seconds:.0f} sentences/s", flush=True)
    return {"sentences": final, "copies": copy, "noise_sigma": NOISE, "write_sentences_per_s": round(written / seconds)}


def _concat(batches) -> tuple[np.ndarray, np.ndarray]:
    parts = list(batches)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _copy(article, members, stored, vectors, copy: int, rng):
    from dataclasses import replace

    from xref.store import StoredArticle, content_hash

    new_id = f"{article.id}~r{copy}"
    clone = replace(article, id=new_id)
    sentences = [replace(stored[m].sentence, article=new_id) for m in members]
    claims = [stored[m].claim for m in members]
    noisy = np.stack([vectors[m] for m in members]) + rng.normal(0, NOISE, (len(members), 384)).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    return StoredArticle(clone, content_hash(clone) + f"~r{copy}", sentences, claims, noisy.astype(np.float32))


def all_vectors(db: Path) -> tuple[np.ndarray, np.ndarray]:
    from xref.store import Store

    with Store(db) as store:
        return _concat(store.vectors())


# ---------------------------------------------------------------- ANN comparison


def compare_ann(ids: np.ndarray, vectors: np.ndarray, backends: list[str], workdir: Path) -> dict:
    rng = np.random.default_rng(1)
    picks = rng.choice(len(vectors), QUERIES, replace=False)
    queries = vectors[picks] + rng.normal(0, 0.02, (QUERIES, vectors.shape[1])).astype(np.float32)
    queries = (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype(np.float32)
    truth = _exact_top(vectors, ids, queries)
    figures = {}
    for backend in backends:
        try:
            figures[backend] = _measure(backend, ids, vectors, queries, truth, workdir)
        except ImportError as error:
            figures[backend] = {"skipped": f"not installed ({error.name}); pip install -e '.[bench]'"}
        print(f"ANN {backend}: {figures[backend]}", flush=True)
    return figures


def _exact_top(vectors: np.ndarray, ids: np.ndarray, queries: np.ndarray) -> np.ndarray:
    scores = queries @ vectors.T
    top = np.argsort(-scores, axis=1)[:, :K]
    return ids[top]


def _measure(backend: str, ids, vectors, queries, truth, workdir: Path) -> dict:
    if backend == "sqlite-vec":
        return _measure_sqlite_vec(ids, vectors, queries, truth, workdir)
    from xref.ann import new_index

    started = time.perf_counter()
    index = new_index(backend, vectors.shape[1])
    index.add(ids, vectors)
    build = time.perf_counter() - started
    path = workdir / f"bench.{backend}"
    index.save(path)
    if backend == "faiss":  # OpenMP threads cost more than they save on one query at a time
        import faiss

        faiss.omp_set_num_threads(1)
    started = time.perf_counter()
    index = new_index(backend, vectors.shape[1], path)
    load = time.perf_counter() - started
    found, latencies = [], []
    for query in queries:
        t = time.perf_counter()
        hits, _ = index.search(query[None], K)
        latencies.append(time.perf_counter() - t)
        found.append(hits[0])
    return _figures(build, load, latencies, np.array(found), truth, path.stat().st_size)


def _measure_sqlite_vec(ids, vectors, queries, truth, workdir: Path) -> dict:
    import sqlite3

    import sqlite_vec

    path = workdir / "bench.sqlite-vec.db"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    if not hasattr(db, "enable_load_extension"):
        return {"skipped": "this Python's sqlite3 was built without loadable extensions, so sqlite-vec cannot load"}
    db.enable_load_extension(True)
    sqlite_vec.load(db)
    db.enable_load_extension(False)
    started = time.perf_counter()
    db.execute(f"CREATE VIRTUAL TABLE v USING vec0(embedding float[{vectors.shape[1]}])")
    with db:
        db.executemany("INSERT INTO v (rowid, embedding) VALUES (?, ?)",
                       ((int(i), v.tobytes()) for i, v in zip(ids, vectors, strict=True)))
    build = time.perf_counter() - started
    found, latencies = [], []
    for query in queries:
        t = time.perf_counter()
        rows = db.execute("SELECT rowid FROM v WHERE embedding MATCH ? ORDER BY distance LIMIT ?",
                          (query.tobytes(), K)).fetchall()
        latencies.append(time.perf_counter() - t)
        found.append([r[0] for r in rows] + [-1] * (K - len(rows)))
    db.close()
    return _figures(build, 0.0, latencies, np.array(found), truth, path.stat().st_size)


def _figures(build, load, latencies, found, truth, size) -> dict:
    recall = np.mean([len(set(f) & set(t)) / K for f, t in zip(found, truth, strict=True)])
    return {
        "build_s": round(build, 2),
        "load_s": round(load, 3),
        "query_ms_median": round(1000 * statistics.median(latencies), 3),
        "query_ms_p95": round(1000 * float(np.percentile(latencies, 95)), 3),
        "recall_at_10": round(float(recall), 4),
        "size_mb": round(size / 2**20, 1),
    }


# ---------------------------------------------------------------- check latency


def make_check_article(data: Path, workdir: Path) -> Path:
    """A real article (the longest of topic 1) with every number changed, under a new id."""
    source = max((p for p in sorted(data.rglob("*.txt")) if p.name.startswith("1_")), key=lambda p: p.stat().st_size)
    text = re.sub(r"\d+", lambda m: str(int(m.group()) + 3), source.read_text(encoding="utf-8"))
    path = workdir / "desk_check.txt"
    path.write_text(text, encoding="utf-8")
    return path


def time_check(db: Path, article: Path, embedder, repeats: int = REPEATS) -> dict:
    """Warm: ``repeats`` in-process checks after a first one (models loaded); cold: ``repeats`` fresh
    `xref check` processes. Medians are the figures (the machine is shared), every run is kept."""
    from xref.ann import open_index
    from xref.check import check_articles
    from xref.pipeline import Settings
    from xref.store import Store

    with Store(db) as store:  # bring the ANN index in step once, as `xref index` does after writing
        started = time.perf_counter()
        open_index(store)
        ann_sync = time.perf_counter() - started
    runs = []
    for _ in range(repeats + 1):
        started = time.perf_counter()
        result = check_articles([article], db, Settings(cache=None), embedder=embedder)
        runs.append((time.perf_counter() - started, result))
    first, warm = runs[0], sorted(runs[1:], key=lambda r: r[0])
    warm_seconds, result = warm[len(warm) // 2]
    cold = [_cold_check(db, article) for _ in range(repeats)]
    figures = {
        "ann_build_100k_s": round(ann_sync, 1),
        "first_in_process_s": round(first[0], 2),
        "warm_s": round(warm_seconds, 2),
        "warm_runs_s": [round(seconds, 2) for seconds, _ in runs[1:]],
        "warm_stages_s": {k: round(v, 3) for k, v in result.timings.items()},
        "cold_s": round(statistics.median(cold), 2),
        "cold_runs_s": [round(seconds, 2) for seconds in cold],
        "new_sentences": sum(1 for s in result.analysis.sentences if s.article == result.checked[0]),
        "candidates": len(result.analysis.candidates),
        "conflicts": len(result.conflicts),
        "matches": sum(1 for p in result.report["pairs"] if p["label"] == "match"),
    }
    print(f"check: {figures}", flush=True)
    return figures


def _cold_check(db: Path, article: Path) -> float:
    xref = Path(sys.executable).with_name("xref")
    started = time.perf_counter()
    done = subprocess.run([str(xref), "check", str(article), "--db", str(db), "-q", "--cache", ""],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"xref check failed: {done.stderr}")
    return seconds


def disk(db: Path) -> dict:
    from xref.ann import index_paths
    from xref.store import Store

    with Store(db) as store:
        sentences = store.sentence_count()
    index_file, _ = index_paths(db)
    db_mb = db.stat().st_size / 2**20
    ann_mb = index_file.stat().st_size / 2**20 if index_file.exists() else 0.0
    per = 100_000 / max(sentences, 1)
    return {"sentences": sentences, "db_mb": round(db_mb, 1), "ann_mb": round(ann_mb, 1),
            "per_100k_sentences_mb": round((db_mb + ann_mb) * per, 1)}


def print_table(results: dict) -> None:
    index, check, size = results["index"], results["check"], results["disk"]
    print("\n== xref check at", results["replicate"]["sentences"], "sentences")
    rows = [
        ("model load (in process)", f"{results['model_load_s']} s"),
        ("index throughput (real pipeline)", f"{index['sentences_per_s']} sentences/s "
                                             f"({index['sentences']} sentences in {index['seconds']} s)"),
        ("store writes (replication)", f"{results['replicate']['write_sentences_per_s']} sentences/s"),
        ("ANN build (usearch, 100k)", f"{check['ann_build_100k_s']} s"),
        ("check, warm (target < 2 s)", f"{check['warm_s']} s for {check['new_sentences']} sentences, "
                                       f"{check['candidates']} candidates (median of {check['warm_runs_s']})"),
        ("check, cold process (target < 10 s)", f"{check['cold_s']} s (median of {check['cold_runs_s']})"),
        ("disk per 100k sentences", f"{size['per_100k_sentences_mb']} MB (db {size['db_mb']} MB + "
                                    f"ann {size['ann_mb']} MB)"),
    ]
    for name, value in rows:
        print(f"{name:38} {value}")
    print(f"\n{'ANN library':12} {'build s':>8} {'load s':>7} {'query ms':>9} {'p95 ms':>7} {'recall@10':>9} {'MB':>7}")
    for name, f in results["ann"].items():
        if "skipped" in f:
            print(f"{name:12} {f['skipped']}")
            continue
        print(f"{name:12} {f['build_s']:>8} {f['load_s']:>7} {f['query_ms_median']:>9} {f['query_ms_p95']:>7} "
              f"{f['recall_at_10']:>9} {f['size_mb']:>7}")


if __name__ == "__main__":
    main()
