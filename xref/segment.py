"""Stage 2: clean an article's body and split it into sentences.

Cleaning undoes what copy-and-paste does to news text: hard-wrapped lines are
joined into paragraphs, words hyphenated across a line break are rejoined,
"Related article:" lines and bare URLs are dropped, and a paragraph cut in two
by a dropped line is mended. Every cleaned character remembers its offset in
the original body, so each sentence maps back to its place (the report shows
that context). Sentence boundaries come from pysbd, a rule-based segmenter that
handles "U.S.", "Dec.", "a.m.", quotes and questions.
"""

from __future__ import annotations

import re
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


@dataclass
class CleanParagraph:
    """A paragraph's cleaned text and, for each character, its offset in the body."""

    text: str
    offsets: list[int]
    is_heading: bool = False


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def segment_article(article: Article) -> tuple[list[Sentence], str | None]:
    """Return the article's sentences and a title found in its text (a leading heading)."""
    paragraphs = clean_paragraphs(article.body)
    sentences: list[Sentence] = []
    heading_title = None
    for number, paragraph in enumerate(paragraphs):
        if paragraph.is_heading and heading_title is None and not sentences:
            heading_title = paragraph.text
        for start, end in split_sentences(paragraph.text):
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
    return sentences, heading_title


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``[start, end)`` in ``text``, trimmed of surrounding whitespace."""
    if len(text.split()) <= 3:  # too short to hold two sentences; pysbd adds nothing
        spans = [(0, len(text))]
    else:
        spans = [(span.start, span.end) for span in _segmenter().segment(text)]
    trimmed = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            trimmed.append((start, end))
    return trimmed


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
    return CleanParagraph(text=text, offsets=offsets, is_heading=is_heading)


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
