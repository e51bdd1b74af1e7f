"""Countries, nationalities and names.

Places run first: Niger/Nigerien is not Nigeria/Nigerian although the words are one letter apart,
so a changed country must never be mistaken for a typo. Names are then matched across the WHOLE
pair: a capitalised rewrite word that occurs nowhere in the source but is close to a source name is
``name_misspelled`` (Menaka -> Menka); a different name in the place of a source name is
``entity_changed``.
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz

from rewrite_detect.findings.context import (
    GroupView,
    Pair,
    Side,
    capitalised_at,
    is_capitalised,
    is_dictionary_word,
    quoted,
    relation,
    scan_mentions,
)
from rewrite_detect.findings.wording import role_group
from rewrite_detect.lexicon import (
    PlaceRef,
    multiword_place_names,
    number_value,
    place_description,
    place_of,
)
from rewrite_detect.lexicon.places import fold
from rewrite_detect.records import Finding, Token

_MISSPELLING_RATIO = 75.0  # rapidfuzz ratio (0-100) from which a name is a misspelling
_MISSPELLING_RATIO_WORD = 85.0  # ... when the rewrite word is also an English word
_MIN_NAME = 3  # letters
_MAX_SLOT = 3  # words on each side of a replaced name


class PlaceMention(NamedTuple):
    """A place named in a run of group tokens (a named tuple: groups make many)."""

    lo: int
    hi: int
    ref: PlaceRef


@functools.cache
def _multiword() -> dict[str, int]:
    """Folded multi-word place names -> number of words."""
    return {fold(n): len(fold(n).split()) for n in multiword_place_names()}


@functools.cache
def _max_words() -> int:
    return max(_multiword().values(), default=1)


@functools.cache
def _multiword_prefixes() -> frozenset[str]:
    """The first words (one or more, not all) of the folded multi-word place names."""
    out = set()
    for name in _multiword():
        words = name.split(" ")
        out.update(" ".join(words[:k]) for k in range(1, len(words)))
    return frozenset(out)


_fold = functools.lru_cache(maxsize=65_536)(fold)  # words repeat; folding them is slow


@functools.lru_cache(maxsize=65_536)
def _may_open_multiword(text: str) -> bool:
    """Whether a word can be the first of a multi-word place name."""
    return _fold(text) in _multiword_prefixes()


def place_mentions(tokens: Sequence[Token]) -> list[PlaceMention]:
    """Places in a token run, longest names first ("Niger Delta" is not Niger)."""
    return scan_mentions(tokens, _may_open_place, _place_at, word=_TEXT)


_TEXT = operator.attrgetter("text")  # place names are looked up as written (capitalised)


@functools.lru_cache(maxsize=65_536)
def _may_open_place(text: str) -> bool:
    """Whether a place name may start at this word (``_place_at`` finds none elsewhere; most
    words are passed over with one cached look-up)."""
    return text[:1].isupper() and (_may_open_multiword(text) or place_of(text) is not None)


def _place_at(tokens: Sequence[Token], i: int) -> PlaceMention | None:
    """The longest place name starting at word ``i``, if any."""
    text = tokens[i].text
    mention = _multiword_place_at(tokens, i) if _may_open_multiword(text) else None
    if mention is None:
        ref = place_of(text)
        mention = PlaceMention(i, i + 1, ref) if ref is not None else None
    return mention


def _multiword_place_at(tokens: Sequence[Token], i: int) -> PlaceMention | None:
    """The longest multi-word place name starting at word ``i``, if any."""
    multi, prefixes = _multiword(), _multiword_prefixes()
    # A name of n words starts with the first n - 1 words of the phrase: grow the phrase while
    # it is such a start; no longer phrase can be a name.
    limit = min(_max_words(), len(tokens) - i)
    phrases = [_fold(tokens[i].text)]  # the phrases of 1, 2, ... words from word i
    while len(phrases) < limit and phrases[-1] in prefixes:
        phrases.append(f"{phrases[-1]} {_fold(tokens[i + len(phrases)].text)}")
    for n in range(len(phrases), 1, -1):
        phrase = phrases[n - 1].removesuffix("'s").removesuffix("'")
        if multi.get(phrase) == n:
            ref = place_of(phrase)
            if ref is not None:
                return PlaceMention(i, i + n, ref)
    return None


def _usable(pair: Pair, side: str, tokens: Sequence[Token], m: PlaceMention) -> bool:
    """An ambiguous place word ("Chad", "Turkey") counts only capitalised mid-sentence."""
    view = pair.source if side == "s" else pair.rewrite
    if pair.any_claimed(side, tokens[m.lo : m.hi]):  # type: ignore[arg-type]
        return False
    return not (m.ref.ambiguous and view.is_initial(tokens[m.lo]))


def find_places(pair: Pair) -> list[Finding]:
    """``entity_changed`` for a country, nationality or region the rewrite swapped."""
    out = []
    for g in pair.groups:
        out.extend(_group_places(pair, g))
    return out


def _source_countries(pair: Pair) -> set[str]:
    """The countries the whole source names."""
    return {m.ref.country for m in pair.source.mentions(place_mentions)}


def _group_places(pair: Pair, g: GroupView) -> list[Finding]:
    r_places = g.mentions(place_mentions, "r")
    if not r_places:
        return []  # every finding is about a place of the rewrite
    s_places = g.mentions(place_mentions, "s")
    s_count = Counter(m.ref.country for m in s_places)
    r_count = Counter(m.ref.country for m in r_places)
    if s_count == r_count:
        return []  # no country is new
    src = [m for m in s_places if _usable(pair, "s", g.s, m)]
    rw = [m for m in r_places if _usable(pair, "r", g.r, m)]
    new = [m for m in rw if r_count[m.ref.country] > s_count[m.ref.country]]
    gone = [m for m in src if s_count[m.ref.country] > r_count[m.ref.country]]
    out = []
    for r in new:
        s, tight = _place_partner(g, r, gone, len(new))
        if s is None:
            continue
        loose_ok = (
            s.ref.kind == r.ref.kind == "country"
            and r.ref.country not in _source_countries(pair)
            and not s_count[r.ref.country]
        )
        if not tight and not loose_ok:
            continue
        gone.remove(s)
        explanation = (
            f"{place_description(s.ref)} became {place_description(r.ref, different=True)}."
        )
        out.append(pair.finding("entity_changed", g.s[s.lo : s.hi], g.r[r.lo : r.hi], explanation))
    return out


def _place_partner(
    g: GroupView, r: PlaceMention, gone: list[PlaceMention], n_new: int
) -> tuple[PlaceMention | None, bool]:
    """The source place a rewrite place replaced: same slot (tight), else the only candidate."""
    for s in gone:
        if any(g.same_region(i, j) for i in range(s.lo, s.hi) for j in range(r.lo, r.hi)):
            return s, True
        if any(g.partner_of_r(j) in range(s.lo, s.hi) for j in range(r.lo, r.hi)):
            return s, True
    if len(gone) == 1 and n_new == 1:
        return gone[0], False
    return None, False


# --------------------------------------------------------------------------- names

_HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "prof",
        "st",
        "mt",
        "rev",
        "reverend",
        "fr",
        "gen",
        "maj",
        "col",
        "capt",
        "lt",
        "sgt",
        "cpl",
        "adm",
        "sen",
        "rep",
        "gov",
        "pres",
        "supt",
        "insp",
        "det",
        "jr",
        "sr",
    ]
)
CALENDAR: dict[str, tuple[str, int]] = {
    **{
        d: ("day", k)
        for k, ds in enumerate(
            [
                ["monday", "mon"],
                ["tuesday", "tue", "tues"],
                ["wednesday", "wed"],
                ["thursday", "thu", "thur", "thurs"],
                ["friday", "fri"],
                ["saturday", "sat"],
                ["sunday", "sun"],
            ]
        )
        for d in ds
    },
    **{
        m: ("month", k)
        for k, ms in enumerate(
            [
                ["january", "jan"],
                ["february", "feb"],
                ["march", "mar"],
                ["april", "apr"],
                ["may"],
                ["june", "jun"],
                ["july", "jul"],
                ["august", "aug"],
                ["september", "sep", "sept"],
                ["october", "oct"],
                ["november", "nov"],
                ["december", "dec"],
            ]
        )
        for m in ms
    },
}
_CONNECTORS = frozenset(["of", "and", "for", "the", "&", "de"])
_MAX_ABBREVIATION = 4  # "Jan", "Rev", "Sept": a prefix this short abbreviates the name
_MIN_CUT = 3  # a longer prefix must drop at least this many letters ("Acharatouman" is a typo)
_TRANSLITERATIONS = (("oe", "o"), ("ue", "u"), ("ae", "a"), ("ph", "f"))


@functools.lru_cache(maxsize=65_536)
def _bare(norm: str) -> str:
    if norm.endswith("'s"):
        return norm[:-2]
    return norm[:-1] if norm.endswith("'") else norm


@functools.lru_cache(maxsize=65_536)
def _parts(norm: str) -> tuple[str, ...]:
    """A folded name and its parts: hyphenated ("shore-long" -> shore, long) or glued by a full
    stop in scraped text ("us.yukos" -> us, yukos)."""
    bare = _bare(norm)
    return (bare, *[_bare(p) for p in re.split(r"[-.]", bare) if p and p != bare])


@functools.lru_cache(maxsize=65_536)
def _spelling_key(name: str) -> str:
    """A name with transliteration variants folded (Schroeder/Schroder, Fallujah/Falluja)."""
    for a, b in _TRANSLITERATIONS:
        name = name.replace(a, b)
    return name[:-1] if name.endswith("h") and len(name) > 4 else name


def same_name(a: str, b: str) -> bool:
    """Two folded names for one thing: equal, an abbreviation (Jan/January, Rev/Reverend,
    Wal/Wal-Mart), or a transliteration variant."""
    if a == b or _spelling_key(a) == _spelling_key(b):
        return True
    short, long_ = sorted((a.rstrip("0123456789"), b.rstrip("0123456789")), key=len)
    if short == long_:
        return True
    abbreviation = len(short) <= _MAX_ABBREVIATION or len(long_) - len(short) >= _MIN_CUT
    return len(short) >= 2 and long_.startswith(short) and abbreviation


def _known_in_source(pair: Pair, token: Token) -> bool:
    """Whether a rewrite word (or each part of a hyphenated one) occurs in the source."""
    bare = _bare(token.norm)
    variants = {bare, bare + "s", bare.removesuffix("s"), bare + "es", bare.removesuffix("es")}
    if variants & pair.source.norms:
        return True  # (stems would hide a typo: "Acharatouman" and "Acharatoumane" share one)
    parts = [p for p in re.split(r"[-.]", bare) if p]
    return len(parts) > 1 and all(p in pair.source.norms for p in parts)


def _source_names(pair: Pair) -> dict[str, Token]:
    """Bare folded form -> first source token of each of the source's names."""
    names: dict[str, Token] = {}
    for t in pair.source.capitalised:  # name_like's first test
        bare = _bare(t.norm)
        if bare not in names and t.norm[:1].isalpha() and pair.source.name_like(t, pair.rewrite):
            names[bare] = t
    return names


