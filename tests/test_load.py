from datetime import date

import pytest

from xref.errors import InputError
from xref.load import load_corpus

from .conftest import A000, A001, A002, SEEDS


def test_seed_manifest_gives_titles_sources_and_dates():
    articles = {a.id: a for a in load_corpus(SEEDS).articles}
    assert set(articles) == {A000, A001, A002}
    assert articles[A001].published == date(2018, 11, 21)
    assert articles[A000].published == date(2019, 12, 2)
    assert articles[A002].published == date(2021, 9, 30)
    assert articles[A000].source and articles[A000].title


def test_front_matter_wins_over_manifest_field_by_field(tmp_path):
    (tmp_path / "a.md").write_text('---\ntitle: "From front matter"\npublished: 2024-03-14\n---\nBody text here.\n')
    (tmp_path / "manifest.yaml").write_text(
        "articles:\n  a:\n    title: From manifest\n    source: Manifest Source\n    published: 2020-01-01\n"
    )
    article = load_corpus(tmp_path).articles[0]
    assert article.title == "From front matter"
    assert article.source == "Manifest Source"
    assert article.published == date(2024, 3, 14)
    assert article.body == "Body text here.\n"


def test_csv_manifest_and_missing_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("Alpha said something.")
    (tmp_path / "b.txt").write_text("Beta said something else.")
    (tmp_path / "manifest.csv").write_text("id,title,published\na,Alpha,2 December 2019\n")
    articles = {a.id: a for a in load_corpus(tmp_path).articles}
    assert articles["a"].published == date(2019, 12, 2)
    assert articles["b"].published is None and articles["b"].title is None


def test_binary_and_empty_files_are_skipped_with_a_warning_naming_them(tmp_path):
    (tmp_path / "good.txt").write_text("A real sentence.")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.md").write_text("   \n")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["good"]
    assert any("blob.txt" in w and "binary" in w for w in corpus.warnings)
    assert any("empty.md" in w for w in corpus.warnings)
    with pytest.raises(InputError, match="blob.txt"):
        load_corpus(tmp_path, strict=True)


def test_latin1_and_bom_are_decoded(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Le café était fermé à Genève, a déclaré le porte-parole.".encode("latin-1"))
    (tmp_path / "bom.txt").write_bytes("\ufeffWith a BOM.\r\nSecond line.".encode())
    articles = {a.id: a for a in load_corpus(tmp_path).articles}
    assert "café était fermé" in articles["latin"].body
    assert articles["bom"].body == "With a BOM.\nSecond line."


def test_bad_front_matter_is_a_warning_naming_the_file_and_the_body_is_kept(tmp_path):
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\n---\nBody.\n")
    (tmp_path / "ok.md").write_text("Fine.")
    corpus = load_corpus(tmp_path)
    assert any("bad.md" in w and "YAML" in w for w in corpus.warnings)
    assert {a.id: a.body for a in corpus.articles} == {"bad": "Body.\n", "ok": "Fine."}


def test_unreadable_date_is_a_warning_not_a_crash(tmp_path):
    (tmp_path / "a.md").write_text("Some text.")
    (tmp_path / "manifest.yaml").write_text("articles:\n  a:\n    published: sometime soon\n")
    corpus = load_corpus(tmp_path)
    assert corpus.articles[0].published is None
    assert any("publication date" in w for w in corpus.warnings)


def test_jsonl_articles(tmp_path):
    (tmp_path / "feed.jsonl").write_text(
        '{"id": "x1", "text": "One.", "published": "2020-05-01", "source": "Feed"}\n{"id": "x2", "text": "Two."}\n'
    )
    articles = load_corpus(tmp_path).articles
    assert [a.id for a in articles] == ["x1", "x2"]
    assert articles[0].published == date(2020, 5, 1)


def test_empty_folder_and_missing_folder_are_clear_errors(tmp_path):
    with pytest.raises(InputError, match="no articles found"):
        load_corpus(tmp_path)
    with pytest.raises(InputError, match="no such corpus folder"):
        load_corpus(tmp_path / "nope")


def test_duplicate_ids_are_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("Two.")
    with pytest.raises(InputError, match="duplicate article id 'a'"):
        load_corpus(tmp_path)
