"""Which pairs of a corpus to compare: sparse TF-IDF top-k with document-frequency caps.

Every article becomes a hashed bag of terms, its words and word pairs (no vocabulary to hold, so
a corpus can be hashed in chunks, anywhere), weighted by sublinear TF times the corpus IDF and
L2-normalised over *all* its terms. Terms in more than ``df_cap`` articles are then dropped
before the similarity product: shared boilerplate, the wire background of a running story and
function words cannot make a candidate by themselves, and the product costs at most ``df_cap``
operations per stored term, so once the cap reaches its ceiling the cost grows linearly with
the corpus. Because the norm keeps the dropped terms, a score is the share of an article's
weight that lies on rare shared terms, not an inflated cosine over the few that remain.

Word pairs survive light spin but are rarely shared by stories that merely share a topic: on
Reuters-21578 with planted spun rewrites they reach full recall with a quarter of the pairs that
words alone need, and the seed rewrite scores 0.42 against at most 0.17 for its same-topic
neighbours (bench/README.md). MinHash LSH on shingles missed most spun rewrites in the issue's
measurement, so there is none here; exact copies score 1.0 and are found the same way.

Each article keeps its ``top_k`` most similar articles above ``min_similarity``; a pair is a
candidate if either side keeps it. Pairs within one outlet are left out unless asked for (an
outlet is a series: reuse inside it is syndication, passim's rule); an unknown outlet is never
the same as another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

TOKEN_PATTERN = r"(?u)\b\w\w+\b"


@dataclass(frozen=True)
class CandidateParams:
    """Knobs of candidate retrieval (recorded in ``thresholds.json`` of every scan)."""

    top_k: int = 10  # neighbours kept per article
    min_similarity: float = 0.30  # TF-IDF score a pair needs to be compared at all
    max_ngram: int = 2  # terms are words and word pairs (bigrams survive light spin, not topics)
    max_df: float = 0.01  # a term in more than this share of the articles is background...
    df_floor: int = 50  # ...unless it is in at most this many (small corpora keep their terms)
    df_ceiling: int = 500  # ...and never more than this many (keeps the cost near-linear)
    n_features: int = 2**22  # hashing space for terms
    include_same_outlet: bool = False  # compare articles of one outlet with each other

    def validate(self) -> CandidateParams:
        """Raise ValueError naming the first out-of-range knob; return self."""
        if self.top_k < 1:
            raise ValueError(f"top_k must be at least 1, got {self.top_k!r}")
        if not 0.0 <= self.min_similarity <= 1.0:
            raise ValueError(f"min_similarity must be between 0 and 1, got {self.min_similarity!r}")
        if not 0.0 < self.max_df <= 1.0:
            raise ValueError(f"max_df must be in (0, 1], got {self.max_df!r}")
        if self.df_floor < 2 or self.df_ceiling < self.df_floor:
            raise ValueError("need 2 <= df_floor <= df_ceiling")
        if self.n_features < 2**10:
            raise ValueError("n_features must be at least 1024")
        if self.max_ngram not in (1, 2, 3):
            raise ValueError(f"max_ngram must be 1, 2 or 3, got {self.max_ngram!r}")
        return self

    def df_cap(self, n_docs: int) -> int:
        """The largest document frequency a word may have and still link two articles."""
        return int(min(self.df_ceiling, max(self.df_floor, self.max_df * n_docs)))

    def to_dict(self) -> dict[str, Any]:
        """The values in force."""
        return asdict(self)


@dataclass(frozen=True, order=True)
class Candidate:
    """Two article indexes (``a < b``) worth comparing, and their TF-IDF score."""

    a: int
    b: int
    similarity: float


def _vectorizer(n_features: int, max_ngram: int) -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        n_features=n_features,
        ngram_range=(1, max_ngram),
        token_pattern=TOKEN_PATTERN,
        lowercase=True,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )


def term_counts(texts: Sequence[str], params: CandidateParams | None = None) -> sp.csr_matrix:
    """Hashed term counts, one row per text (stateless: chunks can be hashed anywhere)."""
    params = params or CandidateParams()
    return _vectorizer(params.n_features, params.max_ngram).transform(texts).tocsr()


def stack_counts(chunks: Iterable[sp.csr_matrix]) -> sp.csr_matrix:
    """The row-wise concatenation of count chunks."""
    parts = list(chunks)
    if not parts:
        return sp.csr_matrix((0, CandidateParams.n_features), dtype=np.float32)
    return sp.vstack(parts, format="csr")


def weigh(counts: sp.csr_matrix, *, df_cap: int) -> sp.csr_matrix:
    """Sublinear-TF x IDF rows, L2-normalised over all words, then capped words dropped.

    Columns with a document frequency below 2 (they cannot link two articles) or above
    ``df_cap`` are removed after normalisation, so they count in the norm but not the product.
    """
    x = counts.tocsr(copy=True).astype(np.float32)
    x.sum_duplicates()
    n_docs = x.shape[0]
    df = np.bincount(x.indices, minlength=x.shape[1])
    idf = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
    np.log(x.data, out=x.data)
    x.data += 1.0
    x.data *= idf[x.indices]
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sp.diags((1.0 / norms).astype(np.float32)) @ x
    x = x.tocsr()
    keep = (df[x.indices] >= 2) & (df[x.indices] <= df_cap)
    x.data[~keep] = 0.0
    x.eliminate_zeros()
    return x


def _row_budget(x: sp.csr_matrix, xt_lengths: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Row ranges whose similarity product holds at most ``budget`` entries (at least one row)."""
    cost_per_entry = xt_lengths[x.indices]
    row_cost = np.add.reduceat(cost_per_entry, x.indptr[:-1]) if x.nnz else np.zeros(x.shape[0])
    row_cost = np.where(np.diff(x.indptr) > 0, row_cost, 0)
    ranges: list[tuple[int, int]] = []
    start, acc = 0, 0
    for i, cost in enumerate(row_cost.tolist()):
        if acc and acc + cost > budget:
            ranges.append((start, i))
            start, acc = i, 0
        acc += cost
    if start < x.shape[0]:
        ranges.append((start, x.shape[0]))
    return ranges


