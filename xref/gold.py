"""Gold pairs: what a curated corpus is known to say, kept as data beside it (``gold.yaml``).

Each pair names two sentences by article id and a short verbatim quote from the
sentence, so gold files survive changes to segmentation. The judge is trained
and measured on these files, and the CI gate reuses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from xref.align import CONFLICT_TYPES
from xref.errors import InputError
from xref.models import Sentence

GOLD_NAMES = ("gold.yaml", "gold.yml")
LABELS = ("match", "conflict", "none")
TEMPORAL = ("update", "contradiction")
QUOTE_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


@dataclass
class GoldSide:
    article: str
    quote: str


@dataclass
class GoldPair:
    a: GoldSide
    b: GoldSide
    label: str
    type: str | None = None
    temporal: str | None = None
    rationale: str = ""
    number: int = 0  # position in the file, for messages


@dataclass
class BaselineEntry:
    """A conflict the team reviewed and accepted (`xref gate --update-baseline`): not a failure, not a goal."""

    a: GoldSide
    b: GoldSide
    type: str | None = None
    temporal: str | None = None
    note: str = ""
    number: int = 0  # position in the baseline list, for messages


@dataclass
class Gold:
    path: str
    pairs: list[GoldPair]
    exhaustive: set[str] = field(default_factory=set)
    baseline: list[BaselineEntry] = field(default_factory=list)


def find_gold(corpus_dir: str | Path) -> Path | None:
    for name in GOLD_NAMES:
        path = Path(corpus_dir) / name
        if path.is_file():
            return path
    return None


def load_gold(path: str | Path) -> Gold:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(path, f"cannot read gold file ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise InputError(path, f"gold file is not valid YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("pairs", [] if "baseline" in data else None), list):
        raise InputError(path, "gold file needs a top-level 'pairs:' list")
    if not isinstance(data.get("baseline") or [], list):
        raise InputError(path, "'baseline' must be a list of accepted conflicts")
    exhaustive = data.get("exhaustive") or []
    if not isinstance(exhaustive, list) or not set(exhaustive) <= {"match", "conflict"}:
        raise InputError(path, "'exhaustive' must be a list drawn from [conflict, match]")
    pairs = [_parse_pair(entry, number, path) for number, entry in enumerate(data.get("pairs") or [], start=1)]
    baseline = [_parse_baseline(e, n, path) for n, e in enumerate(data.get("baseline") or [], start=1)]
    return Gold(path=str(path), pairs=pairs, exhaustive=set(exhaustive), baseline=baseline)


def _parse_sides(entry: object, where: str, shape: str) -> list[GoldSide]:
    if not isinstance(entry, dict):
        raise InputError(where, shape)
    sides = []
    for key in ("a", "b"):
        side = entry.get(key)
        if not isinstance(side, dict) or not side.get("article") or not side.get("quote"):
            raise InputError(where, f"'{key}' needs an article id and a quote")
        sides.append(GoldSide(str(side["article"]), str(side["quote"])))
    if sides[0].article == sides[1].article:
        raise InputError(where, "a and b must be sentences of different articles")
    return sides


def _parse_baseline(entry: object, number: int, path: Path) -> BaselineEntry:
    where = f"{path} (baseline {number})"
    sides = _parse_sides(entry, where, "each baseline entry must be a mapping with a and b")
    kind, temporal = entry.get("type"), entry.get("temporal")
    if kind is not None and kind not in CONFLICT_TYPES:
        raise InputError(where, f"a conflict's type must be one of {', '.join(CONFLICT_TYPES)}")
    if temporal is not None and temporal not in TEMPORAL:
        raise InputError(where, "a conflict's temporal must be 'update' or 'contradiction'")
    return BaselineEntry(sides[0], sides[1], kind, temporal, str(entry.get("note", "")), number)


def _parse_pair(entry: object, number: int, path: Path) -> GoldPair:
    where = f"{path} (pair {number})"
    sides = _parse_sides(entry, where, "each pair must be a mapping with a, b and label")
    label = entry.get("label")
    if label not in LABELS:
        raise InputError(where, f"label must be one of {', '.join(LABELS)}, not {label!r}")
    pair = GoldPair(
        sides[0], sides[1], label, entry.get("type"), entry.get("temporal"), str(entry.get("rationale", "")), number
    )
    if label == "conflict":
        if pair.type not in CONFLICT_TYPES:
            raise InputError(where, f"a conflict's type must be one of {', '.join(CONFLICT_TYPES)}")
        if pair.temporal not in TEMPORAL:
            raise InputError(where, "a conflict's temporal must be 'update' or 'contradiction'")
    return pair


def fold(text: str) -> str:
    """Case, quote style and spacing do not matter when finding a quote."""
    return re.sub(r"\s+", " ", text.translate(QUOTE_FOLD)).strip().lower()


def resolve(gold: Gold, sentences: list[Sentence]) -> list[tuple[int, int, GoldPair]]:
    """The sentence indices each gold pair refers to; an InputError names any quote that is not found once."""
    folded = fold_sentences(sentences)
    resolved = []
    for pair in gold.pairs:
        where = f"{gold.path} (pair {pair.number})"
        resolved.append((locate(pair.a, folded, where), locate(pair.b, folded, where), pair))
    return resolved


def fold_sentences(sentences: list[Sentence]) -> dict[str, list[tuple[int, str]]]:
    """Each article's (sentence index, folded text), the lookup `locate` searches."""
    folded: dict[str, list[tuple[int, str]]] = {}
    for index, sentence in enumerate(sentences):
        folded.setdefault(sentence.article, []).append((index, fold(sentence.text)))
    return folded


def locate(side: GoldSide, folded: dict[str, list[tuple[int, str]]], where: str) -> int:
    """The one sentence a side's quote names; an InputError at ``where`` if it names none or several."""
    if side.article not in folded:
        raise InputError(where, f"article {side.article!r} is not in the corpus")
    quote = fold(side.quote)
    hits = [index for index, text in folded[side.article] if quote in text]
    if not hits:
        raise InputError(where, f"quote {side.quote!r} is not in any sentence of {side.article}")
    if len(hits) > 1:
        raise InputError(where, f"quote {side.quote!r} is in {len(hits)} sentences of {side.article}; lengthen it")
    return hits[0]
