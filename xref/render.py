"""Render a report dict as one self-contained HTML page an editor can read offline.

The page is rendered here: header, the first page of conflict and match cards with
their highlighted spans, topics, timelines (inline SVG) and the articles, so it reads
and prints without JavaScript. The inline script (templates/report.js) reads the
report, embedded once as JSON, to filter and search, to build paragraph popups, and,
to keep a report with thousands of pairs quick to open, to build the cards past the
first page and (for long corpora) topic and article bodies when they are needed, with
the same markup, from DOM nodes and ``textContent`` only.

Article text is untrusted: markup goes through Jinja's autoescape, highlighted
spans are sliced in Python and each piece escaped, the embedded JSON escapes
``<``, ``>``, ``&`` and U+2028/9 so no text can close its ``<script>`` tag, and only
http(s) URLs ever become links.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

TYPE_ORDER = ("numeric", "date", "duration", "status", "polarity", "modality", "attribution", "place", "other")
READING_ORDER = ("update", "contradiction")
TOPIC_STATUS_ORDER = {"conflicting": 0, "corroborated": 1, "single-source": 2}
# Okabe-Ito plus a few: distinguishable for common colour-vision deficiencies.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7a5195", "#4d4d4d", "#a6761d")
JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")
UNSAFE_ID_RE = re.compile(r"[^A-Za-z0-9_-]")
# Cards shown before "Show more": thousands of laid-out cards make every filter change slow,
# while hidden (display: none) cards cost the browser almost nothing.
PAGE_SIZE = 50
# Up to this many sentences, topic and article bodies are rendered here (readable without
# JavaScript, found by the browser's find-in-page); above it the script builds each body
# from the embedded JSON when it is opened, which keeps a 200-article page quick to open.
INLINE_BODIES_MAX_SENTENCES = 3000

Key = tuple[str, int]
Segment = tuple[str, bool]


# ---------------------------------------------------------------- public API


def render_html(report: dict) -> str:
    """The report as one HTML page: no network, data embedded once, untrusted text escaped."""
    view = build_view(report)
    return _environment().get_template("report.html.j2").render(view=view, data_json=embed_json(report))


def write_html(report: dict, path: str | Path) -> None:
    """Write the page atomically: a temp file in the same folder, then ``os.replace``.

    A browser or a CI job reading the file never sees half a page, and a failed
    render leaves the previous report in place.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    html = render_html(report)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def embed_json(report: dict) -> Markup:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, so replacing them with
    ``\\uXXXX`` escapes keeps the JSON equal while ``</script>`` or ``<!--`` can no
    longer end or confuse the script element; U+2028/9 are escaped for old JS parsers.
    """
    try:
        text = json.dumps(report, ensure_ascii=False, separators=(",", ":"), default=str, allow_nan=False)
    except ValueError:  # NaN or Infinity would make JSON.parse fail and the page inert
        text = json.dumps(_finite(report), ensure_ascii=False, separators=(",", ":"), default=str)
    return Markup(JSON_ESCAPE_RE.sub(lambda m: JSON_ESCAPES[m.group()], text))


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities replaced by None, which JSON can carry."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def safe_url(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (no javascript:, data:, relative paths)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def segments(text: str, spans: Any) -> list[Segment]:
    """Split ``text`` into ``(piece, highlighted)`` runs from ``[start, end)`` spans.

    Spans come from the pipeline and may overlap, be out of range or malformed; they
    are clamped and merged so the pieces always concatenate back to ``text``.
    """
    ranges = _clean_spans(spans, len(text))
    out: list[Segment] = []
    cursor = 0
    for start, end in ranges:
        if start > cursor:
            out.append((text[cursor:start], False))
        out.append((text[start:end], True))
        cursor = end
    if cursor < len(text) or not out:
        out.append((text[cursor:], False))
    return out


def _clean_spans(spans: Any, length: int) -> list[tuple[int, int]]:
    valid = []
    for span in spans if isinstance(spans, list | tuple) else []:
        if not (isinstance(span, list | tuple) and len(span) == 2):
            continue
        start, end = span
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            continue
        start, end = max(0, start), min(length, end)
        if start < end:
            valid.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(valid):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("xref", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fmt_score"] = _fmt_score
    env.filters["csp_hash"] = _csp_hash
    return env


# ---------------------------------------------------------------- view model


@dataclass
class ArticleView:
    id: str
    pos: int
    dom: str
    title: str
    source: str
    published: str | None
    published_label: str
    url: str | None
    colour: str
    path: str
    sentence_count: int
    counts: Counter = field(default_factory=Counter)


@dataclass
class Ref:
    """A link from a sentence to a conflict card or claim, with what the other articles say.

    Several match pairs of one sentence can lead to the same claim card; they share
    one Ref (one link) that lists every other sentence. ``n`` numbers the refs of an
    article like footnotes, so a tag in the text finds its note beside the paragraph.
    """

    dom: str
    label: str
    kind: str
    temporal: str | None
    others: list[tuple[ArticleView, str]] = field(default_factory=list)
    n: int = 0


@dataclass
class SentenceView:
    article: str
    index: int
    text: str
    dom: str
    status: str
    is_title: bool
    topic: Any
    refs: list[Ref] = field(default_factory=list)


@dataclass
class Side:
    article: ArticleView
    index: int
    segments: list[Segment]
    sentence_dom: str
    later: bool = False


@dataclass
class ConflictCard:
    pos: int
    dom: str
    pid: str
    type: str
    temporal: str | None
    later: ArticleView | None
    score: Any
    similarity: Any
    topic: tuple[str, str] | None
    left: Side
    right: Side
    reasons: list[str]
    agreements: list[str] = field(default_factory=list)  # what the pair agrees on beside the conflict


@dataclass
class Claim:
    dom: str
    pair_positions: list[int]
    members: list[Side]
    articles: int
    sources: int
    scores: list[float]


@dataclass
class TopicView:
    id: Any
    dom: str
    label: str
    status: str
    groups: list[tuple[ArticleView, list[SentenceView]]]
    sentence_count: int
    article_count: int
    conflicts: int
    matches: int


@dataclass
class TimelineRow:
    """One dated sentence: its time texts as the row label, one bar per time expression."""

    y: float
    label: str
    colour: str
    title: str
    href: str
    bars: list[tuple[float, float]]


@dataclass
class TimelineView:
    topic: TopicView
    width: int
    height: int
    ticks: list[tuple[float, str]]
    rows: list[TimelineRow]
    links: list[str]
    items: list[tuple[str, str, ArticleView, str]]
    articles: list[ArticleView]


class Index:
    """Lookups shared by every section, built once per render."""

    def __init__(self, report: dict) -> None:
        self.pairs: list[dict] = [p for p in report.get("pairs") or [] if isinstance(p, dict)]
        self.articles = _article_views(report.get("articles") or [])
        self.sentences: dict[Key, dict] = {}
        for s in report.get("sentences") or []:
            if isinstance(s, dict):
                self.sentences[(str(s.get("article")), _int(s.get("index")))] = s
        self.topics: dict[Any, dict] = {t.get("id"): t for t in report.get("topics") or [] if isinstance(t, dict)}
        self.topic_dom = {tid: f"topic-{pos}" for pos, tid in enumerate(self.topics)}
        self.pair_ids = [str(n if p.get("id") is None else p.get("id")) for n, p in enumerate(self.pairs)]
        self.pair_dom = _unique_doms("pair", self.pair_ids)

    def article(self, article_id: Any) -> ArticleView:
        """The article's view; an id the report does not list gets a placeholder, not a crash."""
        key = str(article_id)
        if key not in self.articles:
            pos = len(self.articles)
            self.articles[key] = ArticleView(
                id=key,
                pos=pos,
                dom=f"art-{pos}",
                title=key,
                source="unknown source",
                published=None,
                published_label="undated",
                url=None,
                colour=PALETTE[pos % len(PALETTE)],
                path="",
                sentence_count=0,
            )
        return self.articles[key]

    def sentence_dom(self, article_id: Any, index: Any) -> str:
        return f"s-{self.article(article_id).pos}-{_int(index)}"

    def pair_topics(self, pair: dict) -> set:
        """Topics a pair belongs to: its own, or either sentence's (the JS filter uses the same rule)."""
        found = {pair.get("topic")}
        for side in ("a", "b"):
            ref = _side_ref(pair, side)
            found.add((self.sentences.get((str(ref.get("article")), _int(ref.get("index")))) or {}).get("topic"))
        found.discard(None)
        return found