def _top_in_block(
    block: sp.csr_matrix,
    offset: int,
    *,
    top_k: int,
    min_similarity: float,
    groups: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, col, score) of each row's ``top_k`` best columns above the threshold."""
    hits = np.flatnonzero(block.data >= min_similarity)  # most entries fail: filter them first
    rows = np.searchsorted(block.indptr, hits, side="right").astype(np.int64) - 1 + offset
    cols = block.indices[hits].astype(np.int64)
    vals = block.data[hits]
    mask = rows != cols
    if groups is not None:
        g_r, g_c = groups[rows], groups[cols]
        mask &= ~((g_r == g_c) & (g_r >= 0))
    rows, cols, vals = rows[mask], cols[mask], vals[mask]
    if rows.size == 0:
        return rows, cols, vals
    order = np.lexsort((cols, -vals, rows))  # by row, best first, ties by column
    rows, cols, vals = rows[order], cols[order], vals[order]
    first = np.r_[0, np.flatnonzero(np.diff(rows)) + 1]
    rank = np.arange(rows.size) - np.repeat(first, np.diff(np.r_[first, rows.size]))
    keep = rank < top_k
    return rows[keep], cols[keep], vals[keep]


def top_pairs(
    x: sp.csr_matrix,
    *,
    top_k: int,
    min_similarity: float,
    groups: np.ndarray | None = None,
    budget: int = 20_000_000,
    on_block: Callable[[int], None] | None = None,
) -> list[Candidate]:
    """Each row's ``top_k`` most similar rows above ``min_similarity``, as unordered pairs.

    ``groups`` (one int per row, -1 for none) excludes pairs inside one group (an outlet).
    The product is computed in row blocks of at most ``budget`` entries, which bounds memory.
    ``on_block`` is called with the number of rows done after each block (for progress bars).
    """
    x = x.tocsr()
    xt = x.T.tocsr()
    lengths = np.diff(xt.indptr).astype(np.int64)
    best: dict[tuple[int, int], float] = {}
    for lo, hi in _row_budget(x, lengths, budget):
        block = x[lo:hi] @ xt
        rows, cols, vals = _top_in_block(
            block, lo, top_k=top_k, min_similarity=min_similarity, groups=groups
        )
        for r, c, v in zip(rows.tolist(), cols.tolist(), vals.tolist(), strict=True):
            key = (r, c) if r < c else (c, r)
            if v > best.get(key, -1.0):
                best[key] = v
        if on_block:
            on_block(hi - lo)
    return [Candidate(a, b, round(float(v), 4)) for (a, b), v in sorted(best.items())]


def outlet_groups(outlets: Sequence[str | None]) -> np.ndarray:
    """One integer per article naming its outlet (-1 when unknown: never the same outlet)."""
    codes: dict[str, int] = {}
    out = np.full(len(outlets), -1, dtype=np.int64)
    for i, outlet in enumerate(outlets):
        key = (outlet or "").strip().casefold()
        if key:
            out[i] = codes.setdefault(key, len(codes))
    return out


def find_candidates(
    texts: Sequence[str],
    *,
    outlets: Sequence[str | None] | None = None,
    params: CandidateParams | None = None,
    counts: sp.csr_matrix | None = None,
    on_block: Callable[[int], None] | None = None,
) -> list[Candidate]:
    """Candidate pairs of a corpus, sorted by ``(a, b)``; see the module docstring.

    ``counts`` (from :func:`term_counts`, e.g. hashed in parallel chunks) saves hashing again.
    """
    params = (params or CandidateParams()).validate()
    if len(texts) < 2:
        return []
    if counts is None:
        counts = term_counts(texts, params)
    weighted = weigh(counts, df_cap=params.df_cap(len(texts)))
    groups = None
    if outlets is not None and not params.include_same_outlet:
        groups = outlet_groups(outlets)
    return top_pairs(
        weighted,
        top_k=params.top_k,
        min_similarity=params.min_similarity,
        groups=groups,
        on_block=on_block,
    )
