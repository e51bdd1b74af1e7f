"""Print every evaluation table with its trivial baselines and the package versions.

python -m tests.eval.report [--bbc-articles 300]
"""

from __future__ import annotations

import argparse
import platform
from importlib.metadata import version

from tests.eval.datasets import load_clough
from tests.eval.runners import bbc_alignment, clough_table, extra_tables

PACKAGES = (
    "rewrite-detect",
    "numpy",
    "scipy",
    "scikit-learn",
    "blingfire",
    "snowballstemmer",
    "rapidfuzz",
)


def _versions() -> str:
    parts = [f"python {platform.python_version()}"]
    for name in PACKAGES:
        try:
            parts.append(f"{name} {version(name)}")
        except Exception:
            continue
    return ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc-articles", type=int, default=300)
    args = parser.parse_args()
    print(f"versions: {_versions()}\n")
    print(
        "Clough & Stevenson (95 answers, leave-one-out; "
        "thresholds never fitted on the scored answer)"
    )
    print(f"{'method':40s} {'binary':>8s} {'4-class':>8s}")
    for row in clough_table(load_clough()):
        print(f"{row.method:40s} {row.binary:8.3f} {row.four_class:8.3f}")
    print(
        "published lexical baselines (SOURCE.md): binary 0.968 (NB), 4-class 0.726 (LR); "
        "majority 0.400\n"
    )
    print(
        f"BBC extractive summaries ({args.bbc_articles} articles): "
        "summary sentence -> its article sentence"
    )
    print(f"{'method':40s} {'found':>7s} {'total':>7s} {'rate':>7s}")
    for row in bbc_alignment(args.bbc_articles):
        print(f"{row.method:40s} {row.found:7d} {row.total:7d} {row.rate:7.4f}")
    for title, lines in extra_tables():
        print(f"\n{title}")
        for line in lines:
            print(line)


if __name__ == "__main__":
    main()