def build_view(report: dict) -> dict:
    """Everything the template needs, computed once so the template stays declarative."""
    idx = Index(report)
    claims = _claims(idx)
    targets = dict(enumerate(idx.pair_dom))
    targets.update({n: claim.dom for claim in claims for n in claim.pair_positions})
    sentence_views = _sentence_views(idx, targets)
    conflicts = _conflict_cards(idx)
    topics = _topic_views(idx, sentence_views)
    articles = sorted(idx.articles.values(), key=lambda a: a.pos)
    inline = len(idx.sentences) <= INLINE_BODIES_MAX_SENTENCES
    return {
        "corpus": str(report.get("corpus") or "untitled corpus"),
        "generated": _fmt_datetime(report.get("generated_at")),
        "generated_raw": str(report.get("generated_at") or ""),
        "version": str(report.get("xref_version") or ""),
        "settings": report.get("settings") if isinstance(report.get("settings"), dict) else {},
        "summary": _summary(report, idx),
        "warnings": [str(w) for w in report.get("warnings") or []],
        "articles": articles,
        "conflicts": conflicts,
        "claims": claims,
        "match_count": sum(1 for p in idx.pairs if p.get("label") == "match"),
        "topics": topics,
        "timelines": _timelines(idx, topics),
        "bodies": _article_bodies(idx, sentence_views, inline),
        "inline_bodies": inline,
        "filters": _filter_options(idx),
        "page_size": PAGE_SIZE,
    }


