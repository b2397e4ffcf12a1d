"""Stage 1: read a corpus folder into `Article`s with their metadata.

Metadata comes from YAML front matter or from a manifest beside the articles;
front matter wins field by field. Missing metadata is fine (an article may have
no date); unreadable input is an `InputError` naming the file, or, for files that
can be skipped, a warning naming the file (an error under ``strict``).
"""

from __future__ import annotations

import csv
import json
import logging
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
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Corpus:
    """The loaded articles, plus what was skipped and why."""

    root: str
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)


def load_corpus(root: str | Path, *, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> Corpus:
    """Load every article file under ``root`` (recursively), sorted by path for stable ids."""
    root = Path(root)
    if not root.exists():
        raise InputError(root, "no such corpus folder")
    if root.is_file():
        files, manifest = [root], {}
    else:
        files = sorted(p for p in root.rglob("*") if _is_article_file(p))
        manifest = load_manifest(root)
    corpus = Corpus(root=str(root), articles=[])

    def skip(path: Path, reason: str) -> None:
        if strict:
            raise InputError(path, reason)
        message = f"{path}: {reason}; skipped"
        log.warning(message)
        corpus.warnings.append(message)

    for path in files:
        try:
            loaded = _load_file(path, max_bytes)
        except InputError as error:
            skip(path, error.reason)
            continue
        for article in loaded:
            _apply_manifest(article, manifest.get(article.id, {}), skip)
            if not article.body.strip():
                skip(path, "article has no text")
                continue
            corpus.articles.append(article)
    _reject_duplicate_ids(corpus.articles)
    for missing in sorted(set(manifest) - {a.id for a in corpus.articles}):
        skip(root / "manifest", f"names article {missing!r}, which is not in the corpus")
    if not corpus.articles:
        raise InputError(root, "no articles found (looked for .txt, .md and .jsonl files)")
    return corpus


def _is_article_file(path: Path) -> bool:
    name = path.name.lower()
    return (
        path.is_file()
        and path.suffix.lower() in ARTICLE_SUFFIXES
        and not name.startswith(".")
        and not name.startswith(NOT_ARTICLES)
    )


def _reject_duplicate_ids(articles: list[Article]) -> None:
    seen: dict[str, str] = {}
    for article in articles:
        if article.id in seen:
            raise InputError(article.path, f"duplicate article id {article.id!r} (also {seen[article.id]})")
        seen[article.id] = article.path


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode a file as UTF-8 (BOM allowed), else by detection; binary files are refused."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(path, f"file is {size:,} bytes, over the limit of {max_bytes:,}")
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise InputError(path, "looks like a binary file (NUL bytes), not text")
    text = _decode(raw, path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8 first; then Windows-1252, by far the commonest legacy encoding of English news
    (it reads Latin-1 text the same); then whatever charset detection finds."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(raw).best()
    if best is None:
        raise InputError(path, "cannot tell the text encoding")
    return str(best)


def _load_file(path: Path, max_bytes: int) -> list[Article]:
    text = read_text(path, max_bytes)
    if path.suffix.lower() == ".jsonl":
        return _load_jsonl(path, text)
    meta, body = split_front_matter(text, path)
    article = Article(id=path.stem, path=str(path), body=body)
    _apply_metadata(article, meta, path)
    return [article]


def split_front_matter(text: str, path: Path) -> tuple[dict, str]:
    """Separate a leading ``---`` YAML block from the body.

    The body keeps its own characters untouched (sentence offsets point into it).
    """
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        raise InputError(path, "front matter starts with '---' but never ends")
    block = text[4:end]
    after = text.find("\n", end + 4)
    body = "" if after < 0 else text[after + 1 :]
    try:
        meta = yaml.safe_load(block) or {}
    except yaml.YAMLError as error:
        raise InputError(path, f"front matter is not valid YAML ({_first_line(error)})") from None
    if not isinstance(meta, dict):
        raise InputError(path, "front matter must be a YAML mapping of field: value")
    return meta, body


def _load_jsonl(path: Path, text: str) -> list[Article]:
    """One article per line: ``{"id", "text", "title"?, "source"?, "published"?, "url"?}``."""
    articles = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(where, f"not valid JSON ({error.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(where, "each line must be an object with a string 'text'")
        article_id = str(record.get("id") or f"{path.stem}-{number}")
        article = Article(id=article_id, path=where, body=record["text"])
        _apply_metadata(article, record, where)
        articles.append(article)
    return articles


def _apply_metadata(article: Article, meta: dict, where: object) -> None:
    for key in ("title", "source", "url"):
        if meta.get(key) is not None:
            setattr(article, key, str(meta[key]).strip() or None)
    if meta.get("published") is not None:
        article.published = parse_published(meta["published"], where)
    article.extra.update({k: v for k, v in meta.items() if k not in (*METADATA_FIELDS, "id", "text")})


def _apply_manifest(article: Article, entry: dict, skip) -> None:
    """Fill only the fields front matter left empty: front matter wins."""
    for key in ("title", "source", "url"):
        if getattr(article, key) is None and entry.get(key):
            setattr(article, key, str(entry[key]))
    if article.published is None and entry.get("published"):
        try:
            article.published = parse_published(entry["published"], f"manifest entry {article.id}")
        except InputError as error:
            skip(Path(article.path), error.reason)


def parse_published(value: object, where: object) -> date:
    """Accept YAML dates, ISO strings and common written dates ("2 December 2019")."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    import dateparser  # slow to import; only for unusual date formats

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    if parsed is None:
        raise InputError(where, f"cannot read the publication date {text!r}")
    return parsed.date()


def load_manifest(root: Path) -> dict[str, dict]:
    """Read the first manifest found in ``root``: ``{article_id: {field: value}}``."""
    for name in MANIFEST_NAMES:
        path = root / name
        if path.is_file():
            return _parse_manifest(path)
    return {}


def _parse_manifest(path: Path) -> dict[str, dict]:
    text = read_text(path)
    if path.suffix == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
        if rows and "id" not in rows[0]:
            raise InputError(path, "a CSV manifest needs an 'id' column")
        return {row["id"]: {k: v for k, v in row.items() if v} for row in rows}
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise InputError(path, f"not valid YAML ({_first_line(error)})") from None
    entries = data.get("articles", data) if isinstance(data, dict) else data
    if isinstance(entries, list):
        if not all(isinstance(e, dict) and "id" in e for e in entries):
            raise InputError(path, "each manifest entry needs an 'id'")
        entries = {str(e["id"]): e for e in entries}
    if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
        raise InputError(path, "expected 'articles:' mapping each article id to its fields")
    return {str(k): v for k, v in entries.items()}


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]
