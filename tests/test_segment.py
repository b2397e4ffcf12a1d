import re

from xref.load import load_corpus
from xref.models import Article
from xref.segment import clean_paragraphs, segment_article, split_sentences

from .conftest import A001, A002, SEEDS


def _seed(article_id):
    return next(a for a in load_corpus(SEEDS).articles if a.id == article_id)


def test_seed_001_hard_wrapping_and_hyphenation_are_undone():
    sentences, _ = segment_article(_seed(A001))
    first = sentences[0].text
    assert first.endswith("Turkey’s move to buy an advanced Russian anti-aircraft missile system.")
    assert "\n" not in first and "  " not in first
    texts = [s.text for s in sentences]
    assert not any("Related article" in t or "themoscowtimes" in t for t in texts)


def test_paragraph_cut_by_a_url_line_is_mended():
    texts = [s.text for s in segment_article(_seed(A001))[0]]
    mended = [t for t in texts if "qualitatively change" in t]
    assert len(mended) == 1
    assert "relationship in a way that would be very difficult to repair,” Mitchell said." in mended[0]


def test_every_sentence_maps_back_to_its_place_in_the_original():
    for article in load_corpus(SEEDS).articles:
        for sentence in segment_article(article)[0]:
            original = re.sub(r"https?://\S+", "", article.body[sentence.start : sentence.end])  # dropped lines
            assert re.sub(r"\s+", "", original) == re.sub(r"\s+", "", sentence.text)


def test_markdown_heading_becomes_the_title_and_is_not_a_claim():
    sentences, title = segment_article(_seed(A002))
    assert title.startswith("Turkish President Erdogan Says the Country Could Buy More")
    assert sentences[0].is_title and not sentences[1].is_title


def test_subheads_are_marked_as_headings():
    sentences, _ = segment_article(_seed(A001))
    headings = [s.text for s in sentences if s.is_title]
    assert headings == ["‘Done Deal’", "Congressional Reaction", "Patriot Option"]


def test_segmenter_handles_abbreviations_times_quotes_and_questions():
    text = (
        'The U.S. Senate met at 9 a.m. on Dec. 3 with Dr. Smith. Did it vote? "No," an aide said. '
        "It cost $4.2 billion, officials said."
    )
    pieces = [text[s:e] for s, e in split_sentences(text)]
    assert pieces == [
        "The U.S. Senate met at 9 a.m. on Dec. 3 with Dr. Smith.",
        "Did it vote?",
        '"No," an aide said.',
        "It cost $4.2 billion, officials said.",
    ]


def test_split_word_loses_its_hyphen_only_when_the_document_spells_it_whole():
    body = "The govern-\nment said so. The government agreed.\n\nA well-\nknown case."
    paragraphs = clean_paragraphs(body)
    assert paragraphs[0].text == "The government said so. The government agreed."
    assert paragraphs[1].text == "A well-known case."


def test_link_lines_and_bare_urls_are_dropped():
    body = "First claim here is long enough.\n\nRead more: something else\n\nhttps://example.org/x\n\nLast one."
    sentences, _ = segment_article(Article(id="x", path="x.txt", body=body))
    assert [s.text for s in sentences] == ["First claim here is long enough.", "Last one."]


def test_a_lowercase_markdown_heading_is_not_mended_into_the_paragraph_before():
    body = "one two three four five six seven eight nine ten eleven twelve thirteen\n# a heading\n"
    sentences, _ = segment_article(Article(id="x", path="x.md", body=body))
    assert [(s.text, s.is_title) for s in sentences] == [
        ("one two three four five six seven eight nine ten eleven twelve thirteen", False),
        ("a heading", True),
    ]
