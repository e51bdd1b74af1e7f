"""SQLite persistence for scans: the corpus index and one result per compared pair.

A pair's result is keyed by the content hashes of both articles (text and metadata) and the
fingerprint of everything that shapes a result (thresholds, models, package version), so a
re-run compares only pairs with a new or changed article, and a run killed at any moment loses
nothing that was committed: every finished pair is committed on its own (WAL journal, so a commit
is cheap and a killed writer never corrupts the file). Outputs are rebuilt from the stored rows,
so a resumed run and an uninterrupted one write the same files.

``Store(None)`` keeps everything in memory (a scan without ``--db``).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from rewrite_detect.records import Article

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    outlet TEXT,
    published TEXT,
    path TEXT,
    run INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    row TEXT NOT NULL,
    findings BLOB,
    report BLOB,
    run INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS extracted (
    key TEXT PRIMARY KEY,
    article TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    summary TEXT
);
"""
_HASHED_FIELDS = ("id", "text", "title", "outlet", "url", "published", "language")


def article_hash(article: Article) -> str:
    """SHA-256 over an article's text and metadata (what a pair result depends on)."""
    payload = json.dumps([getattr(article, f) for f in _HASHED_FIELDS], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def pair_key(hash_a: str, hash_b: str, fingerprint: str) -> str:
    """The result key of an unordered pair under one configuration fingerprint."""
    lo, hi = sorted((hash_a, hash_b))
    return hashlib.sha256(f"{fingerprint}|{lo}|{hi}".encode()).hexdigest()


@dataclass(frozen=True)
class StoredResult:
    """One compared pair as stored: the pairs.csv row, its findings and its report."""

    key: str
    row: dict[str, Any]
    findings: list[dict[str, Any]]
    report_z: bytes | None  # zlib-compressed HTML, for pairs judged rewrites

    @property
    def report_html(self) -> str | None:
        """The pair report, decompressed."""
        return zlib.decompress(self.report_z).decode("utf-8") if self.report_z else None


@dataclass(frozen=True)
class IndexChanges:
    """How the corpus differs from the one the database last saw."""

    new: int
    changed: int
    unchanged: int
    removed: int


def compress(text: str) -> bytes:
    """zlib-compressed UTF-8."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 6)


def decompress_json(blob: bytes | None) -> Any:
    """The JSON value of a compressed blob (None stays None)."""
    return json.loads(zlib.decompress(blob).decode("utf-8")) if blob else None


class Store:
    """The scan database; use as a context manager. ``path=None`` keeps it in memory."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = path

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> Store:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def open(self) -> Store:
        """Connect, create the schema if needed, and check its version."""
        target = ":memory:" if self.path is None else str(self.path)
        if self.path is not None:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(target, timeout=60.0)
        if self.path is not None:
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(_SCHEMA)
        found = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if found is None:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            conn.commit()
        elif int(found[0]) != SCHEMA_VERSION:
            conn.close()
            raise ValueError(
                f"{self.path}: database schema {found[0]}, this version reads {SCHEMA_VERSION}; "
                "use a new --db file"
            )
        self.conn_ = conn
        return self

    def close(self) -> None:
        """Commit and disconnect."""
        conn = getattr(self, "conn_", None)
        if conn is not None:
            conn.commit()
            conn.close()
            del self.conn_

    # ------------------------------------------------------------------ runs

    def begin_run(self, started: str) -> int:
        """Record the start of a run; returns its number."""
        cur = self.conn_.execute("INSERT INTO runs(started) VALUES (?)", (started,))
        self.conn_.commit()
        return int(cur.lastrowid or 0)

    def finish_run(self, run: int, finished: str, summary: dict[str, Any]) -> None:
        """Record the end of a run and its counts."""
        self.conn_.execute(
            "UPDATE runs SET finished=?, summary=? WHERE run=?",
            (finished, json.dumps(summary, sort_keys=True), run),
        )
        self.conn_.commit()

    # ------------------------------------------------------------------ corpus index

    def sync_articles(
        self, rows: Sequence[tuple[str, str, str | None, str | None, str | None]], run: int
    ) -> IndexChanges:
        """Make the index hold exactly these ``(id, hash, outlet, published, path)`` rows."""
        old = dict(self.conn_.execute("SELECT id, hash FROM articles"))
        current = {r[0] for r in rows}
        new = sum(1 for r in rows if r[0] not in old)
        changed = sum(1 for r in rows if r[0] in old and old[r[0]] != r[1])
        removed = [i for i in old if i not in current]
        with self.conn_:
            self.conn_.executemany("DELETE FROM articles WHERE id=?", ((i,) for i in removed))
            self.conn_.executemany(
                "INSERT INTO articles(id, hash, outlet, published, path, run) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "hash=excluded.hash, outlet=excluded.outlet, published=excluded.published, "
                "path=excluded.path, run=CASE WHEN articles.hash=excluded.hash "
                "THEN articles.run ELSE excluded.run END",
                ((*r, run) for r in rows),
            )
        return IndexChanges(new, changed, len(rows) - new - changed, len(removed))

    # ------------------------------------------------------------------ HTML extraction cache

    def extracted(self, key: str) -> dict[str, Any] | None:
        """A cached HTML extraction (article fields or a skip reason), if any."""
        found = self.conn_.execute("SELECT article FROM extracted WHERE key=?", (key,)).fetchone()
        return json.loads(found[0]) if found else None

    def put_extracted(self, key: str, value: dict[str, Any]) -> None:
        """Cache an HTML extraction; committed with the next commit."""
        self.conn_.execute(
            "INSERT OR REPLACE INTO extracted(key, article) VALUES (?, ?)",
            (key, json.dumps(value, ensure_ascii=False)),
        )

    def commit(self) -> None:
        """Commit pending writes."""
        self.conn_.commit()

    # ------------------------------------------------------------------ results

    def known(self, keys: Iterable[str]) -> set[str]:
        """The keys that already have a stored result."""
        found: set[str] = set()
        batch: list[str] = []
        for key in keys:
            batch.append(key)
            if len(batch) == 500:
                found |= self._known(batch)
                batch = []
        if batch:
            found |= self._known(batch)
        return found

    def _known(self, keys: list[str]) -> set[str]:
        marks = ",".join("?" * len(keys))
        return {
            r[0]
            for r in self.conn_.execute(f"SELECT key FROM results WHERE key IN ({marks})", keys)
        }

    def put_result(
        self,
        key: str,
        row: dict[str, Any],
        findings: list[dict[str, Any]],
        report_z: bytes | None,
        run: int,
    ) -> None:
        """Store one finished pair and commit it at once (a killed run keeps it)."""
        with self.conn_:
            self.conn_.execute(
                "INSERT OR REPLACE INTO results(key, row, findings, report, run) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    key,
                    json.dumps(row, ensure_ascii=False, sort_keys=True),
                    compress(json.dumps(findings, ensure_ascii=False)) if findings else None,
                    report_z,
                    run,
                ),
            )

    def results(self, keys: Iterable[str], *, with_reports: bool = False) -> Iterator[StoredResult]:
        """The stored results of these keys (missing keys are left out), in key order given."""
        wanted = list(keys)
        column = "report" if with_reports else "NULL"
        for lo in range(0, len(wanted), 500):
            chunk = wanted[lo : lo + 500]
            marks = ",".join("?" * len(chunk))
            found = {
                r[0]: r
                for r in self.conn_.execute(
                    f"SELECT key, row, findings, {column} FROM results WHERE key IN ({marks})",
                    chunk,
                )
            }
            for key in chunk:
                if key in found:
                    _, row, findings, report = found[key]
                    yield StoredResult(
                        key, json.loads(row), decompress_json(findings) or [], report
                    )

    def report(self, key: str) -> str | None:
        """The stored pair report of one key."""
        found = self.conn_.execute("SELECT report FROM results WHERE key=?", (key,)).fetchone()
        return zlib.decompress(found[0]).decode("utf-8") if found and found[0] else None

    def count_results(self) -> int:
        """How many pair results the database holds."""
        return int(self.conn_.execute("SELECT COUNT(*) FROM results").fetchone()[0])
