"""Stage 6: candidate pairs, sentences of different articles close enough to be worth judging.

A pair is a candidate when the two sentences are similar, when either is among
the other's nearest neighbours in the other article, or when they are loosely
similar and share a distinctive word ("delivered" / "receive", "sanctions"):
long sentences that carry several claims embed far from a short sentence that
restates one of them, and the shared word rescues that pair. The
judge is cheap but not free, and most cross-article pairs are unrelated, so this
stage decides the cost of the whole run. Similarities are computed in row
blocks so memory stays flat as corpora grow.
"""

from __future__ import annotations

import numpy as np

from xref.models import Candidate, Sentence

MIN_SIMILARITY = 0.5
NEIGHBOUR_SIMILARITY = 0.35
NEIGHBOURS = 3
ANCHOR_SIMILARITY = 0.3
DISTINCTIVE_IDF = 1.5
BLOCK = 2048


def candidate_pairs(
    sentences: list[Sentence],
    vectors: np.ndarray,
    topic_of: list[int | None],
    *,
    min_similarity: float = MIN_SIMILARITY,
    neighbour_similarity: float = NEIGHBOUR_SIMILARITY,
    neighbours: int = NEIGHBOURS,
    anchors: list[set[str]] | None = None,
) -> list[Candidate]:
    """Cross-article pairs ``a < b`` (sentence indices), ordered by index, titles excluded."""
    eligible = np.array([not s.is_title for s in sentences], dtype=bool)
    articles = np.array([s.article for s in sentences], dtype=object)
    _, article_codes = np.unique(articles, return_inverse=True) if len(sentences) else ([], np.array([]))
    found: dict[tuple[int, int], float] = {}
    for start in range(0, len(sentences), BLOCK):
        sims = vectors[start : start + BLOCK] @ vectors.T
        for row, similarities in enumerate(sims):
            i = start + row
            if not eligible[i]:
                continue
            usable = eligible & (article_codes != article_codes[i])
            for j in np.flatnonzero(usable & (similarities >= min_similarity)):
                _keep(found, i, int(j), float(similarities[j]))
            for j in _nearest_per_article(similarities, usable, article_codes, neighbours, neighbour_similarity):
                _keep(found, i, j, float(similarities[j]))
            if anchors is not None:
                loose = usable & (similarities >= ANCHOR_SIMILARITY) & (similarities < min_similarity)
                for j in np.flatnonzero(loose[i + 1 :]) + i + 1:
                    if anchors[i] & anchors[j]:
                        _keep(found, i, int(j), float(similarities[j]))
    return [
        Candidate(a=a, b=b, similarity=s, topic=topic_of[a] if topic_of[a] == topic_of[b] else None)
        for (a, b), s in sorted(found.items())
    ]


def distinctive_anchors(anchor_lemmas: list[set[str]], idf: dict[str, float]) -> list[set[str]]:
    """Each sentence's alignment words that are rare enough in the corpus to signal a shared claim."""
    return [{w for w in lemmas if idf.get(w, 0.0) >= DISTINCTIVE_IDF and len(w) > 2} for lemmas in anchor_lemmas]


def _keep(found: dict[tuple[int, int], float], i: int, j: int, similarity: float) -> None:
    found[(min(i, j), max(i, j))] = similarity


def _nearest_per_article(similarities, usable, article_codes, k: int, floor: float) -> list[int]:
    """The ``k`` most similar sentences of each other article, above a floor."""
    pool = np.flatnonzero(usable & (similarities >= floor))
    if len(pool) == 0:
        return []
    order = pool[np.argsort(-similarities[pool], kind="stable")]
    taken: dict[int, int] = {}
    chosen = []
    for j in order:
        code = int(article_codes[j])
        if taken.get(code, 0) < k:
            taken[code] = taken.get(code, 0) + 1
            chosen.append(int(j))
    return chosen
