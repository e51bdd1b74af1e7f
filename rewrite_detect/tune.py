"""Threshold tuning: labelled pairs in, a cross-validated operating point and its curves out.

The score tuned is ``verdict.probability`` (the model's probability that the rewrite is derived
from the source) and the threshold is ``Config.rewrite_probability``. The pieces, lowest first:

- :func:`sweep` -- every candidate threshold (midpoints between distinct scores, plus one below
  and one above them all) with its confusion counts, in one sorted pass; :func:`choose` picks the
  best point for an objective (ties go to the higher threshold).
- :class:`Objective` -- what "best" means, in user terms: best F1, best accuracy, the highest
  recall that keeps precision >= p, or the highest precision that keeps recall >= r.
- :func:`cross_validate` -- for each fold, a threshold chosen on the other folds only, applied to
  the held-out fold; the pooled held-out decisions give the cross-validated metrics. No pair is
  ever scored with a threshold chosen on it.
- :func:`tune_scores` (scores you already have), :func:`tune` (labelled pairs, scored by
  ``compare``) and :func:`tune_csv` (a labels CSV) return a :class:`TuneResult`: the threshold
  chosen on all pairs, the full sweep, the CV metrics, every pair's score, and writers for
  ``models/thresholds.json`` and the HTML page of curves.
- :func:`run_tune_command` is the ``rewrite-detect tune`` command, minus argument parsing.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import shlex
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    from rewrite_detect.config import Config
    from rewrite_detect.records import Article, PairResult

OBJECTIVES = ("f1", "accuracy", "recall_at_precision", "precision_at_recall")
PARAMETER = "rewrite_probability"
SCORE_NAME = "verdict.probability"
SWEEP_COLUMNS = (
    "threshold",
    "precision",
    "recall",
    "f1",
    "accuracy",
    "fpr",
    "tp",
    "fp",
    "tn",
    "fn",
    "objective_value",
    "meets_target",
)
SCORES_COLUMNS = (
    "id",
    "label",
    "grade",
    "score",
    "derived_fraction",
    "fold",
    "cv_threshold",
    "cv_prediction",
)
Echo = Callable[..., Any]
Scores = Sequence[float] | np.ndarray
Flags = Sequence[bool] | np.ndarray

# --------------------------------------------------------------------------- sweeps


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

    @property
    def fpr(self) -> float:
        """False positive rate fp / (fp + tn): the share of unrelated pairs flagged."""
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    @property
    def tpr(self) -> float:
        """True positive rate, the same as recall."""
        return self.recall

    def to_dict(self) -> dict[str, float | int]:
        """The point with its metrics, as one row of the sweep table."""
        return {
            "threshold": self.threshold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "accuracy": self.accuracy,
            "fpr": self.fpr,
            "tp": self.tp,
            "fp": self.fp,
            "tn": self.tn,
            "fn": self.fn,
        }


def candidate_thresholds(scores: Scores) -> np.ndarray:
    """Midpoints between distinct sorted scores, plus one below and one above all of them."""
    distinct = np.unique(np.asarray(scores, dtype=float))
    if distinct.size == 0:
        return np.array([0.5])
    mids = (distinct[:-1] + distinct[1:]) / 2
    # adjacent floats: the midpoint rounds down onto the lower score, so use the upper one
    mids = np.where(mids <= distinct[:-1], distinct[1:], mids)
    return np.concatenate([[distinct[0] - 1e-9], mids, [distinct[-1] + 1e-9]])


def sweep(scores: Scores, labels: Flags) -> list[SweepPoint]:
    """Every candidate threshold with its confusion counts, in one sorted pass.

    Points run from the highest threshold (nothing flagged) to the lowest (everything flagged).
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=bool)
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    pos, neg = int(y.sum()), int((~y).sum())
    thresholds = candidate_thresholds(s)[::-1]
    flagged = np.searchsorted(-s_sorted, -thresholds, side="right")  # count of scores >= t
    cum_tp = np.concatenate([[0], np.cumsum(y_sorted)])
    tps = cum_tp[flagged]
    return [
        SweepPoint(float(t), int(tp), int(k - tp), int(neg - (k - tp)), int(pos - tp))
        for t, k, tp in zip(thresholds, flagged, tps, strict=True)
    ]


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


