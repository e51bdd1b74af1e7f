"""Word-level edits between an aligned group of source and rewrite sentences.

difflib's SequenceMatcher finds the words kept in order; words that were kept but moved (a
reordered clause) are then paired across the remaining blocks by stem and reported as ``equal``
edits with ``moved=True``. What is left is replaced, inserted or deleted. Every edit carries
character spans in both texts. A huge group (one unpunctuated page) is diffed in windows
(``windowed_opcodes``), so the time stays linear in its length.
"""

from __future__ import annotations

import bisect
import difflib
import operator
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


def _opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """difflib's opcodes between two stem sequences."""
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
    src: Sequence[Token], rw: Sequence[Token], blocks: Sequence[Block]
) -> list[tuple[int, int]]:
    """Pairs (source token, rewrite token) of the same content word outside the in-order match.

    ``blocks`` are the non-equal opcodes, in order: their tokens are the free ones, in order.
    """
    by_stem: dict[str, list[int]] = {}
    for i1, i2, _, _ in blocks:
        for i, token in enumerate(src[i1:i2], i1):
            if not is_stopword(token.norm):
                by_stem.setdefault(token.stem, []).append(i)
    if not by_stem:
        return []
    pairs = []
    taken: dict[str, int] = {}  # how many of each stem's source words are paired (no pop(0))
    for _, _, j1, j2 in blocks:
        for j, token in enumerate(rw[j1:j2], j1):
            candidates = by_stem.get(token.stem)
            if candidates is None or is_stopword(token.norm):
                continue
            k = taken.get(token.stem, 0)
            if k < len(candidates):
                pairs.append((candidates[k], j))
                taken[token.stem] = k + 1
    return pairs


Block = tuple[int, int, int, int]  # a non-equal opcode: source and rewrite ranges


def word_ops(src: Sequence[Token], rw: Sequence[Token]) -> list[WordOp]:
    """Edits in token indexes: in-order equal runs, moved words, then what remains."""
    ops: list[WordOp] = []
    blocks: list[Block] = []
    for tag, i1, i2, j1, j2 in _opcodes([t.stem for t in src], [t.stem for t in rw]):
        if tag == "equal":
            ops.append(WordOp("equal", (i1, i2), (j1, j2)))
        else:
            blocks.append((i1, i2, j1, j2))
    moves = _find_moves(src, rw, blocks)
    if moves:
        ops.extend([WordOp("equal", (i, i + 1), (j, j + 1), moved=True) for i, j in moves])
        ops.extend(_unmoved_ops(blocks, moves))
    else:
        ops.extend(map(_block_op, blocks))
    ops.sort(key=_EDIT_ORDER)
    return ops


# Edits in rewrite order, by (rewrite range, source range): an edit with no rewrite words (a
# delete at anchor a, range (a, a)) goes before the edit at a, whose range (a, b) is larger.
_EDIT_ORDER = operator.itemgetter(2, 1)


def _unmoved_ops(blocks: Sequence[Block], moves: Sequence[tuple[int, int]]) -> list[WordOp]:
    """The edits of each block's words that did not move."""
    moved_src, moved_rw = sorted([i for i, _ in moves]), sorted([j for _, j in moves])
    out = []
    for block in blocks:
        i1, i2, j1, j2 = block
        if _none_within(moved_src, i1, i2) and _none_within(moved_rw, j1, j2):
            out.append(_block_op(block))
        else:
            out.extend(_pair_runs(_free_runs(i1, i2, moved_src), _free_runs(j1, j2, moved_rw)))
    return out


def _none_within(ordered: list[int], lo: int, hi: int) -> bool:
    """Whether no item of the sorted list lies in ``range(lo, hi)``."""
    k = bisect.bisect_left(ordered, lo)
    return k == len(ordered) or ordered[k] >= hi


def _block_op(block: Block) -> WordOp:
    """The one edit of a block none of whose words moved (``_pair_runs`` of one run a side)."""
    i1, i2, j1, j2 = block
    if i2 > i1 and j2 > j1:
        return WordOp("replace", (i1, i2), (j1, j2))
    if i2 > i1:
        return WordOp("delete", (i1, i2), (0, 0))
    return WordOp("insert", (0, 0), (j1, j2))


def _free_runs(lo: int, hi: int, moved: list[int]) -> list[tuple[int, int]]:
    """The runs of ``range(lo, hi)`` without the moved indexes (``moved`` is sorted; most
    blocks have none)."""
    first = bisect.bisect_left(moved, lo)
    end = bisect.bisect_left(moved, hi, first)
    runs = []
    for m in moved[first:end]:
        if m > lo:
            runs.append((lo, m))
        lo = m + 1
    if hi > lo:
        runs.append((lo, hi))
    return runs


def _pair_runs(s_runs: list[tuple[int, int]], r_runs: list[tuple[int, int]]) -> list[WordOp]:
    """Pair leftover runs of one diff block in order: replace, then insert/delete the rest."""
    out = [WordOp("replace", s, r) for s, r in zip(s_runs, r_runs, strict=False)]
    if len(s_runs) > len(r_runs):
        anchor = r_runs[-1][1] if r_runs else 0
        out.extend([WordOp("delete", s, (anchor, anchor)) for s in s_runs[len(r_runs) :]])
    elif len(r_runs) > len(s_runs):
        anchor = s_runs[-1][1] if s_runs else 0
        out.extend([WordOp("insert", (anchor, anchor), r) for r in r_runs[len(s_runs) :]])
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
    for op, (i1, i2), (j1, j2), moved in ops:
        source_span, rewrite_span = _span(src, i1, i2), _span(rw, j1, j2)
        kind = category(source_span, rewrite_span) if category else "neutral"
        out.append(Edit(op, source_span, rewrite_span, kind, moved))  # type: ignore[arg-type]
    return out


def kept_share(ops: Sequence[WordOp], n_rewrite: int) -> float:
    """Share of rewrite words kept from the source: in place counts 1, moved counts 1/2."""
    if n_rewrite == 0:
        return 0.0
    kept = sum(
        [(j2 - j1) * (0.5 if moved else 1.0) for op, _, (j1, j2), moved in ops if op == "equal"]
    )
    return min(1.0, kept / n_rewrite)
