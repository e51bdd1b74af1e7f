"""Evaluation runners shared by the quality gate (tests/test_quality_gate.py), the evaluation
script (python -m tests.eval.report) and model training (scripts/train_verdict.py).

Every runner returns plain numbers; thresholds are never fitted on the items being scored.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from rewrite_detect.config import Config
from rewrite_detect.pipeline import compare
from rewrite_detect.records import Article
from rewrite_detect.scoring import LogisticModel, VerdictModel
from rewrite_detect.tune import choose, sweep
from tests.eval.datasets import (
    CloughItem,
    bbc_gold_alignment,
    load_bbc_articles,
    load_bbc_summaries,
)
from tests.eval.nested import nested_grades

CLOUGH_LABELS = {
    "cut": "copy",
    "light": "light_rewrite",
    "heavy": "heavy_rewrite",
    "non": "unrelated",
}


@dataclass(frozen=True)
class ClassScores:
    """Binary (reuse or not) and 4-class accuracy of one method."""

    method: str
    binary: float
    four_class: float


def clough_features(
    items: Sequence[CloughItem], config: Config | None = None
) -> list[dict[str, float]]:
    """compare's features for each answer against its task's source."""
    return [compare(it.source_text, it.text, config=config).features for it in items]


def fit_verdict(
    rows: Sequence[dict[str, float]], labels: Sequence[str]
) -> tuple[VerdictModel, float]:
    """Fit the verdict model and choose its probability threshold by accuracy on the same rows."""
    model = VerdictModel().fit(rows, labels)
    proba = model.rewrite_probability(rows)
    point = choose(sweep(proba, [lab != "unrelated" for lab in labels]), "accuracy")
    return model, point.threshold


def loo_predictions(rows: Sequence[dict[str, float]], labels: Sequence[str]) -> list[str]:
    """Leave-one-out: each answer scored by a model and threshold fitted on the other answers."""
    preds = []
    for i in range(len(rows)):
        train = [r for j, r in enumerate(rows) if j != i]
        train_y = [lab for j, lab in enumerate(labels) if j != i]
        model, threshold = fit_verdict(train, train_y)
        p = float(model.rewrite_probability([rows[i]])[0])
        preds.append(model.grade([rows[i]])[0] if p >= threshold else "unrelated")
    return preds


def _accuracy(preds: Sequence[str], labels: Sequence[str]) -> ClassScores:
    binary = np.mean(
        [(p != "unrelated") == (y != "unrelated") for p, y in zip(preds, labels, strict=True)]
    )
    four = np.mean([p == y for p, y in zip(preds, labels, strict=True)])
    return ClassScores("", float(binary), float(four))


def single_score_loo(scores: Sequence[float], labels: Sequence[str]) -> list[str]:
    """A trivial baseline: one score, binary threshold and 4-class logistic fit, leave-one-out."""
    rows = [{"score": s} for s in scores]
    preds = []
    for i in range(len(rows)):
        idx = [j for j in range(len(rows)) if j != i]
        point = choose(
            sweep([scores[j] for j in idx], [labels[j] != "unrelated" for j in idx]), "accuracy"
        )
        if scores[i] < point.threshold:
            preds.append("unrelated")
            continue
        graded = [j for j in idx if labels[j] != "unrelated"]
        model = LogisticModel(("score",)).fit(
            [rows[j] for j in graded], [labels[j] for j in graded]
        )
        proba = model.predict_proba([rows[i]])[0]
        preds.append(model.classes_[int(proba.argmax())])
    return preds


def difflib_ratio(a: str, b: str) -> float:
    """difflib's ratio over lower-cased words."""
    return difflib.SequenceMatcher(
        None, a.lower().split(), b.lower().split(), autojunk=False
    ).ratio()


