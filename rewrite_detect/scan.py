"""The corpus job: read, find candidates, compare them, decide direction, write the overview.

Stages, each a plain function, wired by :func:`scan`:

1. **read** (corpus.py): every input form; HTML main text extracted on the engine and cached in
   the database; one ``skipped.csv`` row per unreadable input.
2. **index** (store.py): content hashes; a re-run knows what is new, changed or removed.
3. **candidates** (candidates.py): sparse TF-IDF top-k with document-frequency caps; pairs
   within one outlet are left out unless asked.
4. **compare** on the engine, in batches, each pair once, in the direction decided first
   (direction.py: the earlier ``published`` date, else the texts' evidence, else ``uncertain``).
   Every finished pair is committed to the database on its own, so a killed run resumes where it
   stopped, and a re-run compares only pairs that involve a new or changed article. Then the
   evidence comparisons of the provenance rule (provenance.py: a rewrite's source's own source
   against the rewrite), stored the same way but never reported as pairs.
5. **write** from the stored rows only (so a resumed run and an uninterrupted one write the same
   files), atomically: ``pairs.csv`` (every compared pair, best first), ``findings.csv`` (the
   findings of the pairs judged rewrites; ``explained_by`` marks a source that a closer source
   of the same rewrite explains), ``outlets.csv``, ``skipped.csv``, ``thresholds.json``
   (every value in force; ``pairs.csv`` repeats the rewrite threshold in a ``threshold``
   column), ``index.html`` and one report per pair judged a rewrite under ``pairs/``.

Engines: ``local`` (a process pool; ``workers=1`` runs in this process) and ``dask`` (a
``LocalCluster``, or ``scheduler=`` an address, a cluster object or a ``distributed.Client``).
Both run the same pure functions, so they write the same ``pairs.csv``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from rewrite_detect import direction as direction_mod
from rewrite_detect.candidates import (
    Candidate,
    CandidateParams,
    find_candidates,
    stack_counts,
    term_counts,
)
from rewrite_detect.config import Config, load_config, models_dir
from rewrite_detect.corpus import IdRegistry, PendingHtml, Skipped, extract_pending, iter_items
from rewrite_detect.provenance import (
    Coverage,
    coverage_from_json,
    coverage_to_json,
    evidence_pairs,
    explained_by,
    explained_through_sources,
    sentence_coverage,
)
from rewrite_detect.records import Article, Document, PairResult
from rewrite_detect.store import IndexChanges, Store, article_hash, compress, pair_key

log = logging.getLogger(__name__)

PAIR_COLUMNS = (
    "source_id",
    "rewrite_id",
    "source_outlet",
    "rewrite_outlet",
    "label",
    "is_rewrite",
    "probability",
    "derived_fraction",
    "source_coverage",
    "rewrite_degree",
    "spin_rate",
    "errors",
    "warnings",
    "direction_basis",
    "report",
    "candidate_similarity",
    "threshold",
    "family",
    "best_source",
    "explained_by",
    "source_published",
    "rewrite_published",
    "direction_score",
    "recurring",
)
FINDING_COLUMNS = (
    "source_id",
    "rewrite_id",
    "kind",
    "severity",
    "explanation",
    "source_text",
    "rewrite_text",
    "source_start",
    "source_end",
    "rewrite_start",
    "rewrite_end",
    "source_sentence",
    "rewrite_sentence",
)
OUTLET_COLUMNS = (
    "outlet",
    "articles",
    "rewrites",
    "rewrite_share",
    "sources_used",
    "spin_rate",
    "errors_per_rewrite",
    "warnings_per_rewrite",
    "copied_from",
)
SKIPPED_COLUMNS = ("path", "reason")
UNKNOWN_OUTLET = "(unknown)"
REPORTS_DIR = "pairs"
_REPORT_NAME = re.compile(r"^.+-[0-9a-f]{10}\.html$")


# =========================================================================== results


@dataclass(frozen=True)
class ScanResult:
    """What a scan did and where it wrote it."""

    out_dir: Path
    articles: int
    skipped: tuple[Skipped, ...]
    candidates: int
    compared: int  # pairs compared in this run
    reused: int  # pair results taken from the database
    rewrites: int  # pairs judged rewrites
    families: int
    index: IndexChanges
    timings: dict[str, float]
    files: dict[str, Path]


@dataclass(frozen=True)
class PairTask:
    """One pair to compare: its result key and the two article ids in id order.

    An ``evidence`` task compares ``first`` as the source with ``second`` as the rewrite, only
    to tell whether ``first`` explains the rewrite's other sources (``provenance.py``); it is
    not reported as a pair.
    """

    key: str
    first: str
    second: str
    evidence: bool = False


@dataclass(frozen=True)
class PairBatch:
    """A unit of work for the engine: some pairs and every article they need."""

    tasks: tuple[PairTask, ...]
    articles: tuple[Article, ...]
    config: tuple[tuple[str, Any], ...]
    margin: float


@dataclass(frozen=True)
class PairOutcome:
    """What a worker sends back for one pair."""

    key: str
    row: dict[str, Any] | None
    findings: list[dict[str, Any]] = field(default_factory=list)
    report_z: bytes | None = None
    error: str | None = None


@dataclass(frozen=True)
class FamilyMember:
    """An article of a family; ``parent`` is the article it was (most likely) rewritten from."""

    id: str
    outlet: str
    parent: str | None
    depth: int
    probability: float | None
    report: str | None


@dataclass(frozen=True)
class Family:
    """One source and its rewrites, and rewrites of rewrites (a connected set of rewrite pairs)."""

    number: int
    root: str
    members: tuple[FamilyMember, ...]


@dataclass(frozen=True)
class OutletStats:
    """One row of ``outlets.csv``."""

    outlet: str
    articles: int
    rewrites: int
    rewrite_share: float
    sources_used: int
    spin_rate: float | None
    errors_per_rewrite: float | None
    warnings_per_rewrite: float | None
    copied_from: str


# =========================================================================== the worker side


def compare_batch(batch: PairBatch) -> list[PairOutcome]:
    """Compare every pair of a batch (runs on a worker; pure apart from its caches)."""
    config = _config_from(batch.config)
    by_id = {a.id: a for a in batch.articles}
    docs: dict[str, Document] = {}

    def doc(article: Article) -> Document:
        if article.id not in docs:
            docs[article.id] = _prepare(article, config)
        return docs[article.id]

    out = []
    for task in batch.tasks:
        first, second = by_id[task.first], by_id[task.second]
        try:
            if task.evidence:
                out.append(evidence_pair(task.key, first, second, config, doc))
            else:
                out.append(compare_pair(task.key, first, second, config, doc, batch.margin))
        except Exception as exc:  # one bad pair must not stop a scan
            out.append(PairOutcome(task.key, None, error=f"{type(exc).__name__}: {exc}"))
    return out


@lru_cache(maxsize=8)
def _config_from(items: tuple[tuple[str, Any], ...]) -> Config:
    return Config(**dict(items)).validate()


def _prepare(article: Article, config: Config) -> Document:
    from rewrite_detect.pipeline import prepare

    return prepare(article, config)


def compare_pair(
    key: str,
    first: Article,
    second: Article,
    config: Config,
    doc: Callable[[Article], Document],
    margin: float = direction_mod.DEFAULT_MARGIN,
) -> PairOutcome:
    """Compare two articles in the direction decided by dates, else by the evidence.

    The evidence is read from the texts alone, so each pair is compared once. A pair that is
    not a rewrite has no direction to speak of: without dates its basis is ``uncertain``.
    """
    from rewrite_detect.pipeline import compare_documents

    decided = direction_mod.decide(first, second, margin=margin)
    src, rw = (first, second) if decided.source == 0 else (second, first)
    result = compare_documents(doc(src), doc(rw), config=config)
    if not result.verdict.is_rewrite and decided.basis == "evidence":
        decided = direction_mod.Direction(decided.source, "uncertain", decided.score)
    return _outcome(key, result, decided)


def evidence_pair(
    key: str, source: Article, rewrite: Article, config: Config, doc: Callable[[Article], Document]
) -> PairOutcome:
    """Compare ``source`` with ``rewrite`` in that order, keeping only what provenance needs."""
    from rewrite_detect.pipeline import compare_documents

    result = compare_documents(doc(source), doc(rewrite), config=config)
    row = {
        "source_id": source.id,
        "rewrite_id": rewrite.id,
        "is_rewrite": result.verdict.is_rewrite,
        "probability": result.verdict.probability,
        "coverage": coverage_to_json(sentence_coverage(result)),
    }
    return PairOutcome(key, row)


def _outcome(key: str, result: PairResult, decided: direction_mod.Direction) -> PairOutcome:
    src, rw = result.source.article, result.rewrite.article
    verdict = result.verdict.to_dict()
    row = {
        "source_id": src.id,
        "rewrite_id": rw.id,
        "source_outlet": src.outlet,
        "rewrite_outlet": rw.outlet,
        "source_published": src.published,
        "rewrite_published": rw.published,
        **verdict,
        "direction_basis": decided.basis,
        "direction_score": decided.score,
        "recurring": result.recurring,
    }
    if not result.verdict.is_rewrite:
        return PairOutcome(key, row)
    row["coverage"] = coverage_to_json(sentence_coverage(result))
    data = result.to_dict()
    report_z = None
    try:
        from rewrite_detect.report.render import render_pair

        report_z = compress(render_pair(data))
    except Exception as exc:  # a report bug must not lose the verdict
        row["report_error"] = f"{type(exc).__name__}: {exc}"
    return PairOutcome(key, row, list(data.get("findings", [])), report_z)


def _warm(_: int) -> int:
    """Load the models and lexicons once in a fresh worker, by comparing a tiny pair."""
    from rewrite_detect.pipeline import compare

    compare("Officials said the talks in Niamey would resume.", "Officials said talks resume.")
    return os.getpid()


# =========================================================================== engines


class LocalEngine:
    """A process pool (``workers=1``: this process); workers start and load models at once."""

    name = "local"

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def __enter__(self) -> LocalEngine:
        self.pool_ = None
        if self.workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # forkserver, not fork: forking a process that runs threads (progress bars, a
            # memory sampler) can copy a held lock into the child and hang it for good.
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
            if "forkserver" in methods:
                context.set_forkserver_preload(["rewrite_detect.scan", "rewrite_detect.pipeline"])
            self.pool_ = ProcessPoolExecutor(self.workers, mp_context=context)
            for i in range(self.workers):  # start the workers now; they load models meanwhile
                self.pool_.submit(_warm, i)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool_ is not None:
            self.pool_.shutdown(wait=True, cancel_futures=True)

    def slots(self) -> int:
        """How many tasks can run at once."""
        return self.workers

    def map_unordered(
        self, fn: Callable[[Any], Any], items: Iterable[Any], *, in_flight: int
    ) -> Iterator[Any]:
        """``fn`` over ``items``, results as they finish, at most ``in_flight`` queued."""
        if self.pool_ is None:
            yield from map(fn, items)
            return
        from concurrent.futures import FIRST_COMPLETED, wait

        source = iter(items)
        pending = {self.pool_.submit(fn, item) for item in islice(source, in_flight)}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                for item in islice(source, 1):
                    pending.add(self.pool_.submit(fn, item))
                yield future.result()


class DaskEngine:
    """Dask distributed: a LocalCluster by default, or a given scheduler/cluster/client.

    On a SLURM cluster: ``SLURMCluster(...)`` from dask-jobqueue, ``cluster.scale(jobs=N)``, then
    pass the cluster (or ``cluster.scheduler_address``) as ``scheduler`` (bench/README.md).
    """

    name = "dask"

    def __init__(self, workers: int, scheduler: Any = None) -> None:
        self.workers = workers
        self.scheduler = scheduler

    def __enter__(self) -> DaskEngine:
        from distributed import Client, LocalCluster

        self.cluster_ = None
        self.own_client_ = True
        if self.scheduler is None:
            self.cluster_ = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            self.client_ = Client(self.cluster_)
        elif isinstance(self.scheduler, Client):
            self.client_ = self.scheduler
            self.own_client_ = False
        else:
            self.client_ = Client(self.scheduler)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.own_client_:
            self.client_.close()
        if self.cluster_ is not None:
            self.cluster_.close()

    def slots(self) -> int:
        """How many tasks the cluster runs at once (its worker threads)."""
        workers = self.client_.scheduler_info().get("workers", {})
        return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))

    def map_unordered(
        self, fn: Callable[[Any], Any], items: Iterable[Any], *, in_flight: int
    ) -> Iterator[Any]:
        """``fn`` over ``items``, results as they finish, at most ``in_flight`` queued."""
        from distributed import as_completed

        source = iter(items)
        first = [self.client_.submit(fn, item, pure=False) for item in islice(source, in_flight)]
        if not first:
            return
        queue = as_completed(first)
        for future in queue:
            for item in islice(source, 1):
                queue.add(self.client_.submit(fn, item, pure=False))
            yield future.result()
            future.release()


Engine = LocalEngine | DaskEngine


def make_engine(engine: str, workers: int, scheduler: Any = None) -> Engine:
    """The engine named ``local`` or ``dask``."""
    if engine == "local":
        if scheduler is not None:
            raise ValueError("--scheduler needs --engine dask")
        return LocalEngine(workers)
    if engine == "dask":
        return DaskEngine(workers, scheduler)
    raise ValueError(f"unknown engine {engine!r}: choose local or dask")


# =========================================================================== stages


def _progress(show: bool, **kwargs: Any) -> Any:
    from tqdm import tqdm

    return tqdm(disable=not show, dynamic_ncols=True, leave=False, **kwargs)


def read_stage(
    inputs: Sequence[str | Path],
    store: Store,
    engine: Engine,
    *,
    config: Config,
    show: bool,
) -> tuple[list[Article], list[Skipped]]:
    """Every article (ids unique, HTML extracted and cached) and every skipped input, in order."""
    registry = IdRegistry()
    slots: list[Article | Skipped | PendingHtml] = []
    with _progress(show, desc="reading", unit=" items") as bar:
        for item in iter_items(inputs, registry):
            slots.append(item)
            bar.update()
    pending = [(i, s) for i, s in enumerate(slots) if isinstance(s, PendingHtml)]
    todo = []
    for i, item in pending:
        cached = store.extracted(item.cache_key)
        if cached is None:
            todo.append((i, item))
        else:
            slots[i] = Article(**cached) if "text" in cached else Skipped(**cached)
    chunks = [todo[k : k + 16] for k in range(0, len(todo), 16)]
    with _progress(show, desc="extracting HTML", total=len(todo), unit=" pages") as bar:
        results = engine.map_unordered(_extract_indexed, chunks, in_flight=64)
        for done in results:
            for i, key, extracted in done:
                slots[i] = extracted
                store.put_extracted(key, asdict(extracted))
            bar.update(len(done))
    store.commit()
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for item in slots:
        if isinstance(item, Article):
            if len(item.text) > config.max_chars:
                reason = f"{len(item.text):,} characters, over max_chars={config.max_chars:,}"
                skipped.append(Skipped(item.path or item.id, reason))
                continue
            articles.append(registry.unique(item))
        elif isinstance(item, Skipped):
            skipped.append(item)
    return articles, skipped


def _extract_indexed(
    chunk: Sequence[tuple[int, PendingHtml]],
) -> list[tuple[int, str, Article | Skipped]]:
    return [(i, item.cache_key, extract_pending(item)) for i, item in chunk]


def _hash_chunk(job: tuple[int, Sequence[str], CandidateParams]) -> tuple[int, Any]:
    start, texts, params = job
    return start, term_counts(texts, params)


def candidate_stage(
    articles: Sequence[Article],
    params: CandidateParams,
    engine: Engine,
    *,
    show: bool,
    chunk: int = 2000,
) -> list[Candidate]:
    """Candidate pairs of the corpus (indexes into ``articles``); texts are hashed on the engine."""
    texts = [a.text for a in articles]
    jobs = [(lo, texts[lo : lo + chunk], params) for lo in range(0, len(texts), chunk)]
    parts: dict[int, Any] = {}
    with _progress(show, desc="hashing terms", total=len(texts), unit=" articles") as bar:
        for start, counts in engine.map_unordered(_hash_chunk, jobs, in_flight=8):
            parts[start] = counts
            bar.update(counts.shape[0])
    counts = stack_counts(parts[k] for k in sorted(parts))
    with _progress(show, desc="candidates", total=len(articles), unit=" articles") as bar:
        return find_candidates(
            texts,
            outlets=[a.outlet for a in articles],
            params=params,
            counts=counts if len(texts) >= 2 else None,
            on_block=bar.update,
        )


def plan_tasks(
    articles: Sequence[Article],
    hashes: Sequence[str],
    candidates: Sequence[Candidate],
    fingerprint: str,
) -> list[tuple[PairTask, Candidate]]:
    """One task per candidate pair, the two ids in id order, keyed by content."""
    out = []
    for cand in candidates:
        a, b = articles[cand.a], articles[cand.b]
        key = pair_key(hashes[cand.a], hashes[cand.b], fingerprint)
        first, second = (a.id, b.id) if a.id <= b.id else (b.id, a.id)
        out.append((PairTask(key, first, second), cand))
    return out


def evidence_key(source_hash: str, rewrite_hash: str, fingerprint: str) -> str:
    """The result key of an evidence comparison (ordered: source, then rewrite)."""
    return hashlib.sha256(
        f"{fingerprint}|evidence|{source_hash}|{rewrite_hash}".encode()
    ).hexdigest()


def plan_evidence(
    rows: Sequence[Mapping[str, Any]],
    planned: Sequence[tuple[PairTask, Candidate]],
    hash_of: Mapping[str, str],
    fingerprint: str,
    *,
    min_gain: float,
) -> list[PairTask]:
    """Evidence tasks: each rewrite's sources' own direct sources against it (not compared yet)."""
    rows = [dict(r) for r in rows]
    mark_explained(rows, min_gain=min_gain)
    parents = {rid: row["source_id"] for rid, row in _parent_rows(rows).items()}
    compared = {frozenset((t.first, t.second)) for t, _ in planned}
    return [
        PairTask(evidence_key(hash_of[c], hash_of[r], fingerprint), c, r, evidence=True)
        for c, r in evidence_pairs(rows, parents, compared)
    ]


def batches(
    tasks: Sequence[PairTask],
    by_id: Mapping[str, Article],
    *,
    config: Config,
    margin: float,
    size: int,
) -> Iterator[PairBatch]:
    """Consecutive tasks in batches of ``size``, each with the articles it needs."""
    items = tuple(sorted(config.to_dict().items()))
    for lo in range(0, len(tasks), size):
        chunk = tuple(tasks[lo : lo + size])
        ids = sorted({t.first for t in chunk} | {t.second for t in chunk})
        yield PairBatch(chunk, tuple(by_id[i] for i in ids), items, margin)


def compare_stage(
    tasks: Sequence[PairTask],
    by_id: Mapping[str, Article],
    store: Store,
    engine: Engine,
    *,
    run: int,
    config: Config,
    margin: float,
    batch_size: int,
    show: bool,
) -> list[Skipped]:
    """Compare the tasks on the engine, committing each finished pair; returns the failures."""
    failures: list[Skipped] = []
    by_key = {t.key: t for t in tasks}
    work = batches(tasks, by_id, config=config, margin=margin, size=batch_size)
    in_flight = 4 * engine.slots()
    with _progress(show, desc="comparing", total=len(tasks), unit=" pairs") as bar:
        for outcomes in engine.map_unordered(compare_batch, work, in_flight=in_flight):
            for outcome in outcomes:
                if outcome.row is None:
                    task = by_key[outcome.key]
                    failures.append(
                        Skipped(
                            f"{task.first} <> {task.second}", f"compare failed: {outcome.error}"
                        )
                    )
                else:
                    store.put_result(
                        outcome.key, outcome.row, outcome.findings, outcome.report_z, run
                    )
            bar.update(len(outcomes))
    return failures


# =========================================================================== summaries


def stored_rows(
    store: Store, planned: Sequence[tuple[PairTask, Candidate]]
) -> list[dict[str, Any]]:
    """The stored rows of the planned pairs (each pair once)."""
    keys = list(dict.fromkeys(t.key for t, _ in planned))
    return [dict(stored.row) for stored in store.results(keys)]


def evidence_coverage(
    store: Store, tasks: Sequence[PairTask]
) -> dict[tuple[str, str], Coverage | None]:
    """(source, rewrite) -> coverage of the stored evidence comparisons judged rewrites."""
    out: dict[tuple[str, str], Coverage | None] = {}
    for stored in store.results(t.key for t in tasks):
        row = stored.row
        if row["is_rewrite"]:
            out[(row["source_id"], row["rewrite_id"])] = coverage_from_json(row.get("coverage"))
    return out


def _report_path(row: Mapping[str, Any], key: str) -> str:
    def slug(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._")[:60] or "article"

    return f"{REPORTS_DIR}/{slug(row['source_id'])}--{slug(row['rewrite_id'])}-{key[:10]}.html"


def mark_explained(
    rows: Sequence[dict[str, Any]],
    *,
    min_gain: float,
    evidence: Mapping[tuple[str, str], Coverage | None] | None = None,
) -> None:
    """Set each row's ``explained_by`` (``provenance.py``): a closer source of the same rewrite
    that accounts for every sentence this source accounts for; failing that, with ``evidence``
    (source's own source, rewrite) -> coverage, this source's own source. Else None."""
    coverages = {k: coverage_from_json(row.get("coverage")) for k, row in enumerate(rows)}
    explained = explained_by(rows, coverages, min_gain=min_gain)
    for k, row in enumerate(rows):
        row["explained_by"] = explained.get(k)
    if evidence:
        parents = {rid: row["source_id"] for rid, row in _parent_rows(rows).items()}
        through = explained_through_sources(rows, coverages, parents, evidence, min_gain=min_gain)
        for k, origin in through.items():
            rows[k]["explained_by"] = rows[k]["explained_by"] or origin


def _direct(row: Mapping[str, Any]) -> bool:
    """A pair judged a rewrite whose source no closer source of that rewrite explains."""
    return bool(row["is_rewrite"]) and not row.get("explained_by")


def _parent_rows(rows: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """For each rewrite, the row of its most likely direct source (highest probability, then
    id); sources explained by a closer one are passed over."""
    best: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        if not _direct(row):
            continue
        rid = row["rewrite_id"]
        rank = (row["probability"], row["derived_fraction"], _neg(row["source_id"]))
        cur = best.get(rid)
        if cur is None or rank > (
            cur["probability"],
            cur["derived_fraction"],
            _neg(cur["source_id"]),
        ):
            best[rid] = row
    return best


def _neg(text: str) -> tuple[int, ...]:
    """A key that sorts strings in reverse (so ties go to the smaller id)."""
    return tuple(-ord(c) for c in text)


def build_families(
    rows: Sequence[Mapping[str, Any]], outlets: Mapping[str, str | None]
) -> list[Family]:
    """Connected sets of rewrite pairs, each as a tree from its root source.

    A rewrite hangs under its most likely source; a cycle (possible when directions are
    uncertain) is broken at its smallest id. Families are numbered by size, then root id.
    """
    parent_row = _parent_rows(rows)
    parents = {rid: row["source_id"] for rid, row in parent_row.items()}
    for start in sorted(parents):
        seen: list[str] = []
        node: str | None = start
        while node is not None and node in parents and node not in seen:
            seen.append(node)
            node = parents[node]
        if node is not None and node in seen:
            cycle = seen[seen.index(node) :]
            parents.pop(min(cycle))
    links: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["is_rewrite"]:
            links[row["source_id"]].add(row["rewrite_id"])
            links[row["rewrite_id"]].add(row["source_id"])
    families: list[tuple[list[str], str]] = []
    done: set[str] = set()
    for start in sorted(links):
        if start in done:
            continue
        component, stack = [], [start]
        done.add(start)
        while stack:
            node = stack.pop()
            component.append(node)
            for nxt in sorted(links[node] - done):
                done.add(nxt)
                stack.append(nxt)
        families.append((component, _children_and_roots(component, parents)[1][0]))
    families.sort(key=lambda f: (-len(f[0]), f[1]))
    out = []
    for number, (component, root) in enumerate(families, 1):
        members = _tree(component, parents, parent_row, outlets)
        out.append(Family(number, root, tuple(members)))
    return out


def _children_and_roots(
    component: Sequence[str], parents: Mapping[str, str]
) -> tuple[dict[str, list[str]], list[str]]:
    """Each member's rewrites, and the members with no source, the largest tree first."""
    children: dict[str, list[str]] = defaultdict(list)
    for node in component:
        if node in parents:
            children[parents[node]].append(node)
    roots = sorted(
        (n for n in component if n not in parents), key=lambda n: (-_size(n, children), n)
    )
    return children, roots


def _size(node: str, children: Mapping[str, list[str]]) -> int:
    return 1 + sum(_size(c, children) for c in children.get(node, []))


def _tree(
    component: Sequence[str],
    parents: Mapping[str, str],
    parent_row: Mapping[str, Mapping[str, Any]],
    outlets: Mapping[str, str | None],
) -> list[FamilyMember]:
    children, roots = _children_and_roots(component, parents)
    out: list[FamilyMember] = []

    def visit(node: str, depth: int) -> None:
        row = parent_row.get(node) if node in parents else None
        out.append(
            FamilyMember(
                node,
                outlets.get(node) or UNKNOWN_OUTLET,
                parents.get(node),
                depth,
                row["probability"] if row else None,
                row.get("report") if row else None,
            )
        )
        for child in sorted(children.get(node, [])):
            visit(child, depth + 1)

    for root in roots:
        visit(root, 0)
    return out


def outlet_stats(
    articles: Sequence[Article], rows: Sequence[Mapping[str, Any]]
) -> list[OutletStats]:
    """Per outlet: articles, rewrites and their share, spin and errors per rewrite, sources."""
    outlet_of = {a.id: a.outlet or UNKNOWN_OUTLET for a in articles}
    count = Counter(outlet_of.values())
    parent = _parent_rows(rows)
    rewrites: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    copied: dict[str, Counter[str]] = defaultdict(Counter)
    for rid, row in parent.items():
        outlet = outlet_of.get(rid, UNKNOWN_OUTLET)
        rewrites[outlet].append(row)
        copied[outlet][outlet_of.get(row["source_id"], UNKNOWN_OUTLET)] += 1
    used: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if _direct(row):
            used[outlet_of.get(row["source_id"], UNKNOWN_OUTLET)].add(row["source_id"])
    out = []
    for outlet, n in count.items():
        rw = rewrites.get(outlet, [])
        top = copied[outlet].most_common()
        out.append(
            OutletStats(
                outlet=outlet,
                articles=n,
                rewrites=len(rw),
                rewrite_share=round(len(rw) / n, 4),
                sources_used=len(used.get(outlet, ())),
                spin_rate=_mean(rw, "spin_rate"),
                errors_per_rewrite=_mean(rw, "errors"),
                warnings_per_rewrite=_mean(rw, "warnings"),
                copied_from="; ".join(
                    f"{o} ({c})" for o, c in sorted(top, key=lambda t: (-t[1], t[0]))
                ),
            )
        )
    out.sort(key=lambda s: (-s.rewrites, -s.rewrite_share, s.outlet))
    return out


def _mean(rows: Sequence[Mapping[str, Any]], key: str) -> float | None:
    return round(sum(r[key] for r in rows) / len(rows), 3) if rows else None


# =========================================================================== writing


def atomic_write(path: Path, data: str | bytes, *, sync: bool = True) -> None:
    """Write a file so that readers see the old or the new content, never a half.

    ``sync`` also flushes it to disk before the rename (skipped for the many pair reports, which
    a re-run rewrites from the database if a crash loses them).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    payload = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    with open(tmp, "wb") as fh:
        fh.write(payload)
        if sync:
            fh.flush()
            os.fsync(fh.fileno())
    os.replace(tmp, path)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def to_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV text with a header row; booleans as true/false, None as empty."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buf.getvalue()


def finding_rows(
    row: Mapping[str, Any], findings: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The findings.csv rows of one pair."""
    out = []
    for f in findings:
        ss, rs = f.get("source_span") or (None, None), f.get("rewrite_span") or (None, None)
        out.append(
            {
                "source_id": row["source_id"],
                "rewrite_id": row["rewrite_id"],
                "kind": f.get("kind"),
                "severity": f.get("severity"),
                "explanation": f.get("explanation"),
                "source_text": f.get("source_text"),
                "rewrite_text": f.get("rewrite_text"),
                "source_start": ss[0],
                "source_end": ss[1],
                "rewrite_start": rs[0],
                "rewrite_end": rs[1],
                "source_sentence": f.get("source_sentence"),
                "rewrite_sentence": f.get("rewrite_sentence"),
            }
        )
    severity = {"error": 0, "warning": 1, "info": 2}
    out.sort(
        key=lambda r: (
            severity.get(r["severity"], 3),
            r["rewrite_start"] if r["rewrite_start"] is not None else -1,
        )
    )
    return out


def fingerprint(config: Config, margin: float) -> str:
    """A hash of everything that shapes a pair result: thresholds, models, code version."""
    parts: dict[str, Any] = {
        "config": config.to_dict(),
        "direction": _direction_params(margin),
        "version": package_version(),
        "models": {},
    }
    root = models_dir()
    for name in ("verdict/model.json", "idf/meta.json", "synonyms/meta.json", "thresholds.json"):
        path = root / name
        if path.is_file():
            parts["models"][name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def _direction_params(margin: float) -> dict[str, float]:
    return {
        "margin": margin,
        "link_weight": direction_mod.LINK_WEIGHT,
        "loaded_scale": direction_mod.LOADED_SCALE,
        "min_reporting_verbs": direction_mod.MIN_REPORTING_VERBS,
    }


def package_version() -> str:
    """The installed version of rewrite-detect."""
    try:
        from importlib.metadata import version

        return version("rewrite-detect")
    except Exception:
        return "unknown"


# =========================================================================== the job


def scan(
    inputs: Sequence[str | Path] | str | Path,
    *,
    out_dir: str | Path = "html_reports",
    db: str | Path | None = None,
    workers: int | None = None,
    engine: str = "local",
    scheduler: Any = None,
    quiet: bool = False,
    progress: bool = False,
    config: Config | None = None,
    thresholds_file: str | Path | None = None,
    config_file: str | Path | None = None,
    candidates: CandidateParams | None = None,
    include_same_outlet: bool = False,
    direction_margin: float = direction_mod.DEFAULT_MARGIN,
    batch_size: int = 32,
    **overrides: Any,
) -> ScanResult:
    """Find every rewrite pair of a corpus and write the overview into ``out_dir``.

    ``inputs``: folders (searched recursively) and files of any SPEC input form. ``db``: an
    SQLite file that keeps the index and results (re-runs compare only new or changed articles;
    a killed run resumes). ``workers``: processes (default: all cores). ``engine``: ``local`` or
    ``dask``; ``scheduler``: a Dask scheduler address, cluster or client (default: a
    LocalCluster). ``progress``: tqdm bars (the CLI passes "stderr is a terminal"); ``quiet``
    turns them off whatever ``progress`` says. Any ``Config`` field can be overridden by keyword.
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    show = progress and not quiet
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    cfg = (
        config.with_overrides(overrides)
        if config
        else load_config(
            thresholds_file=thresholds_file, config_file=config_file, overrides=overrides
        )
    )
    params = candidates or CandidateParams()
    if include_same_outlet:
        params = CandidateParams(**{**params.to_dict(), "include_same_outlet": True})
    params.validate()
    n_workers = workers or os.cpu_count() or 1
    if n_workers < 1 or batch_size < 1:
        raise ValueError("workers and batch_size must be at least 1")
    out = Path(out_dir)
    fp = fingerprint(cfg, direction_margin)

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    with make_engine(engine, n_workers, scheduler) as eng, Store(db) as store:
        lap("start")
        run = store.begin_run(_now())
        articles, skipped = read_stage(inputs, store, eng, config=cfg, show=show)
        for item in skipped:
            log.warning("skipped %s: %s", item.path, item.reason)
        lap("read")
        hashes = [article_hash(a) for a in articles]
        changes = store.sync_articles(
            [
                (a.id, h, a.outlet, a.published, a.path)
                for a, h in zip(articles, hashes, strict=True)
            ],
            run,
        )
        lap("index")
        cands = candidate_stage(articles, params, eng, show=show)
        lap("candidates")
        planned = plan_tasks(articles, hashes, cands, fp)
        by_id = {a.id: a for a in articles}

        def compare_new(tasks: Sequence[PairTask]) -> tuple[int, list[Skipped]]:
            """Compare the tasks the database does not hold yet: (how many, failures)."""
            known = store.known(t.key for t in tasks)
            todo = list({t.key: t for t in tasks if t.key not in known}.values())
            failed = compare_stage(
                todo,
                by_id,
                store,
                eng,
                run=run,
                config=cfg,
                margin=direction_margin,
                batch_size=batch_size,
                show=show,
            )
            return len(todo), failed

        n_todo, failures = compare_new([t for t, _ in planned])
        compared = n_todo - len(failures)
        hash_of = {a.id: h for a, h in zip(articles, hashes, strict=True)}
        evidence = plan_evidence(
            stored_rows(store, planned), planned, hash_of, fp, min_gain=cfg.explain_min_gain
        )
        failures += compare_new(evidence)[1]
        for item in failures:
            log.warning("%s: %s", item.path, item.reason)
        lap("compare")
        written = write_outputs(
            out,
            store,
            articles,
            planned,
            evidence=evidence,
            skipped=[*skipped, *failures],
            config=cfg,
            params=params,
            fp=fp,
            margin=direction_margin,
            inputs=inputs,
            engine=eng.name,
            show=show,
        )
        lap("write")
        summary = {
            "articles": len(articles),
            "skipped": len(skipped) + len(failures),
            "candidates": len(planned),
            "compared": compared,
            "reused": len({t.key for t, _ in planned}) - n_todo,
            "rewrites": written["rewrites"],
        }
        store.finish_run(run, _now(), {**summary, "timings": timings})
    return ScanResult(
        out_dir=out,
        articles=len(articles),
        skipped=tuple([*skipped, *failures]),
        candidates=len(planned),
        compared=summary["compared"],
        reused=summary["reused"],
        rewrites=written["rewrites"],
        families=written["families"],
        index=changes,
        timings=timings,
        files=written["files"],
    )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def write_outputs(
    out: Path,
    store: Store,
    articles: Sequence[Article],
    planned: Sequence[tuple[PairTask, Candidate]],
    *,
    evidence: Sequence[PairTask] = (),
    skipped: Sequence[Skipped],
    config: Config,
    params: CandidateParams,
    fp: str,
    margin: float,
    inputs: Sequence[str | Path],
    engine: str,
    show: bool,
) -> dict[str, Any]:
    """Write every output from the stored rows of the planned pairs."""
    similarity = {t.key: c.similarity for t, c in planned}
    rows: list[dict[str, Any]] = []
    findings: dict[str, list[dict[str, Any]]] = {}
    keys = list(dict.fromkeys(t.key for t, _ in planned))
    for stored in store.results(keys):
        row = dict(stored.row)
        row["candidate_similarity"] = similarity[stored.key]
        row["threshold"] = config.rewrite_probability
        has_report = row["is_rewrite"] and "report_error" not in row
        row["report"] = _report_path(row, stored.key) if has_report else None
        row["_key"] = stored.key
        rows.append(row)
        if row["is_rewrite"]:
            findings[stored.key] = stored.findings
    rows.sort(key=lambda r: (-r["probability"], r["source_id"], r["rewrite_id"]))
    mark_explained(
        rows, min_gain=config.explain_min_gain, evidence=evidence_coverage(store, evidence)
    )
    outlets = {a.id: a.outlet for a in articles}
    families = build_families(rows, outlets)
    family_of = {m.id: f.number for f in families for m in f.members}
    best = {id(row) for row in _parent_rows(rows).values()}
    for row in rows:
        row["family"] = family_of.get(row["rewrite_id"]) if row["is_rewrite"] else None
        row["best_source"] = id(row) in best if row["is_rewrite"] else None
    stats = outlet_stats(articles, rows)
    thresholds = {
        "rewrite_probability": config.rewrite_probability,
        "config": config.to_dict(),
        "candidates": params.to_dict(),
        "direction": _direction_params(margin),
        "fingerprint": fp,
        "version": package_version(),
    }
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "pairs.csv": out / "pairs.csv",
        "findings.csv": out / "findings.csv",
        "outlets.csv": out / "outlets.csv",
        "skipped.csv": out / "skipped.csv",
        "thresholds.json": out / "thresholds.json",
        "index.html": out / "index.html",
    }
    rewrite_rows = [r for r in rows if r["is_rewrite"]]
    _write_reports(out, store, rewrite_rows, show=show)
    atomic_write(files["pairs.csv"], to_csv(PAIR_COLUMNS, rows))
    atomic_write(
        files["findings.csv"],
        to_csv(
            FINDING_COLUMNS, (f for r in rewrite_rows for f in finding_rows(r, findings[r["_key"]]))
        ),
    )
    atomic_write(files["outlets.csv"], to_csv(OUTLET_COLUMNS, (asdict(s) for s in stats)))
    atomic_write(files["skipped.csv"], to_csv(SKIPPED_COLUMNS, (asdict(s) for s in skipped)))
    atomic_write(files["thresholds.json"], json.dumps(thresholds, indent=2, sort_keys=True) + "\n")
    from rewrite_detect.report.index import build_index, render_index

    view = build_index(
        rows=rows,
        families=families,
        outlets=stats,
        articles=len(articles),
        skipped=len(skipped),
        thresholds=thresholds,
        inputs=[str(i) for i in inputs],
        engine=engine,
    )
    atomic_write(files["index.html"], render_index(view))
    return {"files": files, "rewrites": len(rewrite_rows), "families": len(families)}


def _write_reports(
    out: Path, store: Store, rows: Sequence[Mapping[str, Any]], *, show: bool
) -> None:
    """Write the missing pair reports from the store; remove stale ones of earlier runs."""
    folder = out / REPORTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    rows = [r for r in rows if r["report"]]
    wanted = {Path(r["report"]).name for r in rows}
    for old in folder.iterdir():
        if old.is_file() and _REPORT_NAME.match(old.name) and old.name not in wanted:
            old.unlink()
    with _progress(show, desc="reports", total=len(rows), unit=" reports") as bar:
        for row in rows:
            path = out / row["report"]
            if not path.exists():
                html = store.report(row["_key"])
                if html is not None:
                    atomic_write(path, html, sync=False)
            bar.update()
