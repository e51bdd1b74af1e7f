"""Direct and indirect sources (rewrite_detect/provenance.py), on rules and on real Reuters text.

The scan pairs below were extra "rewrite" pairs of the Reuters benchmark (bench/README.md): a
farm's copy of one story judged a rewrite of that story's other issue or earlier version too,
and a later Reuters story judged a rewrite of a farm's copy of an earlier one.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from rewrite_detect.provenance import (
    Coverage,
    evidence_pairs,
    explained_by,
    explained_through_sources,
    explains,
)
from rewrite_detect.scan import scan
from tests.eval.datasets import REUTERS, require_data, reuters_article
from tests.eval.plant import plant_rewrite

# --------------------------------------------------------------------------- the rules


def _row(source: str, rewrite: str, probability: float = 0.9) -> dict[str, object]:
    return {
        "source_id": source,
        "rewrite_id": rewrite,
        "is_rewrite": True,
        "probability": probability,
    }


def test_a_closer_source_covering_every_sentence_explains() -> None:
    closer: Coverage = {0: 0.95, 1: 0.9, 2: 0.8}
    other: Coverage = {0: 0.9, 1: 0.85}
    assert explains(closer, other, min_gain=0.02)
    assert not explains(other, closer, min_gain=0.02), "it does not cover sentence 2"
    assert not explains(closer, other, min_gain=0.06), "the gain is 0.05"


def test_a_sentence_the_other_source_lacks_keeps_it_direct() -> None:
    assert not explains({0: 0.99, 1: 0.99}, {0: 0.5, 3: 0.5}, min_gain=0.02)
    assert not explains({0: 0.99}, {}, min_gain=0.02), "an empty coverage explains nothing"


def test_identical_versions_explain_neither() -> None:
    rows = [_row("a", "r"), _row("b", "r")]
    same: Coverage = {0: 0.8, 1: 0.7}
    assert explained_by(rows, {0: same, 1: dict(same)}, min_gain=0.02) == {}


def test_a_merge_of_two_stories_keeps_both_sources() -> None:
    rows = [_row("a", "r"), _row("b", "r")]
    coverages: dict[int, Coverage | None] = {0: {0: 0.9, 1: 0.9}, 1: {2: 0.95, 3: 0.9}}
    assert explained_by(rows, coverages, min_gain=0.02) == {}


def test_the_likeliest_of_several_explaining_sources_is_named() -> None:
    rows = [_row("weak", "r"), _row("a", "r", 0.8), _row("b", "r", 0.95)]
    coverages: dict[int, Coverage | None] = {0: {0: 0.5}, 1: {0: 0.9}, 2: {0: 0.9}}
    assert explained_by(rows, coverages, min_gain=0.02) == {0: "b"}


def test_every_rewrite_keeps_a_direct_source() -> None:
    # Three sources covering the same sentences, each closer than the next: only the closest
    # stays direct (no cycle can explain them all).
    rows = [_row("a", "r"), _row("b", "r"), _row("c", "r")]
    coverages: dict[int, Coverage | None] = {0: {0: 0.9}, 1: {0: 0.8}, 2: {0: 0.7}}
    assert explained_by(rows, coverages, min_gain=0.02) == {1: "a", 2: "a"}


def test_rows_not_judged_rewrites_take_no_part() -> None:
    rows = [_row("a", "r"), {**_row("b", "r"), "is_rewrite": False}]
    assert explained_by(rows, {0: {0: 0.5}, 1: {0: 0.99}}, min_gain=0.02) == {}


def test_a_source_of_the_source_explains_through_evidence() -> None:
    # farm copied c; r (a later version of c) is judged a rewrite of farm. c, compared with r as
    # evidence, covers r's sentences more closely than farm does.
    rows = [_row("c", "farm"), _row("farm", "r")]
    coverages: dict[int, Coverage | None] = {0: {0: 0.8}, 1: {0: 0.7, 1: 0.75}}
    parents = {"farm": "c"}
    assert evidence_pairs(rows, parents, compared=set()) == [("c", "r")]
    assert evidence_pairs(rows, parents, compared={frozenset(("c", "r"))}) == []
    evidence: dict[tuple[str, str], Coverage | None] = {("c", "r"): {0: 0.98, 1: 0.97}}
    assert explained_through_sources(rows, coverages, parents, evidence, min_gain=0.02) == {1: "c"}
    weaker: dict[tuple[str, str], Coverage | None] = {("c", "r"): {0: 0.71, 1: 0.75}}
    assert explained_through_sources(rows, coverages, parents, weaker, min_gain=0.02) == {}


# --------------------------------------------------------------------------- real Reuters text


def _record(article_id: str, text: str, outlet: str, published: str) -> dict[str, str]:
    return {"id": article_id, "text": text, "outlet": outlet, "published": published}


def _scan(tmp_path: Path, records: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, str]]:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    scan([corpus], out_dir=tmp_path / "out", workers=1, quiet=True)
    with (tmp_path / "out" / "pairs.csv").open(encoding="utf-8", newline="") as fh:
        return {(r["source_id"], r["rewrite_id"]): r for r in csv.DictReader(fh)}


@pytest.fixture
def reuters() -> None:
    require_data(REUTERS)


@pytest.mark.usefixtures("reuters")
def test_another_issue_of_the_copied_report_is_an_indirect_source(tmp_path: Path) -> None:
    # USDA's Australian wheat estimate: March (3335) and April (15868) differ in two figures.
    # A farm copies April; March is a rewrite source too, but April explains it.
    farm = plant_rewrite(reuters_article("15868"), seed=11, n_errors=3, spin=0.3).rewrite_text
    rows = _scan(
        tmp_path,
        [
            _record("reuters/3335", reuters_article("3335"), "Reuters", "1987-03-09T10:00:00"),
            _record("reuters/15868", reuters_article("15868"), "Reuters", "1987-04-09T10:00:00"),
            _record("farm/15868", farm, "Farm", "1987-04-10T10:00:00"),
        ],
    )
    direct = rows[("reuters/15868", "farm/15868")]
    assert direct["is_rewrite"] == "true" and direct["explained_by"] == ""
    assert direct["best_source"] == "true"
    other = rows[("reuters/3335", "farm/15868")]
    assert other["is_rewrite"] == "true", "alone, the March issue does look copied"
    assert other["explained_by"] == "reuters/15868" and other["best_source"] == "false"
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "via reuters/15868" in index and "families and outlets count direct sources" in index
    with (tmp_path / "out" / "outlets.csv").open(encoding="utf-8", newline="") as fh:
        farm = next(r for r in csv.DictReader(fh) if r["outlet"] == "Farm")
    assert farm["rewrites"] == "1" and farm["copied_from"] == "Reuters (1)"


@pytest.mark.usefixtures("reuters")
def test_a_later_wire_issue_is_not_a_rewrite_of_a_farm_copy(tmp_path: Path) -> None:
    # "FED SETS TWO-DAY SYSTEM REPURCHASES": 14178 and the issue of another day, 19693. A farm
    # copies 14178 and publishes before 19693, so by dates the farm copy is 19693's source.
    # Reuters-Reuters pairs are not reported, but 14178 is compared with 19693 as evidence.
    farm = plant_rewrite(reuters_article("14178"), seed=5, n_errors=3, spin=0.3).rewrite_text
    rows = _scan(
        tmp_path,
        [
            _record("reuters/14178", reuters_article("14178"), "Reuters", "1987-04-01T10:00:00"),
            _record("farm/14178", farm, "Farm", "1987-04-02T10:00:00"),
            _record("reuters/19693", reuters_article("19693"), "Reuters", "1987-06-01T10:00:00"),
        ],
    )
    assert ("reuters/14178", "reuters/19693") not in rows, "one outlet: not reported"
    assert rows[("reuters/14178", "farm/14178")]["explained_by"] == ""
    later = rows[("farm/14178", "reuters/19693")]
    assert later["is_rewrite"] == "true" and later["explained_by"] == "reuters/14178"
    assert later["best_source"] == "false" and later["family"] != ""


@pytest.mark.usefixtures("reuters")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_rewrite_of_a_rewrite_hangs_under_the_rewrite(tmp_path: Path, seed: int) -> None:
    # An agency story, a farm's spun copy, and a second farm's spun copy of that copy: the
    # second farm's reuse of the story goes through the first farm.
    story = reuters_article("1081")
    first = plant_rewrite(story, seed=seed, n_errors=2, spin=0.3).rewrite_text
    second = plant_rewrite(first, seed=seed + 100, n_errors=2, spin=0.3).rewrite_text
    rows = _scan(
        tmp_path,
        [
            _record("agency/1081", story, "Agency", "1987-03-02T10:00:00"),
            _record("farm-a/1081", first, "FarmA", "1987-03-03T10:00:00"),
            _record("farm-b/1081", second, "FarmB", "1987-03-04T10:00:00"),
        ],
    )
    assert rows[("agency/1081", "farm-a/1081")]["explained_by"] == ""
    assert rows[("farm-a/1081", "farm-b/1081")]["explained_by"] == ""
    assert rows[("farm-a/1081", "farm-b/1081")]["best_source"] == "true"
    assert rows[("agency/1081", "farm-b/1081")]["is_rewrite"] == "true"
    assert rows[("agency/1081", "farm-b/1081")]["explained_by"] == "farm-a/1081"


@pytest.mark.usefixtures("reuters")
def test_a_farm_merging_two_stories_keeps_both_sources(tmp_path: Path) -> None:
    a, b = reuters_article("1081"), reuters_article("11396")
    merged = "\n\n".join([*a.split("\n\n")[:1], *a.split("\n\n")[1:], *b.split("\n\n")[1:]])
    rows = _scan(
        tmp_path,
        [
            _record("agency/1081", a, "Agency", "1987-03-02T10:00:00"),
            _record("agency/11396", b, "Agency2", "1987-03-02T11:00:00"),
            _record("farm/mosaic", merged, "Farm", "1987-03-05T10:00:00"),
        ],
    )
    for source in ("agency/1081", "agency/11396"):
        row = rows[(source, "farm/mosaic")]
        assert row["is_rewrite"] == "true" and row["explained_by"] == ""
