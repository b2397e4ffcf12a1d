"""Stage 6: candidate pairs, sentences of different articles close enough to be worth judging.

A pair is a candidate when

1. the two sentences are similar (cosine at least ``min_similarity``), whatever their articles; or,
   when their two articles are *related* (they tell the same story),
2. either sentence is among the other's ``neighbours`` nearest in the other article, above a floor; or
3. they are loosely similar and share a distinctive word ("delivered" / "receive", "sanctions"):
   long sentences that carry several claims embed far from a short sentence that restates one of
   them, and the shared word rescues that pair. A sentence of one or two distinctive words that
   all recur in the other needs less similarity still ("No deaths have been reported.").

Rules 2 and 3 find the pairs a similarity threshold misses, but each costs pairs in proportion to the
article pairs it looks at. Applied to all article pairs of an archive they sent 1.2% of all
cross-article pairs of ECB+ to the judge, almost all between articles about different stories. So
they only look at related articles: article pairs whose centroid vectors (mean of their sentence
vectors) have a cosine of at least ``RELATED_ARTICLES``, and every pair in a corpus of at most
``SMALL_CORPUS`` articles, where the judge can afford them all. The gold corpora's article pairs all
have centroid cosines of 0.74 or more, so even with the restriction forced their candidates are the
same; on ECB+ (982 articles) the pairs judged fall from 1,322,705 to 558,658 (1.23% to 0.52% of
cross-article pairs; 483,000 at a threshold of 0.75, which one labelled corpus falls below).

The judge is cheap but not free, and most cross-article pairs are unrelated, so this stage decides the
cost of the whole run. Similarities are computed in row blocks sized so that a block stays under
``BLOCK_ELEMENTS`` floats, so memory stays flat as corpora grow; rules 2 and 3 work one related
article pair at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np

from xref.models import TALLY_ANCHOR, Candidate, Sentence

MIN_SIMILARITY = 0.5
NEIGHBOUR_SIMILARITY = 0.35
NEIGHBOURS = 3
ANCHOR_SIMILARITY = 0.3
SHORT_SIMILARITY = 0.15  # rule 3 for a sentence of at most SHORT_ANCHORS distinctive words, all shared
SHORT_ANCHORS = 2
FIGURE = re.compile(r"\d[\d,.]*\d|\d+-\d+")  # rule 3 from SHORT_SIMILARITY for a shared figure: "$1.1 billion", "7-4"
YEAR = re.compile(r"(?:1[89]|20|21)\d\d")
DISTINCTIVE_IDF = 1.5
RELATED_ARTICLES = 0.7
SMALL_CORPUS = 50
BLOCK_ELEMENTS = 1 << 25  # 32M float32 similarities (128 MB) per block


def candidate_pairs(
    sentences: list[Sentence],
    vectors: np.ndarray,
    topic_of: list[int | None],
    *,
    min_similarity: float = MIN_SIMILARITY,
    neighbour_similarity: float = NEIGHBOUR_SIMILARITY,
    neighbours: int = NEIGHBOURS,
    anchors: list[set[str]] | None = None,
    related_similarity: float = RELATED_ARTICLES,
    large: bool | None = None,
) -> list[Candidate]:
    """Cross-article pairs ``a < b`` (sentence indices), ordered by index, titles excluded.

    ``large`` (default: more than ``SMALL_CORPUS`` articles) restricts rules 2 and 3 to related articles.
    """
    members = article_members(sentences)
    if not (len(members) > SMALL_CORPUS if large is None else large):
        related_similarity = -2.0  # every article pair
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    found = list(similar_pairs(vectors, members, min_similarity))
    for rows, cols in related_article_pairs(vectors, members, related_similarity):
        block = vectors[rows] @ vectors[cols].T
        found.append(_neighbour_pairs(block, rows, cols, neighbours, neighbour_similarity))
        if anchors is not None:
            found.append(_anchor_pairs(block, rows, cols, anchors, min_similarity))
    first, second = _unique_pairs(found, len(sentences))
    # One similarity per pair however it was found, so it never depends on the block it came from.
    sims = np.einsum("ij,ij->i", vectors[first], vectors[second]).tolist()
    topics = np.array([-1 if t is None else t for t in topic_of], dtype=np.int64)
    shared = np.where(topics[first] == topics[second], topics[first], -1).tolist()
    return [
        Candidate(a=a, b=b, similarity=s, topic=t if t >= 0 else None)
        for a, b, s, t in zip(first.tolist(), second.tolist(), sims, shared, strict=True)
    ]


Pairs = tuple[np.ndarray, np.ndarray]
"""Sentence indices ``(i, j)`` of pairs found by a rule, as two equal-length int64 arrays."""


def _unique_pairs(found: list[Pairs], count: int) -> Pairs:
    """Each pair once, as ``a < b``, sorted by ``(a, b)``."""
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    i = np.concatenate([f[0] for f in found])
    j = np.concatenate([f[1] for f in found])
    codes = np.unique(np.minimum(i, j) * count + np.maximum(i, j))
    return codes // count, codes % count


def _pairs(i, j) -> Pairs:
    return np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)


def article_members(sentences: list[Sentence]) -> list[np.ndarray]:
    """For each article (in order of first appearance) the indices of its non-title sentences."""
    groups: dict[str, list[int]] = {}
    for index, sentence in enumerate(sentences):
        members = groups.setdefault(sentence.article, [])
        if not sentence.is_title:
            members.append(index)
    return [np.array(m, dtype=np.int64) for m in groups.values() if m]


def similar_pairs(vectors: np.ndarray, members: list[np.ndarray], threshold: float) -> Iterator[Pairs]:
    """Rule 1: every cross-article pair with cosine >= ``threshold``, by blocked matrix products."""
    if not members:
        return
    index = np.concatenate(members)
    article = np.concatenate([np.full(len(m), n) for n, m in enumerate(members)])
    order = np.argsort(index, kind="stable")
    index, article = index[order], article[order]
    pool = vectors[index]
    rows_per_block = max(1, BLOCK_ELEMENTS // max(len(index), 1))
    for start in range(0, len(index), rows_per_block):
        stop = min(start + rows_per_block, len(index))
        sims = pool[start:stop] @ pool[start:].T  # only columns from the block's first row on: i < j
        hits = sims >= threshold
        hits &= article[start:stop, None] != article[None, start:]
        rows, cols = np.nonzero(hits)
        cols += start
        keep = cols > rows + start
        yield _pairs(index[rows[keep] + start], index[cols[keep]])


def article_centroids(vectors: np.ndarray, members: list[np.ndarray]) -> np.ndarray:
    """Unit mean vector of each article's sentences."""
    centroids = np.stack([vectors[m].mean(axis=0) for m in members]).astype(np.float32)
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    return centroids / np.where(norms > 0, norms, 1.0)


