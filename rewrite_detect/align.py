"""Sentence alignment: which source sentences each rewrite sentence comes from.

Each rewrite sentence is matched to the subset of source sentences (one, or several when the
rewrite merged them) whose summed TF-IDF vector it resembles most. A subset is valid when every
member resembles the sentence on its own (``min_part``) and, in a merge, alone explains a share of
the sentence's words (``min_unique``);
a larger subset pays ``merge_penalty`` per extra member. Links are then grouped: rewrite sentences
that share a source sentence (a split) form one alignment. Reordering needs nothing special:
matching ignores order. Inserted and omitted sentences are the ones left unmatched.

``best_subset`` prunes to the top candidates; ``best_subset_reference`` tries every subset and
is the obviously-correct reference the tests compare it with.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

MERGE_PENALTY = 0.02


@dataclass(frozen=True)
class Link:
    """One rewrite sentence matched to a set of source sentences."""

    rewrite: int
    sources: tuple[int, ...]
    score: float


def subset_score(r_vec: np.ndarray, s_vecs: np.ndarray, members: Sequence[int]) -> float:
    """Cosine of a rewrite sentence with the sum of some source sentence vectors, penalised."""
    combined = s_vecs[list(members)].sum(axis=0)
    norm = float(np.linalg.norm(combined))
    if norm == 0.0:
        return 0.0
    cos = float(r_vec @ combined) / norm
    return cos - MERGE_PENALTY * (len(members) - 1)


def unique_share(r_vec: np.ndarray, s_vecs: np.ndarray, members: Sequence[int], m: int) -> float:
    """Share of the rewrite sentence's weight that member ``m`` alone explains in the subset."""
    others = [x for x in members if x != m]
    covered_by_m = s_vecs[m] > 0
    covered_by_others = (s_vecs[others] > 0).any(axis=0) if others else np.zeros_like(covered_by_m)
    total = float(r_vec.sum())
    if total == 0.0:
        return 0.0
    return float(r_vec[covered_by_m & ~covered_by_others].sum()) / total


def _is_valid(
    r_vec: np.ndarray,
    s_vecs: np.ndarray,
    members: tuple[int, ...],
    single: np.ndarray,
    *,
    min_part: float,
    min_unique: float,
) -> bool:
    """Every member resembles the sentence alone; in a merge, each explains words no other does."""
    if any(single[m] < min_part for m in members):
        return False
    if len(members) == 1:
        return True
    full = subset_score(r_vec, s_vecs, members)
    for m in members:
        rest = tuple(x for x in members if x != m)
        if full <= subset_score(r_vec, s_vecs, rest):
            return False
        if unique_share(r_vec, s_vecs, members, m) < min_unique:
            return False
    return True


def _best_among(
    r_vec: np.ndarray,
    s_vecs: np.ndarray,
    single: np.ndarray,
    pool: Sequence[int],
    *,
    max_merge: int,
    min_part: float,
    min_unique: float,
) -> tuple[tuple[int, ...], float]:
    best: tuple[tuple[int, ...], float] = ((), 0.0)
    for size in range(1, max_merge + 1):
        for members in itertools.combinations(sorted(pool), size):
            if not _is_valid(
                r_vec, s_vecs, members, single, min_part=min_part, min_unique=min_unique
            ):
                continue
            score = subset_score(r_vec, s_vecs, members)
            if score > best[1] + 1e-12:
                best = (members, score)
    return best


def best_subset(
    r_vec: np.ndarray,
    s_vecs: np.ndarray,
    *,
    max_merge: int,
    max_candidates: int,
    min_part: float,
    min_unique: float,
) -> tuple[tuple[int, ...], float]:
    """The best valid source subset for one rewrite sentence (fast: top candidates only)."""
    single = s_vecs @ r_vec
    eligible = np.flatnonzero(single >= min_part)
    if eligible.size == 0:
        return (), 0.0
    order = eligible[np.argsort(-single[eligible], kind="stable")][:max_candidates]
    return _best_among(
        r_vec,
        s_vecs,
        single,
        order.tolist(),
        max_merge=max_merge,
        min_part=min_part,
        min_unique=min_unique,
    )


def best_subset_reference(
    r_vec: np.ndarray, s_vecs: np.ndarray, *, max_merge: int, min_part: float, min_unique: float
) -> tuple[tuple[int, ...], float]:
    """Every subset of every source sentence: slow, obviously correct."""
    single = s_vecs @ r_vec
    return _best_among(
        r_vec,
        s_vecs,
        single,
        list(range(s_vecs.shape[0])),
        max_merge=max_merge,
        min_part=min_part,
        min_unique=min_unique,
    )


def link_sentences(
    r_mat: sp.csr_matrix,
    s_mat: sp.csr_matrix,
    rewrite_ids: Iterable[int],
    source_ids: Sequence[int],
    *,
    min_similarity: float,
    max_merge: int,
    max_candidates: int,
    min_part: float,
    min_unique: float,
) -> list[Link]:
    """Match each eligible rewrite sentence to its best source subset, if good enough."""
    source_ids = list(source_ids)
    if not source_ids:
        return []
    s_dense = s_mat[source_ids].toarray()
    links = []
    for r in rewrite_ids:
        r_vec = r_mat[r].toarray().ravel()
        if not r_vec.any():
            continue
        members, score = best_subset(
            r_vec,
            s_dense,
            max_merge=max_merge,
            max_candidates=max_candidates,
            min_part=min_part,
            min_unique=min_unique,
        )
        if members and score >= min_similarity:
            links.append(Link(r, tuple(source_ids[m] for m in members), score))
    return links


def group_links(links: Sequence[Link], *, max_group: int) -> list[tuple[list[Link], set[int]]]:
    """Connected groups of links that share source sentences (splits), in rewrite order.

    A group that would exceed ``max_group`` rewrite sentences (repetitive text) is broken back
    into single links, so one repeated sentence never swallows the document.
    """
    parent = list(range(len(links)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_source: dict[int, int] = {}
    for i, link in enumerate(links):
        for s in link.sources:
            if s in by_source:
                parent[find(i)] = find(by_source[s])
            else:
                by_source[s] = i
    groups: dict[int, list[Link]] = {}
    for i, link in enumerate(links):
        groups.setdefault(find(i), []).append(link)
    out: list[tuple[list[Link], set[int]]] = []
    for members in groups.values():
        if len(members) > max_group:
            out.extend(([m], set(m.sources)) for m in members)
        else:
            out.append((members, {s for m in members for s in m.sources}))
    out.sort(key=lambda g: min(m.rewrite for m in g[0]))
    return out
