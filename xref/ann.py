"""Nearest-neighbour search over the stored sentence vectors, behind a small interface.

`xref check` needs the stored sentences closest to each sentence of a new article. An
exact scan of 100,000 vectors is fine for one query but the index must also stay cheap
to load and to keep in step as articles come and go, so the index is a real ANN library
persisted beside the database (``FILE.ann`` plus ``FILE.ann.json``, which records the
store generation it reflects). Labels are the store's sentence ids (never reused), so an
index that is behind is brought up to date by adding and removing the ids that differ.

Backends: usearch (the default, chosen on `bench/bench_check.py`'s figures: see the
README), hnswlib and faiss-cpu when installed, and an exact numpy scan. All take
L2-normalised float32 vectors and return inner-product similarities (cosine).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from xref.store import Store, StoreError, writer_lock

log = logging.getLogger(__name__)

DEFAULT_BACKEND = "usearch"
REBUILD_FRACTION = 0.25  # past this share of stale ids, rebuilding beats patching


class AnnIndex(Protocol):
    """Labels are int64 sentence ids; ``search`` pads missing hits with id -1."""

    name: str

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...

    def remove(self, ids: np.ndarray) -> None: ...

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]: ...

    def ids(self) -> np.ndarray: ...

    def save(self, path: Path) -> None: ...


class UsearchIndex:
    """HNSW from usearch: multi-threaded build, true removal, memory-mapped loading.

    ``view`` memory-maps the file instead of reading it (milliseconds instead of a fifth of a
    second at 100,000 vectors; pages are read as searches touch them); a viewed index is
    read-only: ``add`` and ``remove`` raise.
    """

    name = "usearch"

    def __init__(self, dimension: int, path: Path | None = None, *, expansion_search: int = 96, view: bool = False):
        from usearch.index import Index

        self.index = Index(ndim=dimension, metric="ip", dtype="f32", connectivity=16, expansion_add=128,
                           expansion_search=expansion_search)
        if path is not None and view:
            self.index.view(str(path))
        elif path is not None:
            self.index.load(str(path))

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self.index.add(np.asarray(ids, dtype=np.uint64), np.ascontiguousarray(vectors, dtype=np.float32))

    def remove(self, ids: np.ndarray) -> None:
        if len(ids):
            self.index.remove(np.asarray(ids, dtype=np.uint64))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = np.atleast_2d(np.ascontiguousarray(queries, dtype=np.float32))
        found = np.full((len(queries), k), -1, dtype=np.int64)
        sims = np.full((len(queries), k), -np.inf, dtype=np.float32)
        if len(self.index) == 0 or len(queries) == 0:
            return found, sims
        matches = self.index.search(queries, k)
        if hasattr(matches, "counts"):  # a batch
            counts, keys, distances = matches.counts, matches.keys.astype(np.int64), matches.distances
        else:  # one query gives one Matches
            counts, keys, distances = [len(matches.keys)], matches.keys[None].astype(np.int64), matches.distances[None]
        for row, count in enumerate(counts):
            found[row, :count] = keys[row, :count]
            sims[row, :count] = 1.0 - distances[row, :count]
        return found, sims

    def ids(self) -> np.ndarray:
        return np.sort(np.asarray(self.index.keys, dtype=np.int64))

    def save(self, path: Path) -> None:
        self.index.save(str(path))


class HnswlibIndex:
    """hnswlib's HNSW: removal is a tombstone (kept in a ``.deleted.npy`` file beside the index,
    since hnswlib 0.8 cannot list them), and the capacity grows as needed."""

    name = "hnswlib"

    def __init__(self, dimension: int, path: Path | None = None, *, ef: int = 96):
        import hnswlib

        self.index = hnswlib.Index(space="ip", dim=dimension)
        self.deleted: set[int] = set()
        if path is not None:
            self.index.load_index(str(path), allow_replace_deleted=True)
            tombstones = Path(str(path) + ".deleted.npy")
            if tombstones.exists():
                self.deleted = {int(i) for i in np.load(tombstones)}
        else:
            self.index.init_index(max_elements=1024, ef_construction=128, M=16, allow_replace_deleted=True)
        self.index.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
        self.ef = ef

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if not len(ids):
            return
        needed = self.index.get_current_count() + len(ids)
        if needed > self.index.get_max_elements():
            self.index.resize_index(max(needed, 2 * self.index.get_max_elements()))
        self.index.add_items(np.asarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))
        self.deleted -= {int(i) for i in ids}

    def remove(self, ids: np.ndarray) -> None:
        for label in ids:
            self.index.mark_deleted(int(label))
            self.deleted.add(int(label))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        k_live = min(k, self.index.get_current_count() - len(self.deleted))
        found = np.full((len(queries), k), -1, dtype=np.int64)
        sims = np.full((len(queries), k), -np.inf, dtype=np.float32)
        if k_live <= 0 or len(queries) == 0:
            return found, sims
        self.index.set_ef(max(self.ef, k_live))
        labels, distances = self.index.knn_query(queries, k=k_live)
        found[:, :k_live] = labels
        sims[:, :k_live] = 1.0 - distances
        return found, sims

    def ids(self) -> np.ndarray:
        return np.sort(np.array([i for i in self.index.get_ids_list() if i not in self.deleted], dtype=np.int64))

    def save(self, path: Path) -> None:
        self.index.save_index(str(path))
        np.save(Path(str(path) + ".deleted.npy"), np.array(sorted(self.deleted), dtype=np.int64))


class FaissHnswIndex:
    """faiss-cpu's HNSW (inner product) under an id map; faiss HNSW cannot remove, so removal rebuilds."""

    name = "faiss"

    def __init__(self, dimension: int, path: Path | None = None, *, ef: int = 96):
        import faiss

        self.faiss = faiss
        if path is not None:
            self.index = faiss.read_index(str(path))
        else:
            inner = faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = 128
            self.index = faiss.IndexIDMap2(inner)
        faiss.downcast_index(self.index.index).hnsw.efSearch = ef

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))

    def remove(self, ids: np.ndarray) -> None:
        if len(ids):
            raise NotImplementedError("faiss HNSW cannot remove vectors")

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = np.atleast_2d(np.ascontiguousarray(queries, dtype=np.float32))
        sims, found = self.index.search(queries, k)
        sims = np.where(found < 0, -np.inf, sims).astype(np.float32)
        return found.astype(np.int64), sims

    def ids(self) -> np.ndarray:
        return np.sort(self.faiss.vector_to_array(self.index.id_map).astype(np.int64))

    def save(self, path: Path) -> None:
        self.faiss.write_index(self.index, str(path))


