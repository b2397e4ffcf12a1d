"""The corpus store: articles, sentences, claim features and embeddings in one SQLite file.

`xref index` fills it incrementally (an article is reprocessed only when its content hash
changes) so `xref check` can compare a new article with everything known without
recomputing anything. Design choices, and why:

- stdlib ``sqlite3`` in WAL mode: readers (`check`) never block the writer (`index`).
- Claims are stored as JSON (``dataclasses.asdict`` and a typed decoder), never pickle:
  a store file may come from elsewhere, and unpickling runs code.
- Vectors are raw float32 blobs; the embedding model's name, version and dimension are
  recorded, and a store built with another model is refused unless rebuilt.
- Every write is one transaction and bumps ``generation``, which the ANN index file
  records so it can tell when it is behind. Sentence ids are AUTOINCREMENT, never reused,
  so an index can be brought up to date by comparing id sets.
- Writers take an exclusive lock file beside the database (``FILE.lock``): two
  `xref index` runs on one store serialize, or the second gives up with a clear message.
"""

from __future__ import annotations

import dataclasses
import fcntl
import functools
import hashlib
import json
import os
import sqlite3
import time
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from xref.errors import InputError
from xref.models import Article, Claim, Sentence

SCHEMA_VERSION = 1
DEFAULT_DB = ".xref/corpus.db"
BUSY_TIMEOUT_S = 10.0
LOCK_WAIT_S = 60.0

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    title TEXT, source TEXT, published TEXT, url TEXT,
    body TEXT NOT NULL,
    indexed_at TEXT NOT NULL
);
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    is_title INTEGER NOT NULL,
    claim TEXT NOT NULL,
    vector BLOB NOT NULL,
    UNIQUE (article, position)
);
CREATE TABLE anchor_df (lemma TEXT PRIMARY KEY, n INTEGER NOT NULL);
"""


class StoreError(InputError):
    """A store that cannot be used (corrupt, locked, another model); the message names the file."""


@dataclass
class ModelIdentity:
    """What produced the stored vectors and claims; a store only accepts one identity."""

    name: str
    version: str
    dimension: int
    features: str


@dataclass
class StoredArticle:
    """One article with everything computed for it, ready to be written or just read back."""

    article: Article
    content_hash: str
    sentences: list[Sentence]
    claims: list[Claim]
    vectors: np.ndarray


@dataclass
class StoredSentence:
    """A stored sentence with its store id (the ANN label) and its article's metadata."""

    id: int
    sentence: Sentence
    claim: Claim
    published: date | None


# ---------------------------------------------------------------- claims as JSON


def claim_to_json(claim: Claim) -> str:
    return json.dumps(dataclasses.asdict(claim), default=_json_default, separators=(",", ":"))


def claim_from_json(text: str) -> Claim:
    return _decoder(Claim)(json.loads(text))


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a claim")


Decoder = Callable[[Any], Any]


def _as_is(value: Any) -> Any:
    return value


@functools.cache
def _decoder(kind: Any) -> Decoder:
    """A function rebuilding a value of type ``kind`` (a dataclass, list, optional, date or scalar)
    from JSON; None stays None. Built once per type from its hints: `check` decodes thousands of
    claims, and walking the type hints for every value cost more than parsing the JSON."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        return _decoder(next(k for k in typing.get_args(kind) if k is not type(None)))
    if origin is list:
        (item,) = typing.get_args(kind)
        inner = _decoder(item)
        if inner is _as_is:
            return lambda value: None if value is None else list(value)
        return lambda value: None if value is None else [inner(v) for v in value]
    if origin is tuple:
        return lambda value: None if value is None else tuple(value)
    if dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    if kind is date:
        return lambda value: None if value is None else date.fromisoformat(value)
    return _as_is


def _dataclass_decoder(kind: type) -> Decoder:
    fields = {name: _decoder(hint) for name, hint in _field_types(kind).items()}
    plain = frozenset(name for name, decode in fields.items() if decode is _as_is)

    def decode(value: dict | None) -> Any:
        if value is None:
            return None
        return kind(**{k: v if k in plain else fields[k](v) for k, v in value.items() if k in fields})

    return decode


@functools.cache
def _field_types(kind: type) -> dict[str, Any]:
    """A dataclass's field types, resolved once (``get_type_hints`` is slow)."""
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in dataclasses.fields(kind)}


