"""Issue 2, acceptance 5: compare on the seed pair vs difflib.HtmlDiff().make_file, in-process.

Usage: python bench/compare_speed.py [--repeat 15] [--profile 30]

Both run on the same two texts (examples/mali 002 -> 001) in one process after one warm-up run
(models load once, as in a long-lived process); the medians and their ratio are printed.
The target is a ratio <= 5. ``--profile N`` prints the N functions of ``compare`` with the most
own time under cProfile (over ``--repeat`` runs) after the timings.
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import time
from pathlib import Path

from rewrite_detect.ingest import read_article_file
from rewrite_detect.pipeline import compare

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "mali"


def _median_seconds(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm-up: model loading and first-call caches are not what we measure
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    source = read_article_file(SEEDS / "002_52ceadec900c4bd2.txt")
    rewrite = read_article_file(SEEDS / "001_7c31c2f309b64588.txt")
    a, b = source.text.splitlines(), rewrite.text.splitlines()
    t_difflib = _median_seconds(lambda: difflib.HtmlDiff().make_file(a, b), args.repeat)
    t_compare = _median_seconds(lambda: compare(source, rewrite), args.repeat)
    t_report = _median_seconds(lambda: compare(source, rewrite).to_html(), args.repeat)
    print(f"difflib HtmlDiff.make_file  median {1000 * t_difflib:8.1f} ms")
    print(f"rewrite-detect compare      median {1000 * t_compare:8.1f} ms")
    print(f"compare + HTML report       median {1000 * t_report:8.1f} ms")
    print(f"ratio compare / difflib      {t_compare / t_difflib:6.2f}  (target <= 5)")
    print(f"ratio with report / difflib  {t_report / t_difflib:6.2f}")
    if args.profile:
        _profile(lambda: compare(source, rewrite), args.repeat, args.profile)


def _profile(fn, repeat: int, top: int) -> None:  # type: ignore[no-untyped-def]
    """Where the time of ``fn`` goes: the ``top`` functions by own time, over ``repeat`` runs."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        fn()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    main()
