"""Stage 1: read a corpus folder into `Article`s with their metadata.

Metadata comes from YAML front matter or from a manifest beside the articles;
front matter wins field by field. Missing metadata is fine (an article may have
no date). Input comes from anywhere, so every file is treated as untrusted: a
file that cannot be used is skipped with a warning naming it and the reason, and
metadata that cannot be read is dropped with a warning (with ``strict``, both are
an `InputError` instead). The README's "Failure modes" table lists each case.
"""

from __future__ import annotations

import codecs
import csv
import json
import logging
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml
from charset_normalizer import from_bytes

from xref.errors import InputError
from xref.models import Article

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".jsonl"}
MANIFEST_NAMES = ("manifest.yaml", "manifest.yml", "manifest.json", "manifest.csv")
NOT_ARTICLES = ("readme", "license", "gold", "expectations", "manifest")
METADATA_FIELDS = ("title", "source", "published", "url")
TEXT_FIELDS = ("title", "source", "url")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, line feed, form feed and carriage return: text has
# almost none, binary data decoded as Windows-1252 has about one in nine.
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01
FRONT_MATTER_END = re.compile(r"^---[ \t]*$", re.M)
YAML_FAILURES = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError)
MAX_DATE_CHARS = 64
MAX_LISTED = 10


@dataclass
class Corpus:
    """The loaded articles, plus what was skipped or dropped and why.

    ``warnings`` go into the report, so a report built from a partly unreadable corpus
    says so; with ``strict`` the first one is raised as an `InputError` instead.
    """

    root: str
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)
    strict: bool = False

    def warn(self, where: object, reason: str) -> None:
        """Record input that was handled but not as written (an `InputError` when strict)."""
        self._record(where, reason, "")

    def skip(self, where: object, reason: str) -> None:
        """Record input left out of the corpus (an `InputError` when strict)."""
        self._record(where, reason, "; skipped")

    def _record(self, where: object, reason: str, outcome: str) -> None:
        if self.strict:
            raise InputError(where, reason)
        message = f"{where}: {reason}{outcome}"
        log.info(message)  # the CLI prints the warnings once, after the run
        self.warnings.append(message)


