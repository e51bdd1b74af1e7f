"""Quotations tracked as spans: any change of the words inside a quote is ``quote_altered``.

A rewrite quotation is faithful when its words (folded, contractions split) are a contiguous
stretch of some source quotation, or of the source text itself (a rewrite may put a source phrase
in quotes). Otherwise it is compared with the most similar source quotation and the words that
differ, even a synonym, are reported. Editorial insertions in [brackets] or (parentheses) are left
out of the comparison, and words may be dropped where either quotation has an ellipsis.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from rewrite_detect.findings.context import Pair, quoted
from rewrite_detect.lexicon import parse_number
from rewrite_detect.records import Finding, Token

_MIN_SHARED = 2  # words a source quotation must share to be the one the rewrite altered
_MIN_SHARE = 0.5  # ... and their share of the rewrite's quotation
_SHORT_QUOTE = 2  # a quoted phrase this short ("significant improvement") may share one word
_SAME_SPELLING = 85  # rapidfuzz ratio above which two words are one word spelled two ways
_SHOWN_WORDS = 12  # quotations up to this long are reported whole
_ELLIPSES = ("...", "\u2026", ". . .")

Op = tuple[str, int, int, int, int]


@dataclass(frozen=True)
class Words:
    """The words of a quotation as compared, and where an ellipsis stands before a word."""

    tokens: tuple[Token, ...]
    norms: tuple[str, ...]
    gaps: frozenset[int]

    @functools.cached_property
    def counts(self) -> Counter[str]:
        """How often each word occurs (a source quotation is compared with several)."""
        return Counter(self.norms)

    @functools.cached_property
    def joined(self) -> str:
        """The words ``_joined``, for finding a run of words in them."""
        return _joined(self.norms)

    @functools.cached_property
    def sentences(self) -> frozenset[int]:
        """The sentences the words are in."""
        return frozenset(t.sentence for t in self.tokens)


# A gap between words without one of these neither opens nor closes an aside nor holds an
# ellipsis (each ellipsis has a full stop or is the ellipsis character).
_GAP_MARKS = re.compile("[][().\u2026]")


def quote_words(text: str, tokens: Sequence[Token], start: int) -> Words:
    """The words of a quotation (opening at ``start``) without editorial [insertions] and
    (asides)."""
    kept: list[Token] = []
    gaps: set[int] = set()
    depth = 0
    prev_end = start
    for t in tokens:
        gap = text[prev_end : t.start]
        if _GAP_MARKS.search(gap):
            depth = max(0, depth + sum(map(gap.count, "([")) - sum(map(gap.count, ")]")))
            if any(e in gap for e in _ELLIPSES):
                gaps.add(len(kept))
        if depth == 0:
            kept.append(t)
        prev_end = t.end
    return Words(tuple(kept), tuple(t.norm for t in kept), frozenset(gaps))


@dataclass(frozen=True)
class _Match:
    words: Words
    shared: int
    aligned: bool
    matcher: difflib.SequenceMatcher[str]  # source words against the rewrite's, matched once


def find_quotes_altered(pair: Pair) -> list[Finding]:
    """``quote_altered`` for every rewrite quotation whose words differ from the source's."""
    src_text, rw_text = pair.source.doc.article.text, pair.rewrite.doc.article.text
    src_all = _joined([t.norm for t in pair.source.doc.tokens])
    src_quotes = [
        quote_words(src_text, pair.source.doc.tokens[slice(*q.tokens)], q.start)
        for q in pair.source.quotes
    ]
    out = []
    for quote in pair.rewrite.quotes:
        tokens = [
            t
            for t in pair.rewrite.doc.tokens[slice(*quote.tokens)]
            if t.sentence in pair.aligned_rewrite  # inserted sentences: inserted content
        ]
        words = quote_words(rw_text, tokens, quote.start)
        if not words.norms or _faithful(words, src_all, src_quotes):
            continue
        match = _best_source_quote(pair, words, src_quotes)
        if match is not None:
            finding = _altered(pair, words, match)
            if finding is not None:
                out.append(finding)
    return out


def _faithful(words: Words, src_all: str, src_quotes: list[Words]) -> bool:
    """Whether the quoted words, sentence by sentence, are stretches of the source (quoted or
    not): a rewrite may quote a source phrase, or carry a long quotation over in another order.
    ``src_all`` is every source word, ``_joined``."""
    pieces: dict[int, list[str]] = {}
    for t in words.tokens:
        pieces.setdefault(t.sentence, []).append(t.norm)
    return all(_found_in(_joined(piece), src_all, src_quotes) for piece in pieces.values())


def _found_in(joined: str, src_all: str, src_quotes: list[Words]) -> bool:
    """Whether ``_joined`` words are a stretch of the source or of a source quotation."""
    return joined in src_all or any(joined in q.joined for q in src_quotes)


def _joined(words: Sequence[str]) -> str:
    """Words as one string in which a contiguous run of words is a substring: each word
    between line breaks (a folded word never holds one)."""
    return "\n" + "\n".join(words) + "\n"


