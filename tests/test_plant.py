"""Tests of the planted-rewrite generator (tests/eval/plant.py)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from rewrite_detect import records
from tests.eval import datasets, plant
from tests.eval.plant import (
    PLANTABLE_KINDS,
    SPIN_KINDS,
    PlantedPair,
    SpanMismatchError,
    build_planted_set,
    plant_rewrite,
    verify_pair,
)

TEXT = """Army battles insurgents near Gao

Islamist insurgents have taken control of more land in eastern Mali in recent days, according to \
local officials. Nearly 60,000 people have fled their homes since March, the United Nations said \
on Tuesday.

The army said it would not withdraw from the town of Gao. "We are very worried about the situation \
and we will stay," said Heni Nsaiba, a senior researcher at ACLED. He said the offensive began in \
2015 and that three soldiers were killed.

Mr Nsaiba said the defence minister had visited the region. Food prices rose sharply in the Menaka \
region, and the government has promised aid to the civilians who fled.
"""

NIGER = """Niger's army has deployed troops to the border after the attacks. \
The government said the soldiers would stay until the end of the year.
"""

NO_QUOTES = """Shares rose on Monday. The company said profits increased by 12% in the third \
quarter, helped by strong demand in Asia. Analysts had expected a smaller gain.
"""

FILLER = (
    "The stock market closed higher on Friday after a volatile week of trading.",
    "A new museum of modern art opened its doors to the public in the capital.",
)

QUOTE_SPANS = [m.span() for m in re.finditer(r'"[^"]*"', TEXT)]


def _overlaps(span: tuple[int, int] | None, spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps any of ``spans``."""
    return span is not None and any(a < span[1] and span[0] < b for a, b in spans)


def _assert_exact(pair: PlantedPair) -> None:
    """Every recorded span holds its recorded text, on both sides."""
    items: list[plant.Truth | plant.Spin] = [*pair.truths, *pair.spins]
    for item in items:
        assert item.rewrite_span is not None
        assert pair.rewrite_text[slice(*item.rewrite_span)] == item.rewrite_text
        if item.source_span is None:
            assert item.source_text == ""
        else:
            assert pair.source_text[slice(*item.source_span)] == item.source_text


# --------------------------------------------------------------------------- spans and determinism


@pytest.mark.parametrize("seed", range(25))
def test_spans_are_exact(seed: int) -> None:
    pair = plant_rewrite(TEXT, seed=seed, n_errors=3, spin=0.8, filler=FILLER)
    _assert_exact(pair)
    verify_pair(pair)
    assert pair.source_text == TEXT
    assert len(pair.truths) == 3


def test_same_seed_same_output_and_different_seed_differs() -> None:
    a = plant_rewrite(TEXT, seed=7, filler=FILLER)
    b = plant_rewrite(TEXT, seed=7, filler=FILLER)
    assert a == b
    others = {plant_rewrite(TEXT, seed=s, filler=FILLER).rewrite_text for s in range(8, 14)}
    assert len(others | {a.rewrite_text}) > 1


def test_verify_pair_catches_a_drifted_span() -> None:
    pair = plant_rewrite(TEXT, seed=1, n_errors=1, error_kinds=["number_changed"], spin=0.0)
    truth = pair.truths[0]
    start, end = truth.rewrite_span  # type: ignore[misc]
    broken = replace(pair, truths=(replace(truth, rewrite_span=(start + 1, end + 1)),))
    with pytest.raises(SpanMismatchError):
        verify_pair(broken)


def test_empty_and_headline_only_texts_plant_nothing() -> None:
    for text in ("", "Just a headline\n"):
        pair = plant_rewrite(text, seed=0)
        assert pair.rewrite_text == text
        assert pair.truths == () and pair.spins == ()


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError):
        plant_rewrite(TEXT, seed=0, error_kinds=["typo"])


def test_kinds_match_the_spec_records() -> None:
    assert set(plant.ERROR_KINDS) == set(records.ERROR_KINDS)
    assert set(plant.WARNING_KINDS) == set(records.WARNING_KINDS)
    assert set(SPIN_KINDS) <= set(records.SPIN_KINDS)


# --------------------------------------------------------------------------- each kind, forced


@pytest.mark.parametrize("kind", PLANTABLE_KINDS)
@pytest.mark.parametrize("seed", range(4))
def test_each_kind_is_planted_when_forced(kind: str, seed: int) -> None:
    pair = plant_rewrite(TEXT, seed=seed, n_errors=1, error_kinds=[kind], filler=FILLER)
    assert [t.kind for t in pair.truths] == [kind]
    truth = pair.truths[0]
    _assert_exact(pair)
    assert truth.source_text != truth.rewrite_text
    assert truth.severity == records.severity_of(kind)
    if kind != "quote_altered":
        assert not _overlaps(truth.source_span, QUOTE_SPANS)


@pytest.mark.parametrize("seed", range(6))
def test_entity_changed_on_niger(seed: int) -> None:
    pair = plant_rewrite(NIGER, seed=seed, n_errors=1, error_kinds=["entity_changed"], spin=0.0)
    assert pair.rewrite_text.startswith(("Nigeria's army", "Nigerian army"))
    assert pair.truths[0].source_text == "Niger"


@pytest.mark.parametrize("seed", range(6))
def test_name_misspelled_is_one_letter_edit(seed: int) -> None:
    pair = plant_rewrite(TEXT, seed=seed, n_errors=1, error_kinds=["name_misspelled"])
    old, new = pair.truths[0].source_text, pair.truths[0].rewrite_text
    assert len(old) >= 5 and old[0].isupper()
    assert new in _one_letter_variants(old)


