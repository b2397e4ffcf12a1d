"""The claim feature cache: exact round trips, hits on unchanged input, misses on any input that matters."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

import pytest

from xref.feature_cache import (
    FeatureCache,
    cached_claims,
    claim_from_json,
    claim_to_json,
    from_jsonable,
    partition,
    to_jsonable,
)
from xref.lexicon import load_lexicon
from xref.load import load_corpus
from xref.models import Claim, Cue, Sentence, TimeExpr
from xref.pipeline import segment_corpus

from .conftest import SEEDS


@pytest.fixture(scope="module")
def seed_input():
    corpus = load_corpus(SEEDS)
    sentences = [s for s in segment_corpus(corpus) if not s.is_title][:40]
    return sentences, {a.id: a.published for a in corpus.articles}


class CountingExtractor:
    """The real extractor, remembering which sentences it was asked to parse."""

    def __init__(self):
        self.seen: list[str] = []

    def __call__(self, sentences, published, *, lexicon=None, progress=None):
        from xref.features import extract_claims

        self.seen.extend(s.text for s in sentences)
        return extract_claims(sentences, published, lexicon=lexicon, progress=progress)


def test_real_claims_survive_the_json_round_trip_exactly(seed_input):
    from xref.features import extract_claims

    sentences, published = seed_input
    claims = extract_claims(sentences, published, lexicon=load_lexicon())
    assert any(c.times for c in claims) and any(c.quantities for c in claims)
    for claim in claims:
        assert claim_from_json(claim_to_json(claim)) == claim


def test_second_run_parses_nothing_and_returns_the_same_claims(seed_input, tmp_path):
    sentences, published = seed_input
    lexicon = load_lexicon()
    first, second = CountingExtractor(), CountingExtractor()
    cold = cached_claims(sentences, published, lexicon, tmp_path / "c.db", extract=first)
    warm = cached_claims(sentences, published, lexicon, tmp_path / "c.db", extract=second)
    assert len(first.seen) == len({s.text for s in sentences})
    assert second.seen == []
    assert warm == cold


def test_a_changed_sentence_or_date_is_parsed_again_and_nothing_else(seed_input, tmp_path):
    sentences, published = seed_input
    lexicon = load_lexicon()
    cached_claims(sentences, published, lexicon, tmp_path / "c.db", extract=CountingExtractor())
    edited = [*sentences[:-1], dataclasses.replace(sentences[-1], text=sentences[-1].text + " Officials said.")]
    again = CountingExtractor()
    cached_claims(edited, published, lexicon, tmp_path / "c.db", extract=again)
    assert again.seen == [edited[-1].text]
    redated = {**published, sentences[0].article: date(2001, 1, 1)}
    moved = CountingExtractor()
    cached_claims(sentences, redated, lexicon, tmp_path / "c.db", extract=moved)
    assert set(moved.seen) == {s.text for s in sentences if s.article == sentences[0].article}


def test_another_lexicon_is_another_partition():
    lexicon = load_lexicon()
    other = dataclasses.replace(lexicon, reporting_verbs=lexicon.reporting_verbs | {"squawk"})
    assert partition(lexicon) == partition(load_lexicon())
    assert partition(other) != partition(lexicon)


def test_repeated_sentences_get_their_own_claim_objects(tmp_path):
    sentences = [
        Sentence("a", 0, "The ferry sank on Tuesday.", 0, 26, 0),
        Sentence("b", 0, "The ferry sank on Tuesday.", 0, 26, 0),
    ]
    for _ in range(2):
        claims = cached_claims(sentences, {"a": None, "b": None}, load_lexicon(), tmp_path / "c.db")
        assert claims[0] == claims[1] and claims[0] is not claims[1]


@dataclass
class Future:
    """A shape the lead may add to models.py: nested, optional, tuples, dicts, dates, sets."""

    when: date
    span: tuple[int, int]
    cue: Cue | None = None
    cues: list[Cue] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)
    by_clause: dict[int, list[str]] = field(default_factory=dict)
    tags: set[str] = field(default_factory=set)
    times: list[TimeExpr] = field(default_factory=list)
    count: int | float | None = None


def test_generic_round_trip_covers_new_kinds_of_fields():
    value = Future(
        when=date(2024, 3, 14),
        span=(3, 9),
        cue=Cue("could", 0, 5, "modality"),
        cues=[Cue("not", 6, 9)],
        weights={"match": 0.25},
        by_clause={0: ["sink"], 2: ["say"]},
        tags={"b", "a"},
        times=[TimeExpr("Tuesday", 0, 7, date(2024, 3, 12), date(2024, 3, 12), "day")],
        count=3,
    )
    import json

    assert from_jsonable(Future, json.loads(json.dumps(to_jsonable(value)))) == value


def test_fields_missing_from_an_old_entry_take_their_defaults():
    claim = from_jsonable(Claim, {"main_clause": 0, "speaker": {"text": "he", "start": 0, "end": 2}})
    assert claim.main_clause == 0 and claim.speaker == Cue("he", 0, 2) and claim.anchors == []


def test_cache_keeps_partitions_apart(tmp_path):
    cache = FeatureCache(tmp_path / "c.db")
    cache.put("p1", {"k": Claim(main_clause=1)})
    assert cache.get("p1", ["k"]) == {"k": Claim(main_clause=1)}
    assert cache.get("p2", ["k"]) == {}
    cache.close()


def test_verdicts_are_judged_once_per_partition(tmp_path):
    from xref.feature_cache import cached_verdicts
    from xref.models import Verdict

    asked: list[list[int]] = []

    def judge_missing(positions):
        asked.append(positions)
        return [Verdict("conflict" if n % 2 else "none", 0.25 * n, spans_a=[(0, n)]) for n in positions]

    keys = ["k0", "k1", "k2"]
    first = cached_verdicts(keys, tmp_path / "c.db", "p", judge_missing)
    again = cached_verdicts(keys, tmp_path / "c.db", "p", judge_missing)
    grown = cached_verdicts([*keys, "k3"], tmp_path / "c.db", "p", judge_missing)
    other = cached_verdicts(keys, tmp_path / "c.db", "q", judge_missing)
    assert asked == [[0, 1, 2], [3], [0, 1, 2]]
    assert again == first == grown[:3] == other
    assert again[1] == Verdict("conflict", 0.25, spans_a=[(0, 1)])


def test_the_verdict_partition_follows_the_idf_and_the_judge_model(tmp_path):
    from xref.feature_cache import judge_partition

    lexicon = load_lexicon()
    base = judge_partition(None, None, lexicon, {"sanction": 2.0})
    assert base == judge_partition(None, None, lexicon, {"sanction": 2.0})
    assert base != judge_partition(None, None, lexicon, {"sanction": 2.5})
    model = tmp_path / "judge.json"
    model.write_text("{}")
    assert base != judge_partition(str(model), None, lexicon, {"sanction": 2.0})