class _SourceNames:
    """The source's names, gathered when first needed (most pairs never ask), and the one a
    rewrite word most likely misspells, looked for once per word (a misspelling recurs)."""

    def __init__(self, pair: Pair) -> None:
        self.pair = pair
        self._closest: dict[str, str | None] = {}

    @functools.cached_property
    def by_form(self) -> dict[str, Token]:
        """Bare folded form -> first source token of each name (``_source_names``)."""
        return _source_names(self.pair)

    @functools.cached_property
    def _by_initial(self) -> dict[str, list[str]]:
        """The names by first letter, in source order (only those a name must share)."""
        out: dict[str, list[str]] = {}
        for name in self.by_form:
            out.setdefault(name[0], []).append(name)
        return out

    def closest(self, word: str) -> str | None:
        """``_closest_name`` of a bare folded rewrite word (not empty)."""
        if word not in self._closest:
            candidates = self._by_initial.get(word[0], [])
            self._closest[word] = _closest_name(self.pair, word, candidates)
        return self._closest[word]


def _closest_name(pair: Pair, word: str, names: Iterable[str]) -> str | None:
    """The source name this rewrite word most likely misspells, or None.

    The first letter must agree; an English rewrite word needs a closer match and a source name
    that is not an English word; a source word capitalised only because it opens a sentence is
    not a name ("Although" -> "Athough" is a typo, not a misspelled name).
    """
    english = is_dictionary_word(word)
    cutoff = _MISSPELLING_RATIO_WORD if english else _MISSPELLING_RATIO
    best, best_score = None, 0.0
    for name in names:
        if name[0] != word[0] or len(name) < _MIN_NAME + 1 or same_name(name, word):
            continue
        if is_dictionary_word(name) and not _seen_as_name(pair, name):
            continue
        score = fuzz.ratio(word, name)
        if score >= cutoff and score > best_score:
            best, best_score = name, score
    return best


