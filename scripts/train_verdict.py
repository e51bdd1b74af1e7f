"""Train the verdict model (models/verdict/model.json) and its threshold on Clough & Stevenson.

Usage: python scripts/train_verdict.py [--data ../shared/data]

Writes the model fitted on all 95 answers, and records in its meta the leave-one-out accuracy
of the same procedure (model and threshold refitted without each answer). The probability
threshold chosen on all answers goes to models/thresholds.json as ``rewrite_probability``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import date
from pathlib import Path

import numpy as np
import sklearn

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.eval.datasets import CLOUGH, load_clough, sha256_of  # noqa: E402
from tests.eval.runners import CLOUGH_LABELS, clough_features, fit_verdict, loo_predictions  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder")
    args = parser.parse_args()
    if args.data:
        os.environ["REWRITE_DETECT_DATA"] = str(args.data)
    items = load_clough()
    labels = [CLOUGH_LABELS[it.category] for it in items]
    rows = clough_features(items)
    preds = loo_predictions(rows, labels)
    pairs = list(zip(preds, labels, strict=True))
    binary = float(np.mean([(p != "unrelated") == (y != "unrelated") for p, y in pairs]))
    four = float(np.mean([p == y for p, y in pairs]))
    model, threshold = fit_verdict(rows, labels)
    from tests.eval.datasets import data_root

    meta = {
        "what": "two-stage logistic verdict: derived or not, then copy/light/heavy",
        "data": "Clough & Stevenson corpus of plagiarised short answers (95 answers)",
        "data_sha256": sha256_of(data_root() / CLOUGH),
        "n": len(items),
        "loo_binary_accuracy": round(binary, 4),
        "loo_four_class_accuracy": round(four, 4),
        "threshold": threshold,
        "built": date.today().isoformat(),
        "command": "python scripts/train_verdict.py",
        "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__},
    }
    out = REPO / "models" / "verdict"
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.json").write_text(model.to_json(meta) + "\n", encoding="utf-8")
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    thresholds = REPO / "models" / "thresholds.json"
    current = json.loads(thresholds.read_text(encoding="utf-8")) if thresholds.exists() else {}
    current.setdefault("parameters", {})["rewrite_probability"] = round(threshold, 6)
    current["provenance"] = {
        "rewrite_probability": {
            "objective": "accuracy",
            "data": "clough_stevenson",
            "data_sha256": meta["data_sha256"],
            "n": len(items),
            "command": "python scripts/train_verdict.py",
            "date": meta["built"],
        }
    }
    thresholds.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    print(f"LOO binary {binary:.3f}, 4-class {four:.3f}; threshold {threshold:.4f}; wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
