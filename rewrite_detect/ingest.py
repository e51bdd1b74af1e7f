"""Reading articles: strings, records and files, with dirty-encoding handling.

Bytes are decoded by BOM (UTF-8, UTF-16, UTF-32), then strict UTF-8, then cp1252, then latin-1.
The decoded string is the text "as the user gave it": every offset we report points into it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rewrite_detect.records import Article

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
HTML_SUFFIXES = (".html", ".htm")
RECORD_FIELDS = ("id", "text", "html", "title", "outlet", "url", "published", "language")


class IngestError(ValueError):
    """An input that cannot be read, with the file and the reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode article bytes of unknown encoding; refuse binary data."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return _check_text(text.lstrip("\ufeff"), path)
    if b"\x00" in data[:4096] and data.count(b"\x00") > len(data) // 10:
        raise IngestError(path, "binary data (many NUL bytes), not text")
    for codec in ("utf-8", "cp1252"):
        try:
            return _check_text(data.decode(codec), path)
        except UnicodeDecodeError:
            continue
    return _check_text(data.decode("latin-1"), path)


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")  # below 32, but not \t \n \v \f \r


def _check_text(text: str, path: str | Path) -> str:
    sample = text[:20_000]
    if sample:
        controls = len(_CONTROL_CHARS.findall(sample))
        if controls > len(sample) * 0.05:
            raise IngestError(path, "binary data (control characters), not text")
    return text


def _title_of(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None


def article_from_text(text: str, *, id: str, **meta: Any) -> Article:
    """An article from a plain string; its first non-blank line is the title."""
    return Article(id=id, text=text, title=meta.pop("title", None) or _title_of(text), **meta)


def article_from_record(record: Mapping[str, Any], *, default_id: str, origin: str) -> Article:
    """An article from a dict with ``text`` or ``html`` and optional metadata."""
    text = record.get("text")
    meta = {k: _opt_str(record.get(k)) for k in ("title", "outlet", "url", "published", "language")}
    if not isinstance(text, str) or not text.strip():
        html = record.get("html")
        if isinstance(html, str) and html.strip():
            extracted = extract_html(html, origin=origin)
            text = extracted.text
            meta = {k: meta[k] or getattr(extracted, k) for k in meta}
        else:
            raise IngestError(origin, "record has no 'text' or 'html' field with content")
    record_id = record.get("id")
    art_id = str(record_id) if record_id not in (None, "") else default_id
    return Article(
        id=art_id, text=text, path=origin, **{**meta, "title": meta["title"] or _title_of(text)}
    )


def _opt_str(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def extract_html(html: str, *, origin: str) -> Article:
    """Main text, title, date and site of an HTML page through trafilatura."""
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise IngestError(origin, "HTML input needs trafilatura: pip install trafilatura") from exc
    doc = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True
    )
    if doc is None:
        raise IngestError(origin, "no article text found in the HTML page")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    body = get("text") or ""
    if not body.strip():
        raise IngestError(origin, "no article text found in the HTML page")
    title = get("title")
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    return Article(
        id=origin,
        text=text,
        title=title,
        outlet=get("sitename"),
        url=get("url"),
        published=get("date"),
        language=get("language"),
    )


def read_article_file(path: Path, *, id: str | None = None) -> Article:
    """One article from a .txt, .html/.htm or .json file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read: {exc.strerror or exc}") from exc
    text = decode_bytes(data, path)
    art_id = id or path.name
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        extracted = extract_html(text, origin=str(path))
        return Article(**{**extracted.__dict__, "id": art_id, "path": str(path)})
    if suffix == ".json":
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise IngestError(path, f"broken JSON: {exc.msg} at line {exc.lineno}") from exc
        if not isinstance(record, dict):
            raise IngestError(path, "a single-article .json file must hold one object")
        return article_from_record(record, default_id=art_id, origin=str(path))
    if not text.strip():
        raise IngestError(path, "empty file")
    return article_from_text(text, id=art_id, path=str(path))


def as_article(value: Article | Mapping[str, Any] | str | Path, *, default_id: str) -> Article:
    """Accept what users pass to ``compare``: an Article, a record, a path, or the text itself.

    A ``str`` is article text, never a file name: pass a ``Path`` to read a file.
    """
    if isinstance(value, Article):
        return value
    if isinstance(value, Path):
        return read_article_file(value)
    if isinstance(value, Mapping):
        return article_from_record(value, default_id=default_id, origin=default_id)
    if isinstance(value, str):
        return article_from_text(value, id=default_id)
    raise TypeError(f"cannot make an article from {type(value).__name__}")