def confusion_at(scores: Scores, labels: Flags, threshold: float) -> SweepPoint:
    """The confusion counts of one threshold (predict positive if score >= threshold)."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=bool)
    pred = s >= threshold
    return SweepPoint(
        float(threshold),
        int((pred & y).sum()),
        int((pred & ~y).sum()),
        int((~pred & ~y).sum()),
        int((~pred & y).sum()),
    )


def roc_auc(points: Sequence[SweepPoint]) -> float:
    """Area under the ROC curve of a sweep (trapezoids; ties count one half)."""
    fpr = np.array([p.fpr for p in points])
    tpr = np.array([p.tpr for p in points])
    order = np.lexsort((tpr, fpr))
    return float(np.trapezoid(tpr[order], fpr[order]))


def average_precision(points: Sequence[SweepPoint]) -> float:
    """Average precision of a sweep: sum over thresholds of (recall step) x precision."""
    ordered = sorted(points, key=lambda p: -p.threshold)
    total, prev_recall = 0.0, 0.0
    for p in ordered:
        total += (p.recall - prev_recall) * p.precision
        prev_recall = p.recall
    return total


# --------------------------------------------------------------------------- objectives


@dataclass(frozen=True)
class Objective:
    """What the chosen threshold optimises, in user terms.

    ``name`` is one of :data:`OBJECTIVES`; ``target`` is the precision floor of
    ``recall_at_precision`` or the recall floor of ``precision_at_recall``.
    """

    name: str
    target: float | None = None

    def describe(self) -> str:
        """One plain phrase, e.g. "the highest recall with precision >= 0.95"."""
        if self.name == "f1":
            return "the best F1 (balance of precision and recall)"
        if self.name == "accuracy":
            return "the best accuracy"
        if self.name == "recall_at_precision":
            return f"the highest recall with precision >= {self.target:g}"
        return f"the highest precision with recall >= {self.target:g}"

    def short(self) -> str:
        """A compact form for tables and file names, e.g. "recall@precision>=0.95"."""
        if self.name == "recall_at_precision":
            return f"recall@precision>={self.target:g}"
        if self.name == "precision_at_recall":
            return f"precision@recall>={self.target:g}"
        return self.name

    def meets(self, point: SweepPoint) -> bool:
        """Whether a point satisfies the objective's constraint (always, without one)."""
        if self.name == "recall_at_precision":
            return point.precision >= (self.target or 0.0) and point.tp > 0
        if self.name == "precision_at_recall":
            return point.recall >= (self.target or 0.0)
        return True

    def value(self, point: SweepPoint) -> float | None:
        """The quantity maximised at a point; None where the constraint fails."""
        if not self.meets(point):
            return None
        if self.name == "f1":
            return point.f1
        if self.name == "accuracy":
            return point.accuracy
        if self.name == "recall_at_precision":
            return point.recall
        return point.precision

    def choose(self, points: Sequence[SweepPoint]) -> SweepPoint:
        """The best point (see :func:`choose`)."""
        return choose(points, self.name, target=self.target if self.target is not None else 0.9)


def parse_objective(objective: str = "f1", target: float | None = None) -> Objective:
    """An :class:`Objective` from a name and target, or from the shorthands below.

    ``"precision>=0.95"`` keeps precision at least 0.95 and maximises recall (the same as
    ``("recall_at_precision", 0.95)``); ``"recall>=0.9"`` keeps recall at least 0.9 and maximises
    precision. Raises ValueError with a plain message for anything else.
    """
    text = objective.strip().lower().replace(" ", "")
    for floor, name in (
        ("precision>=", "recall_at_precision"),
        ("recall>=", "precision_at_recall"),
    ):
        if text.startswith(floor):
            if target is not None:
                raise ValueError(f"give the target once: {objective!r} already has one")
            return parse_objective(name, _parse_target(text[len(floor) :]))
    text = text.replace("-", "_")
    if text not in OBJECTIVES:
        raise ValueError(
            f"unknown objective {objective!r}: use f1, accuracy, recall_at_precision (with a "
            "target precision), precision_at_recall (with a target recall), or the shorthands "
            "precision>=P and recall>=R"
        )
    needs_target = text in ("recall_at_precision", "precision_at_recall")
    if needs_target and target is None:
        floor_name = "precision" if text == "recall_at_precision" else "recall"
        raise ValueError(f"objective {text} needs a target {floor_name} (e.g. --target 0.95)")
    if not needs_target and target is not None:
        raise ValueError(f"objective {text} takes no target")
    if target is not None and not 0.0 <= target <= 1.0:
        raise ValueError(f"target must be between 0 and 1, got {target!r}")
    return Objective(text, target)


