"""The quality gate: measured metrics against pinned floors (tests/eval/floors.json).

    python -m tests.eval.gate            measure and compare with the floors
    python -m tests.eval.gate --update   raise floors to what was measured (minus the margin)
    python -m tests.eval.gate --update --allow-lower   also lower floors (needs saying why)

Each floor records the sha256 of the data it was measured on: when the data changes, the gate
says so instead of comparing numbers from different data.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

FLOORS_FILE = Path(__file__).with_name("floors.json")
DEFAULT_MARGIN = 0.005


@dataclass(frozen=True)
class Floor:
    """The lowest acceptable value of one metric, on one version of its data."""

    metric: str
    floor: float
    dataset: str
    data_sha256: str
    margin: float = DEFAULT_MARGIN


class FloorLoweredError(ValueError):
    """Raised when an update would lower a floor without --allow-lower."""


def load_floors(path: Path = FLOORS_FILE) -> dict[str, Floor]:
    """The pinned floors by metric name."""
    if not path.exists():
        return {}
    return {k: Floor(**v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


def save_floors(floors: Mapping[str, Floor], path: Path = FLOORS_FILE) -> None:
    """Write the floors, sorted, as JSON."""
    data = {k: asdict(floors[k]) for k in sorted(floors)}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def check(
    measured: Mapping[str, float], hashes: Mapping[str, str], floors: Mapping[str, Floor]
) -> list[str]:
    """Every way the measurements fail the floors, as sentences (empty when the gate passes)."""
    failures = []
    for name, floor in sorted(floors.items()):
        if name not in measured:
            continue
        current_hash = hashes.get(floor.dataset)
        if current_hash and current_hash != floor.data_sha256:
            failures.append(
                f"{name}: the {floor.dataset} data changed (sha256 {current_hash[:12]} != pinned "
                f"{floor.data_sha256[:12]}); re-pin with python -m tests.eval.gate --update"
            )
        elif measured[name] < floor.floor - floor.margin:
            failures.append(
                f"{name}: {measured[name]:.4f} is below its floor {floor.floor:.4f} "
                f"(margin {floor.margin})"
            )
    return failures


def updated_floors(
    measured: Mapping[str, float],
    datasets: Mapping[str, str],
    hashes: Mapping[str, str],
    floors: Mapping[str, Floor],
    *,
    allow_lower: bool = False,
) -> dict[str, Floor]:
    """Floors raised to the measurements; lowering one needs ``allow_lower``."""
    out = dict(floors)
    for name, value in measured.items():
        dataset = datasets[name]
        new = Floor(name, round(value, 4), dataset, hashes[dataset])
        old = floors.get(name)
        if old and old.data_sha256 == new.data_sha256 and new.floor < old.floor and not allow_lower:
            raise FloorLoweredError(
                f"{name}: {new.floor:.4f} would lower the floor {old.floor:.4f}; "
                "pass --allow-lower and say why in the commit"
            )
        if (
            old is None
            or new.floor > old.floor
            or allow_lower
            or old.data_sha256 != new.data_sha256
        ):
            out[name] = new
    return out


def measure_all() -> tuple[dict[str, float], dict[str, str], dict[str, str]]:
    """Run every gated evaluation: metric values, the dataset of each, each dataset's hash."""
    from tests.eval import runners
    from tests.eval.datasets import CLOUGH, data_root, load_clough, sha256_of

    root = data_root()
    if root is None:
        raise FileNotFoundError("../shared/data is absent: set REWRITE_DETECT_DATA")
    measured: dict[str, float] = {}
    datasets: dict[str, str] = {}
    suites: list[tuple[str, Callable[[], dict[str, float]]]] = [
        (CLOUGH, lambda: runners.clough_metrics(load_clough())),
        ("bbc_news_summary", lambda: runners.bbc_metrics(300)),
    ]
    suites += runners.extra_suites()
    for dataset, run in suites:
        for name, value in run().items():
            measured[name] = value
            datasets[name] = dataset
    hashes = {d: sha256_of(root / d) for d in set(datasets.values())}
    return measured, datasets, hashes


def main() -> int:
    parser = argparse.ArgumentParser(description="rewrite-detect quality gate")
    parser.add_argument(
        "--update", action="store_true", help="raise the floors to the measurements"
    )
    parser.add_argument("--allow-lower", action="store_true", help="with --update: allow lowering")
    args = parser.parse_args()
    measured, datasets, hashes = measure_all()
    floors = load_floors()
    for name in sorted(measured):
        floor = floors.get(name)
        pinned = f"floor {floor.floor:.4f}" if floor else "no floor"
        print(f"{name:45s} {measured[name]:.4f}   ({pinned})")
    if args.update:
        save_floors(
            updated_floors(measured, datasets, hashes, floors, allow_lower=args.allow_lower)
        )
        print(f"wrote {FLOORS_FILE}")
        return 0
    failures = check(measured, hashes, floors)
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
