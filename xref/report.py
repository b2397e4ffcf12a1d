"""Stage 8: the report as data. JSON is its direct dump; the HTML page renders the same dict.

The schema is documented in the README ("report.json"); ``schema_version``
changes when a field changes meaning.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from xref import __version__
from xref.pipeline import Analysis

SCHEMA_VERSION = 1


def build_report(analysis: Analysis) -> dict:
    pairs = _pairs(analysis)
    status = _sentence_status(pairs)
    sentences = [_sentence(analysis, index, status) for index in range(len(analysis.sentences))]
    conflicts = [p for p in pairs if p["label"] == "conflict"]
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "xref_version": __version__,
        "corpus": analysis.corpus.root,
        "settings": {
            "model": analysis.embedder_name,
            "judge": analysis.judge_name,
            "min_similarity": analysis.settings.min_similarity,
        },
        "summary": {
            "articles": len(analysis.corpus.articles),
            "sentences": len(analysis.sentences),
            "topics": len(analysis.topics),
            "candidates": len(analysis.candidates),
            "pairs": len(pairs),
            "matches": len(pairs) - len(conflicts),
            "conflicts": len(conflicts),
            "conflicts_by_type": dict(sorted(Counter(p["type"] for p in conflicts).items())),
            "conflicts_by_temporal": dict(sorted(Counter(p["temporal"] for p in conflicts).items())),
        },
        "articles": [_article(analysis, a) for a in analysis.corpus.articles],
        "sentences": sentences,
        "topics": [_topic(analysis, topic, status) for topic in analysis.topics],
        "pairs": pairs,
        "warnings": list(analysis.corpus.warnings),
    }


def _article(analysis: Analysis, article) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "path": article.path,
        "sentences": sum(1 for s in analysis.sentences if s.article == article.id),
    }


def _ref(analysis: Analysis, index: int) -> dict:
    sentence = analysis.sentences[index]
    return {"article": sentence.article, "index": sentence.index, "text": sentence.text}


def _pairs(analysis: Analysis) -> list[dict]:
    pairs = []
    for candidate, verdict in zip(analysis.candidates, analysis.verdicts, strict=True):
        if verdict.label == "none":
            continue
        pairs.append(
            {
                "label": verdict.label,
                "type": verdict.type,
                "temporal": verdict.temporal,
                "later": verdict.later,
                "score": verdict.score,
                "similarity": round(candidate.similarity, 4),
                "topic": candidate.topic,
                "a": _ref(analysis, candidate.a),
                "b": _ref(analysis, candidate.b),
                "reasons": verdict.reasons,
                "agreements": verdict.agreements,
                "spans": {"a": [list(s) for s in verdict.spans_a], "b": [list(s) for s in verdict.spans_b]},
            }
        )
    pairs.sort(
        key=lambda p: (
            p["label"] != "conflict",
            -p["score"],
            p["a"]["article"],
            p["a"]["index"],
            p["b"]["article"],
            p["b"]["index"],
        )
    )
    for number, pair in enumerate(pairs, start=1):
        pair["id"] = f"p{number}"
    return pairs


def _sentence_status(pairs: list[dict]) -> dict[tuple[str, int], str]:
    status: dict[tuple[str, int], str] = {}
    for pair in pairs:
        for side in ("a", "b"):
            key = (pair[side]["article"], pair[side]["index"])
            if pair["label"] == "conflict" or status.get(key) != "conflict":
                status[key] = pair["label"]
    return status


def _sentence(analysis: Analysis, index: int, status: dict) -> dict:
    sentence = analysis.sentences[index]
    claim = analysis.claims[index]
    return {
        "article": sentence.article,
        "index": sentence.index,
        "text": sentence.text,
        "paragraph": sentence.paragraph,
        "is_title": sentence.is_title,
        "start": sentence.start,
        "end": sentence.end,
        "topic": analysis.topic_of[index],
        "status": status.get((sentence.article, sentence.index), "unique"),
        "modality": claim.modality,
        "times": [{"text": t.text, "begin": t.begin.isoformat(), "end": t.end_date.isoformat()} for t in claim.times],
    }


def _topic(analysis: Analysis, topic, status: dict) -> dict:
    members = [analysis.sentences[i] for i in topic.members]
    statuses = {status.get((s.article, s.index)) for s in members}
    articles = {s.article for s in members}
    if "conflict" in statuses:
        label = "conflicting"
    elif "match" in statuses:
        label = "corroborated"
    else:
        label = "single-source" if len(articles) == 1 else "related"
    return {
        "id": topic.id,
        "label": topic.label,
        "terms": topic.terms,
        "sentences": [{"article": s.article, "index": s.index} for s in members],
        "articles": len(articles),
        "status": label,
    }


def write_atomic(path: str | Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename, so no reader sees half a report."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())  # the rename must not land before the data does (a crash would leave it empty)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; a report is for everyone to read
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json(report: dict, path: str | Path) -> None:
    write_atomic(path, json.dumps(report, indent=1, ensure_ascii=False) + "\n")