def _article_views(raw: list) -> dict[str, ArticleView]:
    """Articles ordered by date (undated last) so colours and listings read chronologically."""
    items = [a for a in raw if isinstance(a, dict)]
    items.sort(key=lambda a: (_parse_date(a.get("published")) or date.max, str(a.get("id"))))
    views: dict[str, ArticleView] = {}
    for pos, a in enumerate(items):
        published = a.get("published")
        views[str(a.get("id"))] = ArticleView(
            id=str(a.get("id")),
            pos=pos,
            dom=f"art-{pos}",
            title=str(a.get("title") or a.get("id") or "untitled"),
            source=str(a.get("source") or "unknown source"),
            published=str(published) if published else None,
            published_label=_fmt_date(published),
            url=safe_url(a.get("url")),
            colour=PALETTE[pos % len(PALETTE)],
            path=str(a.get("path") or ""),
            sentence_count=_int(a.get("sentences")),
        )
    return views


def _sentence_views(idx: Index, targets: dict[int, str]) -> dict[Key, SentenceView]:
    """Every sentence with its status and links to its pairs (a match links to its claim card)."""
    views: dict[Key, SentenceView] = {}
    for key, s in idx.sentences.items():
        views[key] = SentenceView(
            article=key[0],
            index=key[1],
            text=str(s.get("text") or ""),
            dom=idx.sentence_dom(*key),
            status=str(s.get("status") or "unique"),
            is_title=bool(s.get("is_title")),
            topic=s.get("topic"),
        )
        idx.article(key[0]).counts[views[key].status] += 1
    for n, pair in enumerate(idx.pairs):
        if pair.get("label") in ("conflict", "match"):
            _add_refs(idx, views, pair, targets[n])
    return views


def _add_refs(idx: Index, views: dict[Key, SentenceView], pair: dict, dom: str) -> None:
    label = "conflict" if pair.get("label") == "conflict" else "match"
    kind = str(pair.get("type") or "other") if label == "conflict" else "match"
    temporal = pair.get("temporal") if label == "conflict" else None
    for side, other in (("a", "b"), ("b", "a")):
        ref, other_ref = _side_ref(pair, side), _side_ref(pair, other)
        view = views.get((str(ref.get("article")), _int(ref.get("index"))))
        if view is None:
            continue
        found = next((r for r in view.refs if r.dom == dom), None)
        if found is None:
            found = Ref(dom=dom, label=label, kind=kind, temporal=temporal)
            view.refs.append(found)
        found.others.append((idx.article(other_ref.get("article")), str(other_ref.get("text") or "")))


