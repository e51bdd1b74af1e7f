"""The scan database: content keys, the corpus index, results that survive a restart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rewrite_detect.records import Article
from rewrite_detect.store import Store, article_hash, compress, pair_key

A = Article(id="a.txt", text="Niger's army is supported by France's Barkhane mission.")
B = Article(id="b.txt", text="Foreign forces are assisting the Nigerian Army.", outlet="Farm")


def test_the_article_hash_covers_text_and_metadata() -> None:
    assert article_hash(A) == article_hash(Article(id="a.txt", text=A.text))
    assert article_hash(A) != article_hash(Article(id="a.txt", text=A.text + " "))
    assert article_hash(A) != article_hash(Article(id="a.txt", text=A.text, published="2022-01-01"))
    assert article_hash(A) != article_hash(Article(id="c.txt", text=A.text))


def test_a_pair_key_is_unordered_and_depends_on_the_fingerprint() -> None:
    ha, hb = article_hash(A), article_hash(B)
    assert pair_key(ha, hb, "fp1") == pair_key(hb, ha, "fp1")
    assert pair_key(ha, hb, "fp1") != pair_key(ha, hb, "fp2")


def test_results_survive_closing_and_reopening(tmp_path: Path) -> None:
    db = tmp_path / "scan.db"
    row = {"source_id": "a.txt", "rewrite_id": "b.txt", "probability": 0.91, "is_rewrite": True}
    findings = [{"kind": "entity_changed", "severity": "error", "rewrite_text": "Nigerian"}]
    with Store(db) as store:
        run = store.begin_run("2026-01-01T00:00:00+00:00")
        store.put_result("k1", row, findings, compress("<html>report</html>"), run)
        store.put_result("k2", {**row, "is_rewrite": False}, [], None, run)
    with Store(db) as store:
        assert store.known(["k1", "k2", "k3"]) == {"k1", "k2"}
        got = {r.key: r for r in store.results(["k2", "k3", "k1"], with_reports=True)}
        assert got["k1"].row == row
        assert got["k1"].findings == findings
        assert got["k1"].report_html == "<html>report</html>"
        assert got["k2"].findings == [] and got["k2"].report_html is None
        assert store.report("k1") == "<html>report</html>"
        assert [r.key for r in store.results(["k2", "k1"])] == ["k2", "k1"]
        assert store.count_results() == 2


def test_a_committed_pair_is_visible_to_another_connection_at_once(tmp_path: Path) -> None:
    db = tmp_path / "scan.db"
    with Store(db) as store:
        store.put_result("k1", {"x": 1}, [], None, 1)
        other = sqlite3.connect(db)  # what a resumed run (or a killed one) would find
        assert other.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 1
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        other.close()


def test_sync_articles_counts_new_changed_unchanged_and_removed(tmp_path: Path) -> None:
    with Store(tmp_path / "scan.db") as store:
        first = store.sync_articles(
            [("a", "h1", None, None, None), ("b", "h2", None, None, None)], 1
        )
        assert (first.new, first.changed, first.unchanged, first.removed) == (2, 0, 0, 0)
        second = store.sync_articles(
            [("a", "h1", None, None, None), ("c", "h3", "X", None, None)], 2
        )
        assert (second.new, second.changed, second.unchanged, second.removed) == (1, 0, 1, 1)
        third = store.sync_articles(
            [("a", "h9", None, None, None), ("c", "h3", "X", None, None)], 3
        )
        assert (third.new, third.changed, third.unchanged, third.removed) == (0, 1, 1, 0)


def test_the_html_extraction_cache_round_trips(tmp_path: Path) -> None:
    with Store(tmp_path / "scan.db") as store:
        assert store.extracted("page") is None
        store.put_extracted("page", {"id": "p.html", "text": "Body."})
        store.commit()
    with Store(tmp_path / "scan.db") as store:
        assert store.extracted("page") == {"id": "p.html", "text": "Body."}


def test_an_in_memory_store_needs_no_file() -> None:
    with Store(None) as store:
        store.put_result("k", {"x": 1}, [], None, store.begin_run("now"))
        assert store.known(["k"]) == {"k"}


def test_a_database_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(db):
        pass
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(ValueError, match="schema 99"):
        Store(db).open()


def test_many_keys_are_looked_up_in_chunks(tmp_path: Path) -> None:
    with Store(tmp_path / "scan.db") as store:
        for i in range(1203):
            store.put_result(f"k{i}", {"i": i}, [], None, 1)
        keys = [f"k{i}" for i in range(0, 2400, 2)]
        assert len(store.known(keys)) == 602
        assert [r.row["i"] for r in store.results(keys)] == list(range(0, 1203, 2))
