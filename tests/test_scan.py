"""The corpus job on real text: the seeds, direction, outlets, engines, re-runs and a killed run."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rewrite_detect.scan import PAIR_COLUMNS, ScanResult, scan
from tests.eval.plant import plant_rewrite, prose_sentences

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "mali"
SOURCE_ID = "002_52ceadec900c4bd2.txt"
REWRITE_ID = "001_7c31c2f309b64588.txt"
SPEC_COLUMNS = (
    "source_id, rewrite_id, source_outlet, rewrite_outlet, label, is_rewrite, probability, "
    "derived_fraction, source_coverage, rewrite_degree, spin_rate, errors, warnings, "
    "direction_basis, report"
).split(", ")
CSVS = ("pairs.csv", "findings.csv", "outlets.csv", "skipped.csv")


def rows(out: Path, name: str = "pairs.csv") -> list[dict[str, str]]:
    with (out / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def rewrites(out: Path) -> list[tuple[str, str]]:
    return [(r["source_id"], r["rewrite_id"]) for r in rows(out) if r["is_rewrite"] == "true"]


@pytest.fixture(scope="module")
def seeds_scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ScanResult]:
    out = tmp_path_factory.mktemp("seeds-out")
    return out, scan([SEEDS], out_dir=out, workers=1)


def test_the_seeds_give_exactly_002_to_001(seeds_scan: tuple[Path, ScanResult]) -> None:
    out, result = seeds_scan
    assert rewrites(out) == [(SOURCE_ID, REWRITE_ID)]
    (row,) = [r for r in rows(out) if r["is_rewrite"] == "true"]
    # no dates in the seeds: the texts decide (injected "Also Read" links, containment)
    assert row["direction_basis"] == "evidence"
    assert row["label"] in ("light_rewrite", "heavy_rewrite")
    assert int(row["errors"]) >= 1
    assert (out / row["report"]).is_file()
    assert row["report"].startswith("pairs/") and row["report"].endswith(".html")
    assert (result.articles, result.rewrites, result.families) == (5, 1, 1)
    assert result.skipped == ()


def test_pairs_csv_has_the_spec_columns_and_the_threshold(
    seeds_scan: tuple[Path, ScanResult],
) -> None:
    out, _ = seeds_scan
    header = (out / "pairs.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == list(PAIR_COLUMNS)
    assert set(SPEC_COLUMNS) <= set(header)
    thresholds = json.loads((out / "thresholds.json").read_text(encoding="utf-8"))
    for row in rows(out):
        assert float(row["threshold"]) == thresholds["rewrite_probability"]
        assert (float(row["probability"]) >= float(row["threshold"])) == (
            row["is_rewrite"] == "true"
        )
    assert thresholds["candidates"]["min_similarity"] > 0
    findings = rows(out, "findings.csv")
    assert findings and {f["rewrite_id"] for f in findings} == {REWRITE_ID}
    assert any(f["kind"] == "entity_changed" and "Niger" in f["explanation"] for f in findings)
    (outlet,) = rows(out, "outlets.csv")
    assert (outlet["outlet"], outlet["articles"], outlet["rewrites"]) == ("(unknown)", "5", "1")


def test_the_overview_page_is_self_contained_and_complete(
    seeds_scan: tuple[Path, ScanResult],
) -> None:
    out, _ = seeds_scan
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html
    assert (
        "<script src" not in html
        and "<link" not in html
        and "http" not in html.split("</head>")[0].replace("http-equiv", "")
    )
    threshold = json.loads((out / "thresholds.json").read_text(encoding="utf-8"))
    assert '<svg class="hist"' in html
    assert f"threshold {threshold['rewrite_probability']:.2f}" in html
    assert SOURCE_ID in html and REWRITE_ID in html
    report = rows(out)[0]["report"]
    assert f'href="{report}"' in html
    assert 'id="family-1"' in html and 'id="outlets-table"' in html


def _corpus_with(
    tmp_path: Path, metadata: str, ids: tuple[str, ...] = (SOURCE_ID, REWRITE_ID)
) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ids:
        shutil.copy(SEEDS / name, corpus / name)
    (corpus / "metadata.csv").write_text(metadata, encoding="utf-8")
    return corpus


def test_the_earlier_published_article_is_the_source(tmp_path: Path) -> None:
    corpus = _corpus_with(
        tmp_path,
        f"file,outlet,published\n{REWRITE_ID},NewsTrack,2022-05-01\n{SOURCE_ID},AFP,2022-05-03\n",
    )
    out = tmp_path / "out"
    scan([corpus], out_dir=out, workers=1)
    ((src, rw),) = rewrites(out)
    assert (src, rw) == (REWRITE_ID, SOURCE_ID)  # dates win, even against the evidence
    assert rows(out)[0]["direction_basis"] == "published"


def test_an_outlet_is_a_series_unless_asked(tmp_path: Path) -> None:
    corpus = _corpus_with(tmp_path, f"file,outlet\n{REWRITE_ID},The Wire\n{SOURCE_ID},the wire\n")
    out = tmp_path / "out"
    assert scan([corpus], out_dir=out, workers=1).candidates == 0
    assert rows(out) == []
    asked = scan([corpus], out_dir=tmp_path / "asked", workers=1, include_same_outlet=True)
    assert asked.rewrites == 1


def test_bad_files_are_listed_in_skipped_csv_and_the_scan_goes_on(tmp_path: Path) -> None:
    corpus = _corpus_with(tmp_path, "file,outlet\n")
    (corpus / "metadata.csv").unlink()
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus / "broken.json").write_text("{not json", encoding="utf-8")
    (corpus / "photo.png").write_bytes(b"\x89PNG\r\n")
    (corpus / "feed.jsonl").write_text(
        json.dumps({"id": "<img src=x onerror=alert(1)>", "text": (SEEDS / SOURCE_ID).read_text()})
        + "\n{oops\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = scan([corpus], out_dir=out, workers=1)
    skipped = {Path(r["path"]).name: r["reason"] for r in rows(out, "skipped.csv")}
    assert set(skipped) == {"binary.txt", "broken.json", "photo.png", "feed.jsonl#2"}
    assert len(result.skipped) == 4
    assert result.rewrites == 3  # 002, its copy under a hostile id, and 001
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_local_and_dask_engines_write_the_same_pairs_csv(
    tmp_path: Path, seeds_scan: tuple[Path, ScanResult]
) -> None:
    distributed = pytest.importorskip("distributed")
    local_out, _ = seeds_scan
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        result = scan([SEEDS], out_dir=tmp_path / "dask", engine="dask", scheduler=cluster)
    assert result.rewrites == 1
    for name in ("pairs.csv", "findings.csv", "outlets.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (local_out / name).read_bytes()


def test_a_rerun_with_a_database_compares_only_new_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    db, out = tmp_path / "scan.db", tmp_path / "out"
    first = scan([corpus], out_dir=out, db=db, workers=1)
    assert (first.compared, first.reused, first.index.new) == (1, 0, 5)
    before = {n: (out / n).read_bytes() for n in CSVS}
    again = scan([corpus], out_dir=out, db=db, workers=1)
    assert (again.compared, again.reused, again.index.unchanged) == (0, 1, 5)
    assert {n: (out / n).read_bytes() for n in CSVS} == before
    shutil.copy(corpus / SOURCE_ID, corpus / "republished.txt")
    grown = scan([corpus], out_dir=out, db=db, workers=1)
    assert (grown.compared, grown.reused, grown.index.new) == (2, 1, 1)
    assert {frozenset(p) for p in rewrites(out)} == {
        frozenset(p)
        for p in [
            (SOURCE_ID, REWRITE_ID),
            ("republished.txt", REWRITE_ID),
            (SOURCE_ID, "republished.txt"),
        ]
    }
    assert (SOURCE_ID, REWRITE_ID) in rewrites(out)


def _killable_corpus(root: Path) -> Path:
    """The seeds plus planted rewrites of two of them: about 30 candidate pairs."""
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    for name, n in ((SOURCE_ID, 6), ("003_91b251058a894fae.txt", 2)):
        text = (SEEDS / name).read_text(encoding="utf-8")
        filler = prose_sentences((SEEDS / "004_8b516b7d016224ff.txt").read_text(encoding="utf-8"))
        for k in range(n):
            pair = plant_rewrite(text, seed=k, n_errors=3, spin=0.5, filler=filler)
            (corpus / f"farm{k}_{name}").write_text(pair.rewrite_text, encoding="utf-8")
    return corpus


def test_a_killed_scan_resumes_without_losing_or_duplicating(tmp_path: Path) -> None:
    corpus = _killable_corpus(tmp_path)
    db = tmp_path / "killed.db"
    code = (
        "import sys; from rewrite_detect.scan import scan; "
        f"scan([{str(corpus)!r}], out_dir={str(tmp_path / 'killed')!r}, db={str(db)!r}, "
        "workers=1, batch_size=1)"
    )
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, env=env)
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM results").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
        if stored >= 2:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the scan finished before it could be killed"
    assert not (tmp_path / "killed" / "pairs.csv").exists()
    resumed = scan([corpus], out_dir=tmp_path / "killed", db=db, workers=1)
    assert resumed.reused >= 2 and resumed.compared == resumed.candidates - resumed.reused
    whole = scan([corpus], out_dir=tmp_path / "whole", workers=1)
    assert whole.compared == resumed.candidates
    for name in CSVS:
        assert (tmp_path / "killed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM results").fetchone()[0] == whole.candidates
    assert whole.rewrites >= 4  # 002 -> 001 and each planted rewrite


def test_html_pages_are_extracted_once_and_cached_in_the_database(tmp_path: Path) -> None:
    from tests.test_corpus import PAGE

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.html").write_text(PAGE, encoding="utf-8")
    shutil.copy(SEEDS / SOURCE_ID, corpus / SOURCE_ID)
    db = tmp_path / "scan.db"
    first = scan([corpus], out_dir=tmp_path / "out", db=db, workers=1)
    assert first.articles == 2 and first.rewrites == 1  # the page copies 002's opening
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM extracted").fetchone()[0] == 1
    again = scan([corpus], out_dir=tmp_path / "out", db=db, workers=1)
    assert (again.compared, again.reused) == (0, 1)
    (row,) = rows(tmp_path / "out")
    assert {row["source_id"], row["rewrite_id"]} == {"page.html", SOURCE_ID}


def _row(
    src: str, rw: str, p: float, *, rewrite: bool = True, **extra: object
) -> dict[str, object]:
    return {
        "source_id": src,
        "rewrite_id": rw,
        "probability": p,
        "derived_fraction": 0.8,
        "is_rewrite": rewrite,
        "spin_rate": 4.0,
        "errors": 2,
        "warnings": 1,
        "report": f"pairs/{src}-{rw}.html",
        **extra,
    }


def test_families_hang_rewrites_of_rewrites_under_their_closest_source() -> None:
    from rewrite_detect.scan import build_families

    rows = [
        _row("afp", "farm1", 0.90),
        _row("farm1", "farm2", 0.97),  # farm2 copied farm1 more closely than it did afp
        _row("afp", "farm2", 0.60),
        _row("afp", "farm3", 0.80),
        _row("x", "y", 0.9),
        _row("p", "q", 0.2, rewrite=False),
    ]
    outlets = {"afp": "AFP", "farm1": "Farm", "farm2": "Farm", "farm3": None}
    big, small = build_families(rows, outlets)
    assert (big.number, big.root, small.root) == (1, "afp", "x")
    tree = [(m.id, m.depth, m.parent) for m in big.members]
    assert tree == [
        ("afp", 0, None),
        ("farm1", 1, "afp"),
        ("farm2", 2, "farm1"),
        ("farm3", 1, "afp"),
    ]
    assert big.members[3].outlet == "(unknown)"
    assert big.members[2].report == "pairs/farm1-farm2.html"


def test_a_cycle_of_uncertain_directions_is_broken_at_its_smallest_id() -> None:
    from rewrite_detect.scan import build_families

    rows = [_row("a", "b", 0.9), _row("b", "c", 0.9), _row("c", "a", 0.9)]
    (family,) = build_families(rows, {})
    assert family.root == "a"
    assert sorted(m.id for m in family.members) == ["a", "b", "c"]


def test_outlet_stats_count_each_rewrite_once_against_its_best_source() -> None:
    from rewrite_detect.records import Article
    from rewrite_detect.scan import outlet_stats

    articles = [
        Article(id="afp", text="x", outlet="AFP"),
        Article(id="afp2", text="x", outlet="AFP"),
        Article(id="farm1", text="x", outlet="Farm"),
        Article(id="farm2", text="x", outlet="Farm"),
        Article(id="own", text="x", outlet="Farm"),
    ]
    rows = [
        _row("afp", "farm1", 0.9, spin_rate=10.0, errors=4),
        _row("afp2", "farm1", 0.5, spin_rate=0.0, errors=0),  # not its best source: ignored
        _row("afp", "farm2", 0.8, spin_rate=2.0, errors=0),
    ]
    farm, afp = outlet_stats(articles, rows)
    assert (farm.outlet, farm.articles, farm.rewrites) == ("Farm", 3, 2)
    assert farm.rewrite_share == pytest.approx(2 / 3, abs=1e-4)
    assert (farm.spin_rate, farm.errors_per_rewrite) == (6.0, 2.0)
    assert farm.copied_from == "AFP (2)"
    assert (afp.rewrites, afp.sources_used, afp.spin_rate) == (0, 2, None)


def test_direction_from_dates_then_evidence() -> None:
    from rewrite_detect.direction import by_published, decide, parse_published
    from rewrite_detect.records import Article

    def art(published: str | None, text: str = "Officials said the talks would resume.") -> Article:
        return Article(id="x", text=text, published=published)

    assert by_published(art("2022-05-01"), art("2022-05-03T10:00:00Z")) == 0
    assert by_published(art("2022-05-03T10:00:00+02:00"), art("2022-05-03T09:00:00Z")) == 0
    assert by_published(art("2022-05-03"), art("2022-05-03T09:00:00")) is None  # same day
    assert by_published(art("not a date"), art("2022-05-03")) is None
    assert parse_published("2022-05-03T09:00:00")[1] is True  # type: ignore[index]
    farm = "Officials claimed the talks would resume.\n\nAlso Read: Ten things to know"
    wire = "Officials said the talks would resume, they told reporters."
    found = decide(art(None, farm), art(None, wire))
    assert (found.source, found.basis) == (1, "evidence")
    assert any("Also Read" in r for r in found.reasons)
    thin = decide(art(None, wire), art(None, wire + " More."))
    assert thin.basis == "uncertain"
