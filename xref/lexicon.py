"""The word lists behind claim features and the judge, loaded from YAML so users can extend them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from xref.errors import InputError

DATA_DIR = Path(__file__).parent / "data"


@dataclass
class Lexicon:
    opposing_states: dict[str, dict[str, list[tuple[str, ...]]]]
    synonyms: dict[str, str]  # lemma -> canonical lemma of its group
    modality: dict[str, str]  # single-word cue -> modality
    modality_phrases: dict[tuple[str, ...], str]
    reporting_verbs: set[str]
    place_nouns: set[str]
    recurring: set[str] = field(default_factory=set)  # events that happen again and again (prices move)
    spread: set[str] = field(default_factory=set)  # events that happen in many places at once (sales)
    collectives: set[str] = field(default_factory=set)  # things that hold people: households, firms
    rescheduling: set[str] = field(default_factory=set)  # verbs that move an event in time: "pushed back"
    state_index: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=dict)

    def canonical(self, lemma: str) -> str:
        return self.synonyms.get(lemma, lemma)


def _phrase(entry: str) -> tuple[str, ...]:
    return tuple(str(entry).lower().split())


def parse_lexicon(data: dict, where: object) -> Lexicon:
    try:
        states = {
            group: {side: [_phrase(w) for w in sides[side]] for side in ("in", "out")}
            for group, sides in data["opposing_states"].items()
        }
        synonyms: dict[str, str] = {}
        for group in data.get("synonyms", []):
            canonical = " ".join(_phrase(group[0]))
            for word in group:
                synonyms.setdefault(" ".join(_phrase(word)), canonical)
        modality, phrases = {}, {}
        for kind, words in data["modality"].items():
            for word in words:
                key = _phrase(word)
                if len(key) == 1:
                    modality[key[0]] = kind
                else:
                    phrases[key] = kind
    except (KeyError, TypeError, AttributeError) as error:
        raise InputError(where, f"lexicon is missing or misshapes {error}") from None
    lexicon = Lexicon(
        opposing_states=states,
        synonyms=synonyms,
        modality=modality,
        modality_phrases=phrases,
        reporting_verbs={str(w) for w in data.get("reporting_verbs", [])},
        place_nouns={str(w) for w in data.get("place_nouns", [])},
        recurring={synonyms.get(str(w), str(w)) for w in data.get("recurring_events", [])},
        spread={synonyms.get(str(w), str(w)) for w in data.get("spread_events", [])},
        collectives={str(w) for w in data.get("collective_nouns", [])},
        rescheduling={str(w) for w in data.get("rescheduling_verbs", [])},
    )
    for group, sides in states.items():
        for side, entries in sides.items():
            for entry in entries:
                lexicon.state_index.setdefault(entry, []).append((group, side))
    return lexicon


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The packaged lexicon, or a user's file in the same format."""
    if path is None:
        text = (DATA_DIR / "lexicon.yaml").read_text(encoding="utf-8")
        where: object = "xref/data/lexicon.yaml"
    else:
        where = Path(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(path, f"cannot read lexicon ({error.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InputError(where, f"lexicon is not valid YAML ({error})") from None
    return parse_lexicon(data or {}, where)
