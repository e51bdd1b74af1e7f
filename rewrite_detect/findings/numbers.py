"""Numbers and quantities in digits or words, and the hedges in front of them.

A number of the rewrite that no number of the aligned source sentences equals (by its value as
written, or scaled: "3 million" = "3,000,000" = "3m") is ``number_changed`` when it took the
place of a source number. When the numbers agree but the approximator in front of them does not
("nearly 60,000" -> "some 60,000"), that is ``hedge_changed``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from rewrite_detect.findings.context import GroupView, Pair, quoted, scan_mentions
from rewrite_detect.lexicon import hedge_of, number_value, parse_number
from rewrite_detect.records import Finding, Token

_DIGITS = re.compile(r"^(\d+(?:\.\d+)?)(.*)$")
_COMPOUND = re.compile(r"^[\d.,]*[-/:][\d]")
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_WEAK = frozenset(["one", "a", "an", "half", "hundred", "thousand", "million", "billion"])
_HEDGE_WORDS = 3
_HEDGE_MEANING = {
    None: "an exact figure",
    "below": "just under the figure",
    "under": "less than the figure",
    "approx": "roughly the figure",
    "above": "more than the figure",
    "max": "at most the figure",
    "exact": "exactly the figure",
}


class NumberMention(NamedTuple):
    """A written quantity in a run of group tokens, with the values it may stand for (a named
    tuple: groups make many)."""

    lo: int
    hi: int
    values: frozenset[str]  # the values it may stand for, as keys ("60000", "3e+06", "7-5")
    weak: bool  # "one", "half", a lone "million": too common to pair without a slot
    year: bool


def _key(value: float) -> str:
    return f"{value:.6g}"


def number_mentions(tokens: Sequence[Token]) -> list[NumberMention]:
    """Numbers in digits ("60,000", "$10.9bn", "3 million") and in words ("eleven")."""
    return scan_mentions(tokens, _may_be_number, _number_at)


def _number_at(tokens: Sequence[Token], i: int) -> NumberMention | None:
    return _digits_at(tokens, i) or _words_at(tokens, i)


@functools.lru_cache(maxsize=65_536)
def _may_be_number(norm: str) -> bool:
    """Whether a word can start a number mention: a digit or a number word (most words are
    neither, and are passed over with one cached look-up)."""
    return bool(_DIGITS.match(norm)) or number_value(norm) is not None


def _digits_at(tokens: Sequence[Token], i: int) -> NumberMention | None:
    numeral = _numeral(tokens[i].norm)
    if numeral is None:
        return None
    raw, values, year = numeral
    hi = i + 1
    if raw is not None and hi < len(tokens):  # "3 million": the scale is the next word
        scale = tokens[hi].norm
        if scale in _SCALES and len(scale) > 2:
            values = values | {_key(raw * _SCALES[scale])}
            hi += 1
    return NumberMention(i, hi, values, False, year)


@functools.lru_cache(maxsize=65_536)
def _numeral(norm: str) -> tuple[float | None, frozenset[str], bool] | None:
    """A word in digits: its value (None when a scale word cannot follow it), the values it
    may stand for as keys, and whether it is a year; None for any other word (cached: a
    document repeats its figures)."""
    match = _DIGITS.match(norm)
    if match is None:
        return None
    raw = float(match[1])
    suffix = match[2].lstrip("-")
    if _COMPOUND.match(match[2]):  # a score or range such as "7-5", "9-7/8": compared whole
        return None, frozenset([norm]), False
    values = {raw}
    if suffix in _SCALES:  # "10.9bn"
        values.add(raw * _SCALES[suffix])
    year = not suffix and match[1].isdigit() and len(match[1]) == 4 and 1800 <= raw <= 2100
    return (None if suffix in _SCALES else raw), frozenset(_key(v) for v in values), year


def _words_at(tokens: Sequence[Token], i: int) -> NumberMention | None:
    if number_value(tokens[i].norm) is None or tokens[i].norm in ("a", "an"):
        return None
    hi = i + 1
    while hi < len(tokens) and (
        number_value(tokens[hi].norm) is not None
        or (tokens[hi].norm == "and" and hi + 1 < len(tokens) and number_value(tokens[hi + 1].norm))
    ):
        hi += 1
    phrase = " ".join(t.norm for t in tokens[i:hi])
    value = parse_number(phrase)
    if value is None:
        return None
    weak = hi - i == 1 and tokens[i].norm in _WEAK
    return NumberMention(i, hi, frozenset({_key(value)}), weak, False)


def _free(pair: Pair, side: str, tokens: Sequence[Token], m: NumberMention) -> bool:
    return not pair.any_claimed(side, tokens[m.lo : m.hi])  # type: ignore[arg-type]


def find_numbers(pair: Pair) -> list[Finding]:
    """``number_changed`` and ``hedge_changed`` in every aligned group."""
    out: list[Finding] = []
    for g in pair.groups:
        out.extend(_group_numbers(pair, g))
    return out


def _source_values(pair: Pair) -> set[str]:
    """Every value a number of the whole source may stand for."""
    return {v for m in pair.source.mentions(number_mentions) for v in m.values}


def _group_numbers(pair: Pair, g: GroupView) -> list[Finding]:
    rw = [m for m in g.mentions(number_mentions, "r") if _free(pair, "r", g.r, m)]
    if not rw:
        return []  # every finding is about a number of the rewrite
    src = [m for m in g.mentions(number_mentions, "s") if _free(pair, "s", g.s, m)]
    out: list[Finding] = []
    matched: list[tuple[NumberMention, NumberMention]] = []
    unmatched_r = []
    s_left = list(src)
    for r in rw:
        same = [s for s in s_left if s.values & r.values]
        if same:
            s = _prefer_slot(g, r, same)
            matched.append((s, r))
            s_left.remove(s)
        else:
            unmatched_r.append(r)
    for r in unmatched_r:
        partner = _changed_partner(pair, g, r, s_left, len(unmatched_r))
        if partner is not None:
            s_left.remove(partner)
            out.append(_number_finding(pair, g, partner, r))
    for s, r in matched:
        finding = _hedge_finding(pair, g, s, r)
        if finding is not None:
            out.append(finding)
    return out


def _in_slot(g: GroupView, s: NumberMention, r: NumberMention) -> bool:
    return any(
        g.same_region(i, j) or g.partner_of_r(j) == i
        for i in range(s.lo, s.hi)
        for j in range(r.lo, r.hi)
    )


def _prefer_slot(g: GroupView, r: NumberMention, cands: list[NumberMention]) -> NumberMention:
    aligned = [
        s for s in cands if any(g.r2s.get(j) in range(s.lo, s.hi) for j in range(r.lo, r.hi))
    ]
    return (aligned or cands)[0]


def _changed_partner(
    pair: Pair, g: GroupView, r: NumberMention, s_left: list[NumberMention], n_unmatched: int
) -> NumberMention | None:
    """The source number a rewrite number replaced: same slot, else the only candidate."""
    for s in s_left:
        if _in_slot(g, s, r) and not (s.weak and r.weak):
            return s
    loose = [s for s in s_left if not s.weak and s.year == r.year]
    if (
        len(loose) == 1
        and len(s_left) == 1
        and n_unmatched == 1
        and not r.weak
        and not (r.values & _source_values(pair))
    ):
        return loose[0]
    return None


def _number_finding(pair: Pair, g: GroupView, s: NumberMention, r: NumberMention) -> Finding:
    s_tokens, r_tokens = g.s[s.lo : s.hi], g.r[r.lo : r.hi]
    explanation = (
        f"The number {quoted(pair.source.text_of(s_tokens))} became "
        f"{quoted(pair.rewrite.text_of(r_tokens))}."
    )
    return pair.finding("number_changed", s_tokens, r_tokens, explanation)


def _hedge(tokens: Sequence[Token], m: NumberMention) -> tuple[str | None, int]:
    """The class of the approximator right before a number and where it starts."""
    sentence = tokens[m.lo].sentence
    for n in range(_HEDGE_WORDS, 0, -1):
        lo = m.lo - n
        if lo < 0 or tokens[lo].sentence != sentence:
            continue
        cls = hedge_of(" ".join(t.norm for t in tokens[lo : m.lo]))
        if cls is not None and cls not in ("uncertain", "certain"):
            return cls, lo
    return None, m.lo


def _hedge_finding(pair: Pair, g: GroupView, s: NumberMention, r: NumberMention) -> Finding | None:
    s_cls, s_lo = _hedge(g.s, s)
    r_cls, r_lo = _hedge(g.r, r)
    if s_cls == r_cls:
        return None
    s_tokens, r_tokens = g.s[s_lo : s.hi], g.r[r_lo : r.hi]
    if pair.any_claimed("r", g.r[r_lo : r.lo]):
        return None
    explanation = (
        f"{quoted(pair.source.text_of(s_tokens))} became {quoted(pair.rewrite.text_of(r_tokens))}: "
        f"{_HEDGE_MEANING.get(s_cls, s_cls)} is now {_HEDGE_MEANING.get(r_cls, r_cls)}."
    )
    return pair.finding("hedge_changed", s_tokens, r_tokens, explanation)


# --------------------------------------------------------------------------- dates


def find_dates(pair: Pair) -> list[Finding]:
    """``number_changed`` for a day or month name replaced by another in the same slot."""
    from rewrite_detect.findings.entities import CALENDAR

    out = []
    for g in pair.groups:
        s_days: set[tuple[str, int] | None] | None = None  # gathered when first needed
        for j in g.unmatched_r():
            r = g.r[j]
            r_date = CALENDAR.get(r.norm.rstrip(".")) if r.text[:1].isupper() else None
            i = g.partner_of_r(j) if r_date is not None else None
            if r_date is None or i is None:
                continue
            if s_days is None:
                s_days = {CALENDAR.get(t.norm.rstrip(".")) for t in g.s if t.text[:1].isupper()}
            if r_date in s_days or pair.claimed("r", r):
                continue
            s = g.s[i]
            s_date = CALENDAR.get(s.norm.rstrip(".")) if s.text[:1].isupper() else None
            if s_date is None or s_date[0] != r_date[0] or pair.claimed("s", s):
                continue
            explanation = f"The date {quoted(s.text)} became {quoted(r.text)}."
            out.append(pair.finding("number_changed", [s], [r], explanation))
    return out
