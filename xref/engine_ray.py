"""`--engine ray`: claim features, embeddings and verdicts computed as Ray Data pipelines.

One machine parses, embeds and judges at the speed of its cores; an archive of a million articles needs
more. Here each heavy stage is a Ray Data pipeline, ``from_items(rows).map_batches(Actor, concurrency=k)``,
whose actor classes load their model once (spaCy, the sentence embedder, the judge) and then work
through batches. The driver keeps the cheap stages (load, segment, cluster, candidates, report) and
the caches, so a warm run sends nothing to the cluster.

Results are identical to the local engine: the workers run the same functions on the same inputs
(embeddings in the same chunks the local engine uses, since padding within a batch changes the last
bits of a vector), and every result carries its index so the driver puts them back in order.

Ray is an optional extra: ``pip install xref[ray]``. ``--ray-address`` joins a running cluster (xref
must be installed on its nodes); without it a local cluster with ``LOCAL_CPUS`` CPUs is started.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from datetime import date

import numpy as np

from xref.errors import XrefError
from xref.feature_cache import claim_from_json, claim_to_json, from_jsonable, to_jsonable
from xref.lexicon import Lexicon
from xref.models import Candidate, Claim, Sentence, Verdict

LOCAL_CPUS = 2
FEATURE_BATCH = 64  # sentences per spaCy batch on a worker
EMBED_CHUNK = 256  # texts per encode call: the local engine's chunk (xref.embed.embed_texts batch_size)
JUDGE_BATCH = 512  # pairs per batch on a worker
WORKER_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}


class RayEngine:
    """Connects to (or starts) a Ray cluster and runs the heavy stages on it."""

    def __init__(self, settings):
        try:
            import ray
        except ImportError as error:
            raise XrefError("--engine ray needs Ray: pip install 'xref[ray]'") from error
        self.ray = ray
        self.settings = settings
        if not ray.is_initialized():
            local = settings.ray_address is None
            ray.init(
                address=settings.ray_address,
                num_cpus=LOCAL_CPUS if local else None,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
                runtime_env={"env_vars": WORKER_ENV},
            )
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # xref draws its own
        context.print_on_execution_start = False
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))

    def _run(self, rows: list[dict], actor: type, kwargs: dict, batch_size: int) -> Iterator[dict]:
        """Rows through a pool of ``actor`` instances, batch by batch as they finish (any order)."""
        if not rows:
            return iter(())
        blocks = max(1, min(-(-len(rows) // batch_size), 4 * self.workers))  # never more blocks than batches
        dataset = self.ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
            actor,
            fn_constructor_kwargs=kwargs,
            batch_size=batch_size,
            concurrency=min(self.workers, blocks),
            num_cpus=1,
            batch_format="numpy",
        )
        return dataset.iter_batches(batch_size=None, batch_format="numpy")

    def extract_claims(
        self,
        sentences: list[Sentence],
        published: dict[str, date | None],
        *,
        lexicon: Lexicon | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> list[Claim]:
        """Same contract as ``xref.features.extract_claims``, parsed by spaCy actors."""
        rows = [
            {"index": i, "sentence": json.dumps(to_jsonable(s)), "published": _iso(published.get(s.article))}
            for i, s in enumerate(sentences)
        ]
        claims: list[Claim | None] = [None] * len(sentences)
        for batch in self._run(rows, ClaimActor, {"lexicon": lexicon}, FEATURE_BATCH):
            for index, text in zip(batch["index"], batch["claim"], strict=True):
                claims[int(index)] = claim_from_json(str(text))
            if progress:
                progress(len(batch["index"]))
        return claims  # type: ignore[return-value]

    def embedder(self) -> RayEmbedder:
        return RayEmbedder(self, self.settings.model)

    def judge_pairs(
        self, analysis, candidates: list[Candidate], idf: dict[str, float], lexicon: Lexicon, progress
    ) -> list[Verdict]:
        """Verdicts for ``candidates`` in order, from judge actors holding the corpus's sentences and claims."""
        published = {a.id: a.published for a in analysis.corpus.articles}
        kwargs = {
            "settings": self.settings,
            "idf": idf,
            "lexicon": lexicon,
            "sentences": analysis.sentences,
            "claims": analysis.claims,
            "published": published,
        }
        rows = [{"index": n, "a": c.a, "b": c.b, "similarity": c.similarity} for n, c in enumerate(candidates)]
        verdicts: list[Verdict | None] = [None] * len(candidates)
        for batch in self._run(rows, JudgeActor, kwargs, JUDGE_BATCH):
            for index, text in zip(batch["index"], batch["verdict"], strict=True):
                verdicts[int(index)] = from_jsonable(Verdict, json.loads(str(text)))
            progress(len(batch["index"]))
        return verdicts  # type: ignore[return-value]