def _side(idx: Index, pair: dict, side: str) -> Side:
    ref = _side_ref(pair, side)
    spans = (pair.get("spans") or {}).get(side) if isinstance(pair.get("spans"), dict) else None
    return Side(
        article=idx.article(ref.get("article")),
        index=_int(ref.get("index")),
        segments=segments(str(ref.get("text") or ""), spans),
        sentence_dom=idx.sentence_dom(ref.get("article"), ref.get("index")),
    )


def _conflict_cards(idx: Index) -> list[ConflictCard]:
    """Conflict cards, strongest first; the earlier article on the left so a card reads "then → now"."""
    cards = []
    for n, pair in enumerate(idx.pairs):
        if pair.get("label") != "conflict":
            continue
        left, right = _side(idx, pair, "a"), _side(idx, pair, "b")
        later = idx.articles.get(str(pair.get("later"))) if pair.get("later") else None
        if _right_is_earlier(left, right, later):
            left, right = right, left
        for s in (left, right):
            s.later = later is not None and s.article.id == later.id
        cards.append(
            ConflictCard(
                pos=n,
                dom=idx.pair_dom[n],
                pid=idx.pair_ids[n],
                type=str(pair.get("type") or "other"),
                temporal=pair.get("temporal"),
                later=later,
                score=pair.get("score"),
                similarity=pair.get("similarity"),
                topic=_topic_link(idx, pair.get("topic")),
                left=left,
                right=right,
                reasons=[str(r) for r in pair.get("reasons") or []],
                agreements=[str(r) for r in pair.get("agreements") or []],
            )
        )
    cards.sort(key=lambda c: -_float(c.score))
    return cards


def _topic_link(idx: Index, tid: Any) -> tuple[str, str] | None:
    """(dom id, label) of a pair's topic, or None when the pair has no known topic."""
    if tid not in idx.topics:
        return None
    return idx.topic_dom[tid], str(idx.topics[tid].get("label") or f"topic {tid}")


def _right_is_earlier(left: Side, right: Side, later: ArticleView | None) -> bool:
    if later is not None and later.id in (left.article.id, right.article.id):
        return left.article.id == later.id
    a, b = _parse_date(left.article.published), _parse_date(right.article.published)
    return a is not None and b is not None and b < a


def _claims(idx: Index) -> list[Claim]:
    """Group match pairs into claims: sentences connected by matches say the same thing."""
    parent: dict[Key, Key] = {}

    def find(key: Key) -> Key:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    matches = [(n, p) for n, p in enumerate(idx.pairs) if p.get("label") == "match"]
    for _, pair in matches:
        a, b = _ref_key(pair.get("a")), _ref_key(pair.get("b"))
        parent[find(a)] = find(b)
    groups: dict[Key, list[int]] = defaultdict(list)
    for n, pair in matches:
        groups[find(_ref_key(pair.get("a")))].append(n)
    return sorted(
        (_claim(idx, positions) for positions in groups.values()),
        key=lambda c: (-c.sources, -c.articles, -len(c.members), -max(c.scores, default=0)),
    )


def _claim(idx: Index, positions: list[int]) -> Claim:
    spans: dict[Key, list] = defaultdict(list)
    texts: dict[Key, str] = {}
    for n in positions:
        pair = idx.pairs[n]
        for side in ("a", "b"):
            key = _ref_key(pair.get(side))
            texts[key] = str((_side_ref(pair, side)).get("text") or "")
            raw = (pair.get("spans") or {}).get(side) if isinstance(pair.get("spans"), dict) else None
            spans[key].extend(raw if isinstance(raw, list) else [])
    members = [
        Side(
            article=idx.article(k[0]),
            index=k[1],
            segments=segments(texts[k], spans[k]),
            sentence_dom=idx.sentence_dom(*k),
        )
        for k in texts
    ]
    members.sort(key=lambda s: (s.article.pos, s.index))
    return Claim(
        dom=f"claim-{idx.pair_dom[positions[0]]}",
        pair_positions=positions,
        members=members,
        articles=len({m.article.id for m in members}),
        sources=len({m.article.source.lower() for m in members}),
        scores=[_float(idx.pairs[n].get("score")) for n in positions],
    )


