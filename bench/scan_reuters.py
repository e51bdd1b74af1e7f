"""Benchmark: ``scan`` on the 19,043 Reuters-21578 stories with planted spun rewrites among them.

What it measures (bench/README.md has the numbers and how to read them):

* wall time and peak memory of the scan, beside the wall time of a plain scikit-learn
  ``TfidfVectorizer().fit`` of the same texts measured in the same run (the ratio is the figure of
  merit: acceptance asks for at most 30x);
* recall: the share of planted (source, rewrite) pairs that the scan reports as rewrites, and the
  share whose direction it got right;
* extra pairs: every other pair judged a rewrite, with a sample printed for checking by hand and a
  first automatic sorting (exact duplicate body, same headline, else "check").

The corpus: each story is ``title + blank line + body`` with ``outlet="Reuters"`` and its date as
``published`` (ISO 8601). ``--plant N`` stories with at least three prose sentences (seeded choice)
get a rewrite by ``tests/eval/plant.py:plant_rewrite`` (3 planted errors or warnings and synonym,
merge, split and reordering spin), published one day later by one of five ``farm-N`` outlets
(``--undated``: rewrites without a date, so the direction must come from the evidence). A planted
``inserted_content`` paragraph is taken from a BBC News article (seeded choice per rewrite), i.e.
from outside the scanned corpus, so it links the rewrite to no other scanned story. It is
written as one JSONL file and read back by the scan like any user corpus.

    python bench/scan_reuters.py                      # local engine, all cores
    python bench/scan_reuters.py --engine dask        # same on a Dask LocalCluster
    python bench/scan_reuters.py --compare-engines    # both, and check pairs.csv is identical
    python bench/scan_reuters.py --include-same-outlet  # Reuters-Reuters pairs compared too

Needs the evaluation data (``$REWRITE_DETECT_DATA`` or ``<repo>/../shared/data``): the
``reuters21578`` and ``bbc_news_fulltext`` folders.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FARMS = 5


# --------------------------------------------------------------------------- measuring


class PeakMemory:
    """Samples the memory (PSS) and CPU time of this process and all its descendants.

    PSS splits shared pages between the processes that share them, so the sum over a process
    tree is what the tree really occupies. CPU time is kept per process (the last value seen),
    because pool workers started by a fork server are not this process's children and never
    show up in ``os.times()``.
    """

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.peak_bytes = 0
        self.cpu_by_pid: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    @property
    def cpu_seconds(self) -> float:
        """User + system CPU seconds of every process seen (the workers until their last sample)."""
        return sum(self.cpu_by_pid.values())

    def sample(self) -> int:
        """One measurement of the tree's PSS and CPU, keeping the peak."""
        import psutil

        me = psutil.Process()
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            try:
                total += proc.memory_full_info().pss
                cpu = proc.cpu_times()
                self.cpu_by_pid[proc.pid] = cpu.user + cpu.system
            except (psutil.Error, OSError):
                continue
        self.peak_bytes = max(self.peak_bytes, total)
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)


def maxrss_mb() -> tuple[float, float]:
    """Peak RSS (MB) of this process and of its largest finished child, from getrusage."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def time_tfidf_fit(texts: Sequence[str], repeats: int = 3) -> float:
    """The fastest of ``repeats`` plain ``TfidfVectorizer().fit(texts)`` (seconds)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        TfidfVectorizer().fit(texts)
        best = min(best, time.perf_counter() - start)
    return best


@dataclass(frozen=True)
class Timed:
    """Wall time and memory of one scan."""

    seconds: float
    cpu_seconds: float  # user + system of the whole process tree during the scan
    peak_pss_mb: float
    result: Any


def timed_scan(corpus: Path, out: Path, **kwargs: Any) -> Timed:
    """Run ``scan`` on a corpus folder, measuring wall time and the process tree's peak PSS."""
    from rewrite_detect.scan import scan

    with PeakMemory() as mem:
        mem.sample()
        cpu_before = mem.cpu_seconds
        start = time.perf_counter()
        result = scan([corpus], out_dir=out, **kwargs)
        seconds = time.perf_counter() - start
    return Timed(seconds, mem.cpu_seconds - cpu_before, mem.peak_bytes / 2**20, result)


def load_average() -> str:
    """The 1-minute load average and the core count, to judge how busy the machine was."""
    return f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


# --------------------------------------------------------------------------- the corpus


def iso_date(reuters_date: str) -> str | None:
    """'26-FEB-1987 15:01:01.79' -> '1987-02-26T15:01:01'."""
    try:
        moment = datetime.strptime(reuters_date.strip().split(".")[0], "%d-%b-%Y %H:%M:%S")
    except ValueError:
        return None
    return moment.isoformat()


