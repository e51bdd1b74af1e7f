"""Session-wide fixtures: the bundled seed corpus and its one real pair, computed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewrite_detect.ingest import read_article_file
from rewrite_detect.pipeline import compare
from rewrite_detect.records import Article, PairResult

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "mali"
SOURCE = "002_52ceadec900c4bd2.txt"
REWRITE = "001_7c31c2f309b64588.txt"


def seed_article(name: str) -> Article:
    """One bundled seed article, read as a user's file would be."""
    return read_article_file(SEEDS / name, id=name)


@pytest.fixture(scope="session")
def seed_pair() -> PairResult:
    """The AFP source (002) against its content-farm rewrite (001)."""
    return compare(seed_article(SOURCE), seed_article(REWRITE))


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Every seed's text by file name."""
    return {p.name: seed_article(p.name).text for p in sorted(SEEDS.glob("*.txt"))}
