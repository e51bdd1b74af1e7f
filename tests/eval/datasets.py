"""Loaders for the external evaluation corpora under ``shared/data`` (read by path, never copied).

The corpora are research/evaluation-only (see each folder's ``SOURCE.md``), so nothing here is
shipped: tests call :func:`require_data` and skip when a folder is missing.

Folders: ``clough_stevenson``, ``mrpc``, ``bbc_news_fulltext``, ``bbc_news_summary``,
``reuters21578``. Point ``REWRITE_DETECT_DATA`` at a copy of ``shared/data`` to use another place.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

ENV_VAR = "REWRITE_DETECT_DATA"

CLOUGH = "clough_stevenson"
MRPC = "mrpc"
BBC_FULLTEXT = "bbc_news_fulltext"
BBC_SUMMARY = "bbc_news_summary"
REUTERS = "reuters21578"

CloughCategory = Literal["cut", "light", "heavy", "non"]
MrpcSplit = Literal["train", "test"]
Span = tuple[int, int]


# --------------------------------------------------------------------------- locating the data


def _root_candidate() -> Path:
    """Where the data should be: ``$REWRITE_DETECT_DATA`` or ``<repo>/../shared/data``."""
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared" / "data"


def data_root() -> Path | None:
    """The data folder: ``$REWRITE_DETECT_DATA`` if set, else ``<repo>/../shared/data``.

    None if that folder does not exist.
    """
    root = _root_candidate()
    return root if root.is_dir() else None


def _missing(name: str) -> str:
    """Message for a missing data folder, naming it and how to provide it."""
    source = f"${ENV_VAR}" if os.environ.get(ENV_VAR) else "the default <repo>/../shared/data"
    return (
        f"evaluation data folder {name!r} not found at {_root_candidate() / name} "
        f"(from {source}); set {ENV_VAR}=/path/to/shared/data, a folder holding {name}/"
    )


def require_data(name: str) -> Path:
    """The path of data folder ``name``; skips the calling test (pytest.skip) when it is missing."""
    root = data_root()
    if root is None or not (root / name).is_dir():
        import pytest

        pytest.skip(_missing(name))
    return root / name


def _folder(name: str, root: Path | None) -> Path:
    """Data folder ``name`` under ``root`` (default :func:`data_root`); raises if missing."""
    base = root if root is not None else data_root()
    if base is None or not (base / name).is_dir():
        raise FileNotFoundError(_missing(name) if root is None else f"{root / name} not found")
    return base / name


def _expand(paths: Iterable[Path | str]) -> list[tuple[str, Path]]:
    """(stable name, file) for every file in ``paths``; folders expand recursively."""
    out: list[tuple[str, Path]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += [(f"{path.name}/{p.relative_to(path).as_posix()}", p) for p in path.rglob("*")]
        else:
            out.append((path.name, path))
    return sorted((name, p) for name, p in out if p.is_file())


def sha256_of(paths: Iterable[Path | str] | Path | str) -> str:
    """A stable SHA-256 over files (names relative to what was given, sizes and contents).

    Folders are walked recursively; order of ``paths`` does not matter and neither does where the
    data lives, so a quality gate can pin the exact corpus version it was measured on.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    digest = hashlib.sha256()
    for name, path in _expand(paths):
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Objects of a UTF-8 JSONL file."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


# --------------------------------------------------------------------------- Clough & Stevenson


@dataclass(frozen=True)
class CloughItem:
    """One answer of the Clough & Stevenson corpus with its label and Wikipedia source."""

    file: str  # e.g. "g0pA_taska.txt"
    task: str  # "a".."e"
    category: CloughCategory
    text: str  # decoded as read (CRLF kept)
    source_text: str  # texts/orig_task{task}.txt, decoded the same way


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-8, falling back to cp1252; line ends are left as they are."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def load_clough(root: Path | None = None) -> list[CloughItem]:
    """The 95 labelled answers (cut/light/heavy/non = 19/19/19/38), in ``file_list.csv`` order."""
    folder = _folder(CLOUGH, root)
    texts = folder / "texts"
    rows = csv.DictReader(io.StringIO((folder / "file_list.csv").read_text(encoding="utf-8")))
    sources: dict[str, str] = {}
    items = []
    for row in rows:
        task = row["Task"].strip()
        if task not in sources:
            sources[task] = decode_text((texts / f"orig_task{task}.txt").read_bytes())
        items.append(
            CloughItem(
                file=row["File"].strip(),
                task=task,
                category=row["Category"].strip(),  # type: ignore[arg-type]
                text=decode_text((texts / row["File"].strip()).read_bytes()),
                source_text=sources[task],
            )
        )
    return items


# --------------------------------------------------------------------------- MRPC


@dataclass(frozen=True)
class MrpcPair:
    """One MRPC sentence pair; ``label`` 1 = paraphrase."""

    label: int
    id1: str
    id2: str
    s1: str
    s2: str


