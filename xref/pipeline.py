"""The pipeline: load -> segment -> features -> embed -> cluster -> candidates -> judge.

`analyse_corpus` runs every stage on a folder and returns an `Analysis`, the
plain data that `xref.report` turns into the report and `xref.evaluate` scores
against gold pairs. Stage timings are kept so benchmarks can print them.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from xref.align import Side
from xref.candidates import MIN_SIMILARITY, candidate_pairs, distinctive_anchors
from xref.cluster import cluster_sentences
from xref.embed import Embedder, EmbeddingCache, SentenceTransformerEmbedder, embed_texts
from xref.feature_cache import cached_claims, cached_verdicts, judge_partition, pair_keys, sentence_tokens
from xref.judge import FeatureJudge, Judge
from xref.lexicon import load_lexicon
from xref.load import DEFAULT_MAX_BYTES, Corpus, load_corpus
from xref.models import Candidate, Claim, Sentence, Topic, Verdict
from xref.segment import DEFAULT_MAX_SENTENCE_CHARS, segment_article

ProgressFactory = Callable[[str, int], Callable[[int], None]]
"""Given a stage name and its total, returns a callback advanced by n items at a time."""


@dataclass
class Settings:
    model: str | None = None
    min_similarity: float = MIN_SIMILARITY
    cache: str | None = ".xref/cache.db"
    strict: bool = False
    lexicon: str | None = None
    judge_model: str | None = None
    nli_model: str | None = None
    max_article_bytes: int = DEFAULT_MAX_BYTES  # larger files are skipped with a warning
    max_sentence_chars: int = DEFAULT_MAX_SENTENCE_CHARS  # longer sentences are split at whitespace
    engine: str = "local"  # local | ray: where features, embeddings and verdicts are computed
    ray_address: str | None = None  # a running Ray cluster; None starts a local one


@dataclass
class Analysis:
    corpus: Corpus
    sentences: list[Sentence]
    claims: list[Claim]
    vectors: np.ndarray
    topics: list[Topic]
    topic_of: list[int | None]
    candidates: list[Candidate]
    verdicts: list[Verdict]
    settings: Settings
    judge_name: str = ""
    embedder_name: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    def side(self, index: int) -> Side:
        sentence = self.sentences[index]
        return Side(sentence, self.claims[index], self.article(sentence.article).published)

    def __post_init__(self) -> None:
        self.articles_by_id = {a.id: a for a in self.corpus.articles}

    def article(self, article_id: str):
        return self.articles_by_id[article_id]


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def _no_progress(stage: str, total: int) -> Callable[[int], None]:
    return lambda n: None


def segment_corpus(corpus: Corpus, max_sentence_chars: int = DEFAULT_MAX_SENTENCE_CHARS) -> list[Sentence]:
    sentences: list[Sentence] = []
    for article in corpus.articles:
        article_sentences, heading = segment_article(article, max_sentence_chars=max_sentence_chars, warn=corpus.warn)
        if article.title is None and heading:
            article.title = heading
        sentences.extend(article_sentences)
    return sentences


def anchor_idf(claims: list[Claim]) -> dict[str, float]:
    """Inverse document frequency of alignment words over the corpus's sentences."""
    counts = Counter(lemma for claim in claims for lemma in {a.lemma for a in claim.anchors})
    total = max(len(claims), 1)
    return {lemma: math.log((1 + total) / (1 + n)) + 1.0 for lemma, n in counts.items()}


def analyse_corpus(
    path: str | Path,
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    judge: Judge | None = None,
    progress: ProgressFactory = _no_progress,
    judge_pairs: bool = True,
) -> Analysis:
    settings = settings or Settings()
    timings: dict[str, float] = {}
    with _timed(timings, "load"):
        corpus = load_corpus(path, strict=settings.strict, max_bytes=settings.max_article_bytes)
    with _timed(timings, "segment"):
        sentences = segment_corpus(corpus, settings.max_sentence_chars)
    return analyse_sentences(
        corpus,
        sentences,
        settings,
        embedder=embedder,
        judge=judge,
        progress=progress,
        timings=timings,
        judge_pairs=judge_pairs,
    )