def _topic_views(idx: Index, sentence_views: dict[Key, SentenceView]) -> list[TopicView]:
    conflicts: Counter = Counter()
    matches: Counter = Counter()
    for pair in idx.pairs:
        for topic in idx.pair_topics(pair):
            (conflicts if pair.get("label") == "conflict" else matches)[topic] += 1
    views = []
    for tid, topic in idx.topics.items():
        members = [_ref_key(r) for r in topic.get("sentences") or []]
        grouped: dict[str, list[SentenceView]] = defaultdict(list)
        for key in members:
            view = sentence_views.get(key) or SentenceView(
                key[0], key[1], "(sentence not in report)", "", "unique", False, tid
            )
            grouped[key[0]].append(view)
        groups = sorted(
            ((idx.article(a), sorted(v, key=lambda s: s.index)) for a, v in grouped.items()), key=lambda g: g[0].pos
        )
        views.append(
            TopicView(
                id=tid,
                dom=idx.topic_dom[tid],
                label=str(topic.get("label") or f"topic {tid}"),
                status=str(topic.get("status") or "single-source"),
                groups=groups,
                sentence_count=len(members),
                article_count=len(grouped),
                conflicts=conflicts[tid],
                matches=matches[tid],
            )
        )
    views.sort(key=lambda t: (TOPIC_STATUS_ORDER.get(t.status, 3), -t.article_count, -t.sentence_count))
    return views


def _article_bodies(
    idx: Index, sentence_views: dict[Key, SentenceView], inline: bool
) -> list[tuple[ArticleView, list]]:
    """Each article's sentences regrouped into its original paragraphs (none when built lazily)."""
    if not inline:
        return [(article, []) for article in sorted(idx.articles.values(), key=lambda a: a.pos)]
    by_article: dict[str, dict[int, list[SentenceView]]] = defaultdict(lambda: defaultdict(list))
    for key, view in sentence_views.items():
        paragraph = _int((idx.sentences[key]).get("paragraph"))
        by_article[key[0]][paragraph].append(view)
    bodies = []
    for article in sorted(idx.articles.values(), key=lambda a: a.pos):
        paragraphs = by_article.get(article.id, {})
        ordered = [sorted(paragraphs[p], key=lambda s: s.index) for p in sorted(paragraphs)]
        refs = [r for para in ordered for s in para for r in s.refs]
        for n, ref in enumerate(refs, 1):
            ref.n = n
        bodies.append((article, ordered))
    return bodies


def _filter_options(idx: Index) -> dict:
    conflicts = [p for p in idx.pairs if p.get("label") == "conflict"]
    types = Counter(str(p.get("type") or "other") for p in conflicts)
    readings = Counter(str(p.get("temporal")) for p in conflicts if p.get("temporal"))
    in_pairs = {str(_side_ref(p, s).get("article")) for p in idx.pairs for s in ("a", "b")}
    topic_ids = set().union(*(idx.pair_topics(p) for p in idx.pairs)) if idx.pairs else set()
    return {
        "types": [(t, types[t]) for t in _ordered(types, TYPE_ORDER)],
        "readings": [(r, readings[r]) for r in _ordered(readings, READING_ORDER)],
        "articles": [a for a in sorted(idx.articles.values(), key=lambda a: a.pos) if a.id in in_pairs],
        "topics": [(tid, str(t.get("label") or tid)) for tid, t in idx.topics.items() if tid in topic_ids],
    }


