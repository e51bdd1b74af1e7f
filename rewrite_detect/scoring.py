"""Document scores and the verdict.

Features describe how much of the rewrite comes from the source and how much it was reworded;
a small multinomial logistic model (``models/verdict/``, JSON) turns them into the four graded
labels of the Clough & Stevenson corpus. ``probability`` is the model's probability that the
rewrite is derived at all (1 - P(unrelated)); ``Config.rewrite_probability`` is the cut-off.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from rewrite_detect.config import Config, models_dir
from rewrite_detect.records import Verdict, VerdictLabel

LABELS: tuple[VerdictLabel, ...] = ("copy", "light_rewrite", "heavy_rewrite", "unrelated")
# The binary feature was chosen by leave-one-out on Clough & Stevenson among 7 candidate sets.
# The grade feature was chosen by nested leave-one-out among every single feature: for each
# held-out answer, the feature that best grades the other answers (inner leave-one-out) was
# picked; spin_rate (synonym substitutions per reused word) won in every fold, and the nested
# estimate counts the choice (tests/eval/nested.py, models/README.md).
BINARY_FEATURES: tuple[str, ...] = ("content_containment_2",)
GRADE_FEATURES: tuple[str, ...] = ("spin_rate",)
LONG_RUN = 8


def ngram_containment(rewrite: Sequence[str], source: Sequence[str], n: int) -> float:
    """Share of the rewrite's word n-grams (as a set) that occur in the source."""
    r = set(_ngrams(rewrite, n))
    if not r:
        return 0.0
    # the source's n-grams are only looked up in the rewrite's, never stored in a set
    return len(r.intersection(_ngrams(source, n))) / len(r)


def _ngrams(words: Sequence[str], n: int) -> Iterable[tuple[str, ...] | str]:
    """The word n-grams of a sequence (``zip`` of shifted copies builds them in C); single
    words stand for themselves (the same count, without a tuple each)."""
    if n == 1:
        return words
    return zip(*(words[k:] for k in range(n)), strict=False)


@dataclass(frozen=True)
class GroupStats:
    """Word counts of one aligned group, for document scores."""

    rewrite_words: int
    kept_words: float
    verbatim: bool
    runs: tuple[int, ...]  # lengths of in-order runs of kept words
    reused_rewrite_words: int
    reused_source_words: int
    similarity: float


def document_features(
    groups: Sequence[GroupStats],
    *,
    rewrite_words: int,
    source_words: int,
    rewrite_stems: Sequence[str],
    source_stems: Sequence[str],
    rewrite_content: Sequence[str],
    source_content: Sequence[str],
) -> dict[str, float]:
    """The features of a pair (all in [0, 1]); ``*_content`` are stems without function words."""
    aligned = sum(g.rewrite_words for g in groups)
    reused_rw = sum(g.reused_rewrite_words for g in groups)
    reused_src = sum(g.reused_source_words for g in groups)
    kept = sum(g.kept_words for g in groups)
    high = sum(g.rewrite_words for g in groups if g.similarity >= 0.5)
    verbatim = sum(g.rewrite_words for g in groups if g.verbatim)
    sim = sum(g.similarity * g.rewrite_words for g in groups)
    runs = [r for g in groups for r in g.runs]
    n_rw = max(1, len(rewrite_stems))
    return {
        "derived_fraction": _ratio(reused_rw, rewrite_words),
        "source_coverage": _ratio(reused_src, source_words),
        "rewrite_degree": 1.0 - _ratio(kept, aligned) if aligned else 0.0,
        "mean_similarity": _ratio(sim, aligned),
        "containment_1": ngram_containment(rewrite_stems, source_stems, 1),
        "containment_2": ngram_containment(rewrite_stems, source_stems, 2),
        "containment_3": ngram_containment(rewrite_stems, source_stems, 3),
        "containment_5": ngram_containment(rewrite_stems, source_stems, 5),
        "lcs_share": _ratio(sum(runs), n_rw),
        "long_run_share": _ratio(sum(r for r in runs if r >= LONG_RUN), n_rw),
        "high_similarity_fraction": _ratio(high, rewrite_words),
        "verbatim_fraction": _ratio(verbatim, rewrite_words),
        **{
            f"content_containment_{n}": ngram_containment(rewrite_content, source_content, n)
            for n in (1, 2, 3)
        },
    }


def _ratio(num: float, den: float) -> float:
    return float(min(1.0, num / den)) if den > 0 else 0.0


