"""Recurring templated reports (rewrite_detect/recurring.py) on real Reuters-21578 stories.

The pairs below are different issues of one template (the Bank of England's daily money-market
help, SAMA's weekly deposit yields, the PL 480 purchase authorisations, the weekly U.S. oil
demand): the scan benchmark found them as "rewrites" before the guard existed. Planted rewrites
of the same stories, with up to three planted errors, must stay rewrites, and so must a careless
copy that mistypes two figures, even though it then looks just like the next issue of a template.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from rewrite_detect.pipeline import compare
from rewrite_detect.records import PairResult
from rewrite_detect.recurring import FigureAgreement, figure_agreement, is_recurring_report
from rewrite_detect.scan import scan
from rewrite_detect.tune import pair_score
from tests.eval.datasets import REUTERS, require_data, reuters_article
from tests.eval.plant import plant_rewrite

RECURRING = [("1008", "11263"), ("2966", "13470"), ("6751", "6221"), ("9634", "17427")]
VERSIONS = [("16181", "16137"), ("230", "240"), ("5684", "5692")]


@pytest.fixture(scope="module", autouse=True)
def _reuters() -> None:
    require_data(REUTERS)


@pytest.mark.parametrize(("a", "b"), RECURRING)
def test_issues_of_one_template_are_not_rewrites(a: str, b: str) -> None:
    result = compare(reuters_article(a), reuters_article(b))
    assert result.recurring
    assert not result.verdict.is_rewrite and result.verdict.label == "unrelated"
    assert result.verdict.derived_fraction > 0.3, "the texts do share their template wording"
    assert any(n.startswith("Recurring report") for n in result.notices)
    assert pair_score(result) == 0.0


@pytest.mark.parametrize("story_id", sorted({a for a, _ in RECURRING}))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_rewrites_of_templated_reports_stay_rewrites(story_id: str, seed: int) -> None:
    planted = plant_rewrite(reuters_article(story_id), seed=seed)
    result = compare(planted.source_text, planted.rewrite_text)
    assert not result.recurring
    assert result.verdict.is_rewrite


@pytest.mark.parametrize(("a", "b"), VERSIONS)
def test_versions_of_one_story_stay_rewrites(a: str, b: str) -> None:
    result = compare(reuters_article(a), reuters_article(b))
    assert not result.recurring and result.verdict.is_rewrite


def test_the_guard_is_a_parameter() -> None:
    a, b = RECURRING[0]
    result = compare(reuters_article(a), reuters_article(b), recurring_min_changed_figures=10_000)
    assert not result.recurring and result.verdict.is_rewrite


def test_few_changed_figures_never_make_a_recurring_report() -> None:
    # A careless rewrite of a short story can change both of its figures.
    assert not is_recurring_report(
        FigureAgreement(kept=0, changed=2), min_changed=3, max_kept_share=0.6
    )
    assert is_recurring_report(
        FigureAgreement(kept=4, changed=6), min_changed=3, max_kept_share=0.6
    )
    assert not is_recurring_report(
        FigureAgreement(kept=7, changed=3), min_changed=3, max_kept_share=0.6
    )


def test_scan_marks_a_recurring_report_in_pairs_csv(tmp_path: Path) -> None:
    a, b = RECURRING[0]
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": f"reuters/{a}", "outlet": "Reuters", "text": reuters_article(a)}),
        json.dumps({"id": f"wire/{b}", "outlet": "Wire", "text": reuters_article(b)}),
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scan([corpus], out_dir=tmp_path / "out", workers=1)
    with (tmp_path / "out" / "pairs.csv").open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["recurring"] == "true" and row["is_rewrite"] == "false"


def test_a_list_story_split_into_sentences_keeps_its_figures() -> None:
    # Reuters 1791 lists four offerings in one unpunctuated "sentence". A rewrite that ends each
    # item and each company name with a full stop spreads it over eight sentences, each aligned
    # to that one source sentence: every figure is kept, by one part or another.
    source = reuters_article("1791")
    rewrite = source.replace("\n    ", ".\n    ").replace(":.", ":").replace(" - ", ". ")
    result = compare(source, rewrite)
    assert len(result.rewrite.sentences) >= len(result.source.sentences) + 6
    assert not result.recurring and result.verdict.is_rewrite


def _agreement_of(result: PairResult) -> FigureAgreement:
    """The figure agreement ``compare`` judged the pair by (its aligned groups)."""
    links = ((a.source, a.rewrite) for a in result.alignments)
    return figure_agreement(result.source, result.rewrite, links)


def test_a_careless_copy_with_two_mistyped_figures_stays_a_rewrite() -> None:
    # The limit of the guard, measured in bench/README.md: USDA's monthly estimate of the
    # Australian wheat crop (3335, March) and the April issue (15868) share every word but the
    # figures, and April's changes two of them. A copy of the March story that mistypes the same
    # two figures keeps and changes exactly as many, so no count of figures can tell the next
    # issue from a careless copy. The copy must stay a rewrite (so the next issue is one too).
    source = reuters_article("3335")
    careless = source.replace("17.50", "17.05").replace("15.00", "15.60")
    assert careless.count("17.05") == 1 and careless.count("15.60") == 1
    copy = compare(source, careless)
    assert _agreement_of(copy) == _agreement_of(compare(source, reuters_article("15868")))
    assert _agreement_of(copy).changed == 2
    assert not copy.recurring and copy.verdict.is_rewrite
    assert [f.kind for f in copy.findings if f.severity == "error"] == ["number_changed"] * 2
