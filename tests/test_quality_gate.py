"""The quality gate in CI: real metrics against pinned floors, and the gate's own behaviour."""

from __future__ import annotations

import pytest

from tests.eval.gate import (
    Floor,
    FloorLoweredError,
    check,
    load_floors,
    measure_all,
    updated_floors,
)


def test_gate_fails_when_a_metric_drops_below_its_floor() -> None:
    floors = {"m": Floor("m", 0.90, "d", "abc", margin=0.01)}
    assert check({"m": 0.895}, {"d": "abc"}, floors) == []
    failures = check({"m": 0.85}, {"d": "abc"}, floors)
    assert len(failures) == 1 and "below its floor 0.9000" in failures[0]


def test_gate_refuses_numbers_measured_on_changed_data() -> None:
    floors = {"m": Floor("m", 0.90, "d", "abc")}
    assert "data changed" in check({"m": 0.99}, {"d": "xyz"}, floors)[0]


def test_lowering_a_floor_needs_an_explicit_flag() -> None:
    floors = {"m": Floor("m", 0.90, "d", "abc")}
    with pytest.raises(FloorLoweredError):
        updated_floors({"m": 0.80}, {"m": "d"}, {"d": "abc"}, floors)
    lowered = updated_floors({"m": 0.80}, {"m": "d"}, {"d": "abc"}, floors, allow_lower=True)
    assert lowered["m"].floor == 0.80
    raised = updated_floors({"m": 0.95}, {"m": "d"}, {"d": "abc"}, floors)
    assert raised["m"].floor == 0.95


@pytest.mark.slow
def test_quality_gate_on_real_data() -> None:
    from tests.eval.datasets import require_data

    require_data("clough_stevenson")
    require_data("bbc_news_summary")
    floors = load_floors()
    assert floors, "tests/eval/floors.json is missing: run python -m tests.eval.gate --update"
    measured, _, hashes = measure_all()
    assert set(floors) <= set(measured), (
        f"floors without a measurement: {set(floors) - set(measured)}"
    )
    assert check(measured, hashes, floors) == []