def load_corpus(root: str | Path, *, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> Corpus:
    """Load every article file under ``root`` (recursively), sorted by path for stable ids.

    Files over ``max_bytes`` are skipped: the pipeline's cost grows with article length and
    one runaway file (a log, a dump) should not stall a whole corpus.
    """
    root = Path(root)
    if not root.exists():
        raise InputError(root, "no such corpus folder")
    corpus = Corpus(root=str(root), articles=[], strict=strict)
    if root.is_file():
        files, manifest_path, manifest = [root], None, {}
    else:
        files = _article_files(root, corpus)
        manifest_path, manifest = load_manifest(root)
    for path in files:
        try:
            loaded = _load_file(path, max_bytes, corpus)
        except InputError as error:
            corpus.skip(error.path, error.reason)
            continue
        for article in loaded:
            if article.id in manifest:
                _apply_manifest(article, manifest[article.id], f"{manifest_path} entry {article.id!r}", corpus)
            if not article.body.strip():
                corpus.skip(article.path, "article has no text")
                continue
            corpus.articles.append(article)
    _reject_duplicate_ids(corpus.articles)
    if manifest_path is not None:
        _check_manifest_ids(manifest_path, manifest, {p.stem for p in files} | {a.id for a in corpus.articles}, corpus)
    if not corpus.articles:
        reason = "no articles found (looked for .txt, .md and .jsonl files)"
        if corpus.warnings:  # the run ends here, so the reasons must travel with the error
            more = f" (and {len(corpus.warnings) - 1} more)" if len(corpus.warnings) > 1 else ""
            reason += f"; {len(corpus.warnings)} skipped, first {corpus.warnings[0]}{more}"
        raise InputError(root, reason)
    return corpus


# ---------------------------------------------------------------- finding files


def _article_files(root: Path, corpus: Corpus) -> list[Path]:
    """Article files under ``root``, sorted, each real file once.

    Symbolic links: a link to a file inside the corpus is read (once: a second path to the
    same file is skipped); a link pointing outside the corpus or nowhere is skipped, so a
    corpus from elsewhere cannot pull in arbitrary files; links to folders are not followed,
    which also rules out loops. Hidden folders (``.git``, ``.xref``) are not searched.
    """
    real_root = root.resolve()
    seen: dict[Path, Path] = {}
    for path in sorted(_walk(root, corpus), key=lambda p: (p.is_symlink(), p)):  # real files win over links
        target = _link_target(path, real_root)
        if isinstance(target, str):
            corpus.skip(path, target)
        elif target in seen:
            corpus.skip(path, f"same file as {seen[target]}")
        else:
            seen[target] = path
    return sorted(seen.values())


def _walk(root: Path, corpus: Corpus) -> Iterator[Path]:
    def unreadable(error: OSError) -> None:
        corpus.skip(error.filename, f"cannot list folder ({error.strerror or error})")

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        base = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [d for d in dirs if (base / d).is_symlink()]:
            corpus.skip(base / name, "symbolic link to a folder, not followed")
            dirs.remove(name)
        yield from (base / name for name in names if _is_article_name(name))


def _is_article_name(name: str) -> bool:
    lower = name.lower()
    return (
        Path(lower).suffix in ARTICLE_SUFFIXES and not lower.startswith(".") and not lower.startswith(NOT_ARTICLES)
    )


def _link_target(path: Path, real_root: Path) -> Path | str:
    """The real file behind ``path``, or why it cannot be used."""
    try:
        real = path.resolve(strict=True)
        mode = real.stat().st_mode
    except FileNotFoundError:
        return "broken symbolic link" if path.is_symlink() else "file vanished while reading the folder"
    except RuntimeError:  # a loop of file links
        return "symbolic link loop"
    except OSError as error:
        return f"cannot read ({error.strerror or error})"
    if path.is_symlink() and not real.is_relative_to(real_root):
        return f"symbolic link to {real}, outside the corpus folder"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return real


def _reject_duplicate_ids(articles: list[Article]) -> None:
    """Two articles with one id would make pairs and manifest entries ambiguous: the user must rename."""
    seen: dict[str, str] = {}
    for article in articles:
        if article.id in seen:
            raise InputError(article.path, f"duplicate article id {article.id!r} (also {seen[article.id]})")
        seen[article.id] = article.path


# ---------------------------------------------------------------- reading and decoding


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """A file's text with line endings made ``\\n``: decoded by its byte-order mark, else as UTF-8,
    else Windows-1252, else by detection. Too large, unreadable and binary files are an `InputError`."""
    raw = _read_bytes(path, max_bytes)
    text = _decode(raw, path)
    if len(CONTROL.findall(text, 0, 65536)) > MAX_CONTROL_SHARE * min(len(text), 65536):
        raise InputError(path, "looks like a binary file (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(path, f"file is {size:,} bytes, over the limit of {max_bytes:,} (--max-article-bytes)")
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as error:
        raise InputError(path, f"cannot read ({error.strerror or error})") from None
    if len(raw) > max_bytes:  # it grew since stat
        raise InputError(path, f"file is over the limit of {max_bytes:,} bytes (--max-article-bytes)")
    return raw


def _decode(raw: bytes, path: Path) -> str:
    """A byte-order mark decides; then UTF-8; then Windows-1252, by far the commonest legacy
    encoding of English news (it reads Latin-1 text the same); then charset detection."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                name = encoding.removesuffix("-sig").upper()
                raise InputError(path, f"starts with a {name} byte-order mark but is not valid {name}") from None
    if b"\x00" in raw[:8192]:
        raise InputError(path, "looks like a binary file (NUL bytes), not text")
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(raw).best()
    if best is None:
        raise InputError(path, "cannot tell the text encoding")
    return str(best)


def _load_file(path: Path, max_bytes: int, corpus: Corpus) -> list[Article]:
    text = read_text(path, max_bytes)
    if path.suffix.lower() == ".jsonl":
        articles = _load_jsonl(path, text, corpus)
        if not articles:
            raise InputError(path, "no articles in the file")
        return articles
    meta, body = split_front_matter(text, path, corpus.warn)
    article = Article(id=path.stem, path=str(path), body=body)
    _apply_metadata(article, meta, path, corpus)
    return [article]


def split_front_matter(text: str, path: Path, warn: Callable[[object, str], None] | None = None) -> tuple[dict, str]:
    """Separate a leading ``---`` YAML block from the body.

    The body keeps its own characters untouched (sentence offsets point into it). Front
    matter that cannot be read loses its metadata, not the article: ``warn`` hears why
    (without ``warn`` it is an `InputError`). An opening ``---`` with no closing line is
    taken as text (a markdown rule), not as front matter.
    """
    if not re.match(r"---[ \t]*\n", text):
        return {}, text
    end = FRONT_MATTER_END.search(text, text.index("\n"))
    if end is None:
        _complain(warn, path, "starts with '---' but no closing '---' line; read it all as text")
        return {}, text
    block = text[text.index("\n") + 1 : end.start()]
    after = text.find("\n", end.end())
    body = "" if after < 0 else text[after + 1 :]
    try:
        meta = yaml.safe_load(block)
    except YAML_FAILURES as error:
        _complain(warn, path, f"front matter is not valid YAML ({_first_line(error)}); its metadata is ignored")
        return {}, body
    if meta is None:
        return {}, body
    if not isinstance(meta, dict):
        _complain(warn, path, "front matter is not a YAML mapping of field: value; its metadata is ignored")
        return {}, body
    return meta, body


def _complain(warn: Callable[[object, str], None] | None, where: object, reason: str) -> None:
    if warn is None:
        raise InputError(where, reason)
    warn(where, reason)


def _load_jsonl(path: Path, text: str, corpus: Corpus) -> list[Article]:
    """One article per line: ``{"id", "text", "title"?, "source"?, "published"?, "url"?}``.

    A bad line is skipped with a warning naming the file and line; the others still load.
    """
    articles = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            corpus.skip(where, f"not valid JSON ({getattr(error, 'msg', 'nested too deeply')})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            corpus.skip(where, "each line must be an object with a string 'text'")
            continue
        article_id = record.get("id")
        if not isinstance(article_id, str | int) or isinstance(article_id, bool) or not str(article_id).strip():
            article_id = f"{path.stem}-{number}"
        article = Article(id=str(article_id).strip(), path=where, body=record["text"])
        _apply_metadata(article, record, where, corpus)
        articles.append(article)
    return articles


# ---------------------------------------------------------------- metadata


def _apply_metadata(article: Article, meta: dict, where: object, corpus: Corpus) -> None:
    for key in TEXT_FIELDS:
        if meta.get(key) is not None:
            setattr(article, key, _text_field(meta[key], key, where, corpus))
    if meta.get("published") is not None:
        article.published = _date_field(meta["published"], where, corpus)
    article.extra.update({k: v for k, v in meta.items() if k not in (*METADATA_FIELDS, "id", "text")})


def _text_field(value: object, key: str, where: object, corpus: Corpus) -> str | None:
    """A title, source or URL as text; a list or mapping (YAML can nest anything) is dropped."""
    if isinstance(value, dict | list | tuple | set) or value is None:
        corpus.warn(where, f"{key!r} should be text, not {type(value).__name__}; ignored")
        return None
    return str(value).strip() or None


def _date_field(value: object, where: object, corpus: Corpus) -> date | None:
    try:
        return parse_published(value, where)
    except InputError as error:
        corpus.warn(error.path, f"{error.reason}; the article is kept undated")
        return None


def _apply_manifest(article: Article, entry: dict, where: str, corpus: Corpus) -> None:
    """Fill only the fields front matter left empty: front matter wins."""
    for key in TEXT_FIELDS:
        if getattr(article, key) is None and entry.get(key) not in (None, ""):
            setattr(article, key, _text_field(entry[key], key, where, corpus))
    if article.published is None and entry.get("published") not in (None, ""):
        article.published = _date_field(entry["published"], where, corpus)


def parse_published(value: object, where: object) -> date:
    """Accept YAML dates, ISO strings and common written dates ("2 December 2019")."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not isinstance(value, str | int) or not text or len(text) > MAX_DATE_CHARS:
        raise InputError(where, f"cannot read the publication date {text[:MAX_DATE_CHARS]!r}")
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    import dateparser  # slow to import; only for unusual date formats

    try:
        parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    except (ValueError, TypeError, OverflowError):
        parsed = None
    if parsed is None:
        raise InputError(where, f"cannot read the publication date {text!r}")
    return parsed.date()


def load_manifest(root: Path) -> tuple[Path | None, dict[str, dict]]:
    """The first manifest found in ``root`` and its entries ``{article_id: {field: value}}``.

    A manifest that cannot be read is an `InputError`: the user meant it to apply, and a report
    silently missing all its dates would read wrongly.
    """
    for name in MANIFEST_NAMES:
        path = root / name
        if path.is_file():
            return path, _parse_manifest(path)
    return None, {}


def _parse_manifest(path: Path) -> dict[str, dict]:
    text = read_text(path, MANIFEST_MAX_BYTES)
    if path.suffix == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
        if rows and "id" not in rows[0]:
            raise InputError(path, "a CSV manifest needs an 'id' column")
        return {row["id"]: {k: v for k, v in row.items() if v and k} for row in rows if row.get("id")}
    try:
        data = yaml.safe_load(text) or {}
    except YAML_FAILURES as error:
        raise InputError(path, f"not valid YAML ({_first_line(error)})") from None
    entries = data.get("articles", data) if isinstance(data, dict) else data
    if isinstance(entries, list):
        if not all(isinstance(e, dict) and "id" in e for e in entries):
            raise InputError(path, "each manifest entry needs an 'id'")
        entries = {str(e["id"]): e for e in entries}
    if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
        raise InputError(path, "expected 'articles:' mapping each article id to its fields")
    return {str(k): v for k, v in entries.items()}


def _check_manifest_ids(path: Path, manifest: dict[str, dict], found: set[str], corpus: Corpus) -> None:
    """A manifest naming files that are not there usually means a corpus copied in part."""
    missing = sorted(set(manifest) - found)
    if missing:
        listed = ", ".join(repr(m) for m in missing[:MAX_LISTED]) + (" ..." if len(missing) > MAX_LISTED else "")
        corpus.warn(path, f"names {len(missing)} article{'s' if len(missing) > 1 else ''} with no file: {listed}")


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
