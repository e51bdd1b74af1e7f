"""Benchmark: ``scan`` on a 100,000-article corpus built from the shared data, and its growth.

How a corpus of N articles is built (seeded, so every run builds the same one):

* **originals** (21.3% of N, all 21,268 at N=100k): the 2,225 BBC News articles (``outlet="BBC"``,
  no dates) and the 19,043 Reuters-21578 stories (``outlet="Reuters"``, dated), shuffled;
* **planted rewrites** (2% of N): ``plant_rewrite`` on originals with at least three prose
  sentences (3 planted errors/warnings plus synonym, merge, split and reordering spin), by five
  ``farm-K`` outlets, dated one day after a dated source;
* **recombinations** (the rest, ~77%): "mosaic" articles made of one prose sentence from each of
  6-10 originals that have at least 6 prose sentences, shuffled, by twenty ``mix-K`` outlets
  (dated a day after their latest source when all sources are dated). Each shares one sentence
  with several originals and takes at most a sixth of any: the partial, topical overlap a large
  crawl is full of, which retrieval must not flood the comparison stage with. (Drawn from short
  stories too, a mosaic would contain whole two-sentence Reuters items and be, fairly, judged
  their copy; that is a different corpus, not a harder version of this one.)

It is written as four files (``bbc.jsonl``, ``reuters.jsonl``, ``farms.jsonl``,
``mix.jsonl.gz``) and scanned like any user corpus, on the local engine with all cores. For
each size we report wall time, the peak memory of the whole process tree (PSS, sampled),
the time per stage, the pairs compared and the recall of the planted pairs.

    python bench/scan_100k.py                          # N = 100,000
    python bench/scan_100k.py --sizes 10000 25000 50000 100000   # the growth curve
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scan_reuters import (  # the sibling bench script, found through sys.path
    ROOT,
    load_average,
    plant_records,
    read_pairs,
    recall,
    report_line,
    reuters_records,
    timed_scan,
    write_jsonl,
)

ORIGINAL_SHARE = 21_268 / 100_000
PLANTED_SHARE = 0.02
MIXERS = 20
MOSAIC_MIN_SENTENCES = 6


def bbc_records() -> list[dict[str, Any]]:
    """The BBC articles as records (no dates in this corpus)."""
    sys.path.insert(0, str(ROOT))
    from tests.eval.datasets import load_bbc_articles

    return [
        {"id": f"bbc/{a.id}", "title": a.title, "text": a.text, "outlet": "BBC"}
        for a in load_bbc_articles()
    ]


def mosaics(
    originals: Sequence[dict[str, Any]], n: int, rng: random.Random
) -> list[dict[str, Any]]:
    """``n`` shuffled recombinations: one prose sentence from each of 6-10 long originals.

    Only originals with at least ``MOSAIC_MIN_SENTENCES`` prose sentences give sentences, so no
    original loses more than a sixth of itself to one mosaic. A mosaic is dated a day after its
    latest source when every source is dated, else undated.
    """
    from tests.eval.plant import prose_sentences

    pools = [prose_sentences(r["text"]) for r in originals]
    usable = [i for i, p in enumerate(pools) if len(p) >= MOSAIC_MIN_SENTENCES]
    out = []
    for j in range(n):
        sources = rng.sample(usable, rng.randint(6, 10))
        sentences = [rng.choice(pools[i]) for i in sources]
        rng.shuffle(sentences)
        title = " ".join(sentences[0].split()[:8]).rstrip(".,;:")
        paragraphs = [" ".join(sentences[k : k + 2]) for k in range(0, len(sentences), 2)]
        dates = [originals[i].get("published") for i in sources]
        published = None
        if all(dates):
            published = (datetime.fromisoformat(max(dates)) + timedelta(days=1)).isoformat()
        out.append(
            {
                "id": f"mix-{j % MIXERS}/{j}",
                "text": title + "\n\n" + "\n\n".join(paragraphs),
                "outlet": f"mix-{j % MIXERS}",
                "published": published,
            }
        )
    return out


def build_corpus(n: int, seed: int, folder: Path) -> tuple[int, dict[str, str], dict[str, int]]:
    """Write an N-article corpus into ``folder``; returns N, planted truth and the composition."""
    rng = random.Random(seed)
    originals = bbc_records() + reuters_records()
    rng.shuffle(originals)
    originals = originals[: min(len(originals), round(ORIGINAL_SHARE * n))]
    planted, truth = plant_records(originals, n=round(PLANTED_SHARE * n), seed=seed, dated=True)
    mixed = mosaics(originals, max(0, n - len(originals) - len(planted)), rng)
    folder.mkdir(parents=True, exist_ok=True)
    write_jsonl(folder / "bbc.jsonl", [r for r in originals if r["outlet"] == "BBC"])
    write_jsonl(folder / "reuters.jsonl", [r for r in originals if r["outlet"] == "Reuters"])
    write_jsonl(folder / "farms.jsonl", planted)
    with gzip.open(folder / "mix.jsonl.gz", "wt", encoding="utf-8") as fh:
        for rec in mixed:
            fh.write(json.dumps(rec) + "\n")
    composition = {"originals": len(originals), "planted": len(planted), "mosaics": len(mixed)}
    return len(originals) + len(planted) + len(mixed), truth, composition


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Build and scan each size; print and return the measurements."""
    work = Path(args.workdir or tempfile.mkdtemp(prefix="rd-100k-"))
    results: dict[str, Any] = {"sizes": {}}
    for size in args.sizes:
        t0 = time.perf_counter()
        total, truth, composition = build_corpus(size, args.seed, work / f"corpus-{size}")
        report_line(
            f"[{size}] corpus",
            f"{total} articles {composition}, built in {time.perf_counter() - t0:.0f} s",
        )
        timed = timed_scan(
            work / f"corpus-{size}", work / f"out-{size}", workers=args.workers, quiet=True
        )
        rows = read_pairs(work / f"out-{size}")
        rec = recall(rows, truth)
        entry = {
            "articles": total,
            "composition": composition,
            "wall_s": round(timed.seconds, 1),
            "cpu_s": round(timed.cpu_seconds, 1),
            "load_after": load_average(),
            "peak_pss_mb": round(timed.peak_pss_mb),
            "stage_s": timed.result.timings,
            "pairs_compared": len(rows),
            "rewrite_pairs": sum(r["is_rewrite"] == "true" for r in rows),
            "recall": rec["recall"],
            "direction_accuracy": rec["direction_accuracy"],
        }
        results["sizes"][str(size)] = entry
        report_line(f"[{size}] wall", f"{timed.seconds:.1f} s, cpu {timed.cpu_seconds:.0f} s")
        report_line(f"[{size}] machine", load_average())
        report_line(f"[{size}] peak memory", f"{timed.peak_pss_mb:.0f} MB PSS (all processes)")
        report_line(f"[{size}] stages (s)", json.dumps(timed.result.timings))
        report_line(f"[{size}] pairs", f"{len(rows)} compared, {entry['rewrite_pairs']} rewrites")
        report_line(
            f"[{size}] planted recall", f"{rec['found']}/{rec['planted']} = {rec['recall']}"
        )
    sizes = sorted(results["sizes"], key=int)
    if len(sizes) >= 2:
        lo, hi = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
        exponent = math.log(hi["wall_s"] / lo["wall_s"]) / math.log(hi["articles"] / lo["articles"])
        results["growth_exponent"] = round(exponent, 2)
        report_line("growth", f"time ~ N^{exponent:.2f} from {sizes[0]} to {sizes[-1]}")
        for name in lo["stage_s"]:
            a, b = lo["stage_s"][name], hi["stage_s"][name]
            if a > 0.05 and b > 0.05:
                e = math.log(b / a) / math.log(hi["articles"] / lo["articles"])
                report_line(f"  stage {name}", f"{a:.1f} s -> {b:.1f} s (~N^{e:.2f})")
    if args.results:
        Path(args.results).parent.mkdir(parents=True, exist_ok=True)
        Path(args.results).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def parser() -> argparse.ArgumentParser:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--workdir", default=None, help="keep corpora and outputs here")
    p.add_argument("--results", default=None, help="also write the results as JSON here")
    return p


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    run(parser().parse_args())
