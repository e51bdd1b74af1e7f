"""The aligner: fast path against the brute-force reference, and what content farms do."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rewrite_detect.align import best_subset, best_subset_reference
from rewrite_detect.pipeline import compare

SOURCE = (
    "Rebels seized the northern town of Kidal on Monday after two days of fighting. "
    "The army said it had withdrawn its troops to protect civilians living near the base. "
    "Aid agencies warned that food supplies in the region would run out within a week. "
    "The United Nations called for an immediate ceasefire and talks between both sides. "
    "Thousands of residents have fled south towards the capital since the weekend."
)


def _unit_rows(rng: np.random.Generator, n: int, width: int) -> np.ndarray:
    m = (rng.random((n, width)) < 0.35) * rng.random((n, width))
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 6), merge=st.integers(1, 3))
def test_fast_subset_search_matches_brute_force(seed: int, n: int, merge: int) -> None:
    rng = np.random.default_rng(seed)
    sources = _unit_rows(rng, n, 14)
    rewrite = _unit_rows(rng, 1, 14)[0]
    knobs = {"max_merge": merge, "min_part": 0.2, "min_unique": 0.12}
    fast = best_subset(rewrite, sources, max_candidates=n, **knobs)
    slow = best_subset_reference(rewrite, sources, **knobs)
    assert fast[0] == slow[0]
    assert abs(fast[1] - slow[1]) < 1e-9


def _aligned(result, rewrite_needle: str) -> set[int]:  # type: ignore[no-untyped-def]
    r = next(s.index for s in result.rewrite.sentences if rewrite_needle in s.text)
    return {s for a in result.alignments if r in a.rewrite for s in a.source}


def _source_index(result, needle: str) -> int:  # type: ignore[no-untyped-def]
    return next(s.index for s in result.source.sentences if needle in s.text)


def test_reordered_sentences_find_their_origins() -> None:
    rewrite = (
        "Thousands of residents have fled south towards the capital since the weekend. "
        "The United Nations called for an immediate ceasefire and talks between both sides. "
        "Rebels seized the northern town of Kidal on Monday after two days of fighting."
    )
    result = compare(SOURCE, rewrite)
    assert _aligned(result, "Thousands") == {_source_index(result, "Thousands")}
    assert _aligned(result, "Rebels") == {_source_index(result, "Rebels")}
    assert _aligned(result, "United Nations") == {_source_index(result, "United Nations")}


def test_two_source_sentences_merged_into_one() -> None:
    rewrite = (
        "Insurgents captured the northern town of Kidal on Monday after two days of clashes, "
        "and the army said it had pulled its troops back to protect civilians near the base."
    )
    result = compare(SOURCE, rewrite)
    assert _aligned(result, "Insurgents") == {
        _source_index(result, "Rebels seized"),
        _source_index(result, "The army said"),
    }


def test_one_source_sentence_split_in_two() -> None:
    rewrite = (
        "Aid agencies issued a stark warning about food supplies in the region. "
        "Those supplies would run out within a week, the agencies said."
    )
    result = compare(SOURCE, rewrite)
    origin = _source_index(result, "Aid agencies")
    groups = [a for a in result.alignments if a.source == (origin,)]
    assert len(groups) == 1 and len(groups[0].rewrite) == 2


def test_inserted_and_omitted_sentences() -> None:
    rewrite = (
        "Rebels seized the northern town of Kidal on Monday after two days of fighting. "
        "Football fans celebrated a late winner in the cup final on Saturday night."
    )
    result = compare(SOURCE, rewrite)
    labels = {result.rewrite.sentences[a.rewrite[0]].text[:8]: a.label for a in result.alignments}
    assert labels["Football"] == "inserted"
    assert labels["Rebels s"] == "verbatim"
    assert _source_index(result, "Aid agencies") in result.omitted
    assert _source_index(result, "Rebels seized") not in result.omitted
