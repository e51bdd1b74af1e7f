"""Build the background IDF model in models/idf from Reuters-21578 and BBC News full text.

Usage: python scripts/build_idf.py [--data ../shared/data] [--out models/idf]
"""

from __future__ import annotations

import argparse
import html
import json
import platform
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from rewrite_detect.records import Article
from rewrite_detect.segment import build_document
from rewrite_detect.vectorize import IdfModel, all_stems, data_hash, stemmer_version

REPO = Path(__file__).resolve().parents[1]


def _texts(data: Path) -> Iterator[str]:
    with open(data / "reuters21578" / "reuters21578.jsonl", encoding="utf-8") as fh:
        for line in fh:
            body = json.loads(line).get("body") or ""
            if len(body) >= 200:
                yield html.unescape(body)
    with open(data / "bbc_news_fulltext" / "bbc_fulltext.jsonl", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)["text"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "models" / "idf")
    parser.add_argument("--min-df", type=int, default=2)
    args = parser.parse_args()
    inputs = [
        args.data / "reuters21578" / "reuters21578.jsonl",
        args.data / "bbc_news_fulltext" / "bbc_fulltext.jsonl",
    ]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        print(f"missing input data: {', '.join(missing)}", file=sys.stderr)
        return 1
    stems = (all_stems(build_document(Article(id="x", text=t)).tokens) for t in _texts(args.data))
    model = IdfModel(min_df=args.min_df).fit(stems)
    meta = {
        "what": "document frequencies of Snowball word stems (all words, contractions split)",
        "data": ["reuters21578/reuters21578.jsonl (bodies >= 200 chars)", "bbc_news_fulltext"],
        "data_sha256": data_hash(inputs),
        "built": date.today().isoformat(),
        "command": "python scripts/build_idf.py",
        "versions": {
            "python": platform.python_version(),
            "snowballstemmer": stemmer_version(),
        },
    }
    model.save(args.out, meta=meta)
    print(f"wrote {args.out}: {model.n_docs_} documents, {len(model.vocab_)} stems")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
