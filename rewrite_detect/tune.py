"""Threshold sweeps: one sorted pass, candidate thresholds at midpoints between scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

OBJECTIVES = ("f1", "accuracy", "recall_at_precision", "precision_at_recall")


@dataclass(frozen=True)
class SweepPoint:
    """The confusion counts and metrics of one candidate threshold (predict positive if >=)."""

    threshold: float
    tp: int
    fp: int
    tn: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing is predicted positive."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        """Share of correct decisions."""
        return (self.tp + self.tn) / max(1, self.tp + self.fp + self.tn + self.fn)


def candidate_thresholds(scores: Sequence[float]) -> np.ndarray:
    """Midpoints between distinct sorted scores, plus one below and one above all of them."""
    distinct = np.unique(np.asarray(scores, dtype=float))
    if distinct.size == 0:
        return np.array([0.5])
    mids = (distinct[:-1] + distinct[1:]) / 2
    return np.concatenate([[distinct[0] - 1e-9], mids, [distinct[-1] + 1e-9]])


def sweep(scores: Sequence[float], labels: Sequence[bool]) -> list[SweepPoint]:
    """Every candidate threshold with its confusion counts, in one sorted pass."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=bool)
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    pos, neg = int(y.sum()), int((~y).sum())
    points = []
    for t in candidate_thresholds(s)[::-1]:
        k = int(np.searchsorted(-s_sorted, -t, side="right"))  # count of scores >= t
        tp = int(y_sorted[:k].sum())
        fp = k - tp
        points.append(SweepPoint(float(t), tp, fp, neg - fp, pos - tp))
    return points


def choose(
    points: Sequence[SweepPoint], objective: str = "f1", *, target: float = 0.9
) -> SweepPoint:
    """The best point for an objective; ties go to the higher threshold (fewer positives)."""
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}, got {objective!r}")
    if objective == "f1":
        key = [p.f1 for p in points]
    elif objective == "accuracy":
        key = [p.accuracy for p in points]
    elif objective == "recall_at_precision":
        key = [p.recall if p.precision >= target else -1.0 for p in points]
    else:
        key = [p.precision if p.recall >= target else -1.0 for p in points]
    best = max(key)
    return max(
        (p for p, k in zip(points, key, strict=True) if k == best), key=lambda p: p.threshold
    )