class LogisticModel:
    """A standardised logistic regression over named features, stored as plain JSON."""

    def __init__(self, features: Sequence[str], *, c: float = 1.0) -> None:
        self.features = tuple(features)
        self.c = c

    def fit(self, rows: Sequence[dict[str, float]], y: Sequence[str]) -> LogisticModel:
        """Fit on feature dicts and string labels."""
        from sklearn.linear_model import LogisticRegression

        x = self._matrix(rows)
        self.mean_ = x.mean(axis=0)
        std = x.std(axis=0)
        self.scale_ = np.where(std > 0, std, 1.0)
        clf = LogisticRegression(C=self.c, max_iter=5000)
        clf.fit((x - self.mean_) / self.scale_, list(y))
        self.classes_ = [str(c) for c in clf.classes_]
        self.coef_ = np.atleast_2d(clf.coef_)
        self.intercept_ = np.atleast_1d(clf.intercept_)
        return self

    def _matrix(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        return np.array([[row[f] for f in self.features] for row in rows], dtype=float)

    def predict_proba(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order."""
        z = ((self._matrix(rows) - self.mean_) / self.scale_) @ self.coef_.T + self.intercept_
        if z.shape[1] == 1:  # binary: sklearn keeps one row, for the second class
            return np.hstack([1.0 / (1.0 + np.exp(z)), 1.0 / (1.0 + np.exp(-z))])
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready parameters."""
        return {
            "features": list(self.features),
            "classes": self.classes_,
            "coef": self.coef_.tolist(),
            "intercept": self.intercept_.tolist(),
            "mean": self.mean_.tolist(),
            "scale": self.scale_.tolist(),
            "c": self.c,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> LogisticModel:
        """Rebuild from ``to_dict`` output."""
        model = cls(data["features"], c=float(data.get("c", 1.0)))  # type: ignore[arg-type]
        model.classes_ = list(data["classes"])  # type: ignore[call-overload]
        model.coef_ = np.array(data["coef"], dtype=float)
        model.intercept_ = np.array(data["intercept"], dtype=float)
        model.mean_ = np.array(data["mean"], dtype=float)
        model.scale_ = np.array(data["scale"], dtype=float)
        return model


class VerdictModel:
    """Two stages: is the rewrite derived at all (binary), then how heavily (copy/light/heavy)."""

    def __init__(self, *, c_binary: float = 1.0, c_grade: float = 1.0) -> None:
        self.c_binary = c_binary
        self.c_grade = c_grade

    def fit(self, rows: Sequence[dict[str, float]], labels: Sequence[str]) -> VerdictModel:
        """Fit on feature dicts and labels from ``LABELS``."""
        derived = ["rewrite" if lab != "unrelated" else "unrelated" for lab in labels]
        self.binary_ = LogisticModel(BINARY_FEATURES, c=self.c_binary).fit(rows, derived)
        graded = [(r, lab) for r, lab in zip(rows, labels, strict=True) if lab != "unrelated"]
        self.grade_ = LogisticModel(GRADE_FEATURES, c=self.c_grade).fit(
            [r for r, _ in graded], [lab for _, lab in graded]
        )
        return self

    def rewrite_probability(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        """P(derived from the source) per row."""
        proba = self.binary_.predict_proba(rows)
        return proba[:, self.binary_.classes_.index("rewrite")]

    def grade(self, rows: Sequence[dict[str, float]]) -> list[str]:
        """copy / light_rewrite / heavy_rewrite per row (assuming it is derived)."""
        proba = self.grade_.predict_proba(rows)
        return [self.grade_.classes_[i] for i in proba.argmax(axis=1)]

    def to_json(self, meta: dict[str, object]) -> str:
        """The model as JSON text with its provenance."""
        body = {"binary": self.binary_.to_dict(), "grade": self.grade_.to_dict(), "meta": meta}
        return json.dumps(body, indent=2)

    @classmethod
    def from_json(cls, text: str, *, origin: str = "model") -> VerdictModel:
        """Read a model written by ``to_json``."""
        data = json.loads(text)
        model = cls()
        model.binary_ = LogisticModel.from_dict(data["binary"])
        model.grade_ = LogisticModel.from_dict(data["grade"])
        _warn_on_sklearn_mismatch(data.get("meta", {}), origin)
        return model


def _warn_on_sklearn_mismatch(meta: dict[str, object], origin: str) -> None:
    import sklearn

    built = meta.get("versions", {}) if isinstance(meta, dict) else {}
    version = built.get("scikit-learn") if isinstance(built, dict) else None
    if version and version.split(".")[:2] != sklearn.__version__.split(".")[:2]:
        warnings.warn(
            f"{origin}: fitted with scikit-learn {version}, running {sklearn.__version__}",
            stacklevel=3,
        )


def verdict_model_path() -> Path:
    """Where the shipped verdict model lives."""
    return models_dir() / "verdict" / "model.json"


@cache
def default_verdict_model() -> VerdictModel:
    """The shipped verdict model, loaded once."""
    path = verdict_model_path()
    if not path.exists():
        raise FileNotFoundError(
            f"{path}: verdict model missing; rebuild it with "
            "`python scripts/train_verdict.py` (see models/README.md)"
        )
    return VerdictModel.from_json(path.read_text(encoding="utf-8"), origin=str(path))


def decide(
    features: dict[str, float],
    *,
    config: Config,
    model: VerdictModel,
    spin_rate: float,
    errors: int,
    warnings_count: int,
    recurring: bool = False,
) -> Verdict:
    """The verdict: graded label, rewrite probability and the scores.

    ``recurring`` (a recurring templated report, see ``rewrite_detect.recurring``) is never a
    rewrite, whatever the probability: the shared wording is the template's, not copied text.
    """
    p_rewrite = float(model.rewrite_probability([features])[0])
    is_rewrite = (
        p_rewrite >= config.rewrite_probability
        and features["derived_fraction"] > 0
        and not recurring
    )
    label: VerdictLabel = model.grade([features])[0] if is_rewrite else "unrelated"  # type: ignore[assignment]
    return Verdict(
        label=label,
        is_rewrite=is_rewrite,
        probability=p_rewrite,
        derived_fraction=features["derived_fraction"],
        source_coverage=features["source_coverage"],
        rewrite_degree=features["rewrite_degree"],
        spin_rate=spin_rate,
        errors=errors,
        warnings=warnings_count,
    )
