"""Stage 5: group sentences of all articles into topics and name each topic by its key terms.

Agglomerative clustering with average linkage on cosine distance needs no
number of topics up front: a distance threshold decides how close sentences
must be to share a topic. Large corpora are first cut into coarse groups with
k-means so the quadratic step stays small. Topic labels are the terms that
distinguish a cluster from the others (class-based TF-IDF).
"""

from __future__ import annotations

import numpy as np
from sklearn.cluster import AgglomerativeClustering, MiniBatchKMeans
from sklearn.feature_extraction.text import TfidfVectorizer

from xref.models import Topic

DEFAULT_DISTANCE = 0.55
EXACT_LIMIT = 3000
TOPIC_TERMS = 3


def cluster_sentences(
    vectors: np.ndarray, texts: list[str], *, distance: float = DEFAULT_DISTANCE, seed: int = 0
) -> tuple[list[Topic], list[int | None]]:
    """Topics (of two or more sentences) and, for each sentence, its topic id or None."""
    labels = _cluster_labels(vectors, distance, seed)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    clusters = sorted((m for m in groups.values() if len(m) > 1), key=lambda m: (-len(m), m[0]))
    names = _label_topics([" ".join(texts[i] for i in m) for m in clusters])
    topics = [
        Topic(id=n, label=", ".join(terms), terms=terms, members=members)
        for n, (members, terms) in enumerate(zip(clusters, names, strict=True))
    ]
    topic_of: list[int | None] = [None] * len(texts)
    for topic in topics:
        for index in topic.members:
            topic_of[index] = topic.id
    return topics, topic_of


def _cluster_labels(vectors: np.ndarray, distance: float, seed: int) -> np.ndarray:
    n = len(vectors)
    if n < 2:
        return np.zeros(n, dtype=int)
    if n <= EXACT_LIMIT:
        return _agglomerative(vectors, distance)
    coarse = MiniBatchKMeans(n_clusters=max(2, n // 1000), random_state=seed, n_init=3).fit_predict(vectors)
    labels = np.empty(n, dtype=int)
    offset = 0
    for group in np.unique(coarse):
        members = np.flatnonzero(coarse == group)
        sub = _agglomerative(vectors[members], distance) if len(members) > 1 else np.zeros(1, dtype=int)
        labels[members] = sub + offset
        offset += int(sub.max()) + 1
    return labels


def _agglomerative(vectors: np.ndarray, distance: float) -> np.ndarray:
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance)
    return model.fit_predict(vectors)


def _label_topics(documents: list[str]) -> list[list[str]]:
    if not documents:
        return []
    vectorizer = TfidfVectorizer(
        stop_words="english",
        ngram_range=(1, 2),
        sublinear_tf=True,
        min_df=1,
        token_pattern=r"(?u)\b[A-Za-z][A-Za-z0-9-]+\b",
    )
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # only stop words
        return [["misc"] for _ in documents]
    terms = vectorizer.get_feature_names_out()
    labels = []
    matrix = matrix.tocsr()
    matrix.sort_indices()
    for n in range(matrix.shape[0]):
        # Only the row's non-zero terms, by weight then column (a dense argsort per topic costs a minute at
        # 2,000 topics and a 200,000-term vocabulary).
        start, stop = matrix.indptr[n], matrix.indptr[n + 1]
        columns, weights = matrix.indices[start:stop], matrix.data[start:stop]
        top = [terms[columns[i]] for i in np.lexsort((columns, -weights)) if weights[i] > 0]
        chosen: list[str] = []
        for term in top:
            if not any(term in c or c in term for c in chosen):
                chosen.append(term)
            if len(chosen) == TOPIC_TERMS:
                break
        labels.append(chosen or ["misc"])
    return labels
