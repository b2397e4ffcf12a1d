"""Claim features cached by content hash, so an unchanged corpus is never parsed twice.

spaCy parsing is the slowest stage of a run. A sentence's claim depends only on its text, its article's
publication date (time expressions are normalised against it), the lexicon and the feature code, so the
claim is stored in SQLite under a hash of (text, date), in a table partitioned by a fingerprint of
everything else: ``FEATURE_VERSION``, ``xref.features.FEATURE_VERSION`` when that module defines one, the
lexicon's content, the source of the modules that compute features, the dataclass schema and the spaCy
model's version. Changing any of them starts a fresh partition instead of serving stale claims.

Claims are stored as JSON. The (de)serialisation is generic over dataclass fields and their type hints,
so fields added to ``xref.models`` keep working without touching this module; Ray workers reuse it to
ship claims and verdicts between processes.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import json
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from xref.embed import KeyValueCache
from xref.lexicon import Lexicon
from xref.models import Claim, Sentence

FEATURE_VERSION = 1
"""Bump when claim features change in a way the fingerprint cannot see (e.g. a new spaCy behaviour)."""

FEATURE_MODULES = ("features.py", "timex.py", "lexicon.py", "models.py")
"""Modules whose source decides a claim: editing one of them invalidates the cache."""

T = TypeVar("T")
Extractor = Callable[..., list[Claim]]


# --- generic dataclass <-> JSON ------------------------------------------------------------------


def to_jsonable(value: Any) -> Any:
    """Plain JSON data for a dataclass tree: dates as ISO strings, tuples and sets as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((to_jsonable(v) for v in value), key=repr)
    return value


def from_jsonable(cls: type[T], data: dict) -> T:
    """Rebuild a dataclass of type ``cls`` from ``to_jsonable`` output, guided by its type hints.

    Keys missing from ``data`` take the field's default (claims stored before a field was added),
    unknown keys are ignored (a field was removed). The decoder for each type is built once from its
    hints: a warm run of 1,000 articles decodes half a million verdicts.
    """
    return _decoder(cls)(data)


