"""Direct and indirect reuse: which of a rewrite's sources it was written from.

A scan compares a rewrite with every candidate source, and more than one may be judged a source:
the story it copied, but also that story's other versions, the earlier story it repeats
paragraphs of, or another issue of the same templated report. Those share the copied sentences
only because the copied story shares them. The rule: source B of rewrite R is *explained by*
source A when every sentence of R that B accounts for is aligned with A too, and A resembles
those sentences more closely (mean alignment similarity higher by at least ``min_gain``). R was
then written from A (or from A's relatives through A), not from B directly.

The same holds one step up: when B is itself a rewrite of C, R may share B's sentences only
because both come from C (R is another version of C, or the next issue of C's template, and B a
farm's copy of C published before it). Then C is compared with R as evidence, even when the scan
would not report that pair (same outlet), and explains B in the same way
(``explained_through_sources``).

Two sources that explain R equally well (two identical versions of a story) explain neither:
the texts cannot say which one was copied. The relation has no cycles (``explained_by``), so
every rewrite keeps at least one direct source. A rewrite that merges two stories keeps both,
since neither covers the other's sentences.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from rewrite_detect.records import PairResult

Coverage = dict[int, float]  # rewrite sentence -> similarity of the alignment it is in


def sentence_coverage(result: PairResult) -> Coverage:
    """The rewrite sentences a pair aligns with source sentences, with their similarity."""
    out: Coverage = {}
    for alignment in result.alignments:
        if alignment.source:
            for r in alignment.rewrite:
                out[r] = max(out.get(r, 0.0), round(alignment.similarity, 4))
    return out


def coverage_to_json(coverage: Coverage) -> list[list[float]]:
    """A compact, JSON-safe form for the scan database: [[sentence, similarity], ...]."""
    return [[r, s] for r, s in sorted(coverage.items())]


def coverage_from_json(data: Sequence[Sequence[float]] | None) -> Coverage | None:
    """The inverse of ``coverage_to_json``; None for rows stored without it."""
    if data is None:
        return None
    return {int(r): float(s) for r, s in data}


def explains(a: Coverage, b: Coverage, *, min_gain: float) -> bool:
    """Whether a source with coverage ``a`` explains one with coverage ``b`` (same rewrite)."""
    if not b or not b.keys() <= a.keys():
        return False
    gain = sum(a[r] - b[r] for r in b) / len(b)
    return gain >= min_gain


def explained_by(
    rows: Sequence[Mapping[str, Any]], coverages: Mapping[int, Coverage | None], *, min_gain: float
) -> dict[int, str]:
    """For each explained row (by position in ``rows``), the id of the source explaining it.

    ``rows`` are pair rows (``source_id``, ``rewrite_id``, ``is_rewrite``, ``probability``);
    ``coverages`` their ``sentence_coverage`` by the same positions. Only rows judged rewrites
    take part. Of several sources explaining a row, the one with the highest probability (then
    the smallest id) is named.
    """
    by_rewrite: dict[str, list[int]] = defaultdict(list)
    for k, row in enumerate(rows):
        if row["is_rewrite"] and coverages.get(k):
            by_rewrite[row["rewrite_id"]].append(k)
    out: dict[int, str] = {}
    for members in by_rewrite.values():
        if len(members) < 2:
            continue
        for b in members:
            cover_b = coverages[b]
            explaining = [
                a
                for a in members
                if a != b
                and rows[a]["source_id"] != rows[b]["source_id"]
                and explains(coverages[a] or {}, cover_b or {}, min_gain=min_gain)
            ]
            if explaining:
                best = min(explaining, key=lambda a: _rank(rows[a]))
                out[b] = rows[best]["source_id"]
    return out


def explained_through_sources(
    rows: Sequence[Mapping[str, Any]],
    coverages: Mapping[int, Coverage | None],
    parents: Mapping[str, str],
    evidence: Mapping[tuple[str, str], Coverage | None],
    *,
    min_gain: float,
) -> dict[int, str]:
    """Rows B -> R explained by B's own source C (``parents``: article -> its direct source),
    given C compared with R (``evidence``: (C, R) -> coverage of R's sentences by C)."""
    out: dict[int, str] = {}
    for k, row in enumerate(rows):
        source, rewrite = row["source_id"], row["rewrite_id"]
        origin = parents.get(source)
        if not row["is_rewrite"] or origin is None or origin == rewrite:
            continue
        by_origin = evidence.get((origin, rewrite))
        if by_origin and explains(by_origin, coverages.get(k) or {}, min_gain=min_gain):
            out[k] = origin
    return out


def evidence_pairs(
    rows: Sequence[Mapping[str, Any]], parents: Mapping[str, str], compared: set[frozenset[str]]
) -> list[tuple[str, str]]:
    """The (C, R) pairs ``explained_through_sources`` needs that were not compared: for each
    rewrite pair B -> R, B's direct source C against R. In first-seen order, without repeats."""
    out: dict[tuple[str, str], None] = {}
    for row in rows:
        origin = parents.get(row["source_id"])
        rewrite = row["rewrite_id"]
        if (
            row["is_rewrite"]
            and origin is not None
            and origin != rewrite
            and frozenset((origin, rewrite)) not in compared
        ):
            out[(origin, rewrite)] = None
    return list(out)


def _rank(row: Mapping[str, Any]) -> tuple[float, str]:
    """Sorts the likeliest source first (highest probability, then smallest id)."""
    return (-row["probability"], row["source_id"])
