"""Content dropped and added inside aligned sentences.

``detail_omitted``: a name, place, date or number of the source sentence that the rewrite of that
sentence no longer gives. ``inserted_content``: a passage put into an aligned sentence whose
words have no origin anywhere in the source (whole inserted sentences are found in
``findings/__init__``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from rewrite_detect.findings.context import (
    GroupView,
    Pair,
    capitalised_at,
    content_words,
    quoted,
)
from rewrite_detect.findings.entities import place_mentions, same_name
from rewrite_detect.findings.numbers import number_mentions
from rewrite_detect.findings.wording import role_group
from rewrite_detect.records import Finding, Token

_HONORIFICS = frozenset(
    ["mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "prof", "st", "mt", "rev", "gen"]
)
_CONNECTORS = frozenset(["of", "and", "for", "the", "&"])
_JOIN_GAP = 2  # function words allowed inside one omitted detail ("town of Gao")


def find_omissions(pair: Pair) -> list[Finding]:
    """One ``detail_omitted`` per run of dropped details in each aligned group."""
    out: list[Finding] = []
    for g in pair.groups:
        out.extend(_group_omissions(pair, g))
    return out


def _group_omissions(pair: Pair, g: GroupView) -> list[Finding]:
    details = _details(pair, g)
    out = []
    for run in _join(sorted(details)):
        tokens = g.s[run[0] : run[1]]
        rewrite_sentence = _nearest_rewrite_sentence(g, run[0])
        explanation = (
            f"The rewrite of this sentence leaves out {quoted(pair.source.text_of(tokens))}, "
            "which the source gives."
        )
        out.append(
            pair.finding(
                "detail_omitted", list(tokens), [], explanation, rewrite_sentence=rewrite_sentence
            )
        )
    return out


def _details(pair: Pair, g: GroupView) -> set[int]:
    """Source word indexes of details absent from the rewrite group."""
    free = {i for i in g.unmatched_s() if not pair.claimed("s", g.s[i])}
    out: set[int] = set()
    if not free:
        return out  # every detail is a free source word
    r_values = {v for m in g.mentions(number_mentions, "r") for v in m.values}
    for m in g.mentions(number_mentions, "s"):
        span = set(range(m.lo, m.hi))
        if span <= free and not (m.values & r_values) and not m.weak:
            out |= span
    # a place name and a name start with a capital (``name_like``): most groups drop neither
    capitalised = [i for i in capitalised_at(g.s) if i in free]
    if not capitalised:
        return out
    r_places = {p.ref.country for p in g.mentions(place_mentions, "r")}
    placed: set[int] = set()
    for p in g.mentions(place_mentions, "s"):
        span = set(range(p.lo, p.hi))
        placed |= span
        if span <= free and p.ref.country not in r_places:
            out |= span
    rewritten = _RewriteWords(g)
    candidates = free - placed - out
    for i in capitalised:
        dropped = i in candidates and _dropped_name(pair, g.s[i], rewritten)
        if dropped and i not in rewritten.abbreviated:
            out.add(i)
    return out


class _RewriteWords:
    """What a source name is looked for in: the words of a group's rewrite side, each view
    built only when a candidate name gets that far (most groups drop no name)."""

    def __init__(self, g: GroupView) -> None:
        self.g = g

    @functools.cached_property
    def norms(self) -> set[str]:
        """Folded words and stems of the rewrite."""
        return {t.norm for t in self.g.r} | {t.stem for t in self.g.r}

    @functools.cached_property
    def parts(self) -> set[str]:
        """Parts of hyphenated or full-stop-glued rewrite words, possessive dropped."""
        return {p.removesuffix("'s") for n in self.norms for p in re.split(r"[-.]", n) if p}

    @functools.cached_property
    def capitalised(self) -> list[str]:
        """Bare forms of the capitalised rewrite words."""
        return [r.norm.removesuffix("'s").rstrip(".") for r in self.g.r if r.text[:1].isupper()]

    @functools.cached_property
    def _initials(self) -> tuple[str, str]:
        """The ``_initials`` of the source and of the rewrite."""
        return _initials(self.g.s), _initials(self.g.r)

    def expands(self, acronym: str) -> bool:
        """Whether the rewrite spells out an acronym (a stretch of the initials of its words,
        and not of the source's)."""
        if not _MIN_ACRONYM <= len(acronym) <= _MAX_ACRONYM:
            return False
        source, rewrite = self._initials
        return acronym in rewrite and acronym not in source

    @functools.cached_property
    def abbreviated(self) -> set[int]:
        """Source words the rewrite gives as an acronym (see ``_abbreviated``)."""
        return _abbreviated(self.g)


def _abbreviated(g: GroupView) -> set[int]:
    """Source words of a run of capitalised words that the rewrite gives as an acronym
    ("General Electric Co" / "GE")."""
    acronyms = {t.norm.replace(".", "").removesuffix("s") for t in g.r if t.text[:2].isupper()}
    out: set[int] = set()
    run: list[int] = []
    for i, t in enumerate([*g.s, None]):
        if t is not None and t.text[:1].isupper() and not t.text[:2].isupper():
            run.append(i)
            continue
        if t is not None and t.norm in _CONNECTORS and run:
            continue
        letters = "".join(g.s[k].text[0].lower() for k in run)
        if any(len(a) >= 2 and a in letters for a in acronyms):
            out.update(range(run[0], run[-1] + 1))
        run = []
    return out


def _dropped_name(pair: Pair, t: Token, rewritten: _RewriteWords) -> bool:
    if not pair.source.name_like(t, pair.rewrite) or not t.norm[:1].isalpha():
        return False
    bare = t.norm.removesuffix("'s").rstrip(".")
    if bare in _HONORIFICS or role_group(bare) is not None:
        return False
    r_norms = rewritten.norms
    if t.norm in r_norms or t.stem in r_norms:
        return False
    if any(same_name(bare, r) for r in rewritten.capitalised):
        return False
    parts = [p for p in re.split(r"[-.]", bare) if p]
    joins = {"-".join(parts[a:b]) for a in range(len(parts)) for b in range(a + 1, len(parts) + 1)}
    if joins & r_norms or (len(parts) == 1 and bare in rewritten.parts):
        return False
    acronym = t.norm.replace(".", "").removesuffix("s")
    return not (t.text[:2].isupper() and rewritten.expands(acronym))


_MIN_ACRONYM, _MAX_ACRONYM = 2, 8  # letters


def _initials(tokens: Sequence[Token]) -> str:
    """The initials of the words, hyphenated parts apart ("United Nations" -> "un",
    "non-governmental organizations" -> "ngo"): the acronym of a run of words is a stretch of
    them."""
    words = [t.norm for t in tokens if t.norm not in _CONNECTORS]
    return "".join(p[0] for word in words for p in word.split("-") if p)


def _join(indexes: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and i - runs[-1][1] <= _JOIN_GAP:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _nearest_rewrite_sentence(g: GroupView, i: int) -> int:
    """The rewrite sentence holding the match closest to source word ``i``."""
    if not g.s2r:
        return g.group.rewrite[0]
    k = min(g.s2r, key=lambda m: abs(m - i))
    return g.r[g.s2r[k]].sentence


_MIN_ADDED_CONTENT = 5  # content words of an added passage
_MIN_ADDED_NEW = 3  # ... of which this many occur nowhere in the source


def find_additions(pair: Pair) -> list[Finding]:
    """``inserted_content`` for passages added inside aligned sentences."""
    out = []
    for g in pair.groups:
        for reg in g.regions:
            if reg.src[1] > reg.src[0] or reg.rw[1] == reg.rw[0]:
                continue
            tokens = pair.unclaimed("r", g.r[slice(*reg.rw)])
            content = content_words(tokens)
            if len(content) < _MIN_ADDED_CONTENT:
                continue
            new = [
                t
                for t in content
                if t.stem not in pair.source.stems and t.norm not in pair.source.norms
            ]
            if len(new) < _MIN_ADDED_NEW:
                continue
            explanation = (
                f"The rewrite adds {quoted(pair.rewrite.text_of(tokens))}, "
                "which has no origin in the source."
            )
            out.append(pair.finding("inserted_content", [], tokens, explanation))
    return out