def _parse_target(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"target must be a number between 0 and 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"target must be between 0 and 1, got {value!r}")
    return value


# --------------------------------------------------------------------------- cross-validation


CvSpec = int | Literal["loo"]


def stratified_folds(labels: Flags, k: int, seed: int = 0) -> np.ndarray:
    """A fold number (0..k-1) per item: each class shuffled (seeded) and dealt round-robin."""
    y = np.asarray(labels, dtype=bool)
    folds = np.empty(y.size, dtype=int)
    rng = np.random.default_rng(seed)
    offset = 0
    for cls in (True, False):
        idx = np.flatnonzero(y == cls)
        rng.shuffle(idx)
        folds[idx] = (np.arange(idx.size) + offset) % k
        offset += idx.size  # the next class continues the deal, so fold sizes stay even
    return folds


def check_cv(cv: Any) -> CvSpec:
    """A number of folds (at least 2) or ``"loo"``, from an int or its text; else ValueError."""
    if isinstance(cv, str):
        text = cv.strip().lower()
        if text in ("loo", "leave-one-out"):
            return "loo"
        cv = int(text) if text.isdigit() else text
    if isinstance(cv, int) and not isinstance(cv, bool) and cv >= 2:
        return cv
    raise ValueError(f"cv must be a number of folds (at least 2) or 'loo', got {cv!r}")


def fold_plan(labels: Flags, cv: CvSpec = 5, seed: int = 0) -> tuple[np.ndarray, str]:
    """Fold numbers and a plain description of the scheme.

    ``cv`` is a number of folds (at least 2) or ``"loo"`` for leave-one-out. Stratified k-fold
    needs at least k pairs of each class; with fewer, leave-one-out is used instead (and said).
    """
    y = np.asarray(labels, dtype=bool)
    k = check_cv(cv)
    if k == "loo":
        return np.arange(y.size), "leave-one-out"
    smallest = min(int(y.sum()), int((~y).sum()))
    if smallest < k:
        return (
            np.arange(y.size),
            f"leave-one-out (only {smallest} pairs in the smaller class, fewer than {cv} folds)",
        )
    return stratified_folds(y, k, seed), f"{k}-fold stratified (seed {seed})"


@dataclass(frozen=True)
class FoldResult:
    """One fold: the threshold chosen on the other folds and its held-out confusion counts."""

    fold: int
    n_train: int
    threshold: float
    held_out: SweepPoint


@dataclass(frozen=True)
class CVResult:
    """Cross-validated assessment of "choose the threshold by the objective"."""

    scheme: str
    folds: tuple[FoldResult, ...]
    fold_of: tuple[int, ...]  # fold number per pair
    threshold_of: tuple[float, ...]  # the threshold each pair was judged with (chosen without it)
    pooled: SweepPoint  # held-out decisions of all folds together (threshold: NaN)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready metrics, as written into the thresholds file's provenance."""
        thresholds = [f.threshold for f in self.folds]
        return {
            "scheme": self.scheme,
            "folds": len(self.folds),
            "precision": round(self.pooled.precision, 4),
            "recall": round(self.pooled.recall, 4),
            "f1": round(self.pooled.f1, 4),
            "accuracy": round(self.pooled.accuracy, 4),
            "fpr": round(self.pooled.fpr, 4),
            "tp": self.pooled.tp,
            "fp": self.pooled.fp,
            "tn": self.pooled.tn,
            "fn": self.pooled.fn,
            "fold_threshold_min": round(min(thresholds), 6),
            "fold_threshold_max": round(max(thresholds), 6),
        }


Chooser = Callable[[Sequence[float], Sequence[bool]], float]


def objective_chooser(objective: Objective) -> Chooser:
    """A chooser: training scores and labels in, the objective's threshold out."""

    def chooser(scores: Sequence[float], labels: Sequence[bool]) -> float:
        return objective.choose(sweep(scores, labels)).threshold

    return chooser


def cross_validate(
    scores: Scores,
    labels: Flags,
    fold_of: Sequence[int] | np.ndarray,
    chooser: Chooser,
    *,
    scheme: str = "",
) -> CVResult:
    """Judge each fold with a threshold that ``chooser`` picked on the other folds only."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=bool)
    f = np.asarray(fold_of, dtype=int)
    threshold_of = np.full(s.size, np.nan)
    results = []
    for fold in np.unique(f):
        train, test = f != fold, f == fold
        threshold = float(chooser(s[train].tolist(), y[train].tolist()))
        threshold_of[test] = threshold
        held_out = confusion_at(s[test], y[test], threshold)
        results.append(FoldResult(int(fold), int(train.sum()), threshold, held_out))
    pred = s >= threshold_of
    pooled = SweepPoint(
        math.nan,
        int((pred & y).sum()),
        int((pred & ~y).sum()),
        int((~pred & ~y).sum()),
        int((~pred & y).sum()),
    )
    return CVResult(
        scheme,
        tuple(results),
        tuple(int(x) for x in f),
        tuple(float(x) for x in threshold_of),
        pooled,
    )


# --------------------------------------------------------------------------- labels


_POSITIVE = {"1", "true", "yes", "rewrite"}
_NEGATIVE = {"0", "false", "no", "unrelated", "non"}
_GRADED = {
    "copy": "copy",
    "cut": "copy",
    "light_rewrite": "light_rewrite",
    "light": "light_rewrite",
    "heavy_rewrite": "heavy_rewrite",
    "heavy": "heavy_rewrite",
}
LABEL_HELP = (
    "binary 1/0, true/false, yes/no, rewrite/unrelated, or graded copy/light_rewrite/"
    "heavy_rewrite/unrelated (Clough & Stevenson's cut/light/heavy/non)"
)


def parse_label(value: Any) -> tuple[bool, str | None]:
    """(is a rewrite, grade) from a label; the grade (copy, light_rewrite, heavy_rewrite) is None
    for binary labels and for unrelated pairs. Raises ValueError for an unknown label."""
    if isinstance(value, bool):
        return value, None
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value), None
    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    if text in _NEGATIVE:
        return False, None
    if text in _POSITIVE:
        return True, None
    if text in _GRADED:
        return True, _GRADED[text]
    raise ValueError(f"unknown label {value!r}: use {LABEL_HELP}")


@dataclass(frozen=True)
class LabelledPair:
    """A source, a suspected rewrite and the truth: ``label`` as given, parsed on use.

    ``source`` and ``rewrite`` are anything ``compare`` accepts: text, a ``Path``, a record dict
    or an ``Article``. ``id`` names the pair in tables (default: the rewrite's reference).
    """

    source: Any
    rewrite: Any
    label: Any
    id: str = ""

    @property
    def positive(self) -> bool:
        """True when the label says the rewrite is derived from the source."""
        return parse_label(self.label)[0]

    @property
    def grade(self) -> str | None:
        """copy / light_rewrite / heavy_rewrite / unrelated for graded labels, else None."""
        return parse_label(self.label)[1]


class LabelsError(ValueError):
    """A labels CSV that cannot be used as given, with the file, the line and the reason."""

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")
        self.path = str(path)
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class MissingArticle:
    """A labels row whose article could not be found or read (listed, then skipped)."""

    path: str
    line: int
    reference: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reference}: {self.reason}"


REQUIRED_COLUMNS = ("source", "rewrite", "label")


def read_labels_csv(
    path: str | Path, *, corpus: str | Path | None = None
) -> tuple[list[LabelledPair], list[MissingArticle]]:
    """The labelled pairs of a CSV and the rows whose articles are missing.

    Columns ``source``, ``rewrite``, ``label`` (others, e.g. ``id``, are kept or ignored).
    ``source`` and ``rewrite`` are file paths relative to the CSV's folder, or article ids found
    in ``corpus`` (a folder read as ``scan`` reads it). Raises :class:`LabelsError` naming the
    file and line for a malformed CSV; a missing article is returned, not raised.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise LabelsError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise LabelsError(path, None, f"not UTF-8 text ({exc.reason})") from exc
    resolver = _Resolver(path.parent, Path(corpus) if corpus else None)
    pairs: list[LabelledPair] = []
    missing: list[MissingArticle] = []
    for line, row in _csv_rows(path, text):
        pair = _pair_from_row(path, line, row, resolver, missing)
        if pair is not None:
            pairs.append(pair)
    return pairs, missing


def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of each data row, header checked; blank lines skipped."""
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader)
    except StopIteration:
        raise LabelsError(path, 1, "empty file: expected a header source,rewrite,label") from None
    except csv.Error as exc:
        raise LabelsError(path, 1, f"malformed CSV: {exc}") from exc
    names = [h.strip().lower() for h in header]
    absent = [c for c in REQUIRED_COLUMNS if c not in names]
    if absent:
        raise LabelsError(
            path,
            1,
            f"missing column(s) {', '.join(absent)}; the header must name source,rewrite,label",
        )
    count = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise LabelsError(path, reader.line_num, f"malformed CSV: {exc}") from exc
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(names):
            raise LabelsError(
                path, reader.line_num, f"expected {len(names)} fields, found {len(values)}"
            )
        count += 1
        yield reader.line_num, dict(zip(names, values, strict=True))
    if count == 0:
        raise LabelsError(path, None, "no labelled pairs (only a header)")


def _pair_from_row(
    path: Path,
    line: int,
    row: dict[str, str],
    resolver: _Resolver,
    missing: list[MissingArticle],
) -> LabelledPair | None:
    """One row as a pair; a malformed row raises, a missing article is recorded and skipped."""
    for column in REQUIRED_COLUMNS:
        if not row[column].strip():
            raise LabelsError(path, line, f"empty {column}")
    try:
        parse_label(row["label"])
    except ValueError as exc:
        raise LabelsError(path, line, str(exc)) from None
    articles = []
    for column in ("source", "rewrite"):
        ref = row[column].strip()
        found = resolver.resolve(ref)
        if isinstance(found, str):
            missing.append(MissingArticle(str(path), line, ref, found))
            return None
        articles.append(found)
    pair_id = row.get("id", "").strip() or row["rewrite"].strip()
    return LabelledPair(articles[0], articles[1], row["label"].strip(), pair_id)


class _Resolver:
    """Turns a reference (a path relative to the CSV, or an id in a corpus) into an Article."""

    def __init__(self, base: Path, corpus: Path | None) -> None:
        self.base = base
        self.corpus = corpus
        self._cache: dict[str, Article | str] = {}
        self._ids: dict[str, Article] | None = None

    def resolve(self, ref: str) -> Article | str:
        """The article, or the reason it cannot be had."""
        if ref not in self._cache:
            self._cache[ref] = self._resolve(ref)
        return self._cache[ref]

    def _resolve(self, ref: str) -> Article | str:
        from rewrite_detect.ingest import IngestError, read_article_file

        candidates = [self.base / ref] + ([self.corpus / ref] if self.corpus else [])
        for file in candidates:
            if file.is_file():
                try:
                    return read_article_file(file, id=ref)
                except IngestError as exc:
                    return exc.reason
        if self.corpus is not None:
            article = self._corpus_ids().get(ref)
            if article is not None:
                return article
            return f"no file {self.base / ref} and no article with that id in {self.corpus}"
        return f"no such file: {self.base / ref}"

    def _corpus_ids(self) -> dict[str, Article]:
        if self._ids is None:
            from rewrite_detect.corpus import read_corpus
            from rewrite_detect.records import Article

            self._ids = {
                a.id: a for a in read_corpus([self.corpus or "."]) if isinstance(a, Article)
            }
        return self._ids


def as_labelled_pairs(pairs: Iterable[Any]) -> list[LabelledPair]:
    """Accept LabelledPair objects, (source, rewrite, label[, id]) tuples or dicts."""
    out = []
    for i, item in enumerate(pairs):
        if isinstance(item, LabelledPair):
            pair = item
        elif isinstance(item, Mapping):
            pair = LabelledPair(item["source"], item["rewrite"], item["label"], item.get("id", ""))
        else:
            pair = LabelledPair(*item)
        parse_label(pair.label)  # fail early, before any scoring
        out.append(pair if pair.id else _with_id(pair, i))
    return out


def _with_id(pair: LabelledPair, index: int) -> LabelledPair:
    ref = pair.rewrite
    name = getattr(ref, "id", None) or (ref.name if isinstance(ref, Path) else None)
    return LabelledPair(pair.source, pair.rewrite, pair.label, str(name or f"pair {index + 1}"))


# --------------------------------------------------------------------------- scoring pairs


@dataclass(frozen=True)
class ScoredPair:
    """One labelled pair with its score and how cross-validation judged it."""

    id: str
    positive: bool
    grade: str | None
    score: float
    derived_fraction: float | None = None
    fold: int = -1
    cv_threshold: float = math.nan  # chosen on the other folds, never on this pair

    @property
    def cv_prediction(self) -> bool:
        """The held-out decision: score >= the threshold chosen without this pair."""
        return bool(self.score >= self.cv_threshold)

    def to_dict(self) -> dict[str, Any]:
        """One row of ``scores.csv``."""
        return {
            "id": self.id,
            "label": "rewrite" if self.positive else "unrelated",
            "grade": self.grade or "",
            "score": self.score,
            "derived_fraction": "" if self.derived_fraction is None else self.derived_fraction,
            "fold": self.fold,
            "cv_threshold": self.cv_threshold,
            "cv_prediction": int(self.cv_prediction),
        }


def pair_score(result: PairResult) -> float:
    """The score a threshold on ``rewrite_probability`` acts on, exactly as ``compare`` decides.

    ``verdict.probability``, except 0.0 when no rewrite word comes from the source or the pair
    is a recurring report (``compare`` never calls such a pair a rewrite, whatever the threshold).
    """
    if result.recurring or result.verdict.derived_fraction <= 0:
        return 0.0
    return result.verdict.probability


def score_pairs(
    pairs: Sequence[LabelledPair], *, config: Config | None = None, progress: bool = False
) -> tuple[list[ScoredPair], str]:
    """Run ``compare`` on each pair; the scored pairs and a SHA-256 of the texts and labels."""
    from rewrite_detect.ingest import as_article
    from rewrite_detect.pipeline import compare

    digest = hashlib.sha256()
    scored = []
    for pair in _progress(pairs, progress):
        source = as_article(pair.source, default_id="source")
        rewrite = as_article(pair.rewrite, default_id="rewrite")
        for part in (str(pair.positive), pair.grade or "", source.text, rewrite.text):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        result = compare(source, rewrite, config=config) if config else compare(source, rewrite)
        scored.append(
            ScoredPair(
                pair.id,
                pair.positive,
                pair.grade,
                pair_score(result),
                result.verdict.derived_fraction,
            )
        )
    return scored, digest.hexdigest()


def _progress(items: Sequence[Any], show: bool) -> Iterable[Any]:
    """``items``, with a progress bar on stderr when asked and stderr is a terminal."""
    if not show:
        return items
    from tqdm import tqdm  # type: ignore[import-untyped]

    return tqdm(items, desc="scoring pairs", unit="pair", leave=False, disable=None)


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class Provenance:
    """Where a tuned threshold came from."""

    data: str
    data_sha256: str
    command: str
    version: str = ""
    date: str = ""


@dataclass(frozen=True)
class TuneResult:
    """A tuned threshold with everything behind it.

    ``threshold`` was chosen on all pairs (what gets written); ``cv`` estimates how choosing a
    threshold this way does on pairs it was not chosen on. ``sweep`` holds every candidate
    threshold on all pairs, highest first.
    """

    objective: Objective
    chosen: SweepPoint
    sweep: tuple[SweepPoint, ...]
    cv: CVResult
    scores: tuple[ScoredPair, ...]
    provenance: Provenance
    previous: float | None = None  # the threshold in force before tuning, if known
    warnings: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def threshold(self) -> float:
        """The chosen threshold, clipped to [0, 1] (a ``rewrite_probability``)."""
        return min(1.0, max(0.0, self.chosen.threshold))

    @property
    def n(self) -> int:
        """Number of labelled pairs used."""
        return len(self.scores)

    @property
    def feasible(self) -> bool:
        """False when no threshold meets the objective's target with anything flagged."""
        return self.objective.meets(self.chosen)

    @property
    def cv_metrics(self) -> dict[str, Any]:
        """The cross-validated metrics (pooled held-out decisions) as a dict."""
        return self.cv.to_dict()

    def sweep_rows(self) -> list[dict[str, Any]]:
        """The full sweep as a table (one dict per candidate, columns :data:`SWEEP_COLUMNS`)."""
        rows = []
        for p in self.sweep:
            value = self.objective.value(p)
            rows.append(
                {
                    **p.to_dict(),
                    "objective_value": value,
                    "meets_target": self.objective.meets(p),
                }
            )
        return rows

    def provenance_dict(self) -> dict[str, Any]:
        """The provenance entry written beside the threshold."""
        return {
            "objective": self.objective.name,
            "target": self.objective.target,
            "score": SCORE_NAME,
            "data": self.provenance.data,
            "data_sha256": self.provenance.data_sha256,
            "n": self.n,
            "positives": sum(s.positive for s in self.scores),
            "cv": self.cv.scheme,
            "cv_metrics": self.cv_metrics,
            "version": self.provenance.version,
            "date": self.provenance.date,
            "command": self.provenance.command,
        }

    def to_thresholds_json(self, existing: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The thresholds file content, merged into ``existing`` (other parameters kept)."""
        out: dict[str, Any] = dict(existing or {})
        params = dict(out.get("parameters", {}))
        params[PARAMETER] = self.threshold
        prov = dict(out.get("provenance", {}))
        prov[PARAMETER] = self.provenance_dict()
        out["parameters"] = params
        out["provenance"] = prov
        return out

    def write_thresholds(self, path: str | Path) -> Path:
        """Write (merge) the threshold into a thresholds file; refuses an unreadable one."""
        path = Path(path)
        existing = _read_existing(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.to_thresholds_json(existing), indent=2) + "\n", "utf-8")
        tmp.replace(path)
        _forget_cached_thresholds()
        return path

    def to_html(
        self, *, generated_at: str | None = None, saved_to: str | Path | None = None
    ) -> str:
        """The self-contained page of curves, histograms, the sweep and the provenance.

        ``saved_to``: the thresholds file this result was written to, shown on the page.
        """
        from rewrite_detect.report.tune_page import render_tune

        return render_tune(self, generated_at=generated_at, saved_to=saved_to)

    def write_report(self, folder: str | Path, *, saved_to: str | Path | None = None) -> Path:
        """``index.html``, ``sweep.csv`` and ``scores.csv`` into a folder; the page's path."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        _write_csv(folder / "sweep.csv", SWEEP_COLUMNS, self.sweep_rows())
        rows = [s.to_dict() for s in self.scores]
        _write_csv(folder / "scores.csv", SCORES_COLUMNS, rows)
        page = folder / "index.html"
        page.write_text(self.to_html(saved_to=saved_to), encoding="utf-8")
        return page


def _read_existing(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the existing thresholds file: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the existing thresholds file is not a JSON object")
    if "parameters" not in data and data:  # a bare {name: value} file, as config.py accepts
        data = {"parameters": data}
    return data


def _forget_cached_thresholds() -> None:
    """config.py caches thresholds files by path; a rewritten file must be read again."""
    from rewrite_detect import config

    cached = getattr(config, "_thresholds_file_params", None)
    if cached is not None and hasattr(cached, "cache_clear"):
        cached.cache_clear()


def _write_csv(path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_value(row.get(k)) for k in columns})


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    return value


# --------------------------------------------------------------------------- tuning


def tune_scores(
    scores: Scores,
    labels: Sequence[Any],
    *,
    objective: str | Objective = "f1",
    target: float | None = None,
    cv: CvSpec = 5,
    seed: int = 0,
    ids: Sequence[str] | None = None,
    derived_fractions: Sequence[float | None] | None = None,
    provenance: Provenance | None = None,
    previous: float | None = None,
) -> TuneResult:
    """Tune a threshold on scores you already have (labels as :func:`parse_label` reads them)."""
    if len(scores) != len(labels):
        raise ValueError(f"{len(scores)} scores but {len(labels)} labels")
    obj = objective if isinstance(objective, Objective) else parse_objective(objective, target)
    parsed = [parse_label(lab) for lab in labels]
    y = [p for p, _ in parsed]
    _check_classes(y)
    s = [float(x) for x in scores]
    if not all(math.isfinite(x) for x in s):
        raise ValueError("scores must be finite numbers")
    folds, scheme = fold_plan(y, cv, seed)
    cv_result = cross_validate(s, y, folds, objective_chooser(obj), scheme=scheme)
    points = tuple(sweep(s, y))
    chosen = obj.choose(points)
    ids = list(ids) if ids is not None else [f"pair {i + 1}" for i in range(len(s))]
    fractions = list(derived_fractions) if derived_fractions is not None else [None] * len(s)
    scored = tuple(
        ScoredPair(
            ids[i], y[i], parsed[i][1], s[i], fractions[i], int(folds[i]), cv_result.threshold_of[i]
        )
        for i in range(len(s))
    )
    prov = provenance or Provenance(
        "scores given to tune_scores", _scores_digest(s, y), "rewrite_detect.tune_scores(...)"
    )
    result = TuneResult(obj, chosen, points, cv_result, scored, _stamped(prov), previous)
    return _with_warnings(result)


def _check_classes(y: Sequence[bool]) -> None:
    pos = sum(y)
    if pos == 0 or pos == len(y):
        present = "rewrite" if pos else "unrelated"
        raise ValueError(
            f"all {len(y)} labelled pairs are {present}: tuning needs both rewrites and "
            "unrelated pairs"
        )


def _scores_digest(scores: Sequence[float], labels: Sequence[bool]) -> str:
    text = json.dumps([[repr(s), bool(y)] for s, y in zip(scores, labels, strict=True)])
    return hashlib.sha256(text.encode()).hexdigest()


def _stamped(prov: Provenance) -> Provenance:
    from rewrite_detect import __version__

    return Provenance(
        prov.data,
        prov.data_sha256,
        prov.command,
        prov.version or __version__,
        prov.date or date.today().isoformat(),
    )


def _with_warnings(result: TuneResult) -> TuneResult:
    notes = list(result.warnings)
    if not result.feasible:
        best = max(p.precision for p in result.sweep if p.tp > 0)
        notes.append(
            f"no threshold reaches {result.objective.short().split('@')[1]} while flagging any "
            f"pair (the best precision that flags something is {best:.3f})"
        )
    if result.cv.scheme.startswith("leave-one-out (only"):
        notes.append(f"cross-validation: {result.cv.scheme}")
    if result.chosen.threshold < 0.0 or result.chosen.threshold > 1.0:
        notes.append(
            f"the chosen point lies outside [0, 1]; {PARAMETER} is clipped to {result.threshold:g}"
        )
    return replace(result, warnings=tuple(notes))


def tune(
    pairs: Iterable[Any],
    *,
    objective: str | Objective = "f1",
    target: float | None = None,
    cv: CvSpec = 5,
    seed: int = 0,
    config: Config | None = None,
    progress: bool = False,
    data: str = "pairs given to tune()",
    command: str = "rewrite_detect.tune(...)",
) -> TuneResult:
    """Score labelled pairs with ``compare`` and tune ``rewrite_probability`` on them.

    ``pairs``: :class:`LabelledPair` objects, ``(source, rewrite, label[, id])`` tuples or dicts
    with those keys; sources and rewrites as ``compare`` takes them (text, ``Path``, record,
    ``Article``); labels binary or graded (see :func:`parse_label`). ``objective``: ``"f1"``,
    ``"accuracy"``, ``"recall_at_precision"`` / ``"precision_at_recall"`` with ``target``, or
    the shorthands ``"precision>=0.95"`` / ``"recall>=0.9"``. ``cv``: folds (stratified, seeded)
    or ``"loo"``. The threshold is chosen on all pairs; ``result.cv_metrics`` are held-out.
    """
    obj = objective if isinstance(objective, Objective) else parse_objective(objective, target)
    labelled = as_labelled_pairs(pairs)
    _check_classes([p.positive for p in labelled])
    scored, digest = score_pairs(labelled, config=config, progress=progress)
    return tune_scores(
        [s.score for s in scored],
        [p.label for p in labelled],
        objective=obj,
        cv=cv,
        seed=seed,
        ids=[s.id for s in scored],
        derived_fractions=[s.derived_fraction for s in scored],
        provenance=Provenance(data, digest, command),
        previous=_threshold_in_force(config),
    )


def _threshold_in_force(config: Config | None) -> float | None:
    if config is not None:
        return config.rewrite_probability
    try:
        from rewrite_detect.config import load_config

        return load_config().rewrite_probability
    except ValueError:
        return None


def tune_csv(
    path: str | Path,
    *,
    corpus: str | Path | None = None,
    objective: str | Objective = "f1",
    target: float | None = None,
    cv: CvSpec = 5,
    seed: int = 0,
    config: Config | None = None,
    progress: bool = False,
    command: str | None = None,
) -> TuneResult:
    """:func:`tune` on a labels CSV (see :func:`read_labels_csv`); missing articles skipped.

    Raises :class:`LabelsError` for a malformed CSV, ValueError when nothing usable remains.
    """
    pairs, missing = read_labels_csv(path, corpus=corpus)
    if not pairs:
        raise ValueError(f"{path}: none of the {len(missing)} labelled pairs could be read")
    result = tune(
        pairs,
        objective=objective,
        target=target,
        cv=cv,
        seed=seed,
        config=config,
        progress=progress,
        data=str(path),
        command=command or f"rewrite_detect.tune_csv({str(path)!r})",
    )
    return replace(result, skipped=tuple(str(m) for m in missing))


# --------------------------------------------------------------------------- the command


def _default_out() -> Path:
    from rewrite_detect.config import models_dir

    return models_dir() / "thresholds.json"


def _command_line(
    labels_csv: Path,
    objective: str,
    target: float | None,
    cv: CvSpec,
    seed: int,
    corpus: Path | None,
) -> str:
    """The command as a user would type it, for the provenance."""
    parts = ["rewrite-detect", "tune", str(labels_csv), "--objective", objective]
    if target is not None:
        parts += ["--target", f"{target:g}"]
    parts += ["--cv", str(cv)]
    if seed:
        parts += ["--seed", str(seed)]
    if corpus is not None:
        parts += ["--corpus", str(corpus)]
    return " ".join(shlex.quote(p) for p in parts)


def run_tune_command(
    labels_csv: Path,
    *,
    objective: str = "f1",
    target: float | None = None,
    out: Path | None = None,
    report_dir: Path | None = None,
    cv: CvSpec | str = 5,
    seed: int = 0,
    corpus: Path | None = None,
    quiet: bool = False,
    echo: Echo | None = None,
) -> int:
    """``rewrite-detect tune``: tune, write the thresholds file and the page; the exit status.

    ``out`` defaults to ``models/thresholds.json`` (where ``compare`` reads it), ``report_dir``
    to ``html_reports/tune/``. Messages go through ``echo(text, err=bool)`` (e.g. click.echo);
    nothing is printed otherwise. 0: done; 2: usage error (bad objective, malformed CSV);
    1: could not run (no readable pairs, one class only, target unreachable, unwritable file).
    """
    say: Echo = echo or (lambda *_a, **_k: None)
    out = out or _default_out()
    report_dir = report_dir or Path("html_reports") / "tune"
    try:
        obj = parse_objective(objective, target)
        folds = check_cv(cv)
    except ValueError as exc:
        say(f"rewrite-detect: {exc}", err=True)
        return 2
    try:
        pairs, missing = read_labels_csv(labels_csv, corpus=corpus)
    except LabelsError as exc:
        say(f"rewrite-detect: {exc}", err=True)
        return 2
    for m in missing:
        say(f"rewrite-detect: skipped {m}", err=True)
    if not pairs:
        say(
            f"rewrite-detect: {labels_csv}: none of the {len(missing)} pairs could be read",
            err=True,
        )
        return 1
    try:
        result = tune(
            pairs,
            objective=obj,
            cv=folds,
            seed=seed,
            progress=not quiet and sys.stderr.isatty(),
            data=str(labels_csv),
            command=_command_line(labels_csv, objective, target, folds, seed, corpus),
        )
    except ValueError as exc:
        say(f"rewrite-detect: {exc}", err=True)
        return 1
    result = replace(result, skipped=tuple(str(m) for m in missing))
    return _finish(result, out, report_dir, quiet, say)


def _finish(result: TuneResult, out: Path, report_dir: Path, quiet: bool, say: Echo) -> int:
    """Write the thresholds (when feasible) and the page (always); report what was done."""
    for note in result.warnings:
        say(f"rewrite-detect: warning: {note}", err=True)
    saved: Path | None = None
    if result.feasible:
        try:
            saved = result.write_thresholds(out)
        except (OSError, ValueError) as exc:
            say(f"rewrite-detect: {out}: cannot write thresholds: {exc}", err=True)
            return 1
    try:
        page = result.write_report(report_dir, saved_to=saved)
    except OSError as exc:
        say(
            f"rewrite-detect: {report_dir}: cannot write the report: {exc.strerror or exc}",
            err=True,
        )
        return 1
    if saved is None:
        say(f"rewrite-detect: {out} not written: no usable threshold. Curves: {page}", err=True)
        return 1
    if not quiet:
        for line in summary_lines(result, saved, page):
            say(line)
    return 0


def summary_lines(
    result: TuneResult, out: Path | None = None, page: Path | None = None
) -> list[str]:
    """A few lines for the terminal: the threshold, in-sample and cross-validated metrics."""
    c, m = result.chosen, result.cv.pooled
    lines = [
        f"{PARAMETER} = {result.threshold:.4f}: chosen on all {result.n} pairs for "
        f"{result.objective.describe()}",
        f"  on all pairs:    precision {c.precision:.3f}  recall {c.recall:.3f}  "
        f"F1 {c.f1:.3f}  accuracy {c.accuracy:.3f}",
        f"  cross-validated: precision {m.precision:.3f}  recall {m.recall:.3f}  "
        f"F1 {m.f1:.3f}  accuracy {m.accuracy:.3f}  ({result.cv.scheme})",
    ]
    if result.skipped:
        lines.append(f"  {len(result.skipped)} pair(s) skipped (articles missing)")
    if out is not None:
        lines.append(f"wrote {out}")
    if page is not None:
        lines.append(f"curves: {page}")
    return lines
