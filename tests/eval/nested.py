"""Nested leave-one-out for the grade stage (copy / light / heavy) on Clough & Stevenson.

The shipped grade feature (``scoring.GRADE_FEATURES``) was chosen on the same 95 answers that
score it, so a plain leave-one-out number would flatter it. Here the choice itself is inside the
cross-validation: for each held-out answer, every candidate feature is scored by an inner
leave-one-out over the other graded answers, the best one (ties: higher mean log-likelihood of
the true grade, then candidate order) is fitted on those answers, and only then is the held-out
answer graded. The binary stage (derived or not) is the shipped one, refitted without the
held-out answer as in ``runners.loo_predictions``.

Fitting ~1,650 small models per candidate with scikit-learn takes minutes, so the grade models
here come from :func:`fit_multinomial`, a Newton solver of the same objective as
``LogisticModel`` (standardised features, L2 penalty ``1 / (2C)``, free intercepts);
``tests/test_nested.py`` checks that the two agree.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

GRADES: tuple[str, ...] = ("copy", "light_rewrite", "heavy_rewrite")


@dataclass(frozen=True)
class MultinomialFit:
    """A fitted multinomial logistic model over standardised features."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # classes x features
    intercept: np.ndarray  # classes

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities for the rows of ``x``."""
        z = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def fit_multinomial(
    x: np.ndarray, y: np.ndarray, *, c: float = 1.0, n_classes: int = 3, iters: int = 50
) -> MultinomialFit:
    """Minimise the summed cross-entropy + ||W||^2 / (2c) by Newton's method with backtracking."""
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    scale = np.where(std > 0, std, 1.0)
    n, d = x.shape
    z = np.hstack([(x - mean) / scale, np.ones((n, 1))])
    onehot = np.eye(n_classes)[y]
    penalty = np.full(d + 1, 1.0 / c)
    penalty[-1] = 0.0
    theta = np.zeros((n_classes, d + 1))
    ridge = np.diag(np.tile(penalty + 1e-8, n_classes))

    def objective(t: np.ndarray) -> float:
        s = z @ t.T
        s -= s.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(s).sum(axis=1))
        return float(-((onehot * s).sum(axis=1) - log_norm).sum() + 0.5 * (penalty * t * t).sum())

    value = objective(theta)
    for _ in range(iters):
        s = z @ theta.T
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - onehot).T @ z + penalty * theta
        curvature = np.einsum("ik,kl->ikl", p, np.eye(n_classes)) - np.einsum("ik,il->ikl", p, p)
        hessian = np.einsum("ikl,ia,ib->kalb", curvature, z, z).reshape(
            n_classes * (d + 1), n_classes * (d + 1)
        )
        step = np.linalg.solve(hessian + ridge, grad.ravel()).reshape(n_classes, d + 1)
        t, new_theta, new_value = 1.0, theta - step, objective(theta - step)
        while new_value > value + 1e-12 and t > 1e-6:
            t /= 2
            new_theta = theta - t * step
            new_value = objective(new_theta)
        converged = abs(value - new_value) < 1e-10 * max(1.0, abs(value))
        theta, value = new_theta, new_value
        if converged and np.abs(grad).max() < 1e-6:
            break
    return MultinomialFit(mean, scale, theta[:, :d], theta[:, d])


@dataclass(frozen=True)
class CandidateScores:
    """Held-out grade probabilities of one candidate feature, for every way of holding out."""

    feature: str
    single: np.ndarray  # [a] probabilities of answer a, fitted without a
    double: np.ndarray  # [a, b] probabilities of answer b, fitted without a and b
    full: MultinomialFit  # fitted on every graded answer

    def inner_score(self, outer: int | None, y: np.ndarray) -> tuple[float, float]:
        """(accuracy, mean log-likelihood) of LOO over the graded answers except ``outer``."""
        idx = np.arange(len(y)) if outer is None else np.delete(np.arange(len(y)), outer)
        proba = self.single[idx] if outer is None else self.double[outer, idx]
        truth = proba[np.arange(len(idx)), y[idx]]
        accuracy = float((proba.argmax(axis=1) == y[idx]).mean())
        return accuracy, float(np.log(np.clip(truth, 1e-12, 1.0)).mean())


def candidate_scores(feature: str, x: np.ndarray, y: np.ndarray, c: float) -> CandidateScores:
    """Fit one feature's grade model without each answer and without each pair of answers."""
    n = len(y)
    single = np.zeros((n, len(GRADES)))
    double = np.zeros((n, n, len(GRADES)))
    everyone = np.arange(n)
    for a in range(n):
        keep = everyone != a
        single[a] = fit_multinomial(x[keep], y[keep], c=c).predict_proba(x[[a]])[0]
    for a, b in itertools.combinations(range(n), 2):
        keep = (everyone != a) & (everyone != b)
        proba = fit_multinomial(x[keep], y[keep], c=c).predict_proba(x[[a, b]])
        double[b, a], double[a, b] = proba[0], proba[1]
    return CandidateScores(feature, single, double, fit_multinomial(x, y, c=c))


def nested_grades(
    rows: Sequence[dict[str, float]],
    labels: Sequence[str],
    derived: Sequence[bool],
    candidates: Sequence[str],
    *,
    c: float = 1.0,
) -> tuple[list[str], list[str | None]]:
    """Predicted labels and the grade feature chosen for each answer, selection nested in LOO.

    ``derived[i]`` is the binary stage's decision for answer i made without it; answers judged
    not derived are ``unrelated`` and choose no feature.
    """
    graded = [i for i, lab in enumerate(labels) if lab != "unrelated"]
    y = np.array([GRADES.index(labels[i]) for i in graded])
    columns = {f: np.array([[rows[i][f]] for i in range(len(rows))]) for f in candidates}
    scores = [candidate_scores(f, columns[f][graded], y, c) for f in candidates]
    position = {i: k for k, i in enumerate(graded)}
    predictions: list[str] = []
    chosen: list[str | None] = []
    for i in range(len(rows)):
        if not derived[i]:
            predictions.append("unrelated")
            chosen.append(None)
            continue
        outer = position.get(i)
        best = max(range(len(scores)), key=lambda k: (*scores[k].inner_score(outer, y), -k))
        pick = scores[best]
        if outer is None:
            proba = pick.full.predict_proba(columns[pick.feature][[i]])[0]
        else:
            proba = pick.single[outer]
        predictions.append(GRADES[int(proba.argmax())])
        chosen.append(pick.feature)
    return predictions, chosen
