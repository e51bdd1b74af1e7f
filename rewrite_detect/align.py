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


@dataclass(frozen=True)
class Candidates:
    """What subset scoring needs about a few source sentences, precomputed once per rewrite sentence.

    ``single[i]`` is the cosine of source sentence i with the rewrite sentence, ``gram`` their
    pairwise dot products, ``covers[i]`` which of the rewrite sentence's terms sentence i contains
    and ``weights`` those terms' weights: enough to score any subset without touching the vectors.
    """

    ids: tuple[int, ...]
    single: np.ndarray
    gram: np.ndarray
    covers: np.ndarray
    weights: np.ndarray

    @classmethod
    def build(cls, r_vec: np.ndarray, s_vecs: np.ndarray, ids: Sequence[int]) -> Candidates:
        """Precompute for the given source sentence indexes."""
        rows = s_vecs[list(ids)]
        support = np.flatnonzero(r_vec)
        return cls(
            ids=tuple(ids),
            single=rows @ r_vec,
            gram=rows @ rows.T,
            covers=rows[:, support] > 0,
            weights=r_vec[support],
        )

    def score(self, members: Sequence[int]) -> float:
        """Cosine with the summed members, minus the merge penalty (members index ``ids``)."""
        m = list(members)
        norm_sq = float(self.gram[np.ix_(m, m)].sum())
        if norm_sq <= 0.0:
            return 0.0
        return float(self.single[m].sum()) / np.sqrt(norm_sq) - MERGE_PENALTY * (len(m) - 1)

    def unique_share(self, members: Sequence[int], m: int) -> float:
        """Share of the rewrite sentence's weight that member ``m`` alone explains."""
        total = float(self.weights.sum())
        if total == 0.0:
            return 0.0
        others = [x for x in members if x != m]
        only = self.covers[m] & ~self.covers[others].any(axis=0) if others else self.covers[m]
        return float(self.weights[only].sum()) / total

    def is_valid(self, members: tuple[int, ...], *, min_part: float, min_unique: float) -> bool:
        """Every member resembles the sentence alone; in a merge each adds and explains words."""
        if any(self.single[m] < min_part for m in members):
            return False
        if len(members) == 1:
            return True
        full = self.score(members)
        for m in members:
            rest = tuple(x for x in members if x != m)
            if full <= self.score(rest) or self.unique_share(members, m) < min_unique:
                return False
        return True

    def best(
        self, *, max_merge: int, min_part: float, min_unique: float
    ) -> tuple[tuple[int, ...], float]:
        """The best valid subset, as original source indexes, and its score."""
        best: tuple[tuple[int, ...], float] = ((), 0.0)
        order = sorted(range(len(self.ids)), key=lambda i: self.ids[i])
        for size in range(1, max_merge + 1):
            for members in itertools.combinations(order, size):
                if not self.is_valid(members, min_part=min_part, min_unique=min_unique):
                    continue
                score = self.score(members)
                if score > best[1] + 1e-12:
                    best = (members, score)
        return tuple(self.ids[i] for i in best[0]), best[1]


def subset_score(r_vec: np.ndarray, s_vecs: np.ndarray, members: Sequence[int]) -> float:
    """Cosine of a rewrite sentence with the sum of some source sentence vectors, penalised."""
    return Candidates.build(r_vec, s_vecs, members).score(range(len(members)))


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
    top = eligible[np.argsort(-single[eligible], kind="stable")][:max_candidates]
    cands = Candidates.build(r_vec, s_vecs, top.tolist())
    return cands.best(max_merge=max_merge, min_part=min_part, min_unique=min_unique)


def best_subset_reference(
    r_vec: np.ndarray, s_vecs: np.ndarray, *, max_merge: int, min_part: float, min_unique: float
) -> tuple[tuple[int, ...], float]:
    """Every subset of every source sentence, scored from the raw vectors: slow, obviously correct."""
    best: tuple[tuple[int, ...], float] = ((), 0.0)
    n = s_vecs.shape[0]
    total = float(r_vec.sum())

    def cos(members: Sequence[int]) -> float:
        combined = s_vecs[list(members)].sum(axis=0)
        norm = float(np.linalg.norm(combined))
        return float(r_vec @ combined) / norm - MERGE_PENALTY * (len(members) - 1) if norm else 0.0

    def alone(members: Sequence[int], m: int) -> float:
        mask = s_vecs[m] > 0
        for x in members:
            if x != m:
                mask &= ~(s_vecs[x] > 0)
        return float(r_vec[mask].sum()) / total if total else 0.0

    for size in range(1, max_merge + 1):
        for members in itertools.combinations(range(n), size):
            if any(cos([m]) < min_part for m in members):
                continue
            if size > 1 and any(
                cos(members) <= cos([x for x in members if x != m])
                or alone(members, m) < min_unique
                for m in members
            ):
                continue
            score = cos(members)
            if score > best[1] + 1e-12:
                best = (members, score)
    return best


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
