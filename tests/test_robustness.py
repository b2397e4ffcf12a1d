"""Bad input, resource limits and failed writes: xref keeps working, loses nothing silently,
and says what went wrong, naming the file (README, "Failure modes")."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from xref import render, report
from xref.cli import main
from xref.errors import InputError
from xref.load import load_corpus, read_text
from xref.models import Article
from xref.segment import segment_article

from .test_properties import check_sentences

GOOD = "The ferry caught fire on Monday. Two passengers died, officials said.\n"


def corpus_with(tmp_path: Path, **files: bytes | str) -> Path:
    """A corpus folder holding one good article plus ``files`` (name -> content; ``__`` for ``/``)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, content in files.items():
        path = tmp_path / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return tmp_path


def warning_for(corpus, name: str) -> str:
    hits = [w for w in corpus.warnings if name in w]
    assert len(hits) == 1, corpus.warnings
    return hits[0]


# ---------------------------------------------------------------- files skipped with a warning


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "no text"),
        ("blank.md", b" \n\t\r\n  \n", "no text"),
        ("nul.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes)"),
        ("noise.txt", bytes(range(1, 32)) * 40, "binary file (control characters)"),
        ("bad16.txt", b"\xff\xfe\x00\xd8", "UTF-16 byte-order mark but is not valid UTF-16"),
    ],
)
def test_unusable_files_are_skipped_with_a_warning_and_fail_under_strict(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    root = corpus_with(tmp_path, **{name: content})
    corpus = load_corpus(root)
    assert [a.id for a in corpus.articles] == ["good"]
    message = warning_for(corpus, name)
    assert reason in message and message.endswith("; skipped")
    with pytest.raises(InputError, match=name.replace(".", r"\.")) as error:
        load_corpus(root, strict=True)
    assert reason in str(error.value)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("latin-1", "Le café était fermé à Genève, a déclaré le porte-parole."),
        ("cp1252", "“We’ll rebuild,” the mayor said — it cost €2 million."),
        ("utf-8-sig", "With a BOM: naïve café."),
        ("utf-16", "UTF-16 with its BOM: Zürich, 東京."),
        ("utf-16-be", "\ufeffBig-endian UTF-16: Ωmega."),
        ("utf-32", "UTF-32 too: Ærø."),
    ],
)
def test_legacy_encodings_and_byte_order_marks_are_decoded(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text(path) == text.lstrip("\ufeff")


def test_mixed_line_endings_become_newlines_and_offsets_point_into_that_body(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"First line wraps\r\nhere. Second\rsentence ends.\n\r\nNew paragraph.\r")
    (article,) = load_corpus(tmp_path).articles
    assert article.body == "First line wraps\nhere. Second\nsentence ends.\n\nNew paragraph.\n"
    sentences, _ = segment_article(article)
    assert [s.text for s in sentences] == ["First line wraps here.", "Second sentence ends.", "New paragraph."]
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    check_sentences(article.body, sentences, 2000)


# ---------------------------------------------------------------- size limits


def test_file_over_the_size_limit_is_skipped_quickly_naming_file_and_size(tmp_path: Path) -> None:
    root = corpus_with(tmp_path)
    big = root / "dump.txt"
    with big.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing read
    started = time.perf_counter()
    corpus = load_corpus(root)
    assert time.perf_counter() - started < 2
    assert "dump.txt: file is 52,428,800 bytes, over the limit of 5,242,880" in warning_for(corpus, "dump.txt")
    with pytest.raises(InputError, match="dump.txt: file is 52,428,800 bytes"):
        load_corpus(root, strict=True)
    assert [a.id for a in load_corpus(root, max_bytes=10**6).articles] == ["good"]


def test_50_mb_article_loads_when_the_limit_allows_it(tmp_path: Path) -> None:
    paragraph = ("The council met on Tuesday and approved the budget for the harbour. " * 12 + "\n\n").encode()
    path = tmp_path / "huge.txt"
    path.write_bytes(paragraph * (50 * 1024 * 1024 // len(paragraph) + 1))
    started = time.perf_counter()
    (article,) = load_corpus(tmp_path, max_bytes=64 * 1024 * 1024).articles
    seconds = time.perf_counter() - started
    assert len(article.body) == path.stat().st_size
    assert seconds < 30, f"loading 50 MB took {seconds:.1f} s"


def test_one_megabyte_line_segments_quickly_with_exact_offsets() -> None:
    sentence = "Officials said the ferry carried {} passengers when the fire broke out near Dover. "
    body = "".join(sentence.format(n) for n in range(12_000))[: 1024 * 1024]
    started = time.perf_counter()
    sentences, _ = segment_article(Article(id="line", path="line.txt", body=body))
    seconds = time.perf_counter() - started
    assert seconds < 90, f"segmenting a 1 MB line took {seconds:.1f} s"  # unchunked pysbd: about half an hour
    assert len(sentences) == 12_000
    assert sentences[4321].text == sentence.format(4321).strip()
    check_sentences(body, sentences, 2000)


def test_overlong_sentences_are_split_at_whitespace_with_a_warning_naming_the_article() -> None:
    body = "Intro sentence here. " + " ".join(f"word{n}" for n in range(1000)) + "\n\n" + "x" * 450
    warnings: list[str] = []
    sentences, _ = segment_article(
        Article(id="t", path="corpus/t.txt", body=body),
        max_sentence_chars=200,
        warn=lambda where, reason: warnings.append(f"{where}: {reason}"),
    )
    assert sentences[0].text == "Intro sentence here."
    assert all(len(s.text) <= 200 for s in sentences)
    assert all(s.text.startswith("word") and s.text[-1].isdigit() for s in sentences[1:-3])  # cut between words
    assert [len(s.text) for s in sentences[-3:]] == [200, 200, 50]  # no whitespace at all: hard cuts
    (warning,) = warnings
    assert re.fullmatch(r"corpus/t.txt: \d+ sentences longer than 200 characters split at whitespace \(.*\)", warning)
    check_sentences(body, sentences, 200)


# ---------------------------------------------------------------- metadata


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("title: [unclosed", "front matter is not valid YAML"),
        ("published: 2024-13-45", "front matter is not valid YAML (month must be in 1..12)"),
        ("just a sentence", "front matter is not a YAML mapping"),
        ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
         "title: [*d, *d, *d, *d, *d, *d, *d, *d, *d]", "'title' should be text, not list"),
    ],
)
def test_bad_front_matter_loses_its_metadata_not_the_article(tmp_path: Path, front: str, reason: str) -> None:
    (tmp_path / "a.md").write_text(f"---\n{front}\n---\nThe body survives.\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    (article,) = corpus.articles
    assert article.body == "The body survives.\n" and article.title is None
    assert reason in warning_for(corpus, "a.md")
    with pytest.raises(InputError, match="a.md"):
        load_corpus(tmp_path, strict=True)


def test_unclosed_front_matter_is_read_as_text(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\nA markdown rule, then text that goes on.\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.articles[0].body == "---\nA markdown rule, then text that goes on.\n"
    assert "no closing '---' line; read it all as text" in warning_for(corpus, "a.md")


def test_unparseable_date_keeps_the_article_undated(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: Kept\npublished: the day after tomorrow-ish\n---\nText.\n")
    corpus = load_corpus(tmp_path)
    (article,) = corpus.articles
    assert article.title == "Kept" and article.published is None
    message = warning_for(corpus, "a.md")
    assert "cannot read the publication date 'the day after tomorrow-ish'; the article is kept undated" in message
    with pytest.raises(InputError, match="publication date"):
        load_corpus(tmp_path, strict=True)


def test_manifest_naming_missing_files_is_a_warning_naming_the_manifest_and_ids(tmp_path: Path) -> None:
    root = corpus_with(tmp_path, **{"manifest.yaml": "articles:\n  good: {title: Good}\n  gone: {}\n  lost: {}\n"})
    corpus = load_corpus(root)
    assert corpus.articles[0].title == "Good"
    assert warning_for(corpus, "manifest.yaml").endswith("names 2 articles with no file: 'gone', 'lost'")
    with pytest.raises(InputError, match="manifest.yaml: names 2 articles"):
        load_corpus(root, strict=True)


def test_broken_manifest_is_an_error_naming_it(tmp_path: Path) -> None:
    root = corpus_with(tmp_path, **{"manifest.yaml": "articles: [unclosed"})
    with pytest.raises(InputError, match="manifest.yaml: not valid YAML"):
        load_corpus(root)


def test_duplicate_ids_are_an_error_naming_both_files(tmp_path: Path) -> None:
    root = corpus_with(tmp_path, **{"2024__good.md": "Another text."})
    with pytest.raises(InputError, match=r"good.txt: duplicate article id 'good' \(also .*/2024/good.md\)"):
        load_corpus(root)
    (root / "2024" / "good.md").unlink()
    (root / "feed.jsonl").write_text('{"id": "x", "text": "One."}\n{"id": "x", "text": "Two."}\n')
    with pytest.raises(InputError, match=r"feed.jsonl:2: duplicate article id 'x' \(also .*feed.jsonl:1\)"):
        load_corpus(root)


def test_bad_jsonl_lines_are_skipped_and_the_rest_load(tmp_path: Path) -> None:
    lines = ['{"id": "a", "text": "One."}', "{not json", '{"id": "b"}', "[1, 2]", '{"id": "c", "text": "Three."}']
    root = corpus_with(tmp_path, **{"feed.jsonl": "\n".join(lines)})
    corpus = load_corpus(root)
    assert [a.id for a in corpus.articles] == ["a", "c", "good"]
    assert [w.split(": ")[0][len(str(root)) + 1 :] for w in corpus.warnings] == [
        "feed.jsonl:2",
        "feed.jsonl:3",
        "feed.jsonl:4",
    ]
    (root / "empty.jsonl").write_text("\n\n")
    assert "empty.jsonl: no articles in the file; skipped" in warning_for(load_corpus(root), "empty.jsonl")


# ---------------------------------------------------------------- folders, links, permissions


def test_three_thousand_tiny_files_load_fast(tmp_path: Path) -> None:
    for n in range(3000):
        folder = tmp_path / f"day{n % 30:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"{n:04d}.txt").write_text(f"Article {n} says the vote was {n} to {n + 1}.\n", encoding="utf-8")
    started = time.perf_counter()
    corpus = load_corpus(tmp_path)
    seconds = time.perf_counter() - started
    assert len(corpus.articles) == 3000 and not corpus.warnings
    assert [a.id for a in corpus.articles[:2]] == ["0000", "0030"]  # sorted by path: day00/0000, day00/0030
    assert seconds < 10, f"loading 3,000 files took {seconds:.1f} s"


def test_symlinks_inside_are_read_once_outside_and_dangling_are_skipped_folders_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    outside = tmp_path / "secret.txt"
    outside.write_text("Not part of the corpus.")
    corpus_with(root, **{"raw__x.data": "Linked article text."})
    (root / "x.txt").symlink_to(root / "raw" / "x.data")  # a link to a file inside: read as article x
    (root / "alias.txt").symlink_to("good.txt")  # the same file twice: read once
    (root / "leak.txt").symlink_to(outside)
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "sub").mkdir()
    (root / "sub" / "back").symlink_to("..", target_is_directory=True)
    corpus = load_corpus(root)
    assert sorted(a.id for a in corpus.articles) == ["good", "x"]
    assert next(a for a in corpus.articles if a.id == "x").body == "Linked article text."
    assert "same file as" in warning_for(corpus, "alias.txt") and "good.txt" in warning_for(corpus, "alias.txt")
    assert "outside the corpus folder; skipped" in warning_for(corpus, "leak.txt")
    assert "broken symbolic link; skipped" in warning_for(corpus, "dangling.txt")
    assert "symbolic link to a folder, not followed" in warning_for(corpus, "/loop:")
    assert "symbolic link to a folder, not followed" in warning_for(corpus, "back")
    with pytest.raises(InputError):
        load_corpus(root, strict=True)


def test_unreadable_file_is_skipped_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus_with(tmp_path, **{"locked.txt": "Secret."})
    real_open = Path.open

    def guarded_open(self: Path, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    corpus = load_corpus(root)
    assert [a.id for a in corpus.articles] == ["good"]
    assert "locked.txt: permission denied; skipped" in warning_for(corpus, "locked.txt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_chmod_000_file_is_skipped(tmp_path: Path) -> None:
    root = corpus_with(tmp_path, **{"locked.txt": "Secret."})
    (root / "locked.txt").chmod(0)
    assert "permission denied" in warning_for(load_corpus(root), "locked.txt")


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    root = corpus_with(tmp_path)
    os.mkfifo(root / "pipe.txt")  # opening it would block forever
    assert "not a regular file; skipped" in warning_for(load_corpus(root), "pipe.txt")


def test_corpus_of_only_bad_files_is_an_error_that_counts_them(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00")
    with pytest.raises(InputError, match=r"no articles found .*; 2 skipped, first .*a.txt: article has no text") as e:
        load_corpus(tmp_path)
    assert str(e.value).endswith("(and 1 more)")


# ---------------------------------------------------------------- the command line


def test_cli_report_says_what_was_skipped_everywhere(tmp_path: Path) -> None:
    files = {"b.txt": "Two passengers died on the ferry, officials said.", "x.txt": b"\x00"}
    root = corpus_with(tmp_path / "corpus", **files)
    html, out = tmp_path / "r.html", tmp_path / "r.json"
    args = ["report", str(root), "--html", str(html), "--json", str(out), "-q", "--cache", ""]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "warning: " in result.stderr and "x.txt: looks like a binary file" in result.stderr
    assert "(1 warnings above: input was skipped or changed)" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["warnings"]) == 1 and "x.txt" in data["warnings"][0]
    page = html.read_text(encoding="utf-8")
    header = page[page.index("<header") : page.index("</header>")]
    assert "1 warning</strong>" in header and "x.txt: looks like a binary file" in header

    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 2 and strict.exception is not None and isinstance(strict.exception, SystemExit)
    assert "x.txt: looks like a binary file (NUL bytes), not text" in strict.stderr
    assert "Traceback" not in strict.output


# ---------------------------------------------------------------- atomic report writes


class DiskFull:
    """A file object that writes half of what it is given, then fails like a full disk."""

    def __init__(self, real) -> None:
        self.real = real

    def write(self, text: str) -> int:
        self.real.write(text[: len(text) // 2])
        raise OSError(28, "No space left on device")

    def __getattr__(self, name: str):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.real.close()


@pytest.mark.parametrize("writer", ["json", "html"])
def test_failure_mid_write_leaves_the_old_report_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str
) -> None:
    data = {"summary": {}, "articles": [], "sentences": [], "pairs": [], "topics": [], "warnings": []}
    write = report.write_json if writer == "json" else render.write_html
    target = tmp_path / f"report.{writer}"
    write(data, target)
    before = target.read_bytes()
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: DiskFull(real_fdopen(*a, **k)))
    with pytest.raises(OSError, match="No space left"):
        write({**data, "warnings": ["new"]}, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temp file left behind
