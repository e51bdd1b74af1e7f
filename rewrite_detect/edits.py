"""Word-level edits between an aligned group of source and rewrite sentences.

difflib's SequenceMatcher finds the words kept in order; words that were kept but moved (a
reordered clause) are then paired across the remaining blocks by stem and reported as ``equal``
edits with ``moved=True``. What is left is replaced, inserted or deleted. Every edit carries
character spans in both texts. A huge group (one unpunctuated page) is diffed in windows
(``windowed_opcodes``), so the time stays linear in its length.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from typing import NamedTuple

from rewrite_detect.records import Edit, EditCategory, Span, Token
from rewrite_detect.segment import is_stopword


class WordOp(NamedTuple):
    """An edit in token indexes (half-open ranges into the two token lists).

    A named tuple: every aligned group makes dozens, and frozen dataclasses are slow to build.
    """

    op: str
    src: tuple[int, int]
    rw: tuple[int, int]
    moved: bool = False


def _span(tokens: Sequence[Token], lo: int, hi: int) -> Span | None:
    if hi <= lo:
        return None
    return (tokens[lo].start, tokens[hi - 1].end)


Opcode = tuple[str, int, int, int, int]

# Above this many cells (source words x rewrite words) the diff runs in windows: difflib's exact
# matching is quadratic, and one unpunctuated 2 MB "sentence" would never finish. Aligned news
# sentences stay far below it (a merge of three long sentences is ~150 x 60 words).
MAX_DIFF_CELLS = 4_000_000
DIFF_WINDOW = 2_000


def _opcodes(src: Sequence[Token], rw: Sequence[Token]) -> list[Opcode]:
    a, b = [t.stem for t in src], [t.stem for t in rw]
    if a == b:  # a verbatim copy: what difflib would say, without its search
        return [("equal", 0, len(a), 0, len(b))] if a else []
    if len(a) * len(b) > MAX_DIFF_CELLS:
        return windowed_opcodes(a, b)
    ops: list[Opcode] = list(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())
    return ops


def windowed_opcodes(
    a: Sequence[str], b: Sequence[str], *, window: int = DIFF_WINDOW
) -> list[Opcode]:
    """difflib opcodes of two very long sequences, in bounded time.

    Both sequences are cut into the same number of pieces of at most ``window`` items, in
    proportion to their lengths, and piece k of one is diffed with piece k of the other: time
    grows linearly with the length. Matches that cross a piece boundary or a long move are
    found in part only (moved words are paired later by ``_find_moves``).
    """
    pieces = max(1, -(-max(len(a), len(b)) // window))
    out: list[Opcode] = []
    for k in range(pieces):
        i1, i2 = len(a) * k // pieces, len(a) * (k + 1) // pieces
        j1, j2 = len(b) * k // pieces, len(b) * (k + 1) // pieces
        matcher = difflib.SequenceMatcher(None, a[i1:i2], b[j1:j2], autojunk=False)
        for tag, p1, p2, q1, q2 in matcher.get_opcodes():
            op = (tag, i1 + p1, i1 + p2, j1 + q1, j1 + q2)
            if out and out[-1][0] == tag and out[-1][2] == op[1] and out[-1][4] == op[3]:
                op = (tag, out[-1][1], op[2], out[-1][3], op[4])
                out.pop()
            out.append(op)
    return out


def _find_moves(
    src: Sequence[Token], rw: Sequence[Token], src_free: set[int], rw_free: set[int]
) -> list[tuple[int, int]]:
    """Pairs (source token, rewrite token) of the same content word outside the in-order match."""
    by_stem: dict[str, list[int]] = {}
    for i in sorted(src_free):
        if not is_stopword(src[i].norm):
            by_stem.setdefault(src[i].stem, []).append(i)
    pairs = []
    taken: dict[str, int] = {}  # how many of each stem's source words are paired (no pop(0))
    for j in sorted(rw_free):
        if is_stopword(rw[j].norm):
            continue
        stem = rw[j].stem
        candidates = by_stem.get(stem)
        k = taken.get(stem, 0)
        if candidates and k < len(candidates):
            pairs.append((candidates[k], j))
            taken[stem] = k + 1
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
    moves = _find_moves(src, rw, src_free, rw_free)
    for i, j in moves:
        ops.append(WordOp("equal", (i, i + 1), (j, j + 1), moved=True))
    moved_src, moved_rw = {i for i, _ in moves}, {j for _, j in moves}
    for i1, i2, j1, j2 in blocks:
        ops.extend(_pair_runs(_free_runs(i1, i2, moved_src), _free_runs(j1, j2, moved_rw)))
    ops.sort(key=lambda o: (o.rw[0] if o.rw[1] > o.rw[0] else o.rw[0] - 0.5, o.src[0]))
    return ops


def _free_runs(lo: int, hi: int, moved: set[int]) -> list[tuple[int, int]]:
    """The runs of ``range(lo, hi)`` without the moved indexes (most blocks have none)."""
    if not moved or not any(i in moved for i in range(lo, hi)):
        return [(lo, hi)] if hi > lo else []
    return _runs([i for i in range(lo, hi) if i not in moved])


def _pair_runs(s_runs: list[tuple[int, int]], r_runs: list[tuple[int, int]]) -> list[WordOp]:
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


def to_edits(
    ops: Sequence[WordOp],
    src: Sequence[Token],
    rw: Sequence[Token],
    category: Callable[[Span | None, Span | None], EditCategory] | None = None,
) -> list[Edit]:
    """Character-span edits from token-index edits.

    ``category`` gives the category of an edit from its source and rewrite spans (findings
    know it); without it every edit is "neutral".
    """
    out = []
    for o in ops:
        source_span, rewrite_span = _span(src, *o.src), _span(rw, *o.rw)
        kind = category(source_span, rewrite_span) if category else "neutral"
        out.append(Edit(o.op, source_span, rewrite_span, kind, o.moved))  # type: ignore[arg-type]
    return out


def kept_share(ops: Sequence[WordOp], n_rewrite: int) -> float:
    """Share of rewrite words kept from the source: in place counts 1, moved counts 1/2."""
    if n_rewrite == 0:
        return 0.0
    kept = sum((o.rw[1] - o.rw[0]) * (0.5 if o.moved else 1.0) for o in ops if o.op == "equal")
    return min(1.0, kept / n_rewrite)
