"""Tune the rewrite threshold from Python, for your own tuning scripts.

Usage: python examples/tune_example.py LABELS.csv [--out-dir DIR]

LABELS.csv has columns source, rewrite, label (see ``examples/clough_labels.py``, which writes
one for the Clough & Stevenson corpus). The script tunes ``rewrite_probability`` for two
operating points, prints the cross-validated metrics and a slice of the sweep table, tunes a
trivial baseline score (difflib ratio) on the same pairs for comparison, and writes the page of
curves and a thresholds file into DIR (default ``html_reports/tune_example``), never into
``models/``.
"""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from rewrite_detect.ingest import as_article
from rewrite_detect.tune import read_labels_csv, tune, tune_scores


def difflib_ratio(source: str, rewrite: str) -> float:
    """A trivial baseline score: difflib's similarity of the two word sequences."""
    return difflib.SequenceMatcher(None, source.split(), rewrite.split(), autojunk=False).ratio()


def main() -> int:
    """Tune, print, write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", type=Path, help="labels CSV: source,rewrite,label")
    parser.add_argument("--out-dir", type=Path, default=Path("html_reports/tune_example"))
    args = parser.parse_args()

    pairs, missing = read_labels_csv(args.labels)  # LabelledPair objects; missing files listed
    for m in missing:
        print("skipped:", m)

    # 1. Best F1, 5-fold stratified cross-validation (the defaults).
    best_f1 = tune(pairs, objective="f1", cv=5, seed=0, progress=True)
    print(f"best F1: threshold {best_f1.threshold:.4f}; cross-validated {best_f1.cv_metrics}")

    # 2. A cautious operating point: the highest recall that keeps precision >= 0.99.
    #    tune_scores reuses the scores, so compare does not run twice.
    cautious = tune_scores(
        [s.score for s in best_f1.scores],
        [p.label for p in pairs],
        objective="precision>=0.99",
        cv="loo",
        ids=[s.id for s in best_f1.scores],
    )
    cv = cautious.cv_metrics
    print(
        f"precision >= 0.99: threshold {cautious.threshold:.4f}; held out: "
        f"precision {cv['precision']:.3f}, recall {cv['recall']:.3f} ({cv['scheme']})"
    )

    # The full sweep is a table: one dict per candidate threshold (pandas.DataFrame(rows) works).
    rows = best_f1.sweep_rows()
    print(f"{len(rows)} candidate thresholds; around the chosen one:")
    at = next(i for i, r in enumerate(rows) if r["threshold"] == best_f1.chosen.threshold)
    for r in rows[max(0, at - 2) : at + 3]:
        print(
            f"  {r['threshold']:.4f}  precision {r['precision']:.3f}  recall {r['recall']:.3f}"
            f"  F1 {r['f1']:.3f}  tp {r['tp']} fp {r['fp']} fn {r['fn']}"
        )

    # 3. Any score of your own can be tuned the same way, e.g. a baseline to compare against.
    texts = [
        (as_article(p.source, default_id="s"), as_article(p.rewrite, default_id="r")) for p in pairs
    ]
    baseline = tune_scores(
        [difflib_ratio(s.text, r.text) for s, r in texts],
        [p.label for p in pairs],
        objective="f1",
    )
    print(f"difflib ratio baseline: cross-validated F1 {baseline.cv_metrics['f1']:.3f}")

    # 4. The page of curves (with sweep.csv and scores.csv beside it) and a thresholds file.
    thresholds = best_f1.write_thresholds(args.out_dir / "thresholds.json")
    page = best_f1.write_report(args.out_dir, saved_to=thresholds)
    print(f"wrote {thresholds} and {page}")
    print(f"use it: rewrite-detect compare SOURCE REWRITE --thresholds {thresholds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