def related_articles(vectors: np.ndarray, members: list[np.ndarray], threshold: float) -> Iterator[tuple[int, int]]:
    """Article pairs ``(p, q)``, ``p < q``, whose centroids' cosine is at least ``threshold`` (below -1: all)."""
    count = len(members)
    if threshold < -1 or count < 2:
        yield from ((p, q) for p in range(count) for q in range(p + 1, count))
        return
    centroids = article_centroids(vectors, members)
    rows_per_block = max(1, BLOCK_ELEMENTS // count)
    for start in range(0, count, rows_per_block):
        sims = centroids[start : start + rows_per_block] @ centroids.T
        for row, col in zip(*np.nonzero(sims >= threshold), strict=True):
            if col > row + start:
                yield int(row + start), int(col)


def related_article_pairs(
    vectors: np.ndarray, members: list[np.ndarray], threshold: float
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The sentence indices of both articles of each related article pair."""
    for p, q in related_articles(vectors, members, threshold):
        yield members[p], members[q]


def _neighbour_pairs(block: np.ndarray, rows: np.ndarray, cols: np.ndarray, k: int, floor: float) -> Pairs:
    """Rule 2: each sentence's ``k`` most similar sentences of the other article, above ``floor``."""
    found_i, found_j = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    if k <= 0:
        return _pairs(found_i[0], found_j[0])
    for sims, mine, theirs in ((block, rows, cols), (block.T, cols, rows)):
        best = np.argsort(-sims, axis=1, kind="stable")[:, : min(k, sims.shape[1])]
        r, c = np.nonzero(np.take_along_axis(sims, best, axis=1) >= floor)
        found_i.append(mine[r])
        found_j.append(theirs[best[r, c]])
    return _pairs(np.concatenate(found_i), np.concatenate(found_j))


def _anchor_pairs(block: np.ndarray, rows: np.ndarray, cols: np.ndarray, anchors: list[set[str]], ceiling: float):
    """Rule 3: loosely similar pairs that share a distinctive word. Below ``ANCHOR_SIMILARITY`` only a
    pair with a short sentence or a figure on a side can pass, so the rest never reach the Python test."""
    rescuable = np.array([_rescuable(anchors[x]) for x in rows])[:, None]
    low_ok = rescuable | np.array([_rescuable(anchors[y]) for y in cols])[None, :]
    hits = (block >= ANCHOR_SIMILARITY) | ((block >= SHORT_SIMILARITY) & low_ok)
    r, c = np.nonzero(hits & (block < ceiling))
    i, j, sims = rows[r].tolist(), cols[c].tolist(), block[r, c].tolist()
    keep = [n for n, (x, y, s) in enumerate(zip(i, j, sims, strict=True)) if anchored(s, anchors[x], anchors[y])]
    return _pairs(rows[r[keep]], cols[c[keep]])


def anchored(similarity: float, mine: set[str], theirs: set[str]) -> bool:
    """Rule 3's test. A shared figure ("the $1.1 billion ballpark" / "climbed to $1.34 billion, from
    $1.1 billion"), or a short sentence whose few distinctive words all recur in the other, is rescued
    from lower still: "No deaths have been reported." embeds far from "Margaret Ellison, 81, died on
    Tuesday at Halvern General Hospital", and nothing else says the same about deaths."""
    shared = mine & theirs
    if not shared:
        return False
    if similarity >= ANCHOR_SIMILARITY or (similarity >= SHORT_SIMILARITY and any(map(_figure, shared))):
        return True
    short, other = (mine, theirs) if len(mine) <= len(theirs) else (theirs, mine)
    return similarity >= SHORT_SIMILARITY and len(short) <= SHORT_ANCHORS and short <= other


def _rescuable(words: set[str]) -> bool:
    """Whether a sentence can take part in a pair below ``ANCHOR_SIMILARITY`` (see `anchored`)."""
    return len(words) <= SHORT_ANCHORS or any(map(_figure, words))


def _figure(word: str) -> bool:
    """A written figure other than a year: "1.1" (billion), "2,800", "450", or any vote's tally ("voted 7-4"
    / "passed 8-3": two tallies of one vote are worth judging however unlike the sentences)."""
    return word == TALLY_ANCHOR or (FIGURE.fullmatch(word) is not None and not YEAR.fullmatch(word))


def distinctive_anchors(anchor_lemmas: list[set[str]], idf: dict[str, float]) -> list[set[str]]:
    """Each sentence's alignment words that are rare enough in the corpus to signal a shared claim. Words of
    one or two letters say little, but a two-digit figure does ("Rourke, 41, showed no reaction" / "Rourke,
    41, bought a townhouse")."""
    return [{w for w in lemmas if idf.get(w, 0.0) >= DISTINCTIVE_IDF and (len(w) > 2 or _figure(w))}
            for lemmas in anchor_lemmas]