def _seen_as_name(pair: Pair, name: str) -> bool:
    """Whether a word is capitalised mid-sentence somewhere in the pair (so it is a name)."""
    return name in pair.source.midcaps or name in pair.rewrite.midcaps


def _place_words(g: GroupView, side: Side) -> set[int]:
    """Group token indexes inside place names on one side."""
    return {i for m in g.mentions(place_mentions, side) for i in range(m.lo, m.hi)}


def find_names(pair: Pair) -> list[Finding]:
    """Misspelled names anywhere in the aligned rewrite, and names swapped for other names."""
    names = _SourceNames(pair)
    out: list[Finding] = []
    for g in pair.groups:
        candidates = _name_candidates(g)
        if not candidates:
            continue
        r_places = _place_words(g, "r")
        s_parts: set[str] | None = None  # gathered when first needed: most groups never are
        for j in candidates:
            token = g.r[j]
            if j in r_places or pair.claimed("r", token):
                continue
            if not _name(pair, "r", token):
                if _opening_word(pair, token) and not _known_in_source(pair, token):
                    finding = _misspelled(pair, g, j, names)  # "Jams" opening a list for James
                    out.extend([finding] if finding else [])
                continue
            finding = None
            if not _known_in_source(pair, token):
                finding = _misspelled(pair, g, j, names)
            if finding is None:
                s_parts = {p for t in g.s for p in _parts(t.norm)} if s_parts is None else s_parts
                if s_parts.isdisjoint(_parts(token.norm)):
                    finding = _swapped(pair, g, j, _place_words(g, "s"), r_places)
            if finding is not None:
                out.append(finding)
    return out


