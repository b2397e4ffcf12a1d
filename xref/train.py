"""Fit the judge's classifier from gold pairs, and measure it leave-one-corpus-out.

Training examples are the labelled gold pairs of each corpus, one per sentence pair: a pair that
is both a gold conflict and a gold match (two claims in one sentence) is trained as a conflict.
Where a gold file promises every conflict is listed (``exhaustive: [conflict]``), the other
candidate pairs the pipeline proposes are known not to conflict; they join as ``none`` examples
with a small weight, which teaches the judge what ordinary related-but-compatible sentences look like.
Unlisted pairs as similar as a paraphrase (``UNKNOWN_FROM``) are left out unless matches are
exhaustive too: they may be matches nobody listed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from xref.align import FEATURE_NAMES, PairEvidence
from xref.embed import Embedder, SentenceTransformerEmbedder
from xref.evaluate import combine, evaluate_analysis, gold_for
from xref.gold import Gold, GoldPair, resolve
from xref.judge import FeatureJudge, LinearModel
from xref.lexicon import load_lexicon
from xref.pipeline import Analysis, Settings, analyse_corpus, anchor_idf

UNLABELLED_WEIGHT = 0.3
# Gold files list every conflict but only the main matches. An unlisted pair this similar may be a
# match nobody wrote down; training it as "none" taught the judge that close paraphrases are not
# matches (leave-one-corpus-out match recall on our four corpora 0.63 -> 0.70 when left out).
UNKNOWN_FROM = 0.6
REGULARISATION = 0.5
CLASS_WEIGHTS = {"none": 1.0, "match": 2.0, "conflict": 2.0}
DEFAULT_MODEL_PATH = Path(__file__).parent / "data" / "judge_model.json"


@dataclass
class PreparedCorpus:
    """A corpus analysed up to the judge, with the evidence for every pair worth scoring."""

    analysis: Analysis
    gold: Gold
    judge: FeatureJudge
    evidence: dict[tuple[int, int], PairEvidence]
    labels: dict[tuple[int, int], str]


def prepare(corpus_dir: str | Path, settings: Settings, embedder: Embedder) -> PreparedCorpus:
    analysis = analyse_corpus(corpus_dir, settings, embedder=embedder, judge_pairs=False)
    gold = gold_for(corpus_dir)
    judge = FeatureJudge(None, lexicon=load_lexicon(settings.lexicon), idf=anchor_idf(analysis.claims))
    labels = training_labels(resolve(gold, analysis.sentences))
    keys = {(c.a, c.b) for c in analysis.candidates} | set(labels)
    evidence = {}
    for i, j in sorted(keys):
        similarity = float(analysis.vectors[i] @ analysis.vectors[j])
        evidence[(i, j)] = judge.evidence(analysis.side(i), analysis.side(j), similarity)
    return PreparedCorpus(analysis, gold, judge, evidence, labels)


def training_labels(resolved: list[tuple[int, int, GoldPair]]) -> dict[tuple[int, int], str]:
    """One label per sentence pair (lower index first), the one its verdict must give.

    A sentence pair can carry several gold labels (two claims in one sentence: a conflict on one,
    a match on the other); the judge gives one verdict per pair, and that verdict must be the
    conflict, so any conflict wins, else the first label listed.
    """
    labels: dict[tuple[int, int], str] = {}
    for i, j, pair in resolved:
        key = (min(i, j), max(i, j))
        if key not in labels or pair.label == "conflict":
            labels[key] = pair.label
    return labels


def examples(corpora: list[PreparedCorpus], unlabelled_weight: float = UNLABELLED_WEIGHT):
    rows, labels, weights = [], [], []
    for corpus in corpora:
        for key, evidence in corpus.evidence.items():
            label = corpus.labels.get(key)
            if label is None:
                if "conflict" not in corpus.gold.exhaustive or unlabelled_weight <= 0:
                    continue
                if "match" not in corpus.gold.exhaustive and evidence.features["similarity"] >= UNKNOWN_FROM:
                    continue  # as close as listed matches: may be a match nobody listed, so no example
                label, weight = "none", unlabelled_weight
            else:
                weight = 1.0
            rows.append([evidence.features[name] for name in FEATURE_NAMES])
            labels.append(label)
            weights.append(weight)
    return np.array(rows, dtype=float), np.array(labels), np.array(weights)


def fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray, meta: dict | None = None) -> LinearModel:
    """Standardise, then fit a multinomial logistic regression with balanced class weights."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=REGULARISATION, class_weight=CLASS_WEIGHTS, max_iter=5000, random_state=0)
    model.fit((x - mean) / scale, y, sample_weight=weights)
    classes = [str(c) for c in model.classes_]
    return LinearModel(list(FEATURE_NAMES), mean, scale, model.coef_, model.intercept_, classes, meta or {})


def judge_prepared(corpus: PreparedCorpus, model: LinearModel) -> Analysis:
    """Give verdicts on the corpus's candidates with ``model`` (no recomputation of features)."""
    corpus.judge.model = model
    analysis = corpus.analysis
    analysis.verdicts = [
        corpus.judge.decide(analysis.side(c.a), analysis.side(c.b), corpus.evidence[(c.a, c.b)])
        for c in analysis.candidates
    ]
    return analysis


def train(
    corpus_dirs: list[str | Path],
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    output: str | Path = DEFAULT_MODEL_PATH,
) -> dict:
    settings = settings or Settings()
    embedder = embedder or SentenceTransformerEmbedder(settings.model)
    corpora = [prepare(d, settings, embedder) for d in corpus_dirs]
    x, y, w = examples(corpora)
    meta = {
        "trained_on": [str(Path(d)) for d in corpus_dirs],
        "examples": int(len(y)),
        "by_label": {str(k): int(v) for k, v in zip(*np.unique(y, return_counts=True), strict=True)},
        "embedder": embedder.name,
        "unlabelled_weight": UNLABELLED_WEIGHT,
        "unknown_from_similarity": UNKNOWN_FROM,
        "C": REGULARISATION,
    }
    model = fit(x, y, w, meta)
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    return meta


def cross_validate(
    corpus_dirs: list[str | Path], settings: Settings | None = None, embedder: Embedder | None = None
) -> dict:
    """Score each corpus with a judge trained on all the others."""
    settings = settings or Settings()
    embedder = embedder or SentenceTransformerEmbedder(settings.model)
    corpora = [prepare(d, settings, embedder) for d in corpus_dirs]
    results = []
    for held_out, corpus in enumerate(corpora):
        others = [c for n, c in enumerate(corpora) if n != held_out]
        model = fit(*examples(others))
        results.append(evaluate_analysis(judge_prepared(corpus, model), corpus.gold))
    return {
        "corpora": results,
        "overall": combine(results),
        "overall_without_first": combine(results[1:]) if len(results) > 1 else None,
    }
