"""Stage 2: clean an article's body and split it into sentences.

Cleaning undoes what copy-and-paste does to news text: hard-wrapped lines are
joined into paragraphs, words hyphenated across a line break are rejoined,
"Related article:" lines and bare URLs are dropped, and a paragraph cut in two
by a dropped line is mended. Every cleaned character remembers its offset in
the original body, so each sentence maps back to its place (the report shows
that context). Sentence boundaries come from pysbd, a rule-based segmenter that
handles "U.S.", "Dec.", "a.m.", quotes and questions.

Untrusted input stays cheap: pysbd's cost grows faster than linearly with the
length of what it is given, so a long paragraph (a 1 MB line) is cut into chunks
at likely sentence ends before pysbd sees it, sentence spans are found with one
forward scan instead of pysbd's own per-sentence regex search, and a "sentence"
longer than ``max_sentence_chars`` is split at whitespace. Nothing is dropped:
every character of a kept paragraph ends up in exactly one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import pysbd

from xref.models import Article, Sentence

URL_LINE = re.compile(r"^\s*(<)?(https?://|www\.)\S+(>)?\s*$", re.I)
LINK_LINE = re.compile(
    r"^\s*(related( articles?| stories| story| content)?|read more|see also|more on this|click here)\s*[:>-]",
    re.I,
)
MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
SENTENCE_END = (".", "?", "!", '"', "”", "’", "'", ":", ";", ")")
WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
HEADING_MAX_WORDS = 12
DEFAULT_MAX_SENTENCE_CHARS = 2000
# pysbd takes ~12 s/MB on 2,000-character inputs but ~70 s/MB on 20,000 and worse beyond.
PYSBD_CHUNK_CHARS = 2000
# Where a chunk may end: after a word of 3+ lowercase letters and . ! or ?, before a capital.
# Abbreviations ("U.S.", "Dr.", "Mrs.") do not match, so a chunk rarely ends mid-sentence.
LIKELY_SENTENCE_END = re.compile(r"[a-z]{3}[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
WHITESPACE = re.compile(r"\s+")

Warn = Callable[[object, str], None]
"""Called with (where, reason) for input that was handled but deserves a mention."""


@dataclass
class CleanParagraph:
    """A paragraph's cleaned text and, for each character, its offset in the body."""

    text: str
    offsets: list[int]
    is_heading: bool = False
    markdown: bool = False  # a "# heading" line: never mended into another paragraph


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def segment_article(
    article: Article, *, max_sentence_chars: int = DEFAULT_MAX_SENTENCE_CHARS, warn: Warn | None = None
) -> tuple[list[Sentence], str | None]:
    """Return the article's sentences and a title found in its text (a leading heading).

    A sentence longer than ``max_sentence_chars`` is split at whitespace (kept whole, never
    truncated) and ``warn`` is told how many were, naming the article.
    """
    paragraphs = clean_paragraphs(article.body)
    sentences: list[Sentence] = []
    heading_title = None
    too_long = 0
    for number, paragraph in enumerate(paragraphs):
        if paragraph.is_heading and heading_title is None and not sentences:
            heading_title = paragraph.text
        spans = split_sentences(paragraph.text)
        too_long += sum(1 for start, end in spans if end - start > max_sentence_chars)
        for start, end in limit_length(paragraph.text, spans, max_sentence_chars):
            sentences.append(
                Sentence(
                    article=article.id,
                    index=len(sentences),
                    text=paragraph.text[start:end],
                    start=paragraph.offsets[start],
                    end=paragraph.offsets[end - 1] + 1,
                    paragraph=number,
                    is_title=paragraph.is_heading,
                )
            )
    if too_long and warn is not None:
        warn(
            article.path,
            f"{too_long} sentence{'s' if too_long > 1 else ''} longer than {max_sentence_chars:,} characters "
            "split at whitespace (--max-sentence-chars)",
        )
    return sentences, heading_title


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``[start, end)`` in ``text``: in order, trimmed of whitespace, covering all its words.

    pysbd proposes where sentences start; each sentence runs to the next one's start, so
    text pysbd leaves out of its sentences (it sometimes does) stays with the sentence before.
    """
    if len(text.split(maxsplit=3)) <= 3:  # too short to hold two sentences; pysbd adds nothing
        starts = [0]
    else:
        starts = sorted({0, *(start for chunk in _chunks(text) for start in _pysbd_starts(text, *chunk))})
    ends = [*starts[1:], len(text)]
    return [span for start, end in zip(starts, ends, strict=True) if (span := _trim(text, start, end))]


def limit_length(text: str, spans: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """``spans`` with each one longer than ``limit`` split at whitespace (at a hard cut if there is none)."""
    limited = []
    for start, end in spans:
        while end - start > limit:
            cut = _cut(text, start, start + limit, sentence_end=False)
            if piece := _trim(text, start, cut):
                limited.append(piece)
            start = cut
        if piece := _trim(text, start, end):
            limited.append(piece)
    return limited


def _chunks(text: str) -> Iterator[tuple[int, int]]:
    """``[start, end)`` pieces of at most PYSBD_CHUNK_CHARS, cut at likely sentence ends."""
    start = 0
    while len(text) - start > PYSBD_CHUNK_CHARS:
        end = _cut(text, start, start + PYSBD_CHUNK_CHARS, sentence_end=True)
        yield start, end
        start = end
    yield start, len(text)


def _cut(text: str, start: int, limit: int, *, sentence_end: bool) -> int:
    """Where to end a piece that starts at ``start`` and may not pass ``limit``: after the last
    likely sentence end (if asked) or whitespace in the second half of the range, else at ``limit``."""
    low = start + (limit - start) // 2
    patterns = (LIKELY_SENTENCE_END, WHITESPACE) if sentence_end else (WHITESPACE,)
    for pattern in patterns:
        ends = [match.end() for match in pattern.finditer(text, low, limit)]
        if ends:
            return ends[-1]
    return limit


def _pysbd_starts(text: str, start: int, end: int) -> list[int]:
    """Where pysbd's sentences start in ``text[start:end]``, found in one forward scan.

    pysbd's own ``char_span`` searches the whole text with a fresh regex for every sentence,
    which is quadratic; its sentences are substrings in order, so ``str.find`` from the
    previous end finds each. A sentence pysbd altered is not found and joins the one before.
    """
    chunk = text[start:end]
    starts = []
    cursor = 0
    for sentence in _segmenter().processor(chunk).process():
        piece = sentence.strip()
        found = chunk.find(piece, cursor) if piece else -1
        if found >= 0:
            starts.append(start + found)
            cursor = found + len(piece)
    return starts


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def clean_paragraphs(body: str) -> list[CleanParagraph]:
    """Cleaned paragraphs of ``body``, in order, with their offset maps."""
    vocabulary = {w.lower() for w in WORD.findall(body)}
    blocks = _line_blocks(body)
    paragraphs = [_join_lines(block, vocabulary) for block in blocks]
    return _mend_split_paragraphs([p for p in paragraphs if p.text])


def _line_blocks(body: str) -> list[list[tuple[str, int, bool]]]:
    """Group kept lines into blocks separated by blank or dropped lines.

    Each line is ``(text, offset, is_markdown_heading)``; a markdown heading is a
    block of its own.
    """
    blocks: list[list[tuple[str, int, bool]]] = []
    current: list[tuple[str, int, bool]] = []
    offset = 0
    for line in body.split("\n"):
        line_start = offset
        offset += len(line) + 1
        if not line.strip() or URL_LINE.match(line) or LINK_LINE.match(line):
            if current:
                blocks.append(current)
                current = []
            continue
        heading = MARKDOWN_HEADING.match(line)
        if heading:
            if current:
                blocks.append(current)
                current = []
            blocks.append([(line[heading.end() :], line_start + heading.end(), True)])
            continue
        current.append((line, line_start, False))
    if current:
        blocks.append(current)
    return blocks


def _join_lines(block: list[tuple[str, int, bool]], vocabulary: set[str]) -> CleanParagraph:
    chars: list[str] = []
    offsets: list[int] = []
    for line, line_start, _ in block:
        stripped_start = len(line) - len(line.lstrip())
        piece = line.strip()
        if chars and piece and not _rejoin_hyphenated(chars, offsets, piece, vocabulary):
            chars.append(" ")
            offsets.append(offsets[-1] + 1)
        for i, ch in enumerate(piece):
            if ch.isspace():
                if chars and chars[-1] == " ":
                    continue
                ch = " "
            chars.append(ch)
            offsets.append(line_start + stripped_start + i)
    text = "".join(chars)
    is_heading = block[0][2] or _looks_like_heading(text, len(block))
    return CleanParagraph(text=text, offsets=offsets, is_heading=is_heading, markdown=block[0][2])


def _rejoin_hyphenated(chars: list[str], offsets: list[int], next_line: str, vocabulary: set[str]) -> bool:
    """Join "anti-\\naircraft" without a space; drop the hyphen only for a split word.

    A line-final hyphen is kept ("anti-aircraft") unless the document itself
    spells the joined word without one ("govern-\\nment" -> "government").
    """
    if len(chars) < 2 or chars[-1] not in "-\u00ad" or not chars[-2].isalpha() or not next_line[0].isalpha():
        return False
    left = re.search(r"[A-Za-z]+$", "".join(chars[-40:-1]))
    right = re.match(r"[A-Za-z]+", next_line)
    if left and right:
        joined = (left.group() + right.group()).lower()
        hyphenated = f"{left.group()}-{right.group()}".lower()
        if (chars[-1] == "\u00ad" or joined in vocabulary) and hyphenated not in vocabulary:
            chars.pop()
            offsets.pop()
    return True


def _looks_like_heading(text: str, line_count: int) -> bool:
    """A one-line block of a few words without final punctuation: a sub-head or dateline."""
    stripped = text.strip().rstrip("\"'”’»)")
    return (
        line_count == 1
        and len(stripped.split()) <= HEADING_MAX_WORDS
        and not stripped.endswith((".", "?", "!", ",", ";", ":"))
    )


def _mend_split_paragraphs(paragraphs: list[CleanParagraph]) -> list[CleanParagraph]:
    """Rejoin a paragraph that a dropped line (a URL) cut mid-sentence."""
    mended: list[CleanParagraph] = []
    for paragraph in paragraphs:
        previous = mended[-1] if mended else None
        if (
            previous is not None
            and not (previous.markdown or paragraph.markdown)
            and not previous.text.rstrip().endswith(SENTENCE_END)
            and paragraph.text[:1].islower()
            and len(previous.text.split()) > HEADING_MAX_WORDS
        ):
            previous.text += " " + paragraph.text
            previous.offsets += [previous.offsets[-1] + 1] + paragraph.offsets
            previous.is_heading = False
            continue
        mended.append(paragraph)
    return mended
