"""Word-level edits between an aligned group of source and rewrite sentences.

difflib's SequenceMatcher finds the words kept in order; words that were kept but moved (a
reordered clause) are then paired across the remaining blocks by stem and reported as ``equal``
edits with ``moved=True``. What is left is replaced, inserted or deleted. Every edit carries
character spans in both texts.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from rewrite_detect.records import Edit, Span, Token
from rewrite_detect.segment import is_stopword


@dataclass(frozen=True)
class WordOp:
    """An edit in token indexes (half-open ranges into the two token lists)."""

    op: str
    src: tuple[int, int]
    rw: tuple[int, int]
    moved: bool = False


def _span(tokens: Sequence[Token], lo: int, hi: int) -> Span | None:
    if hi <= lo:
        return None
    return (tokens[lo].start, tokens[hi - 1].end)


def _opcodes(src: Sequence[Token], rw: Sequence[Token]) -> list[tuple[str, int, int, int, int]]:
    matcher = difflib.SequenceMatcher(
        None, [t.stem for t in src], [t.stem for t in rw], autojunk=False
    )
    return matcher.get_opcodes()


def _find_moves(
    src: Sequence[Token], rw: Sequence[Token], src_free: set[int], rw_free: set[int]
) -> list[tuple[int, int]]:
    """Pairs (source token, rewrite token) of the same content word outside the in-order match."""
    by_stem: dict[str, list[int]] = {}
    for i in sorted(src_free):
        if not is_stopword(src[i].norm):
            by_stem.setdefault(src[i].stem, []).append(i)
    pairs = []
    for j in sorted(rw_free):
        if is_stopword(rw[j].norm):
            continue
        candidates = by_stem.get(rw[j].stem)
        if candidates:
            pairs.append((candidates.pop(0), j))
    return pairs


def _runs(indexes: Sequence[int]) -> list[tuple[int, int]]:
    """Half-open ranges of consecutive integers."""
    runs: list[tuple[int, int]] = []
    for i in sorted(indexes):
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def word_ops(src: Sequence[Token], rw: Sequence[Token]) -> list[WordOp]:
    """Edits in token indexes: in-order equal runs, moved words, then what remains."""
    ops: list[WordOp] = []
    blocks = []
    for tag, i1, i2, j1, j2 in _opcodes(src, rw):
        if tag == "equal":
            ops.append(WordOp("equal", (i1, i2), (j1, j2)))
        else:
            blocks.append((i1, i2, j1, j2))
    src_free = {i for i1, i2, _, _ in blocks for i in range(i1, i2)}
    rw_free = {j for _, _, j1, j2 in blocks for j in range(j1, j2)}
    for i, j in _find_moves(src, rw, src_free, rw_free):
        ops.append(WordOp("equal", (i, i + 1), (j, j + 1), moved=True))
        src_free.discard(i)
        rw_free.discard(j)
    for i1, i2, j1, j2 in blocks:
        s_runs = _runs([i for i in range(i1, i2) if i in src_free])
        r_runs = _runs([j for j in range(j1, j2) if j in rw_free])
        ops.extend(_pair_runs(s_runs, r_runs))
    ops.sort(key=lambda o: (o.rw[0] if o.rw[1] > o.rw[0] else o.rw[0] - 0.5, o.src[0]))
    return ops


def _pair_runs(
    s_runs: list[tuple[int, int]], r_runs: list[tuple[int, int]]
) -> list[WordOp]:
    """Pair leftover runs of one diff block in order: replace, then insert/delete the rest."""
    out = []
    for k in range(max(len(s_runs), len(r_runs))):
        s = s_runs[k] if k < len(s_runs) else None
        r = r_runs[k] if k < len(r_runs) else None
        if s and r:
            out.append(WordOp("replace", s, r))
        elif s:
            anchor = r_runs[-1][1] if r_runs else 0
            out.append(WordOp("delete", s, (anchor, anchor)))
        elif r:
            anchor = s_runs[-1][1] if s_runs else 0
            out.append(WordOp("insert", (anchor, anchor), r))
    return out


def to_edits(ops: Sequence[WordOp], src: Sequence[Token], rw: Sequence[Token]) -> list[Edit]:
    """Character-span edits from token-index edits (category filled in by findings)."""
    return [
        Edit(
            op=o.op,  # type: ignore[arg-type]
            source_span=_span(src, *o.src),
            rewrite_span=_span(rw, *o.rw),
            moved=o.moved,
        )
        for o in ops
    ]


def kept_share(ops: Sequence[WordOp], n_rewrite: int) -> float:
    """Share of rewrite words kept from the source: in place counts 1, moved counts 1/2."""
    if n_rewrite == 0:
        return 0.0
    kept = sum((o.rw[1] - o.rw[0]) * (0.5 if o.moved else 1.0) for o in ops if o.op == "equal")
    return min(1.0, kept / n_rewrite)
