"""Candidate retrieval on real text: spun rewrites found, topics and boilerplate not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rewrite_detect.candidates import (
    Candidate,
    CandidateParams,
    find_candidates,
    outlet_groups,
    term_counts,
    top_pairs,
    weigh,
)
from tests.eval import datasets
from tests.eval.plant import plant_rewrite, prose_sentences

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "mali"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]

FOOTER = (
    "\n\nThe Islamic State in the Greater Sahara launched an offensive in the Gao and Menaka "
    "regions in March, triggering heavy fighting with local armed groups.\n\n"
    "Since 2012, thousands have died and hundreds of thousands have fled their homes, in an "
    "insurgency that has spread to neighbouring Niger and Burkina Faso.\n\n"
    "Share this story. Subscribe to our newsletter for the latest news from the region."
)


@pytest.fixture(scope="module")
def bbc() -> list[str]:
    datasets.require_data(datasets.BBC_FULLTEXT)
    return [a.text for a in datasets.load_bbc_articles()]


def test_the_seed_rewrite_is_the_only_candidate_among_same_topic_stories() -> None:
    pairs = find_candidates(SEED_TEXTS)
    assert [(c.a, c.b) for c in pairs] == [(1, 2)]  # 001 (NewsTrack) and 002 (AFP)
    assert 0.3 <= pairs[0].similarity < 1.0


def test_planted_spun_rewrites_are_found_among_bbc_stories(bbc: list[str]) -> None:
    rng = np.random.default_rng(5)
    picks = [int(i) for i in rng.choice(len(bbc), size=40, replace=False)]
    rewrites = [
        plant_rewrite(bbc[i], seed=k, n_errors=3, spin=0.5, filler=prose_sentences(bbc[i - 1]))
        for k, i in enumerate(picks)
    ]
    texts = bbc + [p.rewrite_text for p in rewrites]
    found = {(c.a, c.b) for c in find_candidates(texts)}
    missing = [(i, len(bbc) + k) for k, i in enumerate(picks) if (i, len(bbc) + k) not in found]
    assert missing == []


def test_a_shared_footer_and_wire_background_do_not_make_candidates(bbc: list[str]) -> None:
    sample = bbc[:300]
    plain = {(c.a, c.b) for c in find_candidates(sample)}
    padded = {(c.a, c.b) for c in find_candidates([t + FOOTER for t in sample])}
    assert padded == plain  # the footer's words are in every article: over the DF cap


def test_same_outlet_pairs_are_left_out_unless_asked() -> None:
    texts = [SEED_TEXTS[2], SEED_TEXTS[1], SEED_TEXTS[3]]
    assert find_candidates(texts, outlets=["AFP", "AFP", None]) == []
    asked = CandidateParams(include_same_outlet=True)
    assert [
        (c.a, c.b) for c in find_candidates(texts, outlets=["AFP", "afp ", None], params=asked)
    ] == [(0, 1)]
    assert [(c.a, c.b) for c in find_candidates(texts, outlets=["AFP", None, None])] == [(0, 1)]


def _dense_reference(sims: np.ndarray, top_k: int, threshold: float) -> list[Candidate]:
    """Each row's best columns by a plain loop over the full similarity matrix."""
    best: dict[tuple[int, int], float] = {}
    for i in range(len(sims)):
        order = sorted(
            (j for j in range(len(sims)) if j != i and sims[i, j] >= threshold),
            key=lambda j: (-sims[i, j], j),
        )
        for j in order[:top_k]:
            key = (min(i, j), max(i, j))
            best[key] = max(best.get(key, -1.0), float(sims[i, j]))
    return [Candidate(a, b, round(v, 4)) for (a, b), v in sorted(best.items())]


def test_the_blocked_sparse_product_matches_a_dense_reference(bbc: list[str]) -> None:
    texts = bbc[:150] + SEED_TEXTS + [bbc[3], bbc[3] + FOOTER, bbc[10][: len(bbc[10]) // 2]]
    x = weigh(term_counts(texts), df_cap=50)
    reference = _dense_reference((x @ x.T).toarray(), top_k=3, threshold=0.1)
    for budget in (1, 5_000, 10**9):  # one row per block ... one block
        got = top_pairs(x, top_k=3, min_similarity=0.1, budget=budget)
        assert [(c.a, c.b) for c in got] == [(c.a, c.b) for c in reference]
        assert np.allclose(
            [c.similarity for c in got], [c.similarity for c in reference], atol=2e-4
        )


def test_candidates_do_not_depend_on_article_order() -> None:
    order = [3, 0, 4, 2, 1]
    shuffled = [SEED_TEXTS[i] for i in order]
    got = {frozenset((order[c.a], order[c.b])) for c in find_candidates(shuffled)}
    assert got == {frozenset(c.__dict__[k] for k in "ab") for c in find_candidates(SEED_TEXTS)}


def test_the_df_cap_grows_with_the_corpus_then_stops() -> None:
    params = CandidateParams()
    assert params.df_cap(100) == params.df_floor
    assert params.df_cap(30_000) == 300
    assert params.df_cap(10**7) == params.df_ceiling


def test_outlet_groups_treat_unknown_as_never_the_same() -> None:
    groups = outlet_groups(["BBC", None, "bbc", "", "Reuters"])
    assert groups[0] == groups[2] >= 0
    assert groups[1] == groups[3] == -1
    assert groups[4] not in (groups[0], -1)


@pytest.mark.parametrize(
    "bad",
    [{"top_k": 0}, {"min_similarity": 1.5}, {"max_df": 0.0}, {"df_floor": 1}, {"max_ngram": 4}],
)
def test_bad_parameters_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        CandidateParams(**bad).validate()  # type: ignore[arg-type]


def test_fewer_than_two_articles_have_no_candidates() -> None:
    assert find_candidates([]) == []
    assert find_candidates([SEED_TEXTS[0]]) == []
