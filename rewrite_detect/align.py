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
from typing import NamedTuple

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
    # ``single`` and ``gram`` as Python floats, which the search reads one at a time
    _single_values: list[float] = field(init=False, repr=False, compare=False)
    _gram_rows: list[list[float]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_single_values", self.single.tolist())
        object.__setattr__(self, "_gram_rows", self.gram.tolist())

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
        if len(members) == 1:
            return self._single_score(members[0])
        key = tuple(members)
        found = self._scores.get(key)
        if found is None:
            found = self._scores[key] = self._score(key)
        return found

    def _single_score(self, m: int) -> float:
        """``score((m,))``: the sums of ``_score`` over one member are that member, so this is
        the same value (and type, np.float64, which later rounding depends on) without numpy's
        indexing calls."""
        norm_sq = self._gram_rows[m][m]
        if norm_sq <= 0.0:
            return 0.0
        return np.float64(self._single_values[m] / math.sqrt(norm_sq))  # type: ignore[no-any-return]

    def _score(self, members: tuple[int, ...]) -> float:
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
        # the cheap test first: it rejects most merges before any is scored exactly
        if any(self._explains_too_little(members, m, min_unique) for m in members):
            return False
        full = self.score(members)
        return all(full > self.score(tuple(x for x in members if x != m)) for m in members)

    def _explains_too_little(self, members: tuple[int, ...], m: int, min_unique: float) -> bool:
        """``unique_share(members, m) < min_unique``, told by a plain-float estimate unless the
        estimate is within ``_ESTIMATE_MARGIN`` of the limit (see ``_surely_below``)."""
        weights = self._weight_values
        total = sum(weights)
        if total > 0.0:
            others = set().union(*(self._cover_sets[x] for x in members if x != m))
            estimate = sum([weights[i] for i in self._cover_sets[m] - others]) / total
            if abs(estimate - min_unique) > _ESTIMATE_MARGIN:
                return estimate < min_unique
        return self.unique_share(members, m) < min_unique

    @functools.cached_property
    def _cover_sets(self) -> list[set[int]]:
        """``covers`` as sets of term positions."""
        return [{i for i, has in enumerate(row) if has} for row in self.covers.tolist()]

    @functools.cached_property
    def _weight_values(self) -> list[float]:
        return self.weights.tolist()  # type: ignore[no-any-return]

    def best(
        self, *, max_merge: int, min_part: float, min_unique: float
    ) -> tuple[tuple[int, ...], float]:
        """The best valid subset, as original source indexes, and its score."""
        order = sorted(range(len(self.ids)), key=self.ids.__getitem__)
        best = self._best_single(order, min_part) if max_merge >= 1 else ((), 0.0)
        if max_merge >= 2 and len(order) >= 2:
            best = self._best_merge(order, best, max_merge, min_part, min_unique)
        return tuple(self.ids[i] for i in best[0]), best[1]

    def _best_merge(
        self,
        order: list[int],
        best: tuple[tuple[int, ...], float],
        max_merge: int,
        min_part: float,
        min_unique: float,
    ) -> tuple[tuple[int, ...], float]:
        """The rounds of ``best`` for merges of 2 to ``max_merge`` members: ``best`` or a
        valid merge that beats it."""
        singles = self._single_values
        bound = _MergeBound(
            min(self._gram_rows[i][i] for i in order), sorted(singles, reverse=True)
        )
        for size in range(2, min(max_merge, len(order)) + 1):
            if best[1] + 1e-12 >= _MAX_COSINE - MERGE_PENALTY * (size - 1):
                break  # a cosine is at most 1: no subset this large can beat the best
            if bound.of_size(size) < best[1] + 1e-12 - _ESTIMATE_MARGIN:
                continue  # no subset of this size can reach the best: none need be tried
            # nor any subset with a member too weak to reach it (the order is kept)
            floor = best[1] + 1e-12 - _ESTIMATE_MARGIN
            usable = [m for m in order if bound.with_member(singles[m], size) >= floor]
            for members in itertools.combinations(usable, size):
                if self._surely_below(members, best[1] + 1e-12):
                    continue  # not taken, valid or not: its validity need not be checked
                if not self.is_valid(members, min_part=min_part, min_unique=min_unique):
                    continue
                score = self.score(members)
                if score > best[1] + 1e-12:
                    best = (members, score)
        return best

    def _best_single(self, order: Sequence[int], min_part: float) -> tuple[tuple[int, ...], float]:
        """The best valid subset of one member: the first round of ``best``, which needs none
        of the bounds and checks of a merge (a single member is valid when it scores
        ``min_part``)."""
        best: tuple[tuple[int, ...], float] = ((), 0.0)
        for m in order:
            if self._single_values[m] < min_part:
                continue
            score = self._single_score(m)
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
        dot = norm_sq = 0.0
        for a in members:
            dot += self._single_values[a]
            row = self._gram_rows[a]
            for b in members:
                norm_sq += row[b]
        estimate = 0.0  # the score of members with no words, as ``score`` says
        if norm_sq > 0.0:
            estimate = dot / math.sqrt(norm_sq) - MERGE_PENALTY * (len(members) - 1)
        return estimate < bar - _ESTIMATE_MARGIN


class _MergeBound(NamedTuple):
    """Upper bounds on the score of a merge of candidates.

    The vectors have no negative weights, so the squared norm of a sum is at least the sum of
    the members' squared norms (the gram diagonal), hence at least ``size`` times the smallest;
    the dot product is at most the sum of the ``size`` largest cosines.
    """

    smallest_norm_sq: float
    largest: list[float]  # the cosines, largest first

    def of_size(self, size: int) -> float:
        """A bound on the score of every subset of ``size`` members."""
        return self._bound(sum(self.largest[:size]), size)

    def with_member(self, cosine: float, size: int) -> float:
        """A bound on the score of every subset of ``size`` members with one of cosine
        ``cosine`` (it takes the place of one of the largest)."""
        return self._bound(cosine + sum(self.largest[: size - 1]), size)

    def _bound(self, dot: float, size: int) -> float:
        if self.smallest_norm_sq <= 0.0:
            return math.inf  # an empty vector: no bound
        return dot / math.sqrt(size * self.smallest_norm_sq) - MERGE_PENALTY * (size - 1)


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
    s_mat = s_mat.tocsr()
    if not s_mat.has_sorted_indices:
        s_mat = s_mat.sorted_indices()
    s_t = s_mat.T.tocsr()  # every source sentence: cheaper than selecting rows first
    every_source = source_ids == list(range(s_mat.shape[0]))
    r_rows, s_rows = _RowReader(r_mat), _RowReader(s_mat, source_ids)
    found: list[tuple[int, tuple[int, ...], float]] = []
    for lo in range(0, len(rewrite_ids), _BLOCK):
        block_ids = [r for r in rewrite_ids[lo : lo + _BLOCK] if not r_rows.is_empty(r)]
        sims = (r_mat[block_ids] @ s_t).toarray()
        if not every_source:
            sims = sims[:, source_ids]
        tops = _top_candidates(sims, min_part=min_part, max_candidates=max_candidates)
        tops = [(r, top) for r, top in zip(block_ids, tops, strict=True) if top]
        for (r, _), cands in zip(tops, _candidates(r_rows, s_rows, tops), strict=True):
            members, score = cands.best(
                max_merge=max_merge, min_part=min_part, min_unique=min_unique
            )
            if members and score >= min_similarity:
                found.append((r, members, score))
    found = _spread_duplicates(found, _duplicate_classes(s_rows))
    return [Link(r, tuple(source_ids[m] for m in members), score) for r, members, score in found]


_BLOCK = 256  # rewrite sentences per sparse product: bounds the dense block to 256 x sources


def _top_candidates(sims: np.ndarray, *, min_part: float, max_candidates: int) -> list[list[int]]:
    """``top_candidates`` of each row of ``sims``.

    The same indexes in the same order (best first, ties in index order): a stable sort then a
    cut equals the partition there. Only the eligible entries are sorted, every row at once:
    one sort of the block costs less than a call per row.
    """
    rows, cols = np.nonzero(sims >= min_part)  # by row, then by index
    order = np.lexsort((-sims[rows, cols], rows))  # stable: by row, best first, then by index
    rows, cols = rows[order], cols[order]
    keep = np.arange(rows.size) - np.searchsorted(rows, rows) < max_candidates  # rank in row
    bounds = np.searchsorted(rows[keep], np.arange(sims.shape[0] + 1)).tolist()
    chosen = cols[keep].tolist()
    return [chosen[lo:hi] for lo, hi in itertools.pairwise(bounds)]


class _RowReader:
    """Rows of a CSR matrix read from its arrays directly (scipy's indexing costs ~0.1 ms a
    call), with the row pointers as Python ints. ``rows`` and the duplicate search see only
    the rows ``ids`` (all by default), numbered in that order."""

    def __init__(self, m: sp.csr_matrix, ids: Sequence[int] | None = None) -> None:
        self.width: int = m.shape[1]
        self.ids = np.arange(m.shape[0]) if ids is None else np.asarray(ids, dtype=np.intp)
        self.indptr: list[int] = m.indptr.tolist()
        self.indices = m.indices
        self.data = m.data
        self._indptr = m.indptr

    def is_empty(self, i: int) -> bool:
        """Whether row ``i`` of the matrix has no entries."""
        return self.indptr[i + 1] == self.indptr[i]

    def rows(self, rows: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Column indexes and values of the entries of ``rows``, row after row, and the number
        of entries of each row."""
        wanted = self.ids[np.asarray(rows, dtype=np.intp)]
        lo = self._indptr[wanted]
        sizes = self._indptr[wanted + 1] - lo
        at = np.arange(int(sizes.sum())) + np.repeat(lo - (np.cumsum(sizes) - sizes), sizes)
        return self.indices[at], self.data[at], sizes


def _candidates(
    r_rows: _RowReader, s_rows: _RowReader, tops: Sequence[tuple[int, Sequence[int]]]
) -> list[Candidates]:
    """``Candidates`` of each rewrite sentence ``r`` of ``tops`` and its candidates ``top``,
    each over only the terms that the sentence or one of its candidates contains.

    The other columns are zero in every vector involved, so the scores are the same; dense
    vectors over the whole vocabulary made this step grow with the document's vocabulary.
    Sentence t's vectors (its own, then its candidates') are one block of a shared buffer,
    placed with one sort and one assignment: numpy's cost per call is paid once, not once per
    sentence.
    """
    if not tops:
        return []
    r_cols, r_vals, r_sizes = r_rows.rows([r for r, _ in tops])
    s_cols, s_vals, s_sizes = s_rows.rows([i for _, top in tops for i in top])
    n_top = np.array([len(top) for _, top in tops])
    sentence = np.arange(len(tops))
    # each row's sentence, and its place in the sentence's block (0: the sentence's own row)
    row_owner = np.concatenate([sentence, np.repeat(sentence, n_top)])
    first_top = np.repeat(np.cumsum(n_top) - n_top, n_top)
    row_slot = np.concatenate(
        [np.zeros(len(tops), dtype=np.intp), np.arange(first_top.size) - first_top + 1]
    )
    sizes = np.concatenate([r_sizes, s_sizes])
    owner, slot = np.repeat(row_owner, sizes), np.repeat(row_slot, sizes)
    width = max(r_rows.width, s_rows.width)
    cols, where = _unique_with_inverse(owner * width + np.concatenate([r_cols, s_cols]))
    # a sentence's columns are one run of ``cols``
    bounds = np.searchsorted(cols, np.arange(len(tops) + 1) * width)
    col_lo, n_cols = bounds[:-1], bounds[1:] - bounds[:-1]
    start = np.concatenate([[0], np.cumsum((n_top + 1) * n_cols)])
    place = start[owner] + slot * n_cols[owner] + where - col_lo[owner]
    buffer = np.zeros(int(start[-1]))
    buffer[place] = np.concatenate([r_vals, s_vals])
    out = []
    for (_, top), lo, n in zip(tops, start.tolist(), n_cols.tolist(), strict=False):
        rows = buffer[lo + n : lo + n * (len(top) + 1)].reshape(len(top), n)
        out.append(Candidates.from_rows(buffer[lo : lo + n], rows, top))
    return out


def _unique_with_inverse(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_inverse=True)`` by a stable sort: several times faster than
    np.unique's own sort on keys made of sorted runs, as here."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.empty(ordered.size, dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    where = np.empty(ordered.size, dtype=np.intp)
    where[order] = np.cumsum(new) - 1
    return ordered[new], where


def _duplicate_classes(rows: _RowReader) -> dict[int, tuple[int, ...]]:
    """Rows with the same vector (a sentence the source repeats), for each repeated row.

    Weights are compared to 6 decimals: "X." and "X X." have the same direction up to rounding
    noise, and an exact comparison would split them by a last bit.
    """
    by_key: dict[tuple[bytes, bytes], list[int]] = {}
    rounded = np.round(rows.data, _DUPLICATE_DECIMALS)  # element by element: once for all rows
    indptr = rows.indptr
    for i, row in enumerate(rows.ids.tolist()):
        lo, hi = indptr[row], indptr[row + 1]
        if hi > lo:
            key = (rows.indices[lo:hi].tobytes(), rounded[lo:hi].tobytes())
            by_key.setdefault(key, []).append(i)
    classes: dict[int, tuple[int, ...]] = {}
    for members in by_key.values():
        if len(members) > 1:
            shared = tuple(members)  # one tuple per class: 10,000 copies must not make 10,000
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