def tfidf_cosines(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """Plain TF-IDF cosine (scikit-learn defaults, fitted on all texts of the pairs; no labels)."""
    vec = TfidfVectorizer().fit([t for pair in pairs for t in pair])
    a = vec.transform([p[0] for p in pairs])
    b = vec.transform([p[1] for p in pairs])
    return np.asarray(a.multiply(b).sum(axis=1)).ravel().tolist()


def clough_table(items: Sequence[CloughItem]) -> list[ClassScores]:
    """rewrite-detect and the trivial baselines on Clough & Stevenson, leave-one-out."""
    labels = [CLOUGH_LABELS[it.category] for it in items]
    rows = clough_features(items)
    out = []
    preds = loo_predictions(rows, labels)
    ours = _accuracy(preds, labels)
    out.append(ClassScores("rewrite-detect (LOO)", ours.binary, ours.four_class))
    derived = [p != "unrelated" for p in preds]
    nested_preds, _ = nested_grades(rows, labels, derived, list(rows[0]))
    nested = _accuracy(nested_preds, labels)
    out.append(
        ClassScores(
            "rewrite-detect (nested: grade feature chosen in LOO)",
            nested.binary,
            nested.four_class,
        )
    )
    baselines: dict[str, Callable[[], list[float]]] = {
        "difflib ratio (LOO threshold)": lambda: [
            difflib_ratio(it.source_text, it.text) for it in items
        ],
        "TF-IDF cosine (LOO threshold)": lambda: tfidf_cosines(
            [(it.source_text, it.text) for it in items]
        ),
    }
    for name, score_fn in baselines.items():
        acc = _accuracy(single_score_loo(score_fn(), labels), labels)
        out.append(ClassScores(name, acc.binary, acc.four_class))
    return out


def clough_metrics(items: Sequence[CloughItem]) -> dict[str, float]:
    """Gated Clough & Stevenson metrics (leave-one-out, and nested for the grade feature)."""
    ours, nested = clough_table(items)[:2]
    return {
        "clough_binary_accuracy": ours.binary,
        "clough_four_class_accuracy": ours.four_class,
        "clough_four_class_nested_accuracy": nested.four_class,
    }


def bbc_metrics(n_articles: int = 300) -> dict[str, float]:
    """Gated BBC summary alignment rate."""
    return {"bbc_summary_alignment_rate": bbc_alignment(n_articles)[0].rate}


def extra_suites() -> list[tuple[str, Callable[[], dict[str, float]]]]:
    """Suites from the findings evaluation (planted errors, MRPC), when present."""
    try:
        from tests.eval import findings_eval
    except ImportError:
        return []
    suites = getattr(findings_eval, "GATE_SUITES", None)
    return list(suites) if suites else []


def extra_tables() -> list[tuple[str, list[str]]]:
    """Tables from the findings evaluation (planted errors, MRPC), when present."""
    try:
        from tests.eval import findings_eval
    except ImportError:
        return []
    tables = getattr(findings_eval, "report_tables", None)
    return list(tables()) if tables else []


@dataclass(frozen=True)
class AlignmentScore:
    """Share of gold summary sentences aligned to the article sentence they were copied from."""

    method: str
    found: int
    total: int
    articles: int

    @property
    def rate(self) -> float:
        """found / total."""
        return self.found / self.total if self.total else 0.0


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def bbc_alignment(n_articles: int = 300) -> list[AlignmentScore]:
    """Align each BBC human summary (the rewrite) to its article (the source), first n articles."""
    articles = load_bbc_articles()[:n_articles]
    summaries = load_bbc_summaries()
    found = total = 0
    base = {"difflib ratio (best match)": [0, 0], "TF-IDF cosine (best match)": [0, 0]}
    for art in articles:
        summary = summaries.get(art.id)
        if not summary:
            continue
        gold = bbc_gold_alignment(art.text, summary)
        result = compare(
            Article(id=art.id, text=art.text), Article(id=art.id + "#summary", text=summary)
        )
        src_sents = result.source.sentences
        rw_sents = result.rewrite.sentences
        for sum_span, art_span in gold:
            total += 1
            hit = any(
                any(_overlaps(sum_span, (rw_sents[r].start, rw_sents[r].end)) for r in al.rewrite)
                and any(
                    _overlaps(art_span, (src_sents[s].start, src_sents[s].end)) for s in al.source
                )
                for al in result.alignments
            )
            found += hit
            _baseline_hits(base, summary[sum_span[0] : sum_span[1]], art_span, src_sents)
    out = [AlignmentScore("rewrite-detect", found, total, len(articles))]
    out += [AlignmentScore(name, hits, n, len(articles)) for name, (hits, n) in base.items()]
    return out


def _baseline_hits(
    base: dict[str, list[int]], sentence: str, art_span: tuple[int, int], src_sents: Sequence
) -> None:
    texts = [s.text for s in src_sents]
    if not texts:
        return
    ratios = [difflib_ratio(t, sentence) for t in texts]
    cos = tfidf_cosines([(t, sentence) for t in texts])
    for name, scores in (
        ("difflib ratio (best match)", ratios),
        ("TF-IDF cosine (best match)", cos),
    ):
        best = int(np.argmax(scores))
        base[name][0] += _overlaps(art_span, (src_sents[best].start, src_sents[best].end))
        base[name][1] += 1