def load_mrpc(split: MrpcSplit, root: Path | None = None) -> list[MrpcPair]:
    """MRPC ``train`` (4,076) or ``test`` (1,725) pairs; TAB-split, header and BOM dropped."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    path = _folder(MRPC, root) / f"msr_paraphrase_{split}.txt"
    lines = path.read_bytes().decode("utf-8-sig").split("\n")
    pairs = []
    for line in lines[1:]:
        line = line.rstrip("\r")
        if not line:
            continue
        label, id1, id2, s1, s2 = line.split("\t")
        pairs.append(MrpcPair(int(label), id1, id2, s1, s2))
    return pairs


# --------------------------------------------------------------------------- BBC


@dataclass(frozen=True)
class BbcArticle:
    """One raw BBC article; ``text`` is the whole file (headline line, blank line, paragraphs)."""

    id: str  # "business/001.txt"
    category: str
    title: str
    text: str


def load_bbc_articles(root: Path | None = None) -> list[BbcArticle]:
    """The 2,225 BBC News articles, sorted by id."""
    path = _folder(BBC_FULLTEXT, root) / "bbc_fulltext.jsonl"
    return [BbcArticle(d["id"], d["category"], d["title"], d["text"]) for d in _jsonl(path)]


def load_bbc_summaries(root: Path | None = None) -> dict[str, str]:
    """Article id -> its extractive summary (article sentences glued with no space)."""
    path = _folder(BBC_SUMMARY, root) / "bbc_summaries.jsonl"
    return {d["id"]: d["summary"] for d in _jsonl(path)}


# A possible end of a glued summary sentence: after . ! ? (and closing quotes), before a non-space.
_GLUE_POINT = re.compile(r"(?<=[.!?])[\"'”’)]*(?=\S)")
_NAIVE_SPLIT = re.compile(r"(?<=[.!?])(?=[A-Z\"'])")


def _glue_points(summary: str) -> list[int]:
    """Candidate sentence ends in a glued summary (both before and after closing quotes)."""
    points: set[int] = set()
    for m in _GLUE_POINT.finditer(summary):
        points.update(range(m.start(), m.end() + 1))
    points.add(len(summary.rstrip()))
    return sorted(points)


def _glued_spans(summary: str, article_text: str) -> list[tuple[Span, bool]]:
    """((start, end), found_in_article) for each summary sentence, greedy longest match."""
    end_all = len(summary.rstrip())
    points = _glue_points(summary)
    spans: list[tuple[Span, bool]] = []
    pos = len(summary) - len(summary.lstrip())
    while pos < end_all:
        best = None
        for q in (p for p in points if p > pos):
            if summary[pos:q] not in article_text:
                break  # findability is monotone in q: a longer piece cannot be found either
            best = q
        if best is None:
            nxt = _NAIVE_SPLIT.search(summary, pos + 1)
            best = nxt.start() if nxt else end_all
            spans.append(((pos, best), False))
        else:
            spans.append(((pos, best), True))
        pos = best
        while pos < end_all and summary[pos].isspace():
            pos += 1
    return spans


def split_glued_summary(summary: str, article_text: str | None = None) -> list[str]:
    """The individual sentences of a BBC summary, whose sentences are glued with no space.

    With ``article_text``, split points are found by greedy longest match: from each position take
    the longest run up to a candidate sentence end that occurs verbatim in the article. Without it,
    fall back to the regex ``(?<=[.!?])(?=[A-Z"'])``.
    """
    if article_text is None:
        return [s for s in _NAIVE_SPLIT.split(summary.strip()) if s]
    return [summary[a:b] for (a, b), _ in _glued_spans(summary, article_text)]


def bbc_gold_alignment(article_text: str, summary_text: str) -> list[tuple[Span, Span]]:
    """Gold "summary sentence -> article sentence it was copied from" pairs.

    Each item is ``((start, end) in summary_text, (start, end) in article_text)`` of the same
    text (first exact occurrence). Summary sentences not found verbatim are skipped; count them with
    :func:`summary_coverage`.
    """
    pairs = []
    for (a, b), found in _glued_spans(summary_text, article_text):
        if found:
            at = article_text.find(summary_text[a:b])
            pairs.append(((a, b), (at, at + b - a)))
    return pairs


def summary_coverage(article_text: str, summary_text: str) -> tuple[int, int]:
    """(summary sentences found verbatim in the article, all summary sentences)."""
    spans = _glued_spans(summary_text, article_text)
    return sum(found for _, found in spans), len(spans)


# --------------------------------------------------------------------------- Reuters-21578


@dataclass(frozen=True)
class ReutersStory:
    """One Reuters-21578 story that has a body."""

    id: str  # NEWID
    title: str
    date: str
    text: str  # body, html.unescape'd, control characters and the "Reuter" sign-off removed
    places: tuple[str, ...]
    topics: tuple[str, ...]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SIGN_OFF = re.compile(r"(?:\s*\bReuters?)+\s*$")  # some bodies sign off twice


def clean_reuters_body(body: str) -> str:
    """Unescape SGML entities, drop control characters and the trailing "Reuter" sign-off."""
    text = _CONTROL.sub("", html.unescape(body))
    return _SIGN_OFF.sub("", text).rstrip()


def load_reuters(min_chars: int = 200, root: Path | None = None) -> list[ReutersStory]:
    """Reuters-21578 stories with a body of at least ``min_chars`` characters (after cleaning)."""
    path = _folder(REUTERS, root) / "reuters21578.jsonl"
    stories = []
    for d in _jsonl(path):
        if not d.get("body"):
            continue
        text = clean_reuters_body(d["body"])
        if len(text.strip()) < min_chars:
            continue
        title = _CONTROL.sub("", html.unescape(d.get("title") or "")).strip()
        stories.append(
            ReutersStory(
                id=str(d["newid"]),
                title=title,
                date=(d.get("date") or "").strip(),
                text=text,
                places=tuple(d.get("places") or ()),
                topics=tuple(d.get("topics") or ()),
            )
        )
    return stories


@cache
def _reuters_by_id() -> dict[str, ReutersStory]:
    return {s.id: s for s in load_reuters()}


def reuters_article(story_id: str) -> str:
    """One Reuters story (by NEWID) as an article: headline, blank line, body."""
    story = _reuters_by_id()[story_id]
    return f"{story.title}\n\n{story.text}"
