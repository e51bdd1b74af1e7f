"""Number words and numerals as written in news ("forty-two", "60,000", "$10.9bn", "3 million").

Word tables are in ``numbers.json`` beside this module.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rewrite_detect.lexicon._data import load_json

_NUMERAL = re.compile(r"^([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)\s*([a-z]+)?$")


@dataclass(frozen=True)
class _Tables:
    units: dict[str, float]
    tens: dict[str, float]
    scales: dict[str, float]
    special: dict[str, float]
    suffixes: dict[str, float]
    one_letter: frozenset[str]
    currency: tuple[str, ...]  # longest first


@functools.cache
def _tables() -> _Tables:
    raw = load_json("numbers.json")
    return _Tables(
        units={k: float(v) for k, v in raw["units"].items()},
        tens={k: float(v) for k, v in raw["tens"].items()},
        scales={k: float(v) for k, v in raw["scales"].items()},
        special={k: float(v) for k, v in raw["special"].items()},
        suffixes={k: float(v) for k, v in raw["suffixes"].items()},
        one_letter=frozenset(raw["one_letter_suffixes"]),
        currency=tuple(sorted(raw["currency_signs"], key=len, reverse=True)),
    )


def _fold(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("‑", "-").replace("–", "-").casefold()
    return " ".join(text.replace("-", " ").split())


@functools.lru_cache(maxsize=65_536)
def number_value(word: str) -> float | None:
    """The value of a number word: "one" .. "ninety-nine", "hundred", "thousand", "million",
    "billion", "dozen", "half", "a dozen"; ``None`` for anything else (including vague plurals
    such as "hundreds").

    >>> number_value("forty-two")
    42.0
    """
    tables = _tables()
    key = _fold(word)
    for table in (tables.special, tables.units, tables.tens, tables.scales):
        if key in table:
            return table[key]
    if any(ch.isdigit() for ch in key):
        return None
    return _words(key)


def _strip_currency(text: str) -> tuple[str, bool]:
    for sign in _tables().currency:
        if text.startswith(sign):
            return text[len(sign) :].strip(), True
    return text, False


def _numeral(text: str, currency: bool) -> float | None:
    match = _NUMERAL.match(text)
    if match is None:
        return None
    value = float(match[1].replace(",", ""))
    suffix = match[2]
    if suffix is None:
        return value
    tables = _tables()
    if suffix in tables.one_letter and not currency:
        return None  # "100m" may be metres
    scale = tables.suffixes.get(suffix)
    return None if scale is None else value * scale


def _words(text: str) -> float | None:
    """Spelled-out numbers: "two hundred thousand", "one and a half million", "3 million".

    A numeral may only open the phrase ("1.5 million"), so "1 000" is not read as 1 + 0.
    """
    tables = _tables()
    total = current = 0.0
    seen = False
    for position, token in enumerate(text.split()):
        if token in ("and", "a", "an"):
            continue
        if token in tables.units or token in tables.tens:
            current += tables.units.get(token, tables.tens.get(token, 0.0))
        elif token == "hundred":
            current = (current or 1.0) * 100
        elif token in tables.scales:
            total += (current or 1.0) * tables.scales[token]
            current = 0.0
        elif token == "dozen":
            current = (current or 1.0) * 12
        elif token == "half":
            current += 0.5
        elif position == 0 and (numeral := _numeral(token, currency=False)) is not None:
            current += numeral
        else:
            return None
        seen = True
    return total + current if seen else None


@functools.lru_cache(maxsize=65_536)
def parse_number(text: str) -> float | None:
    """The value of a written quantity, or ``None``.

    Handles digits with thousands separators and decimals ("60,000", "2,000", "1.5"), scale
    suffixes ("1.5bn", "$10.9bn", "3 million", "£5m"; one-letter suffixes only after a currency
    sign), currency signs, a trailing "%", and words ("ten", "forty-two", "half a million").

    >>> parse_number("$10.9bn")
    10900000000.0
    """
    folded = " ".join(text.replace("\u00a0", " ").casefold().split())
    folded, currency = _strip_currency(folded)
    folded = folded.removesuffix("%").strip()
    if not folded:
        return None
    value = _numeral(folded, currency)
    if value is not None:
        return value
    if folded in _tables().special:
        return _tables().special[folded]
    return _words(_fold(folded))