def reuters_records() -> list[dict[str, Any]]:
    """The Reuters stories as article records (id, title, text, outlet, published)."""
    from tests.eval.datasets import load_reuters

    out = []
    for story in load_reuters(min_chars=0):
        text = f"{story.title}\n\n{story.text}" if story.title else story.text
        out.append(
            {
                "id": f"reuters/{story.id}",
                "title": story.title or None,
                "text": text,
                "outlet": "Reuters",
                "published": iso_date(story.date),
            }
        )
    return out


def bbc_filler_texts() -> list[str]:
    """The BBC News articles' texts, the outside pool planted inserted paragraphs come from.

    Raises ``FileNotFoundError`` naming the missing ``bbc_news_fulltext`` folder.
    """
    from tests.eval.datasets import load_bbc_articles

    return [a.text for a in load_bbc_articles()]


def plant_records(
    records: Sequence[dict[str, Any]],
    *,
    n: int,
    seed: int,
    dated: bool,
    min_sentences: int = 3,
    filler_texts: Sequence[str] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Planted rewrites of ``n`` seeded-random eligible records, and {rewrite id: source id}.

    A planted ``inserted_content`` sentence comes from one text of ``filler_texts`` per rewrite
    (seeded choice; give texts that are not in the scanned corpus, or the rewrite really does
    copy a scanned story); without them, from another record (``scan_100k.py``, whose corpus
    holds every text of the shared data).
    """
    from tests.eval.plant import plant_rewrite, prose_sentences

    rng = random.Random(seed)
    eligible = [
        i for i, r in enumerate(records) if len(prose_sentences(r["text"])) >= min_sentences
    ]
    chosen = rng.sample(eligible, min(n, len(eligible)))
    donors = random.Random(f"filler/{seed}")  # its own stream: the chosen records stay the same
    planted, truth = [], {}
    for k, index in enumerate(chosen):
        rec = records[index]
        if filler_texts:
            donor_text = filler_texts[donors.randrange(len(filler_texts))]
        else:
            donor_text = records[(index + 7919) % len(records)]["text"]
        pair = plant_rewrite(
            rec["text"],
            seed=seed * 100_003 + k,
            n_errors=3,
            spin=0.3,
            filler=prose_sentences(donor_text),
        )
        farm = f"farm-{k % FARMS}"
        rid = f"{farm}/{rec['id'].split('/', 1)[1]}"
        published = None
        if dated and rec.get("published"):
            published = (datetime.fromisoformat(rec["published"]) + timedelta(days=1)).isoformat()
        planted.append(
            {"id": rid, "text": pair.rewrite_text, "outlet": farm, "published": published}
        )
        truth[rid] = rec["id"]
    return planted, truth


def write_jsonl(path: Path, records: Sequence[dict[str, Any]]) -> None:
    """One JSON object per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps({k: v for k, v in rec.items() if v is not None}) + "\n")


# --------------------------------------------------------------------------- scoring the scan


