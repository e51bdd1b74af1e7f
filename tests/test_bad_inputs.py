"""Issue 7: a raw crawl with every kind of bad input beside the real seed articles.

The scan finishes, skips only what is unreadable (with the reason in skipped.csv), reads
everything readable, and still finds the one real pair (002 -> 001).
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from rewrite_detect.scan import scan

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "mali"
SOURCE, REWRITE = "002_52ceadec900c4bd2.txt", "001_7c31c2f309b64588.txt"
OTHER = (
    "Farmers in the valley said on Tuesday that the late rains had ruined much of the wheat "
    "harvest. The regional council promised emergency loans to families who lost their crops.\n"
)


def _crawl(root: Path) -> Path:
    crawl = root / "crawl"
    crawl.mkdir()
    for name in (SOURCE, REWRITE):
        (crawl / name).write_bytes((SEEDS / name).read_bytes())
    (crawl / "empty.txt").write_bytes(b"")
    (crawl / "blank.txt").write_text(" \n\t\n  ", encoding="utf-8")
    (crawl / "random.bin.txt").write_bytes(random.Random(7).randbytes(50_000))
    (crawl / "cp1252.txt").write_bytes(
        ("Caf\u00e9 owners \u201cwelcome\u201d it.\n" + OTHER).encode("cp1252")
    )
    (crawl / "utf16.txt").write_bytes(("R\u00e9sum\u00e9 of the week\n" + OTHER).encode("utf-16"))
    (crawl / "nul.txt").write_bytes(OTHER.encode() + b"\x00" + OTHER.encode())
    (crawl / "huge.txt").write_text("Huge story\n" + OTHER * 86_000, encoding="utf-8")  # ~15 MB
    (crawl / "broken.json").write_text('{"id": "x", "text": "unterminated', encoding="utf-8")
    good = json.dumps({"id": "feed-ok", "text": OTHER})
    (crawl / "feed.jsonl").write_text(good + "\n{not json\n", encoding="utf-8")
    (crawl / "notext.csv").write_text("id,body\n1,hello\n", encoding="utf-8")
    dup = json.dumps({"id": "dup", "text": OTHER})
    (crawl / "dups.jsonl").write_text(dup + "\n" + dup + "\n", encoding="utf-8")
    (crawl / "page.html").write_text(
        "<html><head><title>Harvest</title><script>window.__pwned=1</script></head><body>"
        f"<article><h1>Harvest</h1><p>{OTHER}</p><p>{OTHER}</p></article>"
        "<script>alert(1)</script></body></html>",
        encoding="utf-8",
    )
    return crawl


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def bad_scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("bad")
    crawl = _crawl(root)
    out = root / "out"
    return out, scan([crawl], out_dir=out, workers=1, quiet=True)


def test_the_scan_skips_only_the_unreadable_and_says_why(bad_scan: tuple[Path, object]) -> None:
    out, _ = bad_scan
    skipped = {Path(r["path"]).name: r["reason"] for r in _rows(out / "skipped.csv")}
    assert set(skipped) == {
        "empty.txt",
        "blank.txt",
        "random.bin.txt",
        "broken.json",
        "feed.jsonl#2",
        "notext.csv",
        "huge.txt",
    }, skipped
    assert "binary" in skipped["random.bin.txt"]
    assert "broken JSON" in skipped["broken.json"]
    assert "over max_chars" in skipped["huge.txt"]
    assert all(reason.strip() for reason in skipped.values())


def test_everything_readable_is_read(bad_scan: tuple[Path, object]) -> None:
    _, result = bad_scan
    # 2 seeds + cp1252 + utf16 + nul + feed-ok + 2 dups + page.html
    assert result.articles == 9  # type: ignore[attr-defined]


def test_the_real_pair_is_still_found(bad_scan: tuple[Path, object]) -> None:
    out, _ = bad_scan
    rewrites = [r for r in _rows(out / "pairs.csv") if r["is_rewrite"] == "true"]
    real = [r for r in rewrites if {r["source_id"], r["rewrite_id"]} == {SOURCE, REWRITE}]
    assert len(real) == 1 and real[0]["source_id"] == SOURCE


def test_article_scripts_never_reach_the_reports(bad_scan: tuple[Path, object]) -> None:
    out, _ = bad_scan
    for page in [out / "index.html", *sorted((out / "pairs").glob("*.html"))]:
        html = page.read_text(encoding="utf-8")
        assert "window.__pwned" not in html and "alert(1)" not in html
