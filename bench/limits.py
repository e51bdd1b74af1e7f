"""Issue 7: time and peak memory of compare on huge, repetitive and many-sentence input.

Usage:
    python bench/limits.py                 # every case, full size (about 8 minutes)
    python bench/limits.py --case repeated_10k --case bbc_2mb_self
    python bench/limits.py --quick         # smaller sizes, a smoke run (about 1 minute)
    python bench/limits.py --check         # exit 1 when a case misses its wall-time target

Each case runs ``compare`` (or its refusal) in a fresh interpreter, so the peak memory is that
case's alone and the model loading is included, as for a user's one-off ``compare``. Times are
wall-clock seconds on the 2-core CI machine; the targets leave room for a loaded machine. The
inputs are built by ``tests/test_limits.py`` (which checks the same cases complete, without
timing them); the 2 MB articles use BBC News from ``../shared/data`` when present, else
synthetic sentences.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Case:
    """One benchmark: Python that sets ``result`` (or raises), and a wall-time target."""

    name: str
    body: str
    quick_body: str
    target_seconds: float
    note: str


CASES = (
    Case(
        "refuse_max_chars",
        'compare("A short source.", "y" * 2_000_001)',
        'compare("A short source.", "y" * 2_000_001)',
        5,
        "2,000,001 characters: refused before any work",
    ),
    Case(
        "refuse_max_sentences",
        'compare("A short source.", repeated(20_000))',
        "compare('A short source.', repeated(2_000), max_sentences=2_000)",
        30,
        "20,001 sentences: split, then refused",
    ),
    Case(
        "repeated_10k",
        "compare(repeated(10_000), repeated(10_000))",
        "compare(repeated(1_000), repeated(1_000))",
        180,
        "one sentence x 10,000, as source and rewrite",
    ),
    Case(
        "repeated_10k_vs_article",
        "compare(seed_source(), repeated(10_000))",
        "compare(seed_source(), repeated(1_000))",
        120,
        "a real source, the repeated sentence as rewrite",
    ),
    Case(
        "article_vs_repeated_10k",
        "compare(repeated(10_000), seed_source())",
        "compare(repeated(1_000), seed_source())",
        60,
        "the repeated sentence as source of a real rewrite",
    ),
    Case(
        "many_sentences_400kb",
        "compare(*many_sentences(400_000))",
        "compare(*many_sentences(60_000))",
        180,
        "~3,400 distinct sentences; the rewrite is every third article",
    ),
    Case(
        "bbc_2mb_self",
        "text = many_sentences(1_950_000)[0]; compare(text, text)",
        "text = many_sentences(200_000)[0]; compare(text, text)",
        900,
        "a 2 MB article (~16,000 sentences) against itself",
    ),
    Case(
        "unpunctuated_200kb",
        "compare(unpunctuated(30_000), unpunctuated(30_000, shuffle=True))",
        "compare(unpunctuated(5_000), unpunctuated(5_000, shuffle=True))",
        300,
        "one 30,000-word sentence against its words shuffled",
    ),
    Case(
        "unpunctuated_2mb",
        "compare(unpunctuated(260_000), unpunctuated(260_000, shuffle=True))",
        "compare(unpunctuated(20_000), unpunctuated(20_000, shuffle=True))",
        300,
        "one 1.9 MB sentence (260,000 words) against its words shuffled",
    ),
    Case(
        "spam_60k_words",
        "compare(spam(60_000), spam(60_000))",
        "compare(spam(6_000), spam(6_000))",
        300,
        "'buy cheap pills' x 20,000 in one line, against itself",
    ),
)

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
from rewrite_detect.pipeline import compare
from tests.test_limits import many_sentences, repeated, seed_source, spam, unpunctuated
started = time.perf_counter()
try:
    {statement}
    outcome = "completed"
except ValueError as exc:
    outcome = "refused: " + str(exc)[:90]
print(json.dumps({{
    "seconds": time.perf_counter() - started,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "outcome": outcome,
}}))
"""


def run_case(case: Case, *, quick: bool, timeout: float) -> dict[str, object]:
    """Run one case in a child interpreter; its wall time, CPU time and peak memory."""
    statement = case.quick_body if quick else case.body
    code = _CHILD.format(repo=str(REPO), statement=statement)
    started = time.perf_counter()
    try:
        out = subprocess.run(
            [sys.executable, "-W", "ignore", "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO,
        )
    except subprocess.TimeoutExpired:
        return {"case": case.name, "wall": timeout, "outcome": f"TIMEOUT after {timeout:.0f} s"}
    wall = time.perf_counter() - started
    if out.returncode != 0:
        return {"case": case.name, "wall": wall, "outcome": "CRASH: " + out.stderr[-300:]}
    child = json.loads(out.stdout.strip().splitlines()[-1])
    return {"case": case.name, "wall": wall, **child}


def _row(case: Case, res: dict[str, object], *, quick: bool) -> str:
    wall = float(res["wall"])  # type: ignore[arg-type]
    verdict = "-" if quick else ("ok" if wall <= case.target_seconds else "MISS")
    peak = res.get("peak_mb")
    peak_text = f"{peak:,.0f}" if isinstance(peak, float) else "-"
    return (
        f"| {case.name} | {wall:8.1f} | {res.get('seconds', float('nan')):8.1f} | "
        f"{peak_text} | {case.target_seconds:g} | {verdict} | {res['outcome']} |"
    )


def main() -> int:
    """Run the chosen cases and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=[c.name for c in CASES])
    parser.add_argument("--quick", action="store_true", help="smaller inputs, no targets")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--timeout", type=float, default=3_600, help="per case, seconds")
    args = parser.parse_args()
    chosen = [c for c in CASES if not args.case or c.name in args.case]
    print("| case | wall s | compare s | peak MB | target s | | outcome |")
    print("|---|---|---|---|---|---|---|")
    missed = False
    for case in chosen:
        res = run_case(case, quick=args.quick, timeout=args.timeout)
        print(_row(case, res, quick=args.quick), flush=True)
        missed |= float(res["wall"]) > case.target_seconds  # type: ignore[arg-type]
        missed |= not str(res["outcome"]).startswith(("completed", "refused"))
    for case in chosen:
        print(f"- {case.name}: {case.note}")
    return 1 if (args.check and missed and not args.quick) else 0


if __name__ == "__main__":
    sys.exit(main())