def _summary(report: dict, idx: Index) -> dict:
    """Headline figures from ``summary``, falling back to counting when a field is missing."""
    given = report.get("summary") if isinstance(report.get("summary"), dict) else {}
    conflicts = [p for p in idx.pairs if p.get("label") == "conflict"]
    by_type = given.get("conflicts_by_type") or Counter(str(p.get("type") or "other") for p in conflicts)
    by_reading = given.get("conflicts_by_temporal") or Counter(str(p.get("temporal")) for p in conflicts)
    return {
        "articles": given.get("articles", len(idx.articles)),
        "sentences": given.get("sentences", len(idx.sentences)),
        "topics": given.get("topics", len(idx.topics)),
        "pairs": given.get("pairs", len(idx.pairs)),
        "matches": given.get("matches", len(idx.pairs) - len(conflicts)),
        "conflicts": given.get("conflicts", len(conflicts)),
        "by_type": [(t, by_type[t]) for t in _ordered(by_type, TYPE_ORDER)],
        "by_reading": [(r, by_reading[r]) for r in _ordered(by_reading, READING_ORDER)],
    }


# ---------------------------------------------------------------- timelines

# viewBox geometry: a label column on the left keeps time texts from colliding with bars.
TL_WIDTH, TL_LABEL, TL_PAD_RIGHT, TL_TOP, TL_ROW, TL_LABEL_CHARS = 1000, 250, 14, 28, 24, 34


@dataclass
class Dated:
    key: Key
    text: str
    times: list[tuple[str, int, int]]


def _timelines(idx: Index, topics: list[TopicView]) -> list[TimelineView]:
    """One SVG per topic with at least two dated sentences; x is the date, colour the article."""
    views = []
    for topic in topics:
        dated = [d for d in (_dated(idx, (s.article, s.index)) for _, ss in topic.groups for s in ss) if d]
        if len(dated) >= 2:
            views.append(_timeline(idx, topic, dated))
    return views


def _dated(idx: Index, key: Key) -> Dated | None:
    sentence = idx.sentences.get(key) or {}
    times = []
    for t in sentence.get("times") or []:
        if not isinstance(t, dict):
            continue
        begin, end = _parse_date(t.get("begin")), _parse_date(t.get("end"))
        begin = begin or end
        if begin is None:
            continue
        end = max(end or begin, begin)
        times.append((str(t.get("text") or begin.isoformat()), begin.toordinal(), end.toordinal()))
    return Dated(key, str(sentence.get("text") or ""), times) if times else None