def _matcher(a: Sequence[str], b: Sequence[str]) -> difflib.SequenceMatcher[str]:
    return difflib.SequenceMatcher(None, list(a), list(b), autojunk=False)


def _best_source_quote(pair: Pair, words: Words, src_quotes: list[Words]) -> _Match | None:
    """The source quotation the rewrite quotation most resembles (aligned sentences first)."""
    aligned = {
        s
        for g in pair.groups
        if words.tokens[0].sentence in g.group.rewrite
        for s in g.group.source
    }
    best: _Match | None = None
    for q in src_quotes:
        if not q.norms:
            continue
        in_aligned = not q.sentences.isdisjoint(aligned)
        short = in_aligned and min(len(words.norms), len(q.norms)) <= _SHORT_QUOTE
        # most words of an altered quotation still come from the source's
        needed = max(1 if short else _MIN_SHARED, _MIN_SHARE * len(words.norms))
        if _common_words(q.counts, words.counts) < needed:
            continue  # the words in order (below) are among the words in common
        matcher = _matcher(q.norms, words.norms)
        shared = sum(b.size for b in matcher.get_matching_blocks())
        if shared < needed:
            continue
        candidate = _Match(q, shared, in_aligned, matcher)
        if best is None or (candidate.aligned, candidate.shared) > (best.aligned, best.shared):
            best = candidate
    return best


def _common_words(a: Counter[str], b: Counter[str]) -> int:
    """How many words two quotations share, repeats counted (``(a & b).total()``)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(min(n, b[word]) for word, n in a.items() if word in b)


def _altered(pair: Pair, rw: Words, match: _Match) -> Finding | None:
    """The finding for a rewrite quotation that differs from its source quotation (``match``),
    if it does."""
    src = match.words
    ops = list(match.matcher.get_opcodes())
    while ops and ops[0][0] == "delete":  # the rewrite quotes only part of the source quotation
        ops.pop(0)
    while ops and ops[-1][0] == "delete":
        ops.pop()
    changes = [op for op in ops if op[0] != "equal" and not _excused(op, src, rw)]
    if not changes:
        return None
    window = src.tokens[ops[0][1] : ops[-1][2]] or src.tokens
    if len(rw.tokens) <= _SHOWN_WORDS and len(window) <= _SHOWN_WORDS:
        span_s, span_r = list(window), list(rw.tokens)
        explanation = (
            f"The quotation {quoted(pair.rewrite.text_of(span_r))} differs from the source's "
            f"{quoted(pair.source.text_of(span_s))}: words inside quotation marks must not change."
        )
    else:
        span_s = _change_span(changes, src.tokens, side=0)
        span_r = _change_span(changes, rw.tokens, side=1)
        n_more = len(changes) - 1
        more = f" (and {n_more} more change{'s' if n_more > 1 else ''})" if n_more else ""
        explanation = (
            f"Inside a quotation, {_change_text(pair, changes[0], src, rw)}{more}: "
            "words inside quotation marks must not change."
        )
    pair.claim("r", rw.tokens, "quote_altered")
    pair.claim("s", window, "quote_altered")
    return pair.finding("quote_altered", span_s, span_r, explanation)


def _excused(op: Op, src: Words, rw: Words) -> bool:
    """A change that is no change: spelling variants, equal numbers, words dropped at an
    ellipsis (of either quotation)."""
    tag, i1, i2, j1, j2 = op
    if tag == "replace" and i2 - i1 == j2 - j1:
        pairs = zip(src.norms[i1:i2], rw.norms[j1:j2], strict=True)
        if all(_same_word(a, b) for a, b in pairs):
            return True
    if tag == "delete":
        return j1 in rw.gaps or any(k in src.gaps for k in range(i1, i2 + 1))
    if tag == "insert":
        return i1 in src.gaps or any(k in rw.gaps for k in range(j1, j2 + 1))
    return False


def _same_word(a: str, b: str) -> bool:
    """Spelling variants ("organisation"/"organization") or equal numbers ("ten"/"10")."""
    if a == b:
        return True
    va, vb = parse_number(a), parse_number(b)
    if va is not None and va == vb:
        return True
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= _SAME_SPELLING


def _change_text(pair: Pair, op: Op, src: Words, rw: Words) -> str:
    """One change inside a quotation, in words."""
    _, i1, i2, j1, j2 = op
    before = quoted(pair.source.text_of(src.tokens[i1:i2])) if i2 > i1 else ""
    after = quoted(pair.rewrite.text_of(rw.tokens[j1:j2])) if j2 > j1 else ""
    if not before:
        return f"the rewrite adds {after}"
    if not after:
        return f"the rewrite drops {before}"
    return f"{before} became {after}"


def _change_span(changes: Sequence[Op], tokens: Sequence[Token], *, side: int) -> list[Token]:
    """Tokens from the first to the last change on one side (a neighbour for a pure drop)."""
    lo = min(int(op[1 + 2 * side]) for op in changes)
    hi = max(int(op[2 + 2 * side]) for op in changes)
    if hi <= lo:
        lo, hi = max(0, lo - 1), min(len(tokens), lo + 1)
    return list(tokens[lo:hi])
