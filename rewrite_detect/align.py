"""Sentence alignment: which source sentences each rewrite sentence comes from.

Each rewrite sentence is matched to the subset of source sentences (one, or several when the
rewrite merged them) whose summed TF-IDF vector it resembles most. A subset is valid when every
member resembles the sentence on its own (``min_part``) and, in a merge, alone explains a share of
the sentence's words (``min_unique``);
a larger subset pays ``merge_penalty`` per extra member. Links are then grouped: rewrite sentences
that share a source sentence (a split) form one alignment. Reordering needs nothing special:
matching ignores order. Inserted and omitted sentences are the ones left unmatched. A sentence
the source repeats is matched occurrence by occurrence (the k-th copy in the rewrite to the k-th
in the source), so repetition never looks like reordering.

``best_subset`` prunes to the top candidates; ``best_subset_reference`` tries every subset and
is the obviously-correct reference the tests compare it with.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

MERGE_PENALTY = 0.02
_ESTIMATE_MARGIN = 1e-9  # far above the rounding error of a float estimate of a score
_MAX_COSINE = 1.0 + 1e-9  # with room for rounding


@dataclass(frozen=True)
class Link:
    """One rewrite sentence matched to a set of source sentences."""

    rewrite: int
    sources: tuple[int, ...]
    score: float


@dataclass(frozen=True)
class Candidates:
    """What subset scoring needs about a few source sentences, computed once per rewrite sentence.

    ``single[i]`` is the cosine of source sentence i with the rewrite sentence, ``gram`` their
    pairwise dot products, ``covers[i]`` which of the rewrite sentence's terms sentence i contains
    and ``weights`` those terms' weights: enough to score any subset without touching the vectors.
    ``covers`` and ``weights`` are worked out when a merge first needs them (most sentences are
    matched to one source sentence, which never does).
    """

    ids: tuple[int, ...]
    single: np.ndarray
    gram: np.ndarray
    r_vec: np.ndarray = field(repr=False, compare=False)
    rows: np.ndarray = field(repr=False, compare=False)
    # scores by member tuple: validating a subset scores it and each subset one smaller, so
    # ``best`` asks for the same subsets again and again
    _scores: dict[tuple[int, ...], float] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def build(cls, r_vec: np.ndarray, s_vecs: np.ndarray, ids: Sequence[int]) -> Candidates:
        """Precompute for the given source sentence indexes."""
        return cls.from_rows(r_vec, s_vecs[list(ids)], ids)

    @classmethod
    def from_rows(cls, r_vec: np.ndarray, rows: np.ndarray, ids: Sequence[int]) -> Candidates:
        """Precompute from the dense vectors ``rows`` of the source sentences ``ids``."""
        return cls(ids=tuple(ids), single=rows @ r_vec, gram=rows @ rows.T, r_vec=r_vec, rows=rows)

    @functools.cached_property
    def _support(self) -> np.ndarray:
        return np.flatnonzero(self.r_vec)

    @functools.cached_property
    def covers(self) -> np.ndarray:
        """Which of the rewrite sentence's terms each candidate contains."""
        return self.rows[:, self._support] > 0  # type: ignore[no-any-return]

    @functools.cached_property
    def weights(self) -> np.ndarray:
        """The weights of the rewrite sentence's terms."""
        return self.r_vec[self._support]  # type: ignore[no-any-return]

    def score(self, members: Sequence[int]) -> float:
        """Cosine with the summed members, minus the merge penalty (members index ``ids``)."""
        key = tuple(members)
        found = self._scores.get(key)
        if found is None:
            found = self._scores[key] = self._score(key)
        return found

    def _score(self, members: tuple[int, ...]) -> float:
        if len(members) == 1:
            # The sums below over one member are that member: the same value (and type,
            # np.float64, which later rounding depends on) without numpy's indexing calls.
            norm_sq_one = self._gram_rows[members[0]][members[0]]
            if norm_sq_one <= 0.0:
                return 0.0
            return np.float64(self._single_values[members[0]] / math.sqrt(norm_sq_one))
        m = list(members)
        norm_sq = float(self.gram[m][:, m].sum())
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
        if any(self._single_values[m] < min_part for m in members):
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
        order = sorted(range(len(self.ids)), key=lambda i: self.ids[i])
        best = self._best_single(order, min_part) if max_merge >= 1 else ((), 0.0)
        for size in range(2, max_merge + 1):
            if best[1] + 1e-12 >= _MAX_COSINE - MERGE_PENALTY * (size - 1):
                break  # a cosine is at most 1: no subset this large can beat the best
            if self._size_bound(size) < best[1] + 1e-12 - _ESTIMATE_MARGIN:
                continue  # no subset of this size can reach the best: none need be tried
            for members in itertools.combinations(order, size):
                if self._surely_below(members, best[1] + 1e-12):
                    continue  # not taken, valid or not: its validity need not be checked
                if not self.is_valid(members, min_part=min_part, min_unique=min_unique):
                    continue
                score = self.score(members)
                if score > best[1] + 1e-12:
                    best = (members, score)
        return tuple(self.ids[i] for i in best[0]), best[1]

    def _best_single(self, order: Sequence[int], min_part: float) -> tuple[tuple[int, ...], float]:
        """The best valid subset of one member: the first round of ``best``, which needs none
        of the bounds and checks of a merge (a single member is valid when it scores
        ``min_part``)."""
        best: tuple[tuple[int, ...], float] = ((), 0.0)
        for m in order:
            if self._single_values[m] < min_part:
                continue
            score = self.score((m,))
            if score > best[1] + 1e-12:
                best = ((m,), score)
        return best

    def _surely_below(self, members: tuple[int, ...], bar: float) -> bool:
        """Whether the score of ``members`` is below ``bar`` by far more than rounding.

        The exact score (``score``) costs several numpy calls; a merge usually scores far below
        the best single sentence, which a plain-float estimate shows. The estimate sums the same
        non-negative terms in another order, so it is off by ~1e-15: only a subset within
        ``_ESTIMATE_MARGIN`` of the bar is left to the exact comparison.
        """
        if len(members) == 1:
            return bool(self.score(members) < bar)  # exact and cheap for one member
        gram = self._gram_rows
        norm_sq = sum(gram[a][b] for a in members for b in members)
        estimate = 0.0  # the score of members with no words, as ``score`` says
        if norm_sq > 0.0:
            estimate = sum(self._single_values[m] for m in members) / math.sqrt(norm_sq)
            estimate -= MERGE_PENALTY * (len(members) - 1)
        return estimate < bar - _ESTIMATE_MARGIN

    def _size_bound(self, size: int) -> float:
        """An upper bound on the score of every subset of ``size`` members.

        The vectors have no negative weights, so the squared norm of a sum is at least the sum
        of the members' squared norms (the gram diagonal), hence at least ``size`` times the
        smallest; the dot product is at most the sum of the ``size`` largest cosines.
        """
        smallest_norm_sq = min(self._gram_rows[i][i] for i in range(len(self.ids)))
        if smallest_norm_sq <= 0.0:
            return math.inf  # an empty vector: no bound
        largest = sorted(self._single_values, reverse=True)[:size]
        return sum(largest) / math.sqrt(size * smallest_norm_sq) - MERGE_PENALTY * (size - 1)

    @functools.cached_property
    def _gram_rows(self) -> list[list[float]]:
        return self.gram.tolist()  # type: ignore[no-any-return]

    @functools.cached_property
    def _single_values(self) -> list[float]:
        return self.single.tolist()  # type: ignore[no-any-return]


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
    top = top_candidates(s_vecs @ r_vec, min_part=min_part, max_candidates=max_candidates)
    if top.size == 0:
        return (), 0.0
    cands = Candidates.build(r_vec, s_vecs, top.tolist())
    return cands.best(max_merge=max_merge, min_part=min_part, min_unique=min_unique)


