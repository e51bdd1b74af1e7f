"""Quality gate for the findings (issue 3): per-kind floors on the planted BBC set and the MRPC
floor, pinned a little below what ``python -m tests.eval.findings_eval`` measures.

Both runners are shared with the benchmark (``tests/eval/findings_eval.py``). Skipped, with the
reason, when ``../shared/data`` (or ``$REWRITE_DETECT_DATA``) does not hold the corpora.
"""

from __future__ import annotations

import pytest

from tests.eval.datasets import BBC_FULLTEXT, MRPC, require_data

# Measured with `python -m tests.eval.findings_eval` (see the module). A floor is the measured value
# minus a small noise margin; raise it when the detectors improve.
PLANTED_FLOORS: dict[str, tuple[float, float]] = {
    # kind: (precision floor, recall floor)
    "entity_changed": (0.95, 0.95),
    "name_misspelled": (0.95, 0.95),
    "number_changed": (0.95, 0.95),
    "quote_altered": (0.95, 0.95),
    "pronoun_changed": (0.95, 0.95),
    "role_changed": (0.95, 0.95),
    "polarity_changed": (0.95, 0.95),
    "attribution_shift": (0.95, 0.95),
    "detail_omitted": (0.95, 0.95),
    "hedge_changed": (0.95, 0.95),
    "inserted_content": (0.95, 0.95),
    "boilerplate_inserted": (0.95, 0.95),
}
MRPC_ACCURACY_FLOOR = 0.68  # measured 0.696 (target 0.76 not reached: see findings_eval)


@pytest.mark.slow
def test_planted_errors_are_found_per_kind() -> None:
    require_data(BBC_FULLTEXT)
    from tests.eval.findings_eval import planted_scores

    scores = planted_scores()
    failures = []
    for kind, (p_floor, r_floor) in PLANTED_FLOORS.items():
        got = scores[kind]
        assert got["n"] >= 40, f"{kind}: only {got['n']:.0f} planted examples"
        if got["precision"] < p_floor:
            failures.append(f"{kind} precision {got['precision']:.3f} < {p_floor}")
        if got["recall"] < r_floor:
            failures.append(f"{kind} recall {got['recall']:.3f} < {r_floor}")
    assert failures == []


@pytest.mark.slow
def test_mrpc_equivalence_from_findings() -> None:
    require_data(MRPC)
    from tests.eval.findings_eval import mrpc_scores

    scores = mrpc_scores("test")
    assert scores["accuracy"] >= MRPC_ACCURACY_FLOOR, scores
