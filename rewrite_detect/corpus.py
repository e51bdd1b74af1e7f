"""Reading a corpus: folders (recursively) and files of every input form of SPEC.md.

``.txt``, ``.html``/``.htm`` and ``.json`` files hold one article each (a ``.json`` file may also
hold a list of records); ``.jsonl``, ``.jsonl.gz`` and ``.csv`` files hold one record per line or
row. A ``metadata.csv`` or ``metadata.jsonl`` beside the files supplies ``outlet``, ``url``,
``published`` (and ``title``, ``language``) by file name: a ``file`` column (or ``filename``,
``path``, ``name``) names the file relative to the sidecar's folder. Sidecar values win over what
an HTML page says about itself; a record's own fields win over its file's sidecar entry.

Ids: an article read from a file has as id its path relative to the input folder (its name when
the file itself was given); a record keeps its ``id`` field, else gets ``<path>#<n>`` (n counts
records from 1). An id seen before is made unique as ``<path>#<id>``, then with ``~2``, ``~3``.

Nothing here raises on bad input: every unreadable file, line or row becomes a :class:`Skipped`
with its path and the reason, and reading goes on. HTML extraction (trafilatura, a few ms a page)
is split out as :class:`PendingHtml` + :func:`extract_pending` so a scan can run it in parallel
and cache it; :func:`read_corpus` does everything in order for simple use.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rewrite_detect.ingest import (
    IngestError,
    article_from_record,
    article_from_text,
    decode_bytes,
    extract_html,
)
from rewrite_detect.records import Article

SIDECAR_NAMES = ("metadata.csv", "metadata.jsonl")
SIDECAR_KEYS = ("file", "filename", "path", "name")
SIDECAR_FIELDS = ("outlet", "url", "published", "title", "language")
KINDS = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl.gz",
    ".csv": "csv",
}
_CSV_FIELD_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, and why (one row of ``skipped.csv``)."""

    path: str
    reason: str


@dataclass(frozen=True)
class SourceFile:
    """One file of the corpus: where it is, its id base, its kind and its sidecar metadata."""

    path: Path
    rel: str  # path relative to the input folder (posix), the article id of a one-article file
    kind: str  # one of KINDS' values
    meta: tuple[tuple[str, str], ...] = ()  # sidecar fields for this file

    @property
    def meta_dict(self) -> dict[str, str]:
        """The sidecar fields as a dict."""
        return dict(self.meta)


