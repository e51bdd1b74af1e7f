"""Curated word lists: pronouns, roles, reporting verbs, attribution, hedges and polarity.

Each list is a JSON file beside this module (its ``_about`` field explains the choices); the
functions here only index and look up. All lookups fold case, apostrophes and hyphens.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from rewrite_detect.lexicon import synonyms
from rewrite_detect.lexicon._data import fold_word, load_json

Number = Literal["singular", "plural", "either"]
Gender = Literal["masculine", "feminine", "neuter", "any"]
Case = Literal["subject", "object", "possessive", "reflexive"]
ReportingClass = Literal["neutral", "loaded"]
AttributionKind = Literal["neutral", "distancing"]
HedgeClass = Literal["below", "under", "approx", "above", "max", "exact", "uncertain", "certain"]
RoleRelation = Literal["same", "broader", "narrower", "different"]


# --- pronouns -------------------------------------------------------------------------------


class PronounFeatures(NamedTuple):
    """Grammatical features of a personal pronoun ("her" is listed as object; it is also
    possessive, which does not change person, number or gender)."""

    person: int
    number: Number
    gender: Gender
    case: Case


@functools.cache
def _pronouns() -> dict[str, PronounFeatures]:
    table = load_json("pronouns.json")["pronouns"]
    return {word: PronounFeatures(*features) for word, features in table.items()}


@functools.lru_cache(maxsize=65_536)
def pronoun_features(word: str) -> PronounFeatures | None:
    """Person, number, gender and case of a personal pronoun, or ``None``.

    >>> pronoun_features("him")
    PronounFeatures(person=3, number='singular', gender='masculine', case='object')
    """
    return _pronouns().get(fold_word(word))


def pronoun_difference(a: str, b: str) -> tuple[str, ...]:
    """Which of person, number and gender differ between two pronouns (empty if they agree or
    either is not a pronoun); case is ignored since rewording legitimately changes it."""
    first, second = pronoun_features(a), pronoun_features(b)
    if first is None or second is None:
        return ()
    return tuple(
        name
        for name in ("person", "number", "gender")
        if getattr(first, name) != getattr(second, name)
    )


# --- roles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Roles:
    groups: dict[str, str]  # folded form -> group
    broader: dict[str, str]  # group -> broader group
    ambiguous: frozenset[str]
    multiword: tuple[str, ...]


def _plural_word(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("person"):
        return word[:-6] + "people"
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


_HEAD_FIRST = re.compile(r"^(\w+)((?: of |-in-| in ).*)$")


def _plural(phrase: str) -> str:
    """The regular plural of a role phrase: "prime ministers", "chiefs of staff"."""
    match = _HEAD_FIRST.match(phrase)
    if match:
        return _plural_word(match[1]) + match[2]
    head, _, last = phrase.rpartition(" ")
    return f"{head} {_plural_word(last)}".strip()


@functools.cache
def _roles() -> _Roles:
    raw = load_json("roles.json")
    groups: dict[str, str] = {}
    broader: dict[str, str] = {}
    multiword: set[str] = set()
    for name, group in raw["groups"].items():
        if "broader" in group:
            broader[name] = group["broader"]
        for form in group["forms"]:
            groups[fold_word(form)] = name
            if " " in fold_word(form):
                multiword.update((form, _plural(form)))
        for form in group.get("plurals", []):
            groups[fold_word(form)] = name
            multiword.add(form)
    ordered = tuple(sorted(multiword, key=lambda w: (-len(w), w)))
    return _Roles(groups, broader, frozenset(fold_word(w) for w in raw["ambiguous"]), ordered)


def _singulars(word: str) -> list[str]:
    """Candidate singulars of an English plural noun (the caller keeps the one it knows)."""
    out = []
    for plural, singular in (("people", "person"), ("men", "man"), ("children", "child")):
        if word.endswith(plural):
            out.append(word[: -len(plural)] + singular)
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    return out


def _role_candidates(key: str) -> Iterable[str]:
    """The key itself, then each word singularised in turn, last word first ("prime
    ministers", "chiefs of staff", "secretaries general")."""
    yield key
    words = key.split()
    for i in reversed(range(len(words))):
        for singular in _singulars(words[i]):
            yield " ".join([*words[:i], singular, *words[i + 1 :]])


def _role_key(word: str) -> str | None:
    roles = _roles()
    return next((c for c in _role_candidates(fold_word(word)) if c in roles.groups), None)


@functools.lru_cache(maxsize=65_536)
def role_of(word: str) -> str | None:
    """The role group of a title or role noun, singular or plural, or ``None``.

    Same group means the same role ("spokesman"/"spokeswoman", "campaigner"/"activist");
    different groups are different roles ("official"/"officer", "mayor"/"governor").

    >>> role_of("officials"), role_of("officer")
    ('official', 'officer')
    """
    key = _role_key(word)
    return None if key is None else _roles().groups[key]


def _ancestors(group: str) -> list[str]:
    broader = _roles().broader
    chain = []
    while group in broader:
        group = broader[group]
        chain.append(group)
    return chain


def role_relation(a: str, b: str) -> RoleRelation | None:
    """How role ``b`` relates to role ``a``: the ``same`` group, ``broader`` (``b`` is a more
    general role: "foreign minister" -> "minister"), ``narrower``, or ``different``.
    ``None`` if either word is not a known role."""
    first, second = role_of(a), role_of(b)
    if first is None or second is None:
        return None
    if first == second:
        return "same"
    if second in _ancestors(first):
        return "broader"
    if first in _ancestors(second):
        return "narrower"
    return "different"


def role_is_ambiguous(word: str) -> bool:
    """Whether a role word is often not a role at all ("official statement", "general
    public", "witnessed"): callers should check the context before reporting a change."""
    key = _role_key(word)
    return key is not None and key in _roles().ambiguous


def multiword_role_names() -> list[str]:
    """Role forms of several words, with their plurals, longest first ("prime ministers")."""
    return list(_roles().multiword)


# --- reporting verbs and attribution ---------------------------------------------------------


@functools.cache
def _reporting() -> dict[str, ReportingClass]:
    raw = load_json("reporting.json")
    table: dict[str, ReportingClass] = {}
    for cls in ("neutral", "loaded"):
        for forms in raw[cls].values():
            table.update((fold_word(form), cls) for form in forms)
    return table


@functools.lru_cache(maxsize=65_536)
def reporting_verb(word: str) -> ReportingClass | None:
    """``neutral`` for plain attribution verbs (said, told, added, noted, explained),
    ``loaded`` for verbs that add a judgement or stance (claimed, alleged, insisted, admitted,
    conceded, confessed, asserted, boasted, warned), in any inflection; else ``None``."""
    return _reporting().get(fold_word(word))


@functools.cache
def _attribution() -> dict[str, AttributionKind]:
    markers = load_json("reporting.json")["attribution_markers"]
    return {fold_word(phrase): kind for phrase, kind in markers.items()}


def attribution_markers() -> list[str]:
    """Phrases that attribute a claim without a reporting verb ("according to", "reportedly",
    "allegedly", "sources say"), longest first for phrase matching."""
    return sorted(_attribution(), key=lambda p: (-len(p), p))


def attribution_kind(phrase: str) -> AttributionKind | None:
    """``neutral`` ("according to") or ``distancing`` ("reportedly", "allegedly") for an
    attribution marker, else ``None``."""
    return _attribution().get(fold_word(phrase))


# --- hedges ---------------------------------------------------------------------------------


@functools.cache
def _hedges() -> dict[str, HedgeClass]:
    classes = load_json("hedges.json")["classes"]
    return {fold_word(p): cls for cls, phrases in classes.items() for p in phrases}


@functools.lru_cache(maxsize=65_536)
def hedge_of(word_or_phrase: str) -> HedgeClass | None:
    """The class of a hedge or approximator: ``below`` (nearly, almost), ``under`` (less
    than), ``approx`` (about, around, some, roughly), ``above`` (more than, over, at least),
    ``max`` (up to, as many as), ``exact`` (exactly), ``uncertain`` (may, possibly),
    ``certain`` (clearly); ``None`` if it is not one."""
    return _hedges().get(fold_word(word_or_phrase))


def hedge_phrases() -> list[str]:
    """All hedge phrases, longest first, for phrase matching."""
    return sorted(_hedges(), key=lambda p: (-len(p), p))


# --- polarity -------------------------------------------------------------------------------


@functools.cache
def _negations() -> frozenset[str]:
    return frozenset(fold_word(w) for w in load_json("polarity.json")["negations"])


def is_negation(word: str) -> bool:
    """Whether a token or phrase negates: not, no, never, n't (and any "...n't" contraction),
    no longer, none, neither, nor, without, nobody, nothing, cannot, hardly ..."""
    key = fold_word(word)
    return key in _negations() or key.endswith("n't")


@functools.cache
def _antonym_sides() -> dict[str, frozenset[tuple[int, int]]]:
    """``lemma -> {(pair index, side)}`` for the curated antonym groups."""
    sides: dict[str, set[tuple[int, int]]] = {}
    for index, pair in enumerate(load_json("polarity.json")["antonyms"]):
        for side, group in enumerate(pair):
            for lemma in group:
                sides.setdefault(fold_word(lemma), set()).add((index, side))
    return {lemma: frozenset(s) for lemma, s in sides.items()}


@functools.lru_cache(maxsize=65_536)
def _lemma_forms(word: str) -> frozenset[str]:
    return frozenset({fold_word(word)}) | synonyms.lemmas(word)


@functools.lru_cache(maxsize=65_536)
def are_antonyms(a: str, b: str, *, wordnet: bool = True) -> bool:
    """Whether two words are opposites (rose/fell, increase/decrease, won/lost, accept/reject,
    approve/oppose, allow/ban ...), after lemmatising both with WordNet's morphy.

    The curated pairs in ``polarity.json`` are checked first; with ``wordnet=True`` WordNet's
    own lexical antonyms (able/unable, buy/sell, male/female ...) count too. Words sharing a
    lemma are never antonyms. Needs the synonyms table (see :mod:`.synonyms`).
    """
    first, second = _lemma_forms(a), _lemma_forms(b)
    if not first.isdisjoint(second):
        return False
    sides = _antonym_sides()
    for x in first:
        for pair, side in sides.get(x, ()):
            if any((pair, 1 - side) in sides.get(y, ()) for y in second):
                return True
    return wordnet and synonyms.wordnet_antonyms(a, b)