class ExactIndex:
    """A brute-force scan: the reference the ANN backends' recall is measured against."""

    name = "exact"

    def __init__(self, dimension: int, path: Path | None = None):
        self.dimension = dimension
        self._ids = np.zeros(0, dtype=np.int64)
        self._vectors = np.zeros((0, dimension), dtype=np.float32)
        if path is not None:
            with np.load(path) as data:
                self._ids, self._vectors = data["ids"], data["vectors"]

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        self._ids = np.concatenate([self._ids, np.asarray(ids, dtype=np.int64)])
        self._vectors = np.concatenate([self._vectors, np.asarray(vectors, dtype=np.float32)])

    def remove(self, ids: np.ndarray) -> None:
        keep = ~np.isin(self._ids, ids)
        self._ids, self._vectors = self._ids[keep], self._vectors[keep]

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        found = np.full((len(queries), k), -1, dtype=np.int64)
        sims = np.full((len(queries), k), -np.inf, dtype=np.float32)
        n = min(k, len(self._ids))
        if n == 0:
            return found, sims
        scores = queries @ self._vectors.T
        top = np.argpartition(-scores, n - 1, axis=1)[:, :n]
        order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        found[:, :n] = self._ids[top]
        sims[:, :n] = np.take_along_axis(scores, top, axis=1)
        return found, sims

    def ids(self) -> np.ndarray:
        return np.sort(self._ids)

    def save(self, path: Path) -> None:
        with open(path, "wb") as out:
            np.savez(out, ids=self._ids, vectors=self._vectors)


BACKENDS: dict[str, Callable[..., AnnIndex]] = {
    "usearch": UsearchIndex,
    "hnswlib": HnswlibIndex,
    "faiss": FaissHnswIndex,
    "exact": ExactIndex,
}


def new_index(backend: str, dimension: int, path: Path | None = None, *, read_only: bool = False) -> AnnIndex:
    """An empty index, or the one saved at ``path``; ``read_only`` lets a backend that can
    memory-map its file (usearch) do so instead of reading it all."""
    try:
        factory = BACKENDS[backend]
    except KeyError:
        raise ValueError(f"unknown ANN backend {backend!r}; one of {', '.join(BACKENDS)}") from None
    if read_only and factory is UsearchIndex:
        return UsearchIndex(dimension, path, view=True)
    return factory(dimension, path)


