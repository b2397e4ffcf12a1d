"""Candidate pairs: the blocked, archive-scale rules find exactly what the plain definitions say,
and pruning between unrelated articles loses no gold pair."""

from __future__ import annotations

import glob

import numpy as np
import pytest

import xref.candidates as candidates
from xref.candidates import ANCHOR_SIMILARITY, SHORT_ANCHORS, SHORT_SIMILARITY, candidate_pairs, similar_pairs
from xref.models import Sentence

from .conftest import ROOT, SEEDS


def _unit(rng: np.random.Generator, n: int, dim: int = 16) -> np.ndarray:
    v = rng.normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _corpus(rng: np.random.Generator, articles: int, per_article: int):
    sentences = [
        Sentence(f"a{a:03d}", k, f"s{a}-{k}", 0, 1, 0, is_title=(k == 0 and a % 3 == 0))
        for a in range(articles)
        for k in range(per_article)
    ]
    return sentences, _unit(rng, len(sentences))


def reference_pairs(sentences, vectors, anchors, *, related=None, k=3, floor=0.35, threshold=0.5):
    """The three rules written out pair by pair, as the module docstring states them (a sentence of at
    most SHORT_ANCHORS distinctive words, all shared, needs only SHORT_SIMILARITY for rule 3)."""
    sims = vectors @ vectors.T
    ok = [not s.is_title for s in sentences]
    found = set()
    for i in range(len(sentences)):
        for j in range(len(sentences)):
            a, b = sentences[i].article, sentences[j].article
            if i >= j or a == b or not (ok[i] and ok[j]):
                continue
            shared = anchors[i] & anchors[j]
            short = min(len(anchors[i]), len(anchors[j])) <= SHORT_ANCHORS and shared in (anchors[i], anchors[j])
            anchored = sims[i, j] >= ANCHOR_SIMILARITY or (sims[i, j] >= SHORT_SIMILARITY and short)
            loose = (related is None or related(a, b)) and shared and anchored
            if sims[i, j] >= threshold or loose:
                found.add((i, j))
    for i in range(len(sentences)):
        if not ok[i]:
            continue
        for other in {s.article for s in sentences} - {sentences[i].article}:
            if related is not None and not related(sentences[i].article, other):
                continue
            pool = [j for j, s in enumerate(sentences) if s.article == other and ok[j] and sims[i, j] >= floor]
            for j in sorted(pool, key=lambda j: -sims[i, j])[:k]:
                found.add((min(i, j), max(i, j)))
    return found


def test_small_corpus_candidates_are_exactly_the_three_rules():
    rng = np.random.default_rng(1)
    sentences, vectors = _corpus(rng, articles=6, per_article=9)
    anchors = [set(rng.choice(["vote", "fire", "deal", "jury", "ship"], size=2).tolist()) for _ in sentences]
    got = {(c.a, c.b) for c in candidate_pairs(sentences, vectors, [None] * len(sentences), anchors=anchors)}
    assert got == reference_pairs(sentences, vectors, anchors)
    assert len(got) > 20


def test_archive_rules_look_past_the_similarity_threshold_only_between_related_articles():
    rng = np.random.default_rng(2)
    sentences, vectors = _corpus(rng, articles=8, per_article=7)
    # two stories: articles 0-3 lean one way, 4-7 the other, so their centroids separate
    story = np.array([int(s.article[1:]) >= 4 for s in sentences])
    lean = _unit(rng, 2)
    vectors = vectors + 1.5 * lean[story.astype(int)]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    anchors = [{"shared"} for _ in sentences]
    members = candidates.article_members(sentences)
    centroids = candidates.article_centroids(vectors, members)
    names = sorted({s.article for s in sentences})
    cos = {(names[p], names[q]): float(centroids[p] @ centroids[q]) for p in range(8) for q in range(8)}
    threshold = 0.75

    def related(a, b):
        return cos[(a, b)] >= threshold

    got = candidate_pairs(sentences, vectors, [None] * len(sentences), anchors=anchors, large=True)
    want = reference_pairs(sentences, vectors, anchors, related=related)
    assert {(c.a, c.b) for c in got} == want
    assert any(related(a, b) for a in names for b in names if a != b)
    assert any(not related(a, b) for a in names for b in names)
    small = candidate_pairs(sentences, vectors, [None] * len(sentences), anchors=anchors, large=False)
    assert len(got) < len(small)


def test_blocked_similar_pairs_match_the_dense_computation(monkeypatch):
    rng = np.random.default_rng(3)
    sentences, vectors = _corpus(rng, articles=12, per_article=10)
    members = candidates.article_members(sentences)
    dense = {(c.a, c.b) for c in candidate_pairs(sentences, vectors, [None] * len(sentences), neighbours=0)}
    monkeypatch.setattr(candidates, "BLOCK_ELEMENTS", 37)  # many ragged blocks
    found = {(int(i), int(j)) for pairs in similar_pairs(vectors, members, 0.5) for i, j in zip(*pairs, strict=True)}
    assert found == dense
    assert dense