def analyse_sentences(
    corpus: Corpus,
    sentences: list[Sentence],
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    judge: Judge | None = None,
    progress: ProgressFactory = _no_progress,
    timings: dict[str, float] | None = None,
    judge_pairs: bool = True,
    claims: list[Claim] | None = None,
    vectors: np.ndarray | None = None,
) -> Analysis:
    """Run the stages after segmentation. ``claims`` and ``vectors``, when given (e.g. read back
    from the corpus store), are used as they are instead of being computed again."""
    timings = timings if timings is not None else {}
    published = {a.id: a.published for a in corpus.articles}
    lexicon = load_lexicon(settings.lexicon)
    engine = _ray_engine(settings) if settings.engine == "ray" else None
    with _timed(timings, "features"):
        extract = engine.extract_claims if engine else None
        if claims is None:
            tick = progress("features", len(sentences))
            claims = cached_claims(sentences, published, lexicon, settings.cache, extract=extract, progress=tick)
    with _timed(timings, "model_load"):
        embedder = embedder or (engine.embedder() if engine else SentenceTransformerEmbedder(settings.model))
    with _timed(timings, "embed"):
        cache = EmbeddingCache(settings.cache) if settings.cache and vectors is None else None
        try:
            vectors = vectors if vectors is not None else embed_texts(
                [s.text for s in sentences],
                embedder,
                cache=cache,
                progress=progress("embed", len(sentences)),
                batch_size=getattr(embedder, "batch_texts", 256),
            )
        finally:
            if cache:
                cache.close()
    with _timed(timings, "cluster"):
        topics, topic_of = cluster_sentences(vectors, [s.text for s in sentences])
    with _timed(timings, "candidates"):
        idf = anchor_idf(claims)
        anchors = distinctive_anchors([{a.lemma for a in c.anchors} for c in claims], idf)
        candidates = candidate_pairs(
            sentences, vectors, topic_of, min_similarity=settings.min_similarity, anchors=anchors
        )
    analysis = Analysis(
        corpus,
        sentences,
        claims,
        vectors,
        topics,
        topic_of,
        candidates,
        [],
        settings,
        embedder_name=embedder.name,
        timings=timings,
    )
    if not judge_pairs:
        return analysis
    with _timed(timings, "judge"):
        given = judge
        judge = judge or default_judge(settings, idf, lexicon)
        analysis.judge_name = judge.name
        tick = progress("judge", len(candidates))

        def judge_missing(positions: list[int]) -> list[Verdict]:
            todo = [candidates[n] for n in positions]
            if engine and given is None:  # the Ray workers build the same default judge
                return engine.judge_pairs(analysis, todo, idf, lexicon, tick)
            return [_judge_one(judge, analysis, candidate, tick) for candidate in todo]

        cache = settings.cache if given is None else None  # a caller's own judge is never cached
        keys = pair_keys(sentence_tokens(sentences, published), candidates) if cache else [""] * len(candidates)
        part = judge_partition(settings.judge_model, settings.nli_model, lexicon, idf) if cache else ""
        analysis.verdicts = cached_verdicts(keys, cache, part, judge_missing, tick)
    return analysis


def _judge_one(judge: Judge, analysis: Analysis, candidate: Candidate, tick: Callable[[int], None]) -> Verdict:
    verdict = judge.judge(analysis.side(candidate.a), analysis.side(candidate.b), candidate.similarity)
    tick(1)
    return verdict


def _ray_engine(settings: Settings):
    from xref.engine_ray import RayEngine

    return RayEngine(settings)


def default_judge(settings: Settings, idf: dict[str, float], lexicon=None) -> FeatureJudge:
    from xref.judge import NliScorer, load_model

    nli = NliScorer(settings.nli_model) if settings.nli_model else None
    return FeatureJudge(load_model(settings.judge_model), lexicon=lexicon, idf=idf, nli=nli)
