"""Write a labels CSV for ``rewrite-detect tune`` from the Clough & Stevenson corpus.

Usage: python examples/clough_labels.py [--data DIR] [--out FILE]

Each of the 95 answers becomes a row ``source,rewrite,label``: the task's Wikipedia article
(``texts/orig_task<t>.txt``), the answer, and its category (cut / light / heavy / non, which
``tune`` reads as copy / light_rewrite / heavy_rewrite / unrelated). Paths point into the data
folder, never copying it: relative to the CSV's folder when ``--out`` is given and shares a
parent folder with the data, else absolute.
The corpus is for research and evaluation only (see its SOURCE.md), so it is not shipped.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clough_stevenson"


def label_rows(data: Path, base: Path | None) -> list[dict[str, str]]:
    """One row per answer of ``file_list.csv``; paths relative to ``base`` (None: absolute)."""
    texts = data.resolve() / "texts"

    def ref(path: Path) -> str:
        if base is None or os.path.commonpath([base, path]) == path.anchor:
            return str(path)  # nothing in common but the root: an absolute path reads better
        return os.path.relpath(path, base)

    rows = []
    listing = (data / "file_list.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(listing)):
        task = row["Task"].strip()
        rows.append(
            {
                "source": ref(texts / f"orig_task{task}.txt"),
                "rewrite": ref(texts / row["File"].strip()),
                "label": row["Category"].strip(),
                "id": row["File"].strip(),
            }
        )
    return rows


def main() -> int:
    """Parse arguments and write the CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="the clough_stevenson folder"
    )
    parser.add_argument("--out", type=Path, default=None, help="CSV to write (default: stdout)")
    args = parser.parse_args()
    if not (args.data / "file_list.csv").is_file():
        print(f"error: {args.data}/file_list.csv not found (use --data)", file=sys.stderr)
        return 2
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
    base = args.out.resolve().parent if args.out else None
    rows = label_rows(args.data, base)
    handle = args.out.open("w", newline="", encoding="utf-8") if args.out else sys.stdout
    try:
        writer = csv.DictWriter(handle, fieldnames=["source", "rewrite", "label", "id"])
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if args.out:
            handle.close()
    if args.out:
        print(f"wrote {len(rows)} labelled pairs to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