def top_candidates(single: np.ndarray, *, min_part: float, max_candidates: int) -> np.ndarray:
    """Indexes of the best source sentences scoring at least ``min_part``, best first.

    Equal scores keep index order, exactly as a stable sort of every eligible sentence would;
    a partition finds the cut in linear time (10,000 copies of one sentence all tie).
    """
    eligible = np.flatnonzero(single >= min_part)
    if eligible.size > max_candidates:
        neg = -single[eligible]
        cut = np.partition(neg, max_candidates - 1)[max_candidates - 1]
        better = eligible[neg < cut]
        tied = eligible[neg == cut][: max_candidates - better.size]
        eligible = np.concatenate([better, tied])
    return eligible[np.argsort(-single[eligible], kind="stable")]


def best_subset_reference(
    r_vec: np.ndarray, s_vecs: np.ndarray, *, max_merge: int, min_part: float, min_unique: float
) -> tuple[tuple[int, ...], float]:
    """Every subset of every source sentence, scored from the raw vectors: slow, plainly right."""
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
    """Match each eligible rewrite sentence to its best source subset, if good enough.

    Similarities come from one sparse product per block of rewrite sentences, and only the few
    candidate source vectors are made dense, so time and memory stay near-linear in the number
    of sentences (a dense source matrix of a 2 MB article would take gigabytes). A sentence the
    source repeats is matched occurrence by occurrence (see ``_spread_duplicates``).
    """
    source_ids = list(source_ids)
    rewrite_ids = list(rewrite_ids)
    if not source_ids:
        return []
    r_mat = r_mat.tocsr()
    s_sub = s_mat[source_ids].tocsr()
    s_sub.sort_indices()
    s_t = s_sub.T.tocsr()
    r_rows, s_rows = _RowReader(r_mat), _RowReader(s_sub)
    found: list[tuple[int, tuple[int, ...], float]] = []
    for lo in range(0, len(rewrite_ids), _BLOCK):
        block_ids = rewrite_ids[lo : lo + _BLOCK]
        sims = (r_mat[block_ids] @ s_t).toarray().tolist()
        for r, single in zip(block_ids, sims, strict=True):
            if r_rows.is_empty(r):
                continue
            top = _top_candidates_of_row(single, min_part=min_part, max_candidates=max_candidates)
            if not top:
                continue
            cands = _candidates(r_rows, r, s_rows, top)
            members, score = cands.best(
                max_merge=max_merge, min_part=min_part, min_unique=min_unique
            )
            if members and score >= min_similarity:
                found.append((r, members, score))
    found = _spread_duplicates(found, _duplicate_classes(s_sub))
    return [Link(r, tuple(source_ids[m] for m in members), score) for r, members, score in found]


