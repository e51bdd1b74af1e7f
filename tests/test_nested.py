"""The Newton solver behind the nested evaluation fits what LogisticModel (scikit-learn) fits."""

from __future__ import annotations

import numpy as np
import pytest

from rewrite_detect.scoring import LogisticModel
from tests.eval.nested import GRADES, fit_multinomial


@pytest.mark.parametrize(("features", "c"), [(1, 1.0), (1, 0.1), (3, 10.0)])
def test_newton_fit_matches_logistic_model(features: int, c: float) -> None:
    rng = np.random.default_rng(7)
    y = np.repeat(np.arange(3), 19)
    x = rng.normal(size=(len(y), features)) + 0.8 * y[:, None] + rng.uniform(0, 5, features)
    names = [f"f{k}" for k in range(features)]
    rows = [dict(zip(names, row, strict=True)) for row in x]
    reference = LogisticModel(names, c=c).fit(rows, [GRADES[k] for k in y])
    order = [reference.classes_.index(g) for g in GRADES]
    expected = reference.predict_proba(rows)[:, order]
    got = fit_multinomial(x, y, c=c).predict_proba(x)
    # scikit-learn's lbfgs stops at its own tolerance (tol=1e-4), so agreement is not exact.
    assert np.abs(got - expected).max() < 2e-3
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).mean() > 0.98