class RayEmbedder:
    """An ``Embedder`` whose encode runs on embedding actors; ``embed_texts`` hands it every uncached text."""

    batch_texts = 1 << 62  # embed_texts passes all its work in one call; chunking happens here

    def __init__(self, engine: RayEngine, model: str | None):
        from xref.embed import DEFAULT_MODEL

        self.engine = engine
        self.model = model
        self.name = DEFAULT_MODEL if model in (None, DEFAULT_MODEL) else str(model)
        self._dimension: int | None = None

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            self._dimension = int(self.encode(["dimension probe"]).shape[1])
        return self._dimension

    def encode(self, texts: list[str]) -> np.ndarray:
        chunks = [texts[i : i + EMBED_CHUNK] for i in range(0, len(texts), EMBED_CHUNK)]
        rows = [{"chunk": n, "texts": json.dumps(chunk)} for n, chunk in enumerate(chunks)]
        parts: dict[int, np.ndarray] = {}
        for batch in self.engine._run(rows, EmbedActor, {"model": self.model}, 1):
            for chunk, blob, width in zip(batch["chunk"], batch["vectors"], batch["width"], strict=True):
                parts[int(chunk)] = np.frombuffer(blob, dtype=np.float32).reshape(-1, int(width))
        if not parts:
            return np.zeros((0, self._dimension or 0), dtype=np.float32)
        vectors = np.concatenate([parts[n] for n in range(len(chunks))])
        self._dimension = vectors.shape[1]
        return vectors


# --- actors: each loads its model once, then maps batches ---------------------------------------------


class ClaimActor:
    def __init__(self, lexicon: Lexicon | None):
        from xref.features import load_nlp
        from xref.lexicon import load_lexicon

        load_nlp()
        self.lexicon = lexicon or load_lexicon()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from xref.features import extract_claims

        sentences = [from_jsonable(Sentence, json.loads(str(s))) for s in batch["sentence"]]
        published = {s.article: _date(str(p)) for s, p in zip(sentences, batch["published"], strict=True)}
        claims = extract_claims(sentences, published, lexicon=self.lexicon)
        return {"index": batch["index"], "claim": np.array([claim_to_json(c) for c in claims], dtype=object)}


class EmbedActor:
    def __init__(self, model: str | None):
        from xref.embed import SentenceTransformerEmbedder

        self.embedder = SentenceTransformerEmbedder(model)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = [self.embedder.encode(json.loads(str(texts))) for texts in batch["texts"]]
        return {
            "chunk": batch["chunk"],
            "vectors": np.array([v.astype(np.float32).tobytes() for v in vectors], dtype=object),
            "width": np.array([v.shape[1] for v in vectors]),
        }


class JudgeActor:
    def __init__(self, settings, idf, lexicon, sentences, claims, published):
        from xref.pipeline import default_judge

        self.judge = default_judge(settings, idf, lexicon)
        self.sentences, self.claims, self.published = sentences, claims, published

    def _side(self, index: int):
        from xref.align import Side

        sentence = self.sentences[index]
        return Side(sentence, self.claims[index], self.published.get(sentence.article))

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        verdicts = [
            self.judge.judge(self._side(int(a)), self._side(int(b)), float(s))
            for a, b, s in zip(batch["a"], batch["b"], batch["similarity"], strict=True)
        ]
        text = [json.dumps(to_jsonable(v)) for v in verdicts]
        return {"index": batch["index"], "verdict": np.array(text, dtype=object)}


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None