def _name_candidates(g: GroupView) -> list[int]:
    """The rewrite words of a group ``find_names`` must look at: capitalised (an uncapitalised
    word is neither a name nor an opening word), and not matched to a source word spelled the
    same (such a word is known in the source, so no misspelling, and shares its parts with the
    group's source words, so no swap)."""
    r, r2s, s = g.r, g.r2s, g.s
    return [k for k in capitalised_at(r) if k not in r2s or s[r2s[k]].norm != r[k].norm]


def _part_counts(tokens: Sequence[Token]) -> Counter[str]:
    """How often each name part (``_parts``) occurs in some words."""
    return Counter(p for t in tokens for p in _parts(t.norm))


def _opening_word(pair: Pair, token: Token) -> bool:
    """A capitalised English word that opens a sentence: a name only if it misspells one."""
    bare = _bare(token.norm)
    return token.text[:1].isupper() and pair.rewrite.is_initial(token) and len(bare) >= 4


def _name(pair: Pair, side: str, token: Token) -> bool:
    """A word that names someone or something (not a title, role, number, date or place)."""
    if not is_capitalised(token):
        return False  # as name_like below would say; most words end here
    view, other = (pair.rewrite, pair.source) if side == "r" else (pair.source, pair.rewrite)
    bare = _bare(token.norm).rstrip(".")
    if len(bare) < 2 or not bare[:1].isalpha() or not view.name_like(token, other):
        return False
    if bare in _HONORIFICS or bare in CALENDAR or number_value(bare) is not None:
        return False
    if role_group(bare) is not None:
        return False
    if view.in_quote(token) and token.text.isupper():
        return False  # shouting inside a quotation
    return place_of(token.text) is None


def _misspelled(pair: Pair, g: GroupView, j: int, names: _SourceNames) -> Finding | None:
    token = g.r[j]
    bare = _bare(token.norm)
    if len(bare) < _MIN_NAME:
        return None
    name = names.closest(bare)
    if name is None:
        return None
    in_group = [t for t in g.s if _bare(t.norm) == name]
    source_token = in_group[0] if in_group else names.by_form[name]
    explanation = (
        f"The name {quoted(token.text)} is not in the source: "
        f"it looks like a misspelling of {quoted(source_token.text)}."
    )
    return pair.finding("name_misspelled", [source_token], [token], explanation)