_BLOCK = 256  # rewrite sentences per sparse product: bounds the dense block to 256 x sources


def _top_candidates_of_row(
    single: list[float], *, min_part: float, max_candidates: int
) -> list[int]:
    """``top_candidates`` of one row of similarities given as a list.

    The same indexes in the same order (best first, ties in index order): a stable sort then a
    cut equals the partition there. For the few sentences of an article, plain Python is
    several times faster than numpy's per-call overhead.
    """
    eligible = [i for i, value in enumerate(single) if value >= min_part]
    eligible.sort(key=lambda i: -single[i])
    return eligible[:max_candidates]


class _RowReader:
    """Rows of a CSR matrix read from its arrays directly (scipy's indexing costs ~0.1 ms a
    call), with the row pointers as Python ints."""

    def __init__(self, m: sp.csr_matrix) -> None:
        self.indptr: list[int] = m.indptr.tolist()
        self.indices = m.indices
        self.data = m.data

    def is_empty(self, i: int) -> bool:
        """Whether row ``i`` has no entries."""
        return self.indptr[i + 1] == self.indptr[i]

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Column indexes and values of row ``i``."""
        lo, hi = self.indptr[i], self.indptr[i + 1]
        return self.indices[lo:hi], self.data[lo:hi]


def _candidates(r_rows: _RowReader, r: int, s_rows: _RowReader, top: list[int]) -> Candidates:
    """``Candidates`` over only the terms that the rewrite sentence or a candidate contains.

    The other columns are zero in every vector involved, so the scores are the same; dense
    vectors over the whole vocabulary made this step grow with the document's vocabulary.
    All the rows are placed with one ``searchsorted`` and one assignment.
    """
    r_idx, r_val = r_rows.row(r)
    parts = [s_rows.row(i) for i in top]
    every_idx = np.concatenate([r_idx, *(idx for idx, _ in parts)])
    cols = np.unique(every_idx)
    where = np.searchsorted(cols, every_idx)
    r_vec = np.zeros(cols.size)
    r_vec[where[: r_idx.size]] = r_val
    rows = np.zeros((len(parts), cols.size))
    row_of_entry = np.repeat(np.arange(len(parts)), [idx.size for idx, _ in parts])
    rows[row_of_entry, where[r_idx.size :]] = np.concatenate([val for _, val in parts])
    return Candidates.from_rows(r_vec, rows, top)


def _duplicate_classes(s_sub: sp.csr_matrix) -> dict[int, tuple[int, ...]]:
    """Rows with the same vector (a sentence the source repeats), for each repeated row.

    Weights are compared to 6 decimals: "X." and "X X." have the same direction up to rounding
    noise, and an exact comparison would split them by a last bit.
    """
    by_key: dict[tuple[bytes, bytes], list[int]] = {}
    rounded = np.round(s_sub.data, _DUPLICATE_DECIMALS)  # element by element: once for all rows
    indptr = s_sub.indptr.tolist()
    for i in range(s_sub.shape[0]):
        lo, hi = indptr[i], indptr[i + 1]
        if hi > lo:
            key = (s_sub.indices[lo:hi].tobytes(), rounded[lo:hi].tobytes())
            by_key.setdefault(key, []).append(i)
    classes: dict[int, tuple[int, ...]] = {}
    for rows in by_key.values():
        if len(rows) > 1:
            shared = tuple(rows)  # one tuple per class: 10,000 copies must not make 10,000
            classes.update(dict.fromkeys(shared, shared))
    return classes


_DUPLICATE_DECIMALS = 6


def _spread_duplicates(
    found: list[tuple[int, tuple[int, ...], float]], classes: dict[int, tuple[int, ...]]
) -> list[tuple[int, tuple[int, ...], float]]:
    """Match repeated source sentences occurrence by occurrence.

    Identical source vectors score identically, so the search alone would send every rewrite
    sentence to the first occurrence: a repeated sentence would look reordered, and its other
    occurrences omitted. Instead the k-th rewrite sentence (in rewrite order) matched to a
    repeated sentence takes its k-th occurrence (the last one once they run out).
    """
    if not classes:
        return found
    taken: dict[int, int] = {}  # by first occurrence (hashing a long tuple costs its length)
    out = []
    for r, members, score in found:
        occurrences = classes.get(members[0]) if len(members) == 1 else None
        if occurrences is not None:
            k = taken.get(occurrences[0], 0)
            taken[occurrences[0]] = k + 1
            members = (occurrences[min(k, len(occurrences) - 1)],)
        out.append((r, members, score))
    return out


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