def read_pairs(out: Path) -> list[dict[str, str]]:
    """The rows of a scan's pairs.csv."""
    with (out / "pairs.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def recall(rows: Sequence[dict[str, str]], truth: dict[str, str]) -> dict[str, Any]:
    """Planted pairs found as rewrites (either direction) and those with the right direction."""
    found, right, basis = 0, 0, {}
    by_pair = {frozenset((r["source_id"], r["rewrite_id"])): r for r in rows}
    missed = []
    for rid, sid in sorted(truth.items()):
        row = by_pair.get(frozenset((rid, sid)))
        if row and row["is_rewrite"] == "true":
            found += 1
            ok = row["source_id"] == sid
            right += ok
            basis[row["direction_basis"]] = basis.get(row["direction_basis"], 0) + 1
        else:
            missed.append((sid, rid, row["probability"] if row else "not a candidate"))
    n = len(truth) or 1
    return {
        "planted": len(truth),
        "found": found,
        "recall": round(found / n, 4),
        "direction_right": right,
        "direction_accuracy": round(right / max(found, 1), 4),
        "direction_basis": basis,
        "missed": missed,
    }


def extra_pairs(
    rows: Sequence[dict[str, str]], truth: dict[str, str], texts: dict[str, str]
) -> list[dict[str, Any]]:
    """Pairs judged rewrites that were not planted, each sorted into a first category.

    A farm rewrite stands for its own source. ``duplicate``: the two stories' bodies are the
    same; ``same headline``: they share their title line; ``filler``: the farm rewrite holds a
    sentence of the other story verbatim (``inserted_content`` planted from it); ``check``:
    needs a look. The hand check in bench/README.md sorts ``check`` further.
    """
    planted = {frozenset(p) for p in truth.items()}
    out = []
    for row in rows:
        if row["is_rewrite"] != "true":
            continue
        pair = (row["source_id"], row["rewrite_id"])
        if frozenset(pair) in planted:
            continue
        a, b = (truth.get(x, x) for x in pair)  # a farm rewrite stands for its source
        ta, tb = texts.get(a, ""), texts.get(b, "")
        if a == b or _body(ta) == _body(tb):
            kind = "duplicate"
        elif ta.split("\n", 1)[0].strip() == tb.split("\n", 1)[0].strip():
            kind = "same headline"
        elif _shares_a_sentence(texts, pair, truth):
            kind = "filler"
        else:
            kind = "check"
        out.append({**row, "category": kind, "stands_for": (a, b)})
    return out


HAND_LABELS = Path(__file__).with_name("reuters_extra_labels.csv")


def label_by_hand(extra: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Extra pairs with the label they got when read by hand (``reuters_extra_labels.csv``).

    The file holds every extra pair of the default run (``--plant 500 --seed 1``), each read in
    full: ``version`` (same story: another version, a correction or a duplicate), ``follow-up``
    (a new story repeating paragraphs of an earlier one), ``recurring`` (another issue of a
    templated report with too few differing figures for the guard), ``planted-insertion`` (the
    other story is where the generator took a planted inserted paragraph from, so the farm
    rewrite really does copy it: no longer possible since that paragraph comes from BBC News).
    It also holds 5 pairs that only the ``--undated`` run judges rewrites. A pair is looked up
    in either direction (without dates it may point the other way); one not in the file is
    ``unread``: read it, then add it.
    """
    with HAND_LABELS.open(encoding="utf-8", newline="") as fh:
        labels = {
            frozenset((r["source_id"], r["rewrite_id"])): r["label"] for r in csv.DictReader(fh)
        }
    return [
        {**e, "hand_label": labels.get(frozenset((e["source_id"], e["rewrite_id"])), "unread")}
        for e in extra
    ]


def _shares_a_sentence(texts: dict[str, str], pair: tuple[str, str], truth: dict[str, str]) -> bool:
    """Whether the farm side holds, verbatim, a sentence of the other story its source lacks."""
    from tests.eval.plant import prose_sentences

    farm = next((x for x in pair if x in truth), None)
    if farm is None:
        return False
    other = pair[1] if farm == pair[0] else pair[0]
    flat = " ".join(texts[farm].split())
    own = " ".join(texts[truth[farm]].split())
    return any(s in flat and s not in own for s in prose_sentences(texts.get(other, "")))


def _body(text: str) -> str:
    return " ".join(text.split("\n", 2)[-1].split())


def show_extra(extra: Sequence[dict[str, Any]], texts: dict[str, str], k: int, seed: int) -> str:
    """A printable sample of extra pairs: ids, scores and the start of both texts."""
    rng = random.Random(seed)
    sample = rng.sample(list(extra), min(k, len(extra)))
    lines = []
    for row in sorted(sample, key=lambda r: r["source_id"]):
        lines.append(
            f"-- {row['source_id']} -> {row['rewrite_id']}  [{row['category']}]  "
            f"best_source={row['best_source']} "
            f"p={row['probability']} label={row['label']} sim={row['candidate_similarity']} "
            f"errors={row['errors']}"
        )
        for side in ("source_id", "rewrite_id"):
            text = " ".join(texts.get(row[side], "").split())
            lines.append(f"   {side[:-3]:>7}: {text[:300]}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def report_line(name: str, value: Any) -> None:
    """Print one aligned result line."""
    print(f"{name:<34} {value}")


def run(args: argparse.Namespace, log: Callable[[str, Any], None] = report_line) -> dict[str, Any]:
    """Build the corpus, time the baseline and the scan(s), score them; returns the results."""
    try:
        records, filler = reuters_records(), bbc_filler_texts()
    except FileNotFoundError as exc:  # a data folder is missing: say which and how to set it
        raise SystemExit(f"scan_reuters.py needs the evaluation data: {exc}") from exc
    planted, truth = plant_records(
        records, n=args.plant, seed=args.seed, dated=not args.undated, filler_texts=filler
    )
    corpus = records + planted
    texts = {r["id"]: r["text"] for r in corpus}
    work = Path(args.workdir or tempfile.mkdtemp(prefix="rd-bench-"))
    write_jsonl(work / "corpus" / "reuters_planted.jsonl", corpus)
    log("articles", f"{len(records)} Reuters + {len(planted)} planted = {len(corpus)}")
    fit = time_tfidf_fit([r["text"] for r in corpus])
    log("TfidfVectorizer().fit", f"{fit:.2f} s (fastest of 3)")
    engines = ["local", "dask"] if args.compare_engines else [args.engine]
    results: dict[str, Any] = {"articles": len(corpus), "tfidf_fit_s": round(fit, 3), "runs": {}}
    for engine in engines:
        out = work / f"out-{engine}"
        timed = timed_scan(
            work / "corpus",
            out,
            engine=engine,
            workers=args.workers,
            include_same_outlet=args.include_same_outlet,
            quiet=True,
        )
        rows = read_pairs(out)
        planted_pairs = {frozenset(p) for p in truth.items()}
        rec = recall(rows, truth)
        extra = extra_pairs(rows, truth, texts)
        own, kids = maxrss_mb()
        summary = {
            "wall_s": round(timed.seconds, 2),
            "cpu_s": round(timed.cpu_seconds, 1),
            "load_after": load_average(),
            "ratio_to_tfidf_fit": round(timed.seconds / fit, 1),
            "peak_pss_mb": round(timed.peak_pss_mb),
            "maxrss_main_mb": round(own),
            "maxrss_largest_child_mb": round(kids),
            "stage_s": timed.result.timings,
            "pairs_compared": len(rows),
            "rewrite_pairs": sum(r["is_rewrite"] == "true" for r in rows),
            **{k: v for k, v in rec.items() if k != "missed"},
            "extra_pairs": len(extra),
            "extra_by_category": _count(e["category"] for e in extra),
            "extra_best_source": sum(e["best_source"] == "true" for e in extra),
            "extra_best_source_by_category": _count(
                e["category"] for e in extra if e["best_source"] == "true"
            ),
            "extra_by_hand_label": _count(e["hand_label"] for e in label_by_hand(extra)),
            "extra_direct": sum(not e["explained_by"] for e in extra),
            "extra_direct_by_hand_label": _count(
                e["hand_label"] for e in label_by_hand(extra) if not e["explained_by"]
            ),
            "planted_explained": sum(
                1
                for r in rows
                if r["explained_by"]
                and frozenset((r["source_id"], r["rewrite_id"])) in planted_pairs
            ),
        }
        results["runs"][engine] = summary
        log(f"[{engine}] wall", f"{timed.seconds:.1f} s = {timed.seconds / fit:.1f}x the fit")
        log(f"[{engine}] cpu", f"{timed.cpu_seconds:.1f} s (all processes); {load_average()}")
        log(f"[{engine}] stages (s)", json.dumps(timed.result.timings))
        log(f"[{engine}] peak memory", f"{timed.peak_pss_mb:.0f} MB PSS (all processes)")
        log(f"[{engine}] pairs compared", f"{len(rows)}, rewrites {summary['rewrite_pairs']}")
        log(f"[{engine}] recall", f"{rec['found']}/{rec['planted']} = {rec['recall']:.4f}")
        log(
            f"[{engine}] direction",
            f"{rec['direction_accuracy']:.4f} right; {rec['direction_basis']}",
        )
        log(f"[{engine}] extra pairs", f"{len(extra)} {summary['extra_by_category']}")
        log(
            f"[{engine}] extra, best source",
            f"{summary['extra_best_source']} {summary['extra_best_source_by_category']}",
        )
        log(f"[{engine}] extra, read by hand", json.dumps(summary["extra_by_hand_label"]))
        log(
            f"[{engine}] extra, direct",
            f"{summary['extra_direct']} (the rest have a closer source, column explained_by) "
            + json.dumps(summary["extra_direct_by_hand_label"]),
        )
        log(f"[{engine}] planted, explained_by", summary["planted_explained"])
        for missed in rec["missed"][:20]:
            log(f"[{engine}] missed", missed)
        if args.show_extra:
            print(show_extra(extra, texts, args.show_extra, args.seed))
    if args.compare_engines:
        a, b = ((work / f"out-{e}" / "pairs.csv").read_bytes() for e in engines)
        results["engines_identical_pairs_csv"] = a == b
        log("local vs dask pairs.csv", "identical" if a == b else "DIFFERENT")
    if args.results:
        Path(args.results).parent.mkdir(parents=True, exist_ok=True)
        Path(args.results).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def _count(items: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        out[item] = out.get(item, 0) + 1
    return out


def parser() -> argparse.ArgumentParser:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--plant", type=int, default=500, help="planted rewrites (default 500)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--undated", action="store_true", help="planted rewrites carry no date")
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument("--compare-engines", action="store_true", help="run local and dask, diff")
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--include-same-outlet", action="store_true")
    p.add_argument("--show-extra", type=int, default=0, help="print a sample of K extra pairs")
    p.add_argument("--workdir", default=None, help="keep corpus and outputs here")
    p.add_argument("--results", default=None, help="also write the results as JSON here")
    return p


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    run(parser().parse_args())