def _swapped(
    pair: Pair, g: GroupView, j: int, s_places: set[int], r_places: set[int]
) -> Finding | None:
    """A rewrite name in the slot of a different source name (Brown -> Morgan)."""
    reg = g.region_of_r.get(j)
    if reg is None or not reg.tight:
        return None
    if reg.src[1] - reg.src[0] > _MAX_SLOT or reg.rw[1] - reg.rw[0] > _MAX_SLOT:
        return None
    r_count, s_count = _part_counts(g.r), _part_counts(g.s)
    gone = [
        g.s[i]
        for i in range(*reg.src)
        if i not in s_places
        and _name(pair, "s", g.s[i])
        and not pair.claimed("s", g.s[i])
        and s_count[_bare(g.s[i].norm)] > r_count[_bare(g.s[i].norm)]
    ]
    new = [
        g.r[k]
        for k in range(*reg.rw)
        if k not in r_places
        and _name(pair, "r", g.r[k])
        and not pair.claimed("r", g.r[k])
        and not any(s_count[p] for p in _parts(g.r[k].norm))
    ]
    if not gone or not new or _related(gone, new, g):
        return None
    close = _close_pair(gone, new)
    if close is not None:
        explanation = (
            f"The name {quoted(close[1].text)} is not in the source: "
            f"it looks like a misspelling of {quoted(close[0].text)}."
        )
        return pair.finding("name_misspelled", [close[0]], [close[1]], explanation)
    explanation = (
        f"The name {quoted(pair.rewrite.text_of(new))} replaces "
        f"{quoted(pair.source.text_of(gone))}: a different person, place or organisation."
    )
    return pair.finding("entity_changed", gone, new, explanation)


def _close_pair(gone: Sequence[Token], new: Sequence[Token]) -> tuple[Token, Token] | None:
    """A source name and a rewrite name in one slot that are spelled almost alike."""
    for a in gone:
        for b in new:
            x, y = _bare(a.norm), _bare(b.norm)
            if x[0] == y[0] and fuzz.ratio(x, y) >= _MISSPELLING_RATIO:
                return a, b
    return None


def _related(gone: Sequence[Token], new: Sequence[Token], g: GroupView) -> bool:
    """Names that may stand for each other: abbreviations, an acronym of the capitalised words
    around the other name ("GE" / "General Electric Co"), synonyms that happen to be
    capitalised ("Film" / "Movie"), spelling variants."""
    if any(same_name(_bare(a.norm), _bare(b.norm)) for a in gone for b in new):
        return True
    if any(
        relation(_bare(a.norm), _bare(b.norm)) in ("synonym", "similar") for a in gone for b in new
    ):
        return True
    acronyms_new = {_bare(t.norm).replace(".", "") for t in new if t.text[:2].isupper()}
    acronyms_gone = {_bare(t.norm).replace(".", "") for t in gone if t.text[:2].isupper()}
    return bool(acronyms_new & _run_initials(g.s, gone)) or bool(
        acronyms_gone & _run_initials(g.r, new)
    )


def _run_initials(tokens: Sequence[Token], members: Sequence[Token]) -> set[str]:
    """Initials of the run of capitalised words that holds ``members``."""
    starts = {t.start for t in members}
    out: set[str] = set()
    for lo, hi in _capital_runs(tokens):
        if any(t.start in starts for t in tokens[lo:hi]):
            letters = "".join(t.text[0].lower() for t in tokens[lo:hi] if t.text[:1].isupper())
            out.update(
                letters[a:b] for a in range(len(letters)) for b in range(a + 2, len(letters) + 1)
            )
    return out


def _capital_runs(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Runs of capitalised words, connectors ("of", "and") allowed inside."""
    runs: list[tuple[int, int]] = []
    lo: int | None = None
    for k, t in enumerate(tokens):
        if t.text[:1].isupper():
            lo = k if lo is None else lo
            runs = [r for r in runs if r[0] != lo] + [(lo, k + 1)]
        elif lo is not None and t.norm not in _CONNECTORS:
            lo = None
    return runs