def _one_letter_variants(word: str) -> set[str]:
    """Spellings with one inner letter dropped, doubled or swapped with its neighbour."""
    inner = range(1, len(word) - 1)
    dropped = {word[:i] + word[i + 1 :] for i in inner}
    doubled = {word[:i] + word[i] + word[i:] for i in inner}
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 2)}
    return (dropped | doubled | swapped) - {word}


def test_word_kinds_change_the_expected_words() -> None:
    def planted(kind: str, seed: int = 0) -> plant.Truth:
        return plant_rewrite(TEXT, seed=seed, n_errors=1, error_kinds=[kind], spin=0.0).truths[0]

    assert _overlaps(planted("quote_altered").source_span, QUOTE_SPANS)
    assert planted("pronoun_changed").source_text.lower() in plant.PRONOUN_SWAPS | {"her": ()}
    assert re.search(r"\d|three", planted("number_changed").source_text)
    omitted = planted("detail_omitted")
    assert omitted.rewrite_text == ""
    assert omitted.rewrite_span is not None and omitted.rewrite_span[0] == omitted.rewrite_span[1]
    shift = planted("attribution_shift")
    assert shift.rewrite_text in plant.ATTRIBUTION[shift.source_text.lower()]
    role = planted("role_changed")
    assert plant.ROLE_SWAPS.get(role.source_text.lower(), "officer") == role.rewrite_text.lower()


def test_inserted_kinds() -> None:
    inserted = plant_rewrite(
        TEXT, seed=2, n_errors=1, error_kinds=["inserted_content"], filler=FILLER
    )
    truth = inserted.truths[0]
    assert truth.source_span is None and truth.rewrite_text in FILLER
    boiler = plant_rewrite(TEXT, seed=2, n_errors=1, error_kinds=["boilerplate_inserted"])
    line = boiler.truths[0]
    assert line.source_span is None and line.rewrite_text.startswith("Also Read: ")
    end = line.rewrite_span[1]  # type: ignore[index]
    assert boiler.rewrite_text[end : end + 1] == "\n"  # a line of its own


def test_kinds_without_opportunity_are_skipped() -> None:
    assert plant_rewrite(NO_QUOTES, seed=0, error_kinds=["quote_altered"]).truths == ()
    assert plant_rewrite(NO_QUOTES, seed=0, error_kinds=["inserted_content"]).truths == ()
    pair = plant_rewrite(
        NO_QUOTES, seed=0, n_errors=3, error_kinds=["quote_altered", "number_changed"]
    )
    assert {t.kind for t in pair.truths} == {"number_changed"}


# --------------------------------------------------------------------------- spin


def test_all_spin_kinds_appear_and_avoid_quotes_and_errors() -> None:
    seen = set()
    for seed in range(40):
        pair = plant_rewrite(TEXT, seed=seed, n_errors=2, spin=1.0, filler=FILLER)
        error_spans = [t.source_span for t in pair.truths if t.source_span]
        for spin in pair.spins:
            seen.add(spin.kind)
            if spin.kind == "synonym_substitution":
                assert not _overlaps(spin.source_span, QUOTE_SPANS)
                assert not _overlaps(spin.source_span, error_spans)
                assert plant.SYNONYMS[spin.source_text.lower()].lower() == spin.rewrite_text.lower()
    assert seen == set(SPIN_KINDS)


def test_no_spin_means_only_the_planted_change() -> None:
    pair = plant_rewrite(TEXT, seed=3, n_errors=1, error_kinds=["number_changed"], spin=0.0)
    truth = pair.truths[0]
    s0, s1 = truth.source_span  # type: ignore[misc]
    r0, r1 = truth.rewrite_span  # type: ignore[misc]
    assert pair.spins == ()
    assert pair.source_text[:s0] == pair.rewrite_text[:r0]
    assert pair.source_text[s1:] == pair.rewrite_text[r1:]


# --------------------------------------------------------------------------- planted sets


def test_build_planted_set_balances_kinds() -> None:
    articles = [(f"a{i}", text) for i, text in enumerate([TEXT, NIGER, NO_QUOTES] * 4)]
    pairs = build_planted_set(articles, seed=5, per_kind=2)
    counts = {k: sum(p.truths[0].kind == k for p in pairs) for k in PLANTABLE_KINDS}
    assert all(len(p.truths) == 1 for p in pairs)
    assert all(c == 2 for c in counts.values()), counts
    assert {p.article_id for p in pairs} <= {a for a, _ in articles}
    assert pairs == build_planted_set(articles, seed=5, per_kind=2)
    for pair in pairs:
        verify_pair(pair)


def test_build_planted_set_on_real_bbc_articles() -> None:
    datasets.require_data(datasets.BBC_FULLTEXT)
    articles = [(a.id, a.text) for a in datasets.load_bbc_articles()]
    pairs = build_planted_set(articles, seed=1, per_kind=15)
    counts = {k: sum(p.truths[0].kind == k for p in pairs) for k in PLANTABLE_KINDS}
    assert all(c == 15 for c in counts.values()), counts
    for pair in pairs:
        _assert_exact(pair)
        truth = pair.truths[0]
        assert pair.article_id is not None
        assert pair.source_text == dict(articles)[pair.article_id]
        if truth.kind not in ("inserted_content", "boilerplate_inserted"):
            assert truth.source_text != truth.rewrite_text


def test_cli_writes_jsonl(tmp_path, capsys) -> None:
    datasets.require_data(datasets.BBC_FULLTEXT)
    out = tmp_path / "planted.jsonl"
    assert plant.main(["--source", "bbc", "--per-kind", "2", "--seed", "3", "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 * len(PLANTABLE_KINDS)
    assert {"article_id", "source_text", "rewrite_text", "truths", "spins"} <= set(rows[0])
    assert "truths per kind" in capsys.readouterr().out
