"""Property-based tests: random text and random bytes through load, clean and segment.

Invariants: nothing but an `InputError` ever escapes; decoded text is the text that was
written; every sentence maps back to its place in the source (its recorded offsets hold
the same characters, up to the whitespace, hyphens and link lines cleaning removes);
sentences are in order, do not overlap, respect the length limit, and together keep
every character cleaning does not drop.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from xref.errors import InputError
from xref.load import load_corpus, read_text
from xref.models import Article, Sentence
from xref.segment import LINK_LINE, MARKDOWN_HEADING, URL_LINE, segment_article

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DROPPABLE = "-\u00ad"  # a hyphen at a line end may be dropped when the word is rejoined

# Pieces that exercise every cleaning rule: wrapped lines, hyphenation, link and URL lines,
# headings, abbreviations, quotes, odd whitespace and line separators.
PIECES = st.sampled_from(
    [
        "The minister said",
        " 300 passengers were aboard.",
        " U.S. officials met Dr. Smith at 9 a.m. on Dec. 3.",
        ' "No," an aide said.',
        " Did it vote?",
        "\n",
        "\n\n",
        "govern-\nment",
        "well-\nknown",
        "\nRead more: the rest\n",
        "\nhttps://example.org/story\n",
        "\n# A heading\n",
        "\n## sub heading\n",
        "\u00ad\n",
        "\t",
        "\u2028",
        "\u00a0",
        "\r\n",
        "\r",
        " ",
        "x" * 120,
    ]
)
STRUCTURED = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join)
TEXT = st.one_of(st.text(max_size=400), STRUCTURED)
SENTENCE_LIMIT = 60
NEWLINES = ["\n", "\r\n", "\r"]


def kept_positions(body: str) -> list[bool]:
    """For each body character: must cleaning keep it? (Not whitespace, not a maybe-dropped
    hyphen, not in a dropped link or URL line, not a markdown heading marker.)"""
    keep = [not c.isspace() and c not in DROPPABLE for c in body]
    offset = 0
    for line in body.split("\n"):
        if URL_LINE.match(line) or LINK_LINE.match(line):
            keep[offset : offset + len(line)] = [False] * len(line)
        elif line.strip() and (heading := MARKDOWN_HEADING.match(line)):
            keep[offset : offset + heading.end()] = [False] * heading.end()
        offset += len(line) + 1
    return keep


def dropped_lines(body: str) -> list[bool]:
    dropped = [False] * len(body)
    offset = 0
    for line in body.split("\n"):
        if URL_LINE.match(line) or LINK_LINE.match(line):
            dropped[offset : offset + len(line)] = [True] * len(line)
        offset += len(line) + 1
    return dropped


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def squeeze(text: str) -> str:
    return "".join(c for c in text if not c.isspace() and c not in DROPPABLE)


def check_sentences(body: str, sentences: list[Sentence], limit: int) -> None:
    previous_end = 0
    dropped = dropped_lines(body)
    for number, sentence in enumerate(sentences):
        assert sentence.index == number
        assert previous_end <= sentence.start < sentence.end <= len(body), "in order, not overlapping"
        previous_end = sentence.end
        text = sentence.text
        assert text and text == text.strip() and "\n" not in text
        assert len(text) <= limit
        assert body[sentence.start] == text[0] and body[sentence.end - 1] == text[-1]
        span = range(sentence.start, sentence.end)
        source = "".join(body[i] for i in span if not dropped[i])
        assert squeeze(source) == squeeze(text), "the sentence is the source text at its offsets"
    keep = kept_positions(body)
    covered = [False] * len(body)
    for sentence in sentences:
        covered[sentence.start : sentence.end] = [True] * (sentence.end - sentence.start)
    lost = [i for i, k in enumerate(keep) if k and not covered[i]]
    assert not lost, f"characters lost: {[body[i] for i in lost[:10]]}"


@PROPERTY
@given(TEXT)
def test_random_text_segments_back_to_its_source(body: str) -> None:
    sentences, _ = segment_article(Article(id="x", path="x.txt", body=body), max_sentence_chars=SENTENCE_LIMIT)
    check_sentences(body, sentences, SENTENCE_LIMIT)


@PROPERTY
@given(st.binary(max_size=600), st.sampled_from([".txt", ".md", ".jsonl"]))
def test_random_bytes_load_or_fail_cleanly(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"a{suffix}").write_bytes(raw)
        try:
            corpus = load_corpus(folder)
        except InputError as error:
            assert "a" + suffix in str(error) or "no articles found" in str(error)
            return
        for article in corpus.articles:
            assert article.body.strip() and "\r" not in article.body
            sentences, _ = segment_article(article, max_sentence_chars=SENTENCE_LIMIT)
            check_sentences(article.body, sentences, SENTENCE_LIMIT)


# Text any of the encodings below can carry, without control characters (those mark binary files).
PRINTABLE = st.text(st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufeff"), max_size=300)


@PROPERTY
@given(PRINTABLE, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"]), st.sampled_from(NEWLINES))
def test_decoded_text_is_the_text_written(text: str, encoding: str, newline: str) -> None:
    if encoding == "cp1252":
        text = text.encode("cp1252", errors="ignore").decode("cp1252")
        text = "".join(c for c in text if c not in "\x81\x8d\x8f\x90\x9d")
    text = "Start " + text  # cp1252 and UTF-8 agree on ASCII; a leading letter keeps detection honest
    if encoding == "cp1252":
        assume(not _is_utf8(text.encode("cp1252")))  # "Â\xa0" in cp1252 is valid UTF-8: UTF-8 wins, by design
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt"
        path.write_bytes(text.replace("\n", newline).encode(encoding))
        assert read_text(path) == text.replace("\r\n", "\n").replace("\r", "\n")


@PROPERTY
@given(PRINTABLE, PRINTABLE)
def test_front_matter_never_raises_anything_but_a_warning(front: str, body: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "a.md").write_text(f"---\n{front}\n---\nIntro. {body}", encoding="utf-8")
        corpus = load_corpus(folder)
        (article,) = corpus.articles
        assert "Intro. " in article.body
        for key in ("title", "source", "url"):
            assert getattr(article, key) is None or isinstance(getattr(article, key), str)