def features_fingerprint(lexicon_text: str) -> str:
    """Changes when the Claim structure or the lexicon changes, i.e. when stored claims go stale."""
    shape = json.dumps(_shape(Claim), sort_keys=True)
    return hashlib.sha256((shape + "\n" + lexicon_text).encode("utf-8")).hexdigest()[:16]


def _shape(kind) -> object:
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return {f.name: _shape(hints[f.name]) for f in dataclasses.fields(kind)}
    args = typing.get_args(kind)
    return [str(typing.get_origin(kind)), [_shape(a) for a in args]] if args else getattr(kind, "__name__", str(kind))


# ---------------------------------------------------------------- hashing


def content_hash(article: Article) -> str:
    """What decides whether an article must be reprocessed: its text and its metadata."""
    payload = {
        "body": article.body,
        "title": article.title,
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- the store


class Store:
    """An open store. Reads are plain queries; each write method is one transaction."""

    def __init__(self, path: str | Path, *, create: bool = False, busy_timeout: float = BUSY_TIMEOUT_S):
        self.path = Path(path)
        self._depth = 0
        if not self.path.exists() and not create:
            raise StoreError(self.path, "no such store; build one with `xref index CORPUS --db FILE`")
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._errors("cannot open"):
            self.db = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
        try:
            with self._errors("cannot open"):
                self._configure(create)
        except StoreError:
            self.db.close()
            raise

    def _configure(self, create: bool) -> None:
        self.db.execute("PRAGMA foreign_keys = ON")
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables and create:
            self._create_schema()
        elif "meta" not in tables or "sentences" not in tables:
            raise StoreError(self.path, "is an SQLite file but not an xref store")
        if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")  # with WAL: a crash loses no committed data
        version = self.meta("schema_version")
        if version != str(SCHEMA_VERSION):
            raise StoreError(self.path, f"store schema version {version}, this xref reads {SCHEMA_VERSION}")

    def _create_schema(self) -> None:
        self.db.execute("PRAGMA journal_mode = WAL")
        with self.transaction():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self._set_meta("schema_version", str(SCHEMA_VERSION))
            self._set_meta("generation", "0")
            self._set_meta("created_at", _now())

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as error:
            raise StoreError(self.path, f"{doing}: {_explain(error)}") from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error; SQLite errors become StoreError.

        Nested calls join the outer transaction, so a whole run can be made atomic.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with self._errors("cannot write"):
            self.db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
            self.db.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: everything read inside sees the same committed state."""
        with self._errors("cannot read"):
            self.db.execute("BEGIN")
            try:
                yield
            finally:
                self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- metadata

    def meta(self, key: str) -> str | None:
        with self._errors("cannot read"):
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def generation(self) -> int:
        return int(self.meta("generation") or 0)

    def _bump_generation(self) -> None:
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    def identity(self) -> ModelIdentity | None:
        name = self.meta("model")
        if name is None:
            return None
        return ModelIdentity(name, self.meta("model_version") or "", int(self.meta("dimension") or 0),
                             self.meta("features") or "")

    def require_identity(self, identity: ModelIdentity, *, check_features: bool = True) -> None:
        """Refuse to mix vectors or claims of different models in one store."""
        stored = self.identity()
        if stored is None:
            return
        if (stored.name, stored.version, stored.dimension) != (identity.name, identity.version, identity.dimension):
            raise StoreError(
                self.path,
                f"built with embedding model {stored.name} (version {stored.version}, {stored.dimension} dims), "
                f"not {identity.name} (version {identity.version}, {identity.dimension} dims); "
                "use the same --model, or re-index with --rebuild",
            )
        if check_features and stored.features != identity.features:
            raise StoreError(
                self.path,
                "its claim features come from another xref version or lexicon; re-index with --rebuild",
            )

    # -- writing

    def put_articles(self, items: list[StoredArticle], identity: ModelIdentity) -> None:
        """Insert or replace articles (by article id), all in one transaction."""
        with self.transaction():
            self._record_identity(identity)
            for item in items:
                self._delete(item.article.id)
                self._insert(item)
            self._bump_generation()

    def remove_articles(self, article_ids: list[str]) -> None:
        with self.transaction():
            for article_id in article_ids:
                self._delete(article_id)
            self._bump_generation()

    def clear(self) -> None:
        """Forget every article and the recorded model (for --rebuild), in one transaction."""
        with self.transaction():
            self.db.execute("DELETE FROM sentences")
            self.db.execute("DELETE FROM articles")
            self.db.execute("DELETE FROM anchor_df")
            self.db.execute("DELETE FROM meta WHERE key IN ('model', 'model_version', 'dimension', 'features')")
            self._bump_generation()

    def _record_identity(self, identity: ModelIdentity) -> None:
        self.require_identity(identity)
        self._set_meta("model", identity.name)
        self._set_meta("model_version", identity.version)
        self._set_meta("dimension", str(identity.dimension))
        self._set_meta("features", identity.features)

    def _delete(self, article_id: str) -> None:
        row = self.db.execute("SELECT id FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        if row is None:
            return
        claims = self.db.execute("SELECT claim FROM sentences WHERE article = ?", (row[0],))
        self._count_anchors([claim_from_json(c) for (c,) in claims], -1)
        self.db.execute("DELETE FROM articles WHERE id = ?", row)
        self.db.execute("DELETE FROM anchor_df WHERE n <= 0")

    def _insert(self, item: StoredArticle) -> None:
        article = item.article
        cursor = self.db.execute(
            "INSERT INTO articles (article_id, path, content_hash, title, source, published, url, body, indexed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, article.path, item.content_hash, article.title, article.source,
             article.published.isoformat() if article.published else None, article.url, article.body, _now()),
        )
        vectors = np.asarray(item.vectors, dtype=np.float32)
        self.db.executemany(
            "INSERT INTO sentences (article, position, text, start_offset, end_offset, paragraph, is_title, claim,"
            " vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (cursor.lastrowid, s.index, s.text, s.start, s.end, s.paragraph, int(s.is_title), claim_to_json(c),
                 v.tobytes())
                for s, c, v in zip(item.sentences, item.claims, vectors, strict=True)
            ],
        )
        self._count_anchors(item.claims, +1)

    def _count_anchors(self, claims: list[Claim], step: int) -> None:
        """Keep per-lemma sentence counts so `check` gets the corpus IDF without reading every claim."""
        counts: dict[str, int] = {}
        for claim in claims:
            for lemma in {a.lemma for a in claim.anchors}:
                counts[lemma] = counts.get(lemma, 0) + step
        self.db.executemany(
            "INSERT INTO anchor_df VALUES (?, ?) ON CONFLICT (lemma) DO UPDATE SET n = n + excluded.n",
            sorted(counts.items()),
        )

    # -- reading

    def article_hashes(self) -> dict[str, str]:
        with self._errors("cannot read"):
            return dict(self.db.execute("SELECT article_id, content_hash FROM articles"))

    def article_count(self) -> int:
        with self._errors("cannot read"):
            return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def sentence_count(self) -> int:
        with self._errors("cannot read"):
            return int(self.db.execute("SELECT COUNT(*) FROM sentences").fetchone()[0])

    def anchor_counts(self) -> dict[str, int]:
        with self._errors("cannot read"):
            return dict(self.db.execute("SELECT lemma, n FROM anchor_df"))

    def sentence_ids(self) -> np.ndarray:
        with self._errors("cannot read"):
            rows = self.db.execute("SELECT id FROM sentences ORDER BY id").fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    def vectors(self, ids: np.ndarray | None = None, batch: int = 20000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(ids, vectors) in batches: every sentence, or only ``ids``."""
        query = "SELECT id, vector FROM sentences"
        with self._errors("cannot read"):
            if ids is None:
                cursor = self.db.execute(query + " ORDER BY id")
                while rows := cursor.fetchmany(batch):
                    yield _unpack(rows)
                return
            for start in range(0, len(ids), 500):
                chunk = [int(i) for i in ids[start : start + 500]]
                rows = self.db.execute(query + f" WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
                if rows:
                    yield _unpack(rows)

    def sentences(self, ids: list[int]) -> dict[int, StoredSentence]:
        """The stored sentences with these ids, with their claims and article dates."""
        found: dict[int, StoredSentence] = {}
        with self._errors("cannot read"):
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = self.db.execute(_SENTENCE_QUERY + f" WHERE s.id IN ({','.join('?' * len(chunk))})", chunk)
                found.update((row[0], _stored_sentence(row)) for row in rows)
        return found

    def sentence_texts(self, ids: list[int]) -> list[str]:
        """The texts of these stored sentences, in the order given (no claims decoded)."""
        found: dict[int, str] = {}
        with self._errors("cannot read"):
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(self.db.execute(f"SELECT id, text FROM sentences WHERE id IN ({marks})", chunk))
        return [found[i] for i in ids]

    def article_sentence_ids(self, article_ids: list[str]) -> list[int]:
        with self._errors("cannot read"):
            marks = ",".join("?" * len(article_ids))
            rows = self.db.execute(
                "SELECT s.id FROM sentences s JOIN articles a ON a.id = s.article"
                f" WHERE a.article_id IN ({marks}) ORDER BY a.article_id, s.position",
                article_ids,
            )
            return [r[0] for r in rows]

    def articles(self, article_ids: list[str] | None = None) -> list[Article]:
        """Stored articles (all, or these), ordered by id, as `Article`s."""
        query = "SELECT article_id, path, body, title, source, published, url FROM articles"
        params: list[str] = []
        if article_ids is not None:
            query += f" WHERE article_id IN ({','.join('?' * len(article_ids))})"
            params = list(article_ids)
        with self._errors("cannot read"):
            rows = self.db.execute(query + " ORDER BY article_id", params).fetchall()
        return [
            Article(id=r[0], path=r[1], body=r[2], title=r[3], source=r[4],
                    published=date.fromisoformat(r[5]) if r[5] else None, url=r[6])
            for r in rows
        ]

    def load_all(self) -> tuple[list[Article], list[Sentence], list[Claim], np.ndarray]:
        """Everything stored, in article then sentence order, for a whole-store report."""
        articles = self.articles()
        ids = self.article_sentence_ids([a.id for a in articles]) if articles else []
        stored = self.sentences(ids)
        dimension = (self.identity() or ModelIdentity("", "", 0, "")).dimension
        vectors = np.zeros((len(ids), dimension), dtype=np.float32)
        position = {sid: n for n, sid in enumerate(ids)}
        for batch_ids, batch_vectors in self.vectors(np.array(ids, dtype=np.int64)):
            vectors[[position[int(i)] for i in batch_ids]] = batch_vectors
        return articles, [stored[i].sentence for i in ids], [stored[i].claim for i in ids], vectors

    def integrity(self) -> str:
        with self._errors("cannot check"):
            return self.db.execute("PRAGMA integrity_check").fetchone()[0]


_SENTENCE_QUERY = (
    "SELECT s.id, a.article_id, s.position, s.text, s.start_offset, s.end_offset, s.paragraph, s.is_title,"
    " s.claim, a.published FROM sentences s JOIN articles a ON a.id = s.article"
)


def _stored_sentence(row: tuple) -> StoredSentence:
    sentence = Sentence(article=row[1], index=row[2], text=row[3], start=row[4], end=row[5], paragraph=row[6],
                        is_title=bool(row[7]))
    return StoredSentence(row[0], sentence, claim_from_json(row[8]), date.fromisoformat(row[9]) if row[9] else None)


def _unpack(rows: list[tuple[int, bytes]]) -> tuple[np.ndarray, np.ndarray]:
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
    return ids, vectors


def _explain(error: sqlite3.DatabaseError) -> str:
    text = str(error)
    if "not a database" in text or "malformed" in text:
        return f"{text} (the file is corrupt or not an xref store; it was left as it is)"
    if "locked" in text or "busy" in text:
        return f"{text} (another process holds it; try again when it is done)"
    return text


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------- the writer lock


@contextmanager
def writer_lock(db_path: str | Path, wait: float = LOCK_WAIT_S) -> Iterator[None]:
    """Hold ``DB.lock`` exclusively: concurrent writers wait up to ``wait`` seconds, then fail clearly.

    The lock is an advisory ``flock``, released by the kernel if the holder dies (even by
    SIGKILL), so a killed `xref index` never leaves a stale lock behind.
    """
    path = Path(str(db_path) + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115 (held open for the whole block)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise StoreError(
                        db_path, f"is being written by {holder}; waited {wait:.0f} s, try again when it is done"
                    ) from None
                time.sleep(0.1)
        handle.seek(0)
        handle.truncate()
        handle.write(f"xref pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()