def test_similarity_and_topic_of_each_candidate():
    rng = np.random.default_rng(4)
    sentences, vectors = _corpus(rng, articles=4, per_article=6)
    topic_of = [i % 2 for i in range(len(sentences))]
    for c in candidate_pairs(sentences, vectors, topic_of):
        assert c.a < c.b and sentences[c.a].article != sentences[c.b].article
        assert c.similarity == pytest.approx(float(vectors[c.a] @ vectors[c.b]), abs=1e-6)
        assert c.topic == (topic_of[c.a] if topic_of[c.a] == topic_of[c.b] else None)


@pytest.mark.slow
def test_archive_rules_keep_every_gold_pair_the_plain_rules_find(real_embedder, tmp_path):
    """On the labelled corpora, restricting rules 2-3 to related articles loses no gold candidate."""
    from xref.candidates import distinctive_anchors
    from xref.evaluate import gold_for
    from xref.gold import resolve
    from xref.pipeline import Settings, analyse_corpus, anchor_idf

    found = total = 0
    for corpus in [str(SEEDS), *sorted(glob.glob(str(ROOT / "tests" / "corpora" / "*")))]:
        settings = Settings(cache=str(tmp_path / "cache.db"))
        analysis = analyse_corpus(corpus, settings, embedder=real_embedder, judge_pairs=False)
        anchors = distinctive_anchors(
            [{a.lemma for a in c.anchors} for c in analysis.claims], anchor_idf(analysis.claims)
        )
        args = (analysis.sentences, analysis.vectors, analysis.topic_of)
        plain = {(c.a, c.b) for c in candidate_pairs(*args, anchors=anchors, large=False)}
        archive = {(c.a, c.b) for c in candidate_pairs(*args, anchors=anchors, large=True)}
        gold = [
            (min(i, j), max(i, j)) for i, j, p in resolve(gold_for(corpus), analysis.sentences) if p.label != "none"
        ]
        assert [g for g in gold if g in plain and g not in archive] == []
        assert {(c.a, c.b) for c in analysis.candidates} == plain
        found += sum(g in plain for g in gold)
        total += len(gold)
    assert found >= 0.9 * total


def test_a_short_sentence_whose_few_distinctive_words_all_recur_is_rescued_from_lower():
    from xref.candidates import anchored

    assert anchored(0.23, {"die"}, {"die", "coroner", "june", "woman"})
    assert not anchored(0.23, {"die", "fire"}, {"die", "coroner"}), "one of its words is not in the other"
    assert not anchored(0.23, {"die", "coroner", "june"}, {"die", "coroner", "june", "woman"}), "not short"
    assert not anchored(0.1, {"die"}, {"die", "coroner"})
    assert anchored(0.31, {"die", "coroner", "june"}, {"die", "woman"})


def test_a_shared_figure_other_than_a_year_is_rescued_from_lower():
    from xref.candidates import anchored

    assert anchored(0.23, {"1.1", "ballpark"}, {"1.1", "1.34", "cost", "steel"})
    assert not anchored(0.23, {"2024", "ballpark", "city"}, {"2024", "cost", "steel"}), "a year is no figure"
    assert not anchored(0.1, {"1.1", "ballpark"}, {"1.1", "cost"})


def test_a_vote_tally_is_one_distinctive_figure_however_it_is_written():
    from xref.candidates import anchored

    from .test_features import claim

    words = claim("Seven council members voted in favour and four against on Tuesday night.").anchors
    digits = claim("The original deal passed 7-4 last June after a long night of public comment.").anchors
    assert "7-4" in {a.lemma for a in words} & {a.lemma for a in digits}
    assert anchored(0.28, {"7-4", "deal", "june"}, {"7-4", "council", "stadium", "tuesday"})
    other = claim("The measure passed 8-3, with support from every member of the business caucus.").anchors
    shared = {a.lemma for a in words} & {a.lemma for a in other}
    assert anchored(0.25, {"vote-tally", "measure", "pass"}, {"vote-tally", "council", "stadium"}) and shared, (
        "two tallies, perhaps of one vote, are worth judging"
    )


def test_a_length_of_time_is_one_figure_however_it_is_written():
    from xref.candidates import anchored

    from .test_features import claim

    lasted = claim("The trial, held in Brooklyn federal court, lasted four weeks.").anchors
    trial = claim("A jury convicted Rourke in April 2024 after a four-week trial.").anchors
    shared = {a.lemma for a in lasted} & {a.lemma for a in trial}
    assert "2419200" in shared and anchored(0.29, {"2419200", "trial", "court"}, {"2419200", "trial", "jury"})
    assert "3600" not in {a.lemma for a in claim("The meeting lasted an hour.").anchors}, "hours are everywhere"


def test_a_two_digit_figure_is_distinctive_but_a_short_word_is_not():
    from xref.candidates import distinctive_anchors

    idf = {"41": 3.0, "rourke": 2.0, "tv": 3.0, "townhouse": 3.0}
    assert distinctive_anchors([{"41", "rourke", "tv", "townhouse"}], idf) == [{"41", "rourke", "townhouse"}]
