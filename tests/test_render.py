"""The HTML report without a browser: content, highlighting, escaping and self-containment.

The sample report is built from real sentences of the three seed articles, so these
tests read like what an editor would see; the hostile variant plants markup in every
field that reaches the page.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import html as htmllib
import json
import re
from pathlib import Path

import pytest
from markupsafe import escape

from xref import render
from xref.render import embed_json, render_html, safe_url, segments, write_html

FIXTURE = Path(__file__).parent / "fixtures" / "report_sample.json"
A000, A001, A002 = "000_252fa1e7078f609d", "001_cabd7aca0987adce", "002_b6ff66564c9d5c20"
HOSTILE_TITLE = '"><script>window.__xss=1</script>'
HOSTILE_TEXT = 'Ankara said </script><img src=x onerror="window.__xss=2"> and <!-- nothing & more \u2028 else.'


@pytest.fixture(scope="module")
def sample() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(sample: dict) -> str:
    return render_html(sample)


def hostile_report(sample: dict) -> dict:
    """The sample with markup planted in a title, a source, a sentence, a pair side and a reason."""
    report = copy.deepcopy(sample)
    article = next(a for a in report["articles"] if a["id"] == A000)
    article["title"] = HOSTILE_TITLE
    article["source"] = "<b onmouseover=alert(1)>wire</b>"
    article["url"] = "javascript:window.__xss=3"
    sentence = next(s for s in report["sentences"] if s["article"] == A000 and s["index"] == 8)
    sentence["text"] = HOSTILE_TEXT
    pair = next(p for p in report["pairs"] if p["id"] == "p1")
    pair["a"]["text"] = HOSTILE_TEXT
    pair["spans"]["a"] = [[6, 30], [40, 200]]  # cut through the payload, and past the end
    pair["reasons"].append("</li></ul><script>window.__xss=4</script>")
    pair["agreements"] = ["</p><script>window.__xss=7</script>"]
    report["topics"][0]["label"] = "<svg onload=window.__xss=5>"
    report["sentences"][0]["times"] = [
        {"text": "</text><script>x</script>", "begin": "2019-01-01", "end": "2019-01-02"}
    ]
    report["corpus"] = "</title><script>window.__xss=6</script>"
    return report


def card_html(page: str, dom_id: str) -> str:
    """The markup of one card: from its opening tag to the next card or the end of its list."""
    start = page.index(f'id="{dom_id}"')
    ends = [i for i in (page.find('<li class="card', start), page.find("</ol>", start)) if i >= 0]
    return page[start : min(ends)]


def visible_text(fragment: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def data_block(page: str) -> str:
    blocks = re.findall(r'<script type="application/json" id="xref-data">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return blocks[0]


def sentence_text(report: dict, article: str, index: int) -> str:
    return next(s["text"] for s in report["sentences"] if s["article"] == article and s["index"] == index)


# ---------------------------------------------------------------- content


def test_modality_conflict_card_shows_both_sentences_marks_and_reading(page: str, sample: dict) -> None:
    card = card_html(page, "pair-p1")
    text = visible_text(card)
    assert sentence_text(sample, A000, 8) in text
    assert sentence_text(sample, A002, 8) in text
    assert re.findall(r"<mark>(.*?)</mark>", card) == ["could face", "imposed"]
    assert '<span class="badge type t-modality">modality</span>' in card
    assert '<span class="badge r-update">update</span>' in card
    assert "later: Turkish President Erdogan Says" in text
    assert "modality differs: 'could face' (possible) vs 'imposed' (factual)" in text
    assert "score 0.93" in text


def test_conflict_card_shows_what_the_pair_also_agrees_on(sample: dict) -> None:
    report = copy.deepcopy(sample)
    pair = next(p for p in report["pairs"] if p["id"] == "p1")
    pair["agreements"] = ["same time: in 2019 ~ in 2019", "same event: 'delivery' & 'delivered'"]
    page = render_html(report)
    card = card_html(page, "pair-p1")
    assert '<p class="agreements"><span class="agree-label">Also agree:</span>' in card
    assert "Also agree: same time: in 2019 ~ in 2019; same event: 'delivery' & 'delivered'" in visible_text(card)
    assert "&amp; &#39;delivered&#39;" in card  # escaped like the reasons
    assert 'class="agreements"' not in card_html(page, "pair-p3")  # no agreements, no line
    assert 'class="agreements"' not in card_html(render_html(sample), "pair-p1")  # reports without the field


def test_earlier_article_is_on_the_left_and_later_side_is_tagged(page: str) -> None:
    card = card_html(page, "pair-p3")  # a = 001 (2018), b = 000 (2019), later = 000
    left, right = re.split(r'<div class="side(?: is-later)?">', card)[1:]
    assert "crisis with the U.S." in left and "tag-later" not in left
    assert "clouds NATO leaders meeting" in right and "tag-later" in right


def test_status_conflict_about_the_f35_program(page: str) -> None:
    card = card_html(page, "pair-p2")
    assert re.findall(r"<mark>(.*?)</mark>", card) == [
        "plans to buy dozens of F-35s",
        "removing Turkey from the F-35 Lightning II jet program",
    ]
    assert "badge type t-status" in card


def test_conflicts_come_first_and_strongest_first(page: str, sample: dict) -> None:
    order = re.findall(r'<li class="card conflict" id="pair-(p\d+)"', page)
    scores = {p["id"]: p["score"] for p in sample["pairs"]}
    assert len(order) == sample["summary"]["conflicts"]
    assert [scores[p] for p in order] == sorted((scores[p] for p in order), reverse=True)
    assert page.index('id="conflicts"') < page.index('id="matches"') < page.index('id="topics"')


def test_header_lists_articles_counts_and_headline_figures(page: str, sample: dict) -> None:
    head = visible_text(page[page.index("<header") : page.index("</header>")])
    assert "seeds" in head and "22 Nov 2026, 10:00 UTC" in head
    for article in sample["articles"]:
        assert visible_text(article["title"]) in head and article["source"] in head
    assert "8 conflicts" in head and "8 matches" in head and "74 sentences" in head and "12 topics" in head
    assert "modality 3" in head and "update 6" in head and "contradiction 2" in head
    assert "dropped 1 URL line" in head  # warnings are shown


def test_matches_are_grouped_into_claims_with_independent_sources(page: str) -> None:
    claims = re.findall(r'<li class="card claim" id="([^"]+)" data-k="\d+" data-pis="([^"]+)"', page)
    assert len(claims) == 4
    sizes = {dom: len(pis.split()) for dom, pis in claims}
    assert sorted(sizes.values()) == [1, 2, 2, 3]
    patriot = next(dom for dom, _ in claims if sizes[dom] == 3)
    text = visible_text(card_html(page, patriot))
    assert "2 independent sources" in text and "2 articles · 4 sentences" in text
    assert text.count("Patriot") >= 3
    assert page.count("3 independent sources") == 2


def test_topics_group_sentences_by_article_with_status(page: str) -> None:
    assert page.count('<details class="topic"') == 12
    assert (
        '<span class="badge st-conflicting">conflicting</span> <span class="topic-label">sanctions, caatsa, impose'
        in page
    )
    assert '<span class="badge st-corroborated">corroborated</span>' in page
    assert '<span class="badge st-single-source">single-source</span> <span class="topic-label">afghanistan' in page


def test_article_view_marks_each_sentence_and_links_it_to_its_pairs(page: str) -> None:
    # 000 is the second article by date (001 is 2018), so its DOM prefix is s-1-.
    conflict = re.search(r'<span class="s st-conflict" id="s-1-8" tabindex="-1">([^<]*)</span>(.*?)</p>', page, re.S)
    assert conflict and "could face economic sanctions" in htmllib.unescape(conflict.group(1))
    assert 'href="#pair-p1"' in conflict.group(2) and "conflict · modality" in conflict.group(2)
    assert re.search(r'<span class="s st-match" id="s-1-0"', page)
    assert re.search(r'<span class="s st-unique" id="s-1-3"', page)
    assert len(re.findall(r'<span class="s st-(?:conflict|match|unique)" id="s-\d+-\d+"', page)) == 74


def test_paragraphs_follow_the_original_article(page: str) -> None:
    # 000 paragraph 6 holds sentences 7 and 8 together.
    para = re.search(r'<p class="ptext"><span class="s st-unique" id="s-1-7".*?</p>', page, re.S)
    assert para and 'id="s-1-8"' in para.group(0)


def test_timeline_per_topic_with_two_dated_sentences_and_conflict_links(page: str, sample: dict) -> None:
    dated = {(s["article"], s["index"]) for s in sample["sentences"] if s["times"]}
    expected = sum(1 for t in sample["topics"] if sum((r["article"], r["index"]) in dated for r in t["sentences"]) >= 2)
    assert page.count('<svg class="tl"') == expected > 0
    assert page.count('class="tl-link"') >= 1  # p1: both sides are dated (August 2017 / December of 2020)
    assert ">August 2017</text>" in page
    assert "xmlns" not in page  # inline SVG needs no namespace URL


# ---------------------------------------------------------------- safety


def test_hostile_article_is_escaped_everywhere(sample: dict) -> None:
    page = render_html(hostile_report(sample))
    assert "<script>window.__xss" not in page
    assert "<img src=x" not in page and "<svg onload" not in page and "<b onmouseover" not in page
    assert page.count("<script") == 2 and page.count("</script") == 2  # our data block and our code
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page  # shown as text
    card = card_html(page, "pair-p1")
    assert f"<mark>{escape(HOSTILE_TEXT[6:30])}</mark>" in card  # spans sliced, then each piece escaped
    assert f"<mark>{escape(HOSTILE_TEXT[40:])}</mark>" in card
    assert "javascript:" not in re.sub(r'<script type="application/json".*?</script>', "", page, flags=re.S)


def test_json_is_embedded_once_and_cannot_close_its_script_tag(sample: dict) -> None:
    report = hostile_report(sample)
    page = render_html(report)
    block = data_block(page)
    assert "</script" not in block.lower() and "<" not in block and ">" not in block and "&" not in block
    assert "\u2028" not in block
    assert json.loads(block) == report


def test_embed_json_escapes_markup_characters() -> None:
    assert str(embed_json({"t": "</script>&\u2028"})) == '{"t":"\\u003c/script\\u003e\\u0026\\u2028"}'


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>x</script>", None),
        ("//evil.example/x", None),
        ("https:///nohost", None),
        ("ftp://example.org/f", None),
        (None, None),
        (42, None),
    ],
)
def test_only_http_urls_become_links(url: object, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_article_urls_link_only_for_http(sample: dict) -> None:
    report = copy.deepcopy(sample)
    report["articles"][0]["url"] = "https://news.example/turkey-s400"
    report["articles"][1]["url"] = "javascript:window.__xss=1"
    page = render_html(report)
    assert 'href="https://news.example/turkey-s400"' in page
    assert not re.search(r'href="\s*javascript:', page, re.I)


def test_page_loads_nothing_from_the_network(page: str) -> None:
    assert "http://" not in page and "https://" not in page
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.S)  # our code compares with "<"
    assert not re.search(r"<[a-z][^>]*\s(src|srcset|poster|data|action)\s*=", markup, re.I)
    for resource in ("<link", "@import", "url(", "<iframe", "<img", "<object", "<embed", "fetch(", "XMLHttpRequest"):
        assert resource not in page


def test_content_security_policy_allows_exactly_our_script(page: str) -> None:
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1 and "innerHTML" not in scripts[0]
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page
    assert "default-src 'none'" in page


# ---------------------------------------------------------------- spans


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([[7, 12]], [("Turkey ", False), ("could", True), (" face it", False)]),
        ([[0, 6], [4, 12]], [("Turkey could", True), (" face it", False)]),  # overlapping spans merge
        ([[13, 17], [0, 6]], [("Turkey", True), (" could ", False), ("face", True), (" it", False)]),
        ([[-5, 3], [17, 99]], [("Tur", True), ("key could face", False), (" it", True)]),
        ([[5, 5], [9, 2], ["a", 3], [1], None, [True, 4]], [("Turkey could face it", False)]),
        (None, [("Turkey could face it", False)]),
    ],
)
def test_segments_clamp_merge_and_keep_all_text(spans: object, expected: list) -> None:
    parts = segments("Turkey could face it", spans)
    assert parts == expected
    assert "".join(text for text, _ in parts) == "Turkey could face it"


# ---------------------------------------------------------------- long reports


def test_long_lists_render_a_first_page_and_list_the_rest_for_the_script(
    sample: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "PAGE_SIZE", 3)
    page = render_html(sample)
    assert len(re.findall(r'<li class="card conflict"', page)) == 3
    assert len(re.findall(r'<li class="card claim"', page)) == 3
    order = re.search(r'id="conflict-list" data-order="([^"]*)"', page).group(1).split()
    assert len(order) == 8 and order[0] == "0"  # p1, the strongest, comes first
    claims = re.search(r'id="claim-list" data-claims="([^"]*)"', page).group(1).split(",")
    assert sorted(len(c.split()) for c in claims) == [1, 2, 2, 3]
    assert "Showing 3 of 8 conflicts" in page and "5 more conflicts are shown with JavaScript on" in page


def test_long_reports_leave_topic_and_article_bodies_to_the_script(
    sample: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "INLINE_BODIES_MAX_SENTENCES", 10)
    page = render_html(sample)
    assert page.count('data-lazy="article"') == 3 and page.count('data-lazy="topic"') == 12
    assert not re.search(r'<span class="s st-\w+" id="s-', page)
    assert '<details class="article" id="art-1" data-article="000_252fa1e7078f609d"' in page


# ---------------------------------------------------------------- robustness and output


def test_sparse_report_still_renders() -> None:
    page = render_html({"schema_version": 1, "pairs": [{"label": "conflict", "a": {}, "b": None, "spans": "x"}]})
    assert "Showing 1 of 1 conflicts" in page and "untitled corpus" in page


def test_non_finite_scores_keep_the_embedded_json_valid(sample: dict) -> None:
    report = copy.deepcopy(sample)
    report["pairs"][0]["score"] = float("nan")
    report["pairs"][1]["similarity"] = float("inf")
    page = render_html(report)
    embedded = json.loads(data_block(page), parse_constant=pytest.fail)  # no NaN / Infinity tokens
    assert embedded["pairs"][0]["score"] is None and embedded["pairs"][1]["similarity"] is None
    assert "score <strong>–</strong>" in card_html(page, "pair-p1")


def test_unknown_articles_missing_dates_and_topics_degrade_gracefully(sample: dict) -> None:
    report = copy.deepcopy(sample)
    report["articles"][0]["published"] = None
    report["pairs"][0]["a"]["article"] = "999_missing"
    report["pairs"][0]["topic"] = None
    report["topics"][0]["sentences"].append({"article": "999_missing", "index": 3})
    page = render_html(report)
    assert "undated" in page and "999_missing" in page


def test_write_html_is_atomic(sample: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "report.html"
    write_html(sample, target)
    first = target.read_text(encoding="utf-8")
    assert first.startswith("<!doctype html>") and first.rstrip().endswith("</html>")
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]

    def broken(report: dict) -> str:
        raise RuntimeError("render failed")

    monkeypatch.setattr(render, "render_html", broken)
    with pytest.raises(RuntimeError):
        write_html(sample, target)
    assert target.read_text(encoding="utf-8") == first
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]
