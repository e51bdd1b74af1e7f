"""Document scores and the verdict.

Features describe how much of the rewrite comes from the source and how much it was reworded;
a small multinomial logistic model (``models/verdict/``, JSON) turns them into the four graded
labels of the Clough & Stevenson corpus. ``probability`` is the model's probability that the
rewrite is derived at all (1 - P(unrelated)); ``Config.rewrite_probability`` is the cut-off.
"""

from __future__ import annotations

import difflib
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from rewrite_detect.config import Config, models_dir
from rewrite_detect.records import Verdict, VerdictLabel

LABELS: tuple[VerdictLabel, ...] = ("copy", "light_rewrite", "heavy_rewrite", "unrelated")
FEATURES: tuple[str, ...] = (
    "derived_fraction",
    "rewrite_degree",
    "mean_similarity",
    "containment_1",
    "containment_2",
    "containment_3",
    "containment_5",
    "lcs_share",
    "long_run_share",
    "high_similarity_fraction",
    "verbatim_fraction",
)
LONG_RUN = 8
MAX_LCS_TOKENS = 20_000


def ngram_containment(rewrite: Sequence[str], source: Sequence[str], n: int) -> float:
    """Share of the rewrite's word n-grams (as a set) that occur in the source."""
    r = {tuple(rewrite[i : i + n]) for i in range(len(rewrite) - n + 1)}
    if not r:
        return 0.0
    s = {tuple(source[i : i + n]) for i in range(len(source) - n + 1)}
    return len(r & s) / len(r)


def matching_runs(rewrite: Sequence[str], source: Sequence[str]) -> list[int]:
    """Lengths of difflib's matching blocks between the two word sequences."""
    if not rewrite or not source:
        return []
    rewrite, source = rewrite[:MAX_LCS_TOKENS], source[:MAX_LCS_TOKENS]
    matcher = difflib.SequenceMatcher(None, source, rewrite, autojunk=False)
    return [b.size for b in matcher.get_matching_blocks() if b.size]


@dataclass(frozen=True)
class GroupStats:
    """Word counts of one aligned group, for document scores."""

    rewrite_words: int
    kept_words: float
    verbatim: bool
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
) -> dict[str, float]:
    """The features of a pair (all in [0, 1])."""
    aligned = sum(g.rewrite_words for g in groups)
    reused_rw = sum(g.reused_rewrite_words for g in groups)
    reused_src = sum(g.reused_source_words for g in groups)
    kept = sum(g.kept_words for g in groups)
    high = sum(g.rewrite_words for g in groups if g.similarity >= 0.5)
    verbatim = sum(g.rewrite_words for g in groups if g.verbatim)
    sim = sum(g.similarity * g.rewrite_words for g in groups)
    runs = matching_runs(rewrite_stems, source_stems)
    n_rw = max(1, min(len(rewrite_stems), MAX_LCS_TOKENS))
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
    }


def _ratio(num: float, den: float) -> float:
    return float(min(1.0, num / den)) if den > 0 else 0.0


class VerdictModel:
    """Multinomial logistic regression over ``FEATURES``, stored as JSON."""

    def __init__(self, *, c: float = 1.0) -> None:
        self.c = c

    def fit(self, x: np.ndarray, y: Sequence[str]) -> VerdictModel:
        """Fit on a feature matrix (rows in ``FEATURES`` order) and labels from ``LABELS``."""
        from sklearn.linear_model import LogisticRegression

        self.mean_ = x.mean(axis=0)
        self.scale_ = np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
        clf = LogisticRegression(C=self.c, max_iter=5000)
        clf.fit((x - self.mean_) / self.scale_, list(y))
        self.classes_ = [str(c) for c in clf.classes_]
        self.coef_ = clf.coef_
        self.intercept_ = clf.intercept_
        return self

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order."""
        z = ((x - self.mean_) / self.scale_) @ self.coef_.T + self.intercept_
        if z.shape[1] == 1:  # binary: sklearn stores one row
            z = np.hstack([-z, z]) / 2
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def to_json(self, meta: dict[str, object]) -> str:
        """The model as JSON text with its provenance."""
        return json.dumps(
            {
                "features": list(FEATURES),
                "classes": self.classes_,
                "coef": self.coef_.tolist(),
                "intercept": self.intercept_.tolist(),
                "mean": self.mean_.tolist(),
                "scale": self.scale_.tolist(),
                "c": self.c,
                "meta": meta,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str, *, origin: str = "model") -> VerdictModel:
        """Read a model written by ``to_json``; refuse one built on other features."""
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{origin}: built on features {data['features']}, need {FEATURES}")
        model = cls(c=float(data.get("c", 1.0)))
        model.classes_ = list(data["classes"])
        model.coef_ = np.array(data["coef"], dtype=float)
        model.intercept_ = np.array(data["intercept"], dtype=float)
        model.mean_ = np.array(data["mean"], dtype=float)
        model.scale_ = np.array(data["scale"], dtype=float)
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


def feature_vector(features: dict[str, float]) -> np.ndarray:
    """The model's input row for one pair."""
    return np.array([[features[name] for name in FEATURES]], dtype=float)


def decide(
    features: dict[str, float],
    *,
    config: Config,
    model: VerdictModel,
    spin_rate: float,
    errors: int,
    warnings_count: int,
) -> Verdict:
    """The verdict: graded label, rewrite probability and the scores."""
    proba = dict(zip(model.classes_, model.predict_proba(feature_vector(features))[0], strict=True))
    p_rewrite = 1.0 - float(proba.get("unrelated", 0.0))
    is_rewrite = p_rewrite >= config.rewrite_probability and features["derived_fraction"] > 0
    if is_rewrite:
        label = max(LABELS[:3], key=lambda lab: proba.get(lab, 0.0))
    else:
        label = "unrelated"
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