@dataclass(frozen=True)
class PendingHtml:
    """An HTML page waiting for main-text extraction (picklable, runs anywhere)."""

    id: str
    html: str
    origin: str  # file (and record) it came from, for messages
    meta: tuple[tuple[str, str], ...] = ()  # fields that win over the page's own
    fallback: tuple[tuple[str, str], ...] = ()  # fields used only when the page has none

    @property
    def cache_key(self) -> str:
        """A content key for caching the extraction (html, id and metadata)."""
        payload = json.dumps([self.id, self.html, self.meta, self.fallback], ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


Item = Article | Skipped | PendingHtml


def kind_of(path: Path) -> str | None:
    """The input kind of a file name, or None if it is not an article file."""
    name = path.name.lower()
    if name.endswith(".jsonl.gz"):
        return "jsonl.gz"
    return KINDS.get(path.suffix.lower())


# --------------------------------------------------------------------------- finding files


def find_files(inputs: Sequence[str | Path]) -> tuple[list[SourceFile], list[Skipped]]:
    """Every article file under the inputs (sorted per input), with sidecar metadata attached.

    Hidden files and folders (``.name``) are ignored; other files of unknown type are listed as
    skipped, and so are inputs that do not exist and sidecars that cannot be read.
    """
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    for raw in inputs:
        root = Path(raw)
        if root.is_dir():
            found, bad = _walk(root)
            files += found
            skipped += bad
        elif root.is_file():
            kind = kind_of(root)
            if kind is None:
                skipped.append(Skipped(str(root), _unsupported(root)))
            else:
                sidecars, bad = _sidecars_for(root.parent, {})
                skipped += bad
                files.append(SourceFile(root, root.name, kind, _lookup(sidecars, root)))
        else:
            skipped.append(Skipped(str(root), "no such file or folder"))
    return files, skipped


def _suffix(path: Path) -> str:
    return "".join(path.suffixes[-2:]) or path.name


def _unsupported(path: Path) -> str:
    return (
        f"unsupported file type {_suffix(path)!r}, not read "
        f"(articles are {', '.join(sorted(KINDS))})"
    )


def _walk(root: Path) -> tuple[list[SourceFile], list[Skipped]]:
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    cache: dict[Path, list[tuple[Path, dict[str, dict[str, str]]]]] = {}
    for path in sorted(root.rglob("*")):
        rel_parts = path.relative_to(root).parts
        if any(part.startswith(".") for part in rel_parts) or not path.is_file():
            continue
        if path.name.lower() in SIDECAR_NAMES:
            continue
        kind = kind_of(path)
        rel = "/".join(rel_parts)
        if kind is None:
            skipped.append(Skipped(str(path), _unsupported(path)))
            continue
        sidecars, bad = _sidecars_for(path.parent, cache, stop=root)
        skipped += bad
        files.append(SourceFile(path, rel, kind, _lookup(sidecars, path)))
    return files, skipped


def _sidecars_for(
    folder: Path,
    cache: dict[Path, list[tuple[Path, dict[str, dict[str, str]]]]],
    stop: Path | None = None,
) -> tuple[list[tuple[Path, dict[str, dict[str, str]]]], list[Skipped]]:
    """Sidecar tables of ``folder`` and its parents up to ``stop``, nearest first."""
    chain: list[tuple[Path, dict[str, dict[str, str]]]] = []
    skipped: list[Skipped] = []
    current: Path | None = folder
    while current is not None:
        if current not in cache:
            tables = []
            for name in SIDECAR_NAMES:
                path = current / name
                if path.is_file():
                    try:
                        tables.append((current, read_sidecar(path)))
                    except IngestError as exc:
                        skipped.append(Skipped(exc.path, exc.reason))
            cache[current] = tables
        chain += cache[current]
        if stop is None or current == stop or current.parent == current:
            break
        current = current.parent
    return chain, skipped


def _lookup(
    sidecars: list[tuple[Path, dict[str, dict[str, str]]]], path: Path
) -> tuple[tuple[str, str], ...]:
    for folder, table in sidecars:
        rel = path.relative_to(folder).as_posix()
        entry = table.get(rel) or (table.get(path.name) if folder == path.parent else None)
        if entry:
            return tuple(sorted(entry.items()))
    return ()


def read_sidecar(path: Path) -> dict[str, dict[str, str]]:
    """A metadata sidecar as ``{file name: {field: value}}``; raises IngestError if unreadable."""
    try:
        text = decode_bytes(path.read_bytes(), path)
    except OSError as exc:
        raise IngestError(path, f"cannot read metadata: {exc.strerror or exc}") from exc
    if path.suffix.lower() == ".csv":
        rows: Iterable[Mapping[str, Any]] = list(csv.DictReader(io.StringIO(text)))
    else:
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise IngestError(path, f"broken JSON on line {n}: {exc.msg}") from exc
            if isinstance(obj, dict):
                rows.append(obj)
    table: dict[str, dict[str, str]] = {}
    for row in rows:
        clean = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        key = next((str(clean[k]).strip() for k in SIDECAR_KEYS if clean.get(k)), None)
        if not key:
            continue
        values = {f: str(clean[f]).strip() for f in SIDECAR_FIELDS if _present(clean.get(f))}
        table[key.replace("\\", "/").removeprefix("./")] = values
    if not table:
        raise IngestError(path, f"metadata file has no '{SIDECAR_KEYS[0]}' column with entries")
    return table


def _present(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


# --------------------------------------------------------------------------- reading files


def read_source(source: SourceFile) -> Iterator[Item]:
    """The articles, skipped records and pending HTML pages of one file, in file order."""
    try:
        if source.kind in ("jsonl", "jsonl.gz"):
            yield from _read_jsonl(source)
            return
        data = source.path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Skipped(str(source.path), f"cannot read: {getattr(exc, 'strerror', None) or exc}")
        return
    try:
        text = decode_bytes(data, source.path)
    except IngestError as exc:
        yield Skipped(exc.path, exc.reason)
        return
    if source.kind == "txt":
        yield _txt_article(source, text)
    elif source.kind == "html":
        yield _pending(source.rel, text, str(source.path), source.meta, ())
    elif source.kind == "json":
        yield from _read_json(source, text)
    elif source.kind == "csv":
        yield from _read_csv(source, text)


def _txt_article(source: SourceFile, text: str) -> Article | Skipped:
    if not text.strip():
        return Skipped(str(source.path), "empty file")
    return article_from_text(text, id=source.rel, path=str(source.path), **source.meta_dict)


def _pending(
    art_id: str,
    html: str,
    origin: str,
    meta: Iterable[tuple[str, str]],
    fallback: Iterable[tuple[str, str]],
) -> PendingHtml | Skipped:
    if not html.strip():
        return Skipped(origin, "empty file")
    return PendingHtml(art_id, html, origin, tuple(meta), tuple(fallback))


def extract_pending(item: PendingHtml) -> Article | Skipped:
    """Main text and metadata of a pending HTML page (trafilatura); never raises."""
    try:
        page = extract_html(item.html, origin=item.origin)
    except IngestError as exc:
        return Skipped(exc.path, exc.reason)
    except Exception as exc:  # a parser crash on one page must not stop a scan
        return Skipped(item.origin, f"HTML extraction failed: {type(exc).__name__}: {exc}")
    fields = {k: getattr(page, k) for k in SIDECAR_FIELDS}
    fields.update({k: v for k, v in item.fallback if not fields.get(k)})
    fields.update(dict(item.meta))
    return Article(id=item.id, text=page.text, path=item.origin, **fields)


def _record_items(
    source: SourceFile, records: Iterable[tuple[int, Any]], unit: str, *, single: bool = False
) -> Iterator[Item]:
    """Articles from numbered records; the file's sidecar fills fields a record lacks.

    ``single``: the file holds one article, whose default id is the file's relative path.
    """
    side = source.meta_dict
    for n, record in records:
        origin = str(source.path) if single else f"{source.path}#{n}"
        if isinstance(record, Skipped):
            yield record
            continue
        if not isinstance(record, dict):
            yield Skipped(origin, f"{unit} {n} is not an object")
            continue
        rec_id = record.get("id")
        default_id = source.rel if single else f"{source.rel}#{n}"
        art_id = str(rec_id).strip() if _present(rec_id) else default_id
        text = record.get("text")
        html = record.get("html")
        if not (isinstance(text, str) and text.strip()) and isinstance(html, str) and html.strip():
            own = {k: str(record[k]).strip() for k in SIDECAR_FIELDS if _present(record.get(k))}
            yield _pending(art_id, html, origin, own.items(), side.items())
            continue
        merged = {**{k: v for k, v in side.items() if not _present(record.get(k))}, **record}
        merged["id"] = art_id
        try:
            yield article_from_record(merged, default_id=default_id, origin=origin)
        except IngestError as exc:
            yield Skipped(exc.path, exc.reason)


def _read_json(source: SourceFile, text: str) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Skipped(str(source.path), f"broken JSON: {exc.msg} at line {exc.lineno}")
        return
    if isinstance(data, dict):
        yield from _record_items(source, [(1, data)], "record", single=True)
    elif isinstance(data, list):
        yield from _record_items(source, enumerate(data, 1), "record")
    else:
        yield Skipped(str(source.path), "a .json file must hold an object or a list of objects")


def _jsonl_records(source: SourceFile) -> Iterator[tuple[int, Any]]:
    opener = gzip.open if source.kind == "jsonl.gz" else open
    with opener(source.path, "rb") as handle:
        for n, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                line = decode_bytes(raw, f"{source.path}#{n}")
                yield n, json.loads(line)
            except IngestError as exc:
                yield n, Skipped(exc.path, exc.reason)
            except json.JSONDecodeError as exc:
                yield n, Skipped(f"{source.path}#{n}", f"broken JSON: {exc.msg}")


def _read_jsonl(source: SourceFile) -> Iterator[Item]:
    try:
        yield from _record_items(source, _jsonl_records(source), "line")
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield Skipped(str(source.path), f"cannot read the rest of the file: {reason}")


def _read_csv(source: SourceFile, text: str) -> Iterator[Item]:
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.DictReader(io.StringIO(text))
    columns = {f.strip().lower() for f in reader.fieldnames or ()}
    if not {"text", "html"} & columns:
        yield Skipped(str(source.path), "a .csv corpus needs a 'text' or 'html' column")
        return

    def rows() -> Iterator[tuple[int, Any]]:
        try:
            for n, row in enumerate(reader, 1):
                yield n, {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        except csv.Error as exc:
            yield reader.line_num, Skipped(f"{source.path}#{reader.line_num}", f"broken CSV: {exc}")

    yield from _record_items(source, rows(), "row")


# --------------------------------------------------------------------------- whole corpus


@dataclass
class IdRegistry:
    """Makes article ids unique in reading order (the first keeps its id).

    ``rel_by_path`` maps a file's path to its path relative to the input folder, for renaming.
    """

    rel_by_path: Mapping[str, str] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    def unique(self, article: Article) -> Article:
        """The article, renamed ``<path>#<id>`` (then ``~2``, ...) if its id was seen before."""
        art_id = article.id
        if art_id in self.seen:
            file_path = (article.path or "").rsplit("#", 1)[0]
            rel = self.rel_by_path.get(file_path) or self.rel_by_path.get(article.path or "")
            base = f"{rel}#{article.id}" if rel else article.id
            art_id, n = base, 1
            while art_id in self.seen:
                n += 1
                art_id = f"{base}~{n}"
            article = Article(**{**article.__dict__, "id": art_id})
        self.seen.add(art_id)
        return article


def iter_items(inputs: Sequence[str | Path], registry: IdRegistry | None = None) -> Iterator[Item]:
    """Articles, skipped inputs and pending HTML pages of the inputs, in a stable order.

    Ids are not yet unique (a scan makes them so once extraction is done); ``registry`` is given
    the relative path of every file, for that.
    """
    files, skipped = find_files(inputs)
    if registry is not None:
        registry.rel_by_path = {str(f.path): f.rel for f in files}
    yield from skipped
    for source in files:
        yield from read_source(source)


def read_corpus(inputs: Sequence[str | Path]) -> Iterator[Article | Skipped]:
    """Every article of the inputs (HTML extracted here, ids unique) and every skipped input."""
    ids = IdRegistry()
    for item in iter_items(inputs, ids):
        if isinstance(item, PendingHtml):
            item = extract_pending(item)
        yield ids.unique(item) if isinstance(item, Article) else item