def index_paths(db_path: str | Path) -> tuple[Path, Path]:
    """The index file and its JSON header, beside the database."""
    return Path(str(db_path) + ".ann"), Path(str(db_path) + ".ann.json")


def open_index(store: Store, *, backend: str = DEFAULT_BACKEND, save: bool = True, locked: bool = False) -> AnnIndex:
    """The store's ANN index, loaded from disk and brought up to date with the store.

    An index whose header records the store's current generation is used as it is,
    memory-mapped where the backend can (so it is read-only: use it to search). A missing,
    unreadable or foreign index file is rebuilt from the stored vectors; one that is behind
    (its generation differs) gets the added and removed ids patched in. The updated index
    is saved only under the writer lock (``locked``: the caller holds it; otherwise only if
    it is free at once), so two processes never interleave their writes of the two files.
    """
    index_file, header_file = index_paths(store.path)
    identity = store.identity()
    dimension = identity.dimension if identity else 0
    model = identity.name if identity else ""
    header = _read_header(header_file)
    current = header.get("generation") == store.generation  # the usual case: nothing to compare or patch
    index = _load(index_file, header, backend, dimension, model, read_only=current)
    if index is not None and current:
        return index
    generation, db_ids = _snapshot(store)
    index, changed = _sync(store, index, backend, dimension, db_ids)
    if changed and save and locked:
        save_index(store.path, index, generation, model, dimension)
    elif changed and save:
        _save_if_free(store, index, generation, model, dimension)
    return index


def _snapshot(store: Store) -> tuple[int, np.ndarray]:
    """The generation and sentence ids read in one transaction, so they describe the same state."""
    with store.reading():
        return store.generation, store.sentence_ids()


def _read_header(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _load(path: Path, header: dict, backend: str, dimension: int, model: str, *,
          read_only: bool = False) -> AnnIndex | None:
    if header.get("backend") != backend or header.get("dimension") != dimension or header.get("model") != model:
        return None
    try:
        return new_index(backend, dimension, path, read_only=read_only)
    except Exception as error:  # each library raises its own kinds; any means "rebuild it"
        log.warning("ANN index %s unreadable (%s); rebuilding it", path, error)
        return None


def _sync(store: Store, index: AnnIndex | None, backend: str, dimension: int, db_ids: np.ndarray):
    """Patch ``index`` to hold exactly ``db_ids``, or build a new one when that is cheaper."""
    if index is not None:
        held = index.ids()
        stale = np.setdiff1d(held, db_ids, assume_unique=True)
        fresh = np.setdiff1d(db_ids, held, assume_unique=True)
        if len(stale) + len(fresh) == 0:
            return index, True  # same ids, header was behind: rewrite the header
        if len(stale) <= REBUILD_FRACTION * max(len(db_ids), 1):
            try:
                index.remove(stale)
                _add_from_store(store, index, fresh)
                return index, True
            except NotImplementedError:
                pass
    index = new_index(backend, dimension)
    _add_from_store(store, index, None)
    return index, True


def _add_from_store(store: Store, index: AnnIndex, ids: np.ndarray | None) -> None:
    if ids is not None and len(ids) == 0:
        return
    for batch_ids, vectors in store.vectors(ids):
        index.add(batch_ids, vectors)


def _save_if_free(store: Store, index: AnnIndex, generation: int, model: str, dimension: int) -> None:
    try:
        with writer_lock(store.path, wait=0):
            save_index(store.path, index, generation, model, dimension)
    except (StoreError, OSError) as error:
        log.info("ANN index not saved (%s); it will be brought up to date next time", error)


def save_index(db_path: str | Path, index: AnnIndex, generation: int, model: str, dimension: int) -> None:
    """Write the index then its header, each atomically; call with the writer lock held.

    The header goes last: after a crash between the two, the header is older than the
    index, which only costs a comparison of id sets next time, never a wrong answer.
    """
    index_file, header_file = index_paths(db_path)
    _replace(index_file, index.save)
    header = {"backend": index.name, "generation": generation, "model": model, "dimension": dimension}
    _replace(header_file, lambda p: p.write_text(json.dumps(header) + "\n", encoding="utf-8"))


def _replace(path: Path, write: Callable[[Path], None]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
