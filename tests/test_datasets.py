"""Tests of the evaluation data loaders (tests/eval/datasets.py); skip when the data is absent."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.eval import datasets
from tests.eval.datasets import (
    bbc_gold_alignment,
    split_glued_summary,
    summary_coverage,
)

# --------------------------------------------------------------------------- locating data


def test_data_root_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(datasets.ENV_VAR, str(tmp_path))
    assert datasets.data_root() == tmp_path
    monkeypatch.setenv(datasets.ENV_VAR, str(tmp_path / "missing"))
    assert datasets.data_root() is None


def test_require_data_skips_with_a_clear_message(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(datasets.ENV_VAR, str(tmp_path))
    with pytest.raises(pytest.skip.Exception, match=r"'mrpc' not found.*REWRITE_DETECT_DATA"):
        datasets.require_data("mrpc")
    (tmp_path / "mrpc").mkdir()
    assert datasets.require_data("mrpc") == tmp_path / "mrpc"


def test_loaders_raise_without_data(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(datasets.ENV_VAR, str(tmp_path))
    with pytest.raises(FileNotFoundError, match="mrpc"):
        datasets.load_mrpc("test")


def test_sha256_is_stable_and_content_sensitive(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    a, b = tmp_path / "d" / "a.txt", tmp_path / "d" / "b.txt"
    a.write_bytes(b"alpha\r\n")
    b.write_bytes(b"beta")
    first = datasets.sha256_of([a, b])
    assert first == datasets.sha256_of([b, a])
    assert datasets.sha256_of(tmp_path / "d") == datasets.sha256_of([tmp_path / "d"])
    a.write_bytes(b"alpha\n")
    assert datasets.sha256_of([a, b]) != first


# --------------------------------------------------------------------------- glued summaries

# Invented text with the BBC summary quirks: sentences glued with no space ("$4.2bn.For"),
# quoted sentences, an abbreviation with full stops.
ARTICLE = (
    "Widget maker lifts profit\n\nAcme Widgets said annual sales rose 3% to $4.5bn "
    "from $4.2bn. Its margins were helped by cheaper steel.\n\nFor the full year, Acme "
    'reported a profit of $1.1bn. "We are pleased," she said. "It was a U.S. record."\n'
)
SUMMARY = (
    "Acme Widgets said annual sales rose 3% to $4.5bn from $4.2bn.For the full year, "
    'Acme reported a profit of $1.1bn."We are pleased," she said."It was a U.S. record."'
)


def test_split_glued_summary_uses_the_article() -> None:
    assert split_glued_summary(SUMMARY, ARTICLE) == [
        "Acme Widgets said annual sales rose 3% to $4.5bn from $4.2bn.",
        "For the full year, Acme reported a profit of $1.1bn.",
        '"We are pleased," she said.',
        '"It was a U.S. record."',
    ]
    assert split_glued_summary("One.Two.") == ["One.", "Two."]


def test_gold_alignment_points_at_the_same_text() -> None:
    pairs = bbc_gold_alignment(ARTICLE, SUMMARY + "Not in the article.")
    assert len(pairs) == 4
    for (s0, s1), (a0, a1) in pairs:
        assert SUMMARY[s0:s1] == ARTICLE[a0:a1]
    assert summary_coverage(ARTICLE, SUMMARY + "Not in the article.") == (4, 5)


# --------------------------------------------------------------------------- real corpora


def test_clough_counts_and_decoding() -> None:
    datasets.require_data(datasets.CLOUGH)
    items = datasets.load_clough()
    assert len(items) == 95
    assert Counter(i.category for i in items) == {"cut": 19, "light": 19, "heavy": 19, "non": 38}
    assert {i.task for i in items} == set("abcde")
    assert any("\r\n" in i.text for i in items)  # CRLF kept as read
    assert any(ch in i.text for i in items for ch in "’“”…")  # cp1252 punctuation decoded
    cut = next(i for i in items if i.category == "cut")
    assert cut.source_text.startswith(cut.source_text.lstrip()[:10])
    assert len({i.source_text for i in items}) == 5


def test_mrpc_counts() -> None:
    datasets.require_data(datasets.MRPC)
    test = datasets.load_mrpc("test")
    train = datasets.load_mrpc("train")
    assert (len(test), sum(p.label for p in test)) == (1725, 1147)
    assert (len(train), sum(p.label for p in train)) == (4076, 2753)
    assert all(p.s1 and p.s2 and p.id1.isdigit() for p in test)
    assert not any(p.s2.endswith("\r") for p in test)
    with pytest.raises(ValueError):
        datasets.load_mrpc("dev")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def bbc() -> tuple[list[datasets.BbcArticle], dict[str, str]]:
    """BBC articles and summaries (skips without data)."""
    datasets.require_data(datasets.BBC_FULLTEXT)
    datasets.require_data(datasets.BBC_SUMMARY)
    return datasets.load_bbc_articles(), datasets.load_bbc_summaries()


def test_bbc_counts(bbc) -> None:
    articles, summaries = bbc
    assert len(articles) == 2225
    assert Counter(a.category for a in articles) == {
        "business": 510,
        "entertainment": 386,
        "politics": 417,
        "sport": 511,
        "tech": 401,
    }
    assert set(summaries) == {a.id for a in articles}
    assert all(a.text.startswith(a.title) for a in articles)


def test_bbc_gold_alignment_on_300_articles(bbc) -> None:
    articles, summaries = bbc
    found = total = 0
    for article in articles[::7][:300]:
        summary = summaries[article.id]
        for (s0, s1), (a0, a1) in bbc_gold_alignment(article.text, summary):
            assert summary[s0:s1] == article.text[a0:a1]
        f, n = summary_coverage(article.text, summary)
        found, total = found + f, total + n
    assert total > 2000
    assert found / total >= 0.9


def test_reuters_counts_and_cleaning() -> None:
    datasets.require_data(datasets.REUTERS)
    stories = datasets.load_reuters()
    assert len(datasets.load_reuters(min_chars=0)) == 19043  # every story with a body
    assert len(stories) == 16934  # bodies of >= 200 characters
    assert len({s.id for s in stories}) == len(stories)
    assert not any("&lt;" in s.text or "\x03" in s.text for s in stories)
    assert not any(s.text.rstrip().endswith("Reuter") for s in stories)
    assert sum("usa" in s.places for s in stories) > 5000