def _timeline(idx: Index, topic: TopicView, dated: list[Dated]) -> TimelineView:
    dated.sort(key=lambda d: (min(t[1] for t in d.times), d.key[1]))
    lo = min(t[1] for d in dated for t in d.times)
    hi = max(t[2] for d in dated for t in d.times) + 1
    pad = max(15, (hi - lo) // 25)
    lo, hi = max(1, lo - pad), min(date.max.toordinal(), hi + pad)
    inner = TL_WIDTH - TL_LABEL - TL_PAD_RIGHT

    def x(day: float) -> float:
        return round(TL_LABEL + inner * (day - lo) / (hi - lo), 1)

    rows = [_row(idx, d, TL_TOP + n * TL_ROW + TL_ROW / 2, x) for n, d in enumerate(dated)]
    centre = {
        d.key: (round((row.bars[0][0] * 2 + row.bars[0][1]) / 2, 1), row.y) for d, row in zip(dated, rows, strict=True)
    }
    items = [
        (", ".join(t[0] for t in d.times), date.fromordinal(d.times[0][1]).isoformat(), idx.article(d.key[0]), d.text)
        for d in dated
    ]
    shown = {idx.article(d.key[0]).id: idx.article(d.key[0]) for d in dated}
    return TimelineView(
        topic=topic,
        width=TL_WIDTH,
        height=TL_TOP + len(dated) * TL_ROW + 6,
        ticks=_ticks(lo, hi, x),
        rows=rows,
        links=_links(idx, centre),
        items=items,
        articles=sorted(shown.values(), key=lambda a: a.pos),
    )


def _row(idx: Index, d: Dated, y: float, x) -> TimelineRow:
    article = idx.article(d.key[0])
    label = ", ".join(t[0] for t in d.times)
    bars = []
    for _, begin, end in d.times:
        x1 = x(begin)
        bars.append((x1, round(max(x(end + 1) - x1, 5.0), 1)))
    return TimelineRow(
        y=y,
        colour=article.colour,
        href=f"#{idx.sentence_dom(*d.key)}",
        label=label if len(label) <= TL_LABEL_CHARS else label[: TL_LABEL_CHARS - 1] + "…",
        title=f"{label} — {article.title} ({article.published_label})",
        bars=bars,
    )


def _links(idx: Index, centre: dict[Key, tuple[float, float]]) -> list[str]:
    """SVG paths joining the two sides of a conflict when both are on this timeline."""
    paths = []
    for pair in idx.pairs:
        if pair.get("label") != "conflict":
            continue
        a, b = _ref_key(pair.get("a")), _ref_key(pair.get("b"))
        if a in centre and b in centre and a != b:
            (x1, y1), (x2, y2) = centre[a], centre[b]
            bend = min(max(x1, x2) + 40, TL_WIDTH - 4)
            paths.append(f"M{x1} {y1} Q{round(bend, 1)} {round((y1 + y2) / 2, 1)} {x2} {y2}")
    return paths


def _ticks(lo: int, hi: int, x) -> list[tuple[float, str]]:
    """Year ticks (thinned to about eight), or month ticks for a span under two years."""
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    if hi - lo < 730:
        months = [date(y, m, 1) for y in range(first.year, last.year + 1) for m in range(1, 13)]
        days = [d for d in months if first <= d <= last]
        step = max(1, -(-len(days) // 8))
        return [(x(d.toordinal()), d.strftime("%b %Y")) for d in days[::step]]
    years = [date(y, 1, 1) for y in range(first.year, last.year + 1) if first <= date(y, 1, 1) <= last]
    step = max(1, -(-len(years) // 8))
    return [(x(d.toordinal()), str(d.year)) for d in years[::step]]


# ---------------------------------------------------------------- small helpers


def _side_ref(pair: dict, side: str) -> dict:
    """One side ("a" or "b") of a pair, or an empty dict when it is missing or malformed."""
    ref = pair.get(side)
    return ref if isinstance(ref, dict) else {}


def _ref_key(ref: Any) -> Key:
    ref = ref if isinstance(ref, dict) else {}
    return (str(ref.get("article")), _int(ref.get("index")))


def _unique_doms(prefix: str, names: list[str]) -> list[str]:
    """DOM ids from data ids: only [A-Za-z0-9_-], made unique, so they are safe in hrefs and selectors.

    report.js derives the same ids (pairDoms) for the cards it builds; keep the two in step.
    """
    seen: set[str] = set()
    out = []
    for n, name in enumerate(names):
        dom = f"{prefix}-{UNSAFE_ID_RE.sub('_', name)[:40]}"
        if dom in seen:
            dom = f"{dom}-{n}"
        seen.add(dom)
        out.append(dom)
    return out


def _ordered(counts: dict, order: tuple[str, ...]) -> list[str]:
    known = [k for k in order if counts.get(k)]
    return known + sorted(k for k in counts if k not in order and counts.get(k))


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _float(value: Any) -> float:
    """A number for sorting and ranges; anything else (None, text, NaN) counts as 0."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _csp_hash(script: str) -> str:
    """A CSP source for exactly this inline script, so no injected script or handler can run."""
    digest = hashlib.sha256(str(script).encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _fmt_score(value: Any) -> str:
    """Two decimals; a missing or non-finite score is a dash (the JSON carries it as null)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{_float(value):.2f}"


def _parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _fmt_date(value: Any) -> str:
    """'2 Dec 2019'; an unparseable date is shown as given, a missing one as 'undated'."""
    if not value:
        return "undated"
    parsed = _parse_date(value)
    return f"{parsed.day} {parsed.strftime('%b %Y')}" if parsed else str(value)


def _fmt_datetime(value: Any) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "unknown time")
    offset = moment.utcoffset()
    zone = "UTC" if offset is not None and not offset else (moment.strftime("UTC%z") if offset else "")
    return f"{moment.day} {moment.strftime('%b %Y, %H:%M')} {zone}".strip()