Decoder = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@functools.cache
def _decoder(hint: Any) -> Decoder:
    """A function turning JSON data into a value of type ``hint`` (None stays None)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(tuple(a for a in args if a is not type(None)))
    if origin in (list, set, frozenset):
        return _nullable(_collection_decoder(origin, _decoder(args[0]) if args else _identity))
    if origin is tuple:
        return _nullable(_tuple_decoder(args))
    if origin is dict:
        key, value = (_key_decoder(args[0]), _decoder(args[1])) if args else (_identity, _identity)
        return _nullable(lambda data: {key(k): value(v) for k, v in data.items()})
    if dataclasses.is_dataclass(hint):
        return _nullable(_dataclass_decoder(hint))
    scalar = _scalar_decoder(hint)
    return scalar if scalar is _identity else _nullable(scalar)


def _nullable(decode: Decoder) -> Decoder:
    return lambda value: None if value is None else decode(value)


def _collection_decoder(kind: type, inner: Decoder) -> Decoder:
    if inner is _identity:
        return kind
    return lambda values: kind([inner(v) for v in values])


def _tuple_decoder(args: tuple) -> Decoder:
    if not args:
        return tuple
    if len(args) == 2 and args[1] is Ellipsis:
        inner = _decoder(args[0])
        return lambda values: tuple(inner(v) for v in values)
    parts = [_decoder(a) for a in args]
    return lambda values: tuple(d(v) for d, v in zip(parts, values, strict=False))


def _key_decoder(hint: Any) -> Decoder:
    return int if hint is int else _identity


def _union_decoder(options: tuple) -> Decoder:
    if len(options) == 1:
        return _decoder(options[0])

    def decode(value: Any) -> Any:  # several types: take the one whose JSON shape fits the value
        if value is None:
            return None
        for option in options:
            if isinstance(value, dict) and dataclasses.is_dataclass(option):
                return _decoder(option)(value)
            if isinstance(option, type) and isinstance(value, option) and not dataclasses.is_dataclass(option):
                return value
        return value

    return decode


def _dataclass_decoder(cls: type) -> Decoder:
    hints = _hints(cls)
    fields = [(f.name, _decoder(hints.get(f.name, Any)), f.init) for f in dataclasses.fields(cls)]

    def decode(data: dict) -> Any:
        init, later = {}, []
        for name, field_decoder, in_init in fields:
            if name in data:
                value = field_decoder(data[name])
                if in_init:
                    init[name] = value
                else:
                    later.append((name, value))
        obj = cls(**init)
        for name, value in later:
            setattr(obj, name, value)
        return obj

    return decode


def _scalar_decoder(hint: Any) -> Decoder:
    if hint is datetime:
        return datetime.fromisoformat
    if hint is date:
        return date.fromisoformat
    if hint is float:
        return lambda value: float(value) if isinstance(value, int) else value
    if hint in (tuple, list, set):
        return lambda value: hint(value) if isinstance(value, list) else value
    return _identity


def claim_to_json(claim: Claim) -> str:
    return json.dumps(to_jsonable(claim), ensure_ascii=False, separators=(",", ":"))


def claim_from_json(text: str) -> Claim:
    return from_jsonable(Claim, json.loads(text))


# --- fingerprints ---------------------------------------------------------------------------------


def lexicon_hash(lexicon: Lexicon) -> str:
    """A hash of the lexicon's content (sets and dict keys in a stable order)."""
    return hashlib.sha256(_canonical(to_jsonable(lexicon)).encode("utf-8")).hexdigest()[:16]


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Version constants, feature module sources, Claim schema and spaCy model version, hashed."""
    import xref.features as features

    digest = hashlib.sha256()
    digest.update(f"{FEATURE_VERSION}:{getattr(features, 'FEATURE_VERSION', '')}".encode())
    package = Path(__file__).parent
    for name in FEATURE_MODULES:
        path = package / name
        digest.update(path.read_bytes() if path.exists() else name.encode())
    digest.update(_schema(Claim).encode())
    digest.update(_spacy_model_version(features).encode())
    return digest.hexdigest()[:16]


def _schema(cls: type) -> str:
    seen: dict[str, str] = {}

    def walk(c: type) -> None:
        if c.__name__ in seen:
            return
        hints = _hints(c)
        seen[c.__name__] = ",".join(f"{f.name}:{hints.get(f.name)}" for f in dataclasses.fields(c))
        for hint in hints.values():
            for inner in _types_in(hint):
                if dataclasses.is_dataclass(inner):
                    walk(inner)

    walk(cls)
    return _canonical(seen)


def _types_in(hint: Any) -> list:
    args = typing.get_args(hint)
    return [hint] if not args else [t for a in args for t in _types_in(a)]


def _spacy_model_version(features) -> str:
    from importlib.metadata import PackageNotFoundError, version

    name = getattr(features, "SPACY_MODEL", "")
    try:
        return f"{name}=={version(name.replace('_', '-'))}"
    except PackageNotFoundError:
        return name


def partition(lexicon: Lexicon) -> str:
    """The cache partition for claims made with this lexicon and this code."""
    return f"{code_fingerprint()}:{lexicon_hash(lexicon)}"


def sentence_key(text: str, published: date | None) -> str:
    raw = json.dumps([text, published.isoformat() if published else None], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


# --- the cache -------------------------------------------------------------------------------------


class FeatureCache(KeyValueCache):
    """Claims as JSON keyed by (partition, sha256 of text and date); shares a file with EmbeddingCache."""

    table, group_column, value_column = "claims", "partition", "claim"

    def encode(self, value: Claim) -> str:
        return claim_to_json(value)

    def decode(self, stored: str) -> Claim:
        return claim_from_json(stored)


def cached_claims(
    sentences: list[Sentence],
    published: dict[str, date | None],
    lexicon: Lexicon,
    path: str | Path | None,
    *,
    extract: Extractor | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Claim]:
    """Claims for ``sentences`` in order: cached ones read back, the rest extracted once and stored.

    ``extract`` has the signature of ``xref.features.extract_claims`` (the Ray engine passes its own);
    with ``path`` None every claim is extracted.
    """
    if extract is None:
        from xref.features import extract_claims as extract
    if path is None:
        return extract(sentences, published, lexicon=lexicon, progress=progress)
    keys = [sentence_key(s.text, published.get(s.article)) for s in sentences]
    cache = FeatureCache(path)
    try:
        part = partition(lexicon)
        known = cache.get(part, sorted(set(keys)))
        first_of: dict[str, int] = {}
        for index, key in enumerate(keys):
            if key not in known:
                first_of.setdefault(key, index)
        todo = [sentences[i] for i in first_of.values()]
        if todo:
            fresh = dict(zip(first_of, extract(todo, published, lexicon=lexicon, progress=progress), strict=True))
            cache.put(part, fresh)
            known.update(fresh)
    finally:
        cache.close()
    if progress:
        progress(len(keys) - len(todo))
    return _distinct([known[k] for k in keys])


def _distinct(claims: list[Claim]) -> list[Claim]:
    """Repeated sentences get their own copy of a claim, as a fresh extraction would give them."""
    seen: set[int] = set()
    out = []
    for claim in claims:
        out.append(copy.deepcopy(claim) if id(claim) in seen else claim)
        seen.add(id(claim))
    return out


# --- verdicts --------------------------------------------------------------------------------------
#
# Judging every candidate pair again is what a warm run of a large corpus would spend its time on (half a
# million pairs at 982 ECB+ articles). A verdict depends on the two sentences (text, date, article id:
# ``later`` names the article), their similarity, the judge model, the lexicon, the corpus-wide IDF of
# alignment words and the code, so verdicts are cached under a partition that hashes all of the
# corpus-wide parts: any change to the corpus changes the IDF and starts a new partition, while an
# unchanged corpus re-reads every verdict.


def judge_partition(judge_model: str | None, nli_model: str | None, lexicon: Lexicon, idf: dict[str, float]) -> str:
    """Cache partition for verdicts of the default judge with this model, lexicon, IDF and code."""
    digest = hashlib.sha256()
    digest.update(code_fingerprint().encode())
    package = Path(__file__).parent
    for path in sorted(package.glob("*.py")):  # any code change invalidates: the judge reaches far
        digest.update(path.name.encode() + path.read_bytes())
    model = Path(judge_model) if judge_model else package / "data" / "judge_model.json"
    digest.update(model.read_bytes() if model.is_file() else str(model).encode())
    digest.update(str(nli_model).encode())
    digest.update(lexicon_hash(lexicon).encode())
    digest.update(_canonical(sorted(idf.items())).encode())
    return "v:" + digest.hexdigest()[:24]


def sentence_tokens(sentences: list[Sentence], published: dict[str, date | None]) -> list[str]:
    """A short hash of each sentence's article, text and date: one side of a verdict's cache key."""
    return [
        hashlib.sha256(json.dumps([s.article, s.text, _iso(published.get(s.article))]).encode()).hexdigest()[:24]
        for s in sentences
    ]


def pair_keys(tokens: list[str], candidates: list) -> list[str]:
    """Cache keys of candidate pairs: both sides' tokens and the similarity (the judge reads it)."""
    return [f"{tokens[c.a]}{tokens[c.b]}{c.similarity!r}" for c in candidates]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def cached_verdicts(
    keys: list[str],
    path: str | Path | None,
    part: str,
    judge_missing: Callable[[list[int]], list],
    progress: Callable[[int], None] | None = None,
) -> list:
    """Verdicts for ``keys`` in order: cached ones read back, the rest from ``judge_missing(positions)``."""
    if path is None:
        return judge_missing(list(range(len(keys))))
    cache = VerdictCache(path)
    try:
        known = cache.get(part, keys)
        missing = [n for n, key in enumerate(keys) if key not in known]
        if missing:
            fresh = dict(zip((keys[n] for n in missing), judge_missing(missing), strict=True))
            cache.put(part, fresh)
            known.update(fresh)
    finally:
        cache.close()
    if progress:
        progress(len(keys) - len(missing))
    return [known[key] for key in keys]


class VerdictCache(KeyValueCache):
    """Verdicts as JSON keyed by (partition, pair key), in the same SQLite file as the other caches."""

    table, group_column, value_column = "verdicts", "partition", "verdict"

    def encode(self, value) -> str:
        return json.dumps(to_jsonable(value), separators=(",", ":"))

    def decode(self, stored: str):
        from xref.models import Verdict

        return from_jsonable(Verdict, json.loads(stored))
