"""Unicode clean-up that never moves a character.

Scraped text carries non-breaking spaces, curly quotes, soft hyphens, zero-width characters and
HTML entities. We never rewrite the user's text: ``normalize_text`` returns a string of the SAME
length in which each character is replaced by a one-character equivalent, so an offset into the
normalised text is the same offset into the original. Characters that should vanish (soft
hyphen, zero-width joiners) become ``IGNORABLE``, which the tokenizer skips inside words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

IGNORABLE = "\u00ad"  # kept as the single marker for every invisible character

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SPACES = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for ch in _INVISIBLE:
        table[ord(ch)] = IGNORABLE
    for ch in _SINGLE_QUOTES:
        table[ord(ch)] = "'"
    for ch in _DOUBLE_QUOTES:
        table[ord(ch)] = '"'
    for ch in _DASHES:
        table[ord(ch)] = "-"
    for ch in _SPACES:
        table[ord(ch)] = " "
    table[ord("\t")] = " "
    table[ord("\r")] = " "
    table[ord("\u2026")] = "."  # ellipsis as a single full stop keeps the length
    table[0] = " "
    return table


_TABLE = _build_table()
# The characters the table replaces: finding them with one regex scan and replacing only them
# is much faster than ``str.translate`` over every character (most characters stay as they are).
_REPLACED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=100_000)
def _fold_char(ch: str) -> str:
    """NFKC fold of one character when it stays a single character, else the character."""
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def _fold_run(match: re.Match[str]) -> str:
    """``_fold_char`` over a run of non-ASCII characters (ASCII ones never change)."""
    return "".join(map(_fold_char, match.group()))


def normalize_text(text: str) -> str:
    """A same-length normalised copy of ``text`` for matching (see the module docstring)."""
    out = _REPLACED.sub(lambda m: _TABLE[ord(m.group())], text)
    if out.isascii():
        return out
    return _NON_ASCII_RUN.sub(_fold_run, out)


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """The comparison key of a word: NFKC, case-folded, invisible characters removed."""
    cleaned = word.replace(IGNORABLE, "")
    return unicodedata.normalize("NFKC", cleaned).casefold()
