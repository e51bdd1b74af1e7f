"""Pronouns, roles and titles, polarity, and reporting verbs.

Each detector looks at the words of a group that have no equal on the other side and pairs a
rewrite word with the source word whose slot it fills (see ``GroupView.partner_of_r``); roles
and negations may also be paired across the whole group when there is exactly one candidate on
each side, since rewrites move the speaker around ("the official said" -> "The officer declared").
"""

from __future__ import annotations

import functools
import operator
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from rewrite_detect.findings.context import (
    GroupView,
    Pair,
    Region,
    Side,
    is_content,
    is_dictionary_word,
    quoted,
    scan_mentions,
)
from rewrite_detect.lexicon import (
    are_antonyms,
    attribution_kind,
    attribution_markers,
    is_negation,
    multiword_role_names,
    pronoun_difference,
    pronoun_features,
    reporting_verb,
    role_is_ambiguous,
    role_of,
    role_relation,
)
from rewrite_detect.lexicon._data import fold_word
from rewrite_detect.records import Finding, Token

_NORM = operator.attrgetter("norm")

# Asked of most words of a group, by several detectors: looked up once per word.
_reporting_verb = functools.lru_cache(maxsize=65_536)(reporting_verb)
_pronoun_features = functools.lru_cache(maxsize=65_536)(pronoun_features)

# --------------------------------------------------------------------------- pronouns

# "it"/"they" for an organisation is house style, not a different referent.
_COLLECTIVE = frozenset(["it", "its", "itself", "they", "them", "their", "theirs", "themselves"])
_FEATURE_WORDS = {"person": "person", "number": "number (one or several)", "gender": "gender"}


def find_pronouns(pair: Pair) -> list[Finding]:
    """``pronoun_changed``: a pronoun of the source replaced by one of another person, number
    or gender (they -> he)."""
    out = []
    for g in pair.groups:
        for j in g.unmatched_r():
            if _pronoun_features(g.r[j].norm) is None:
                continue  # most words are no pronoun
            finding = _pronoun_at(pair, g, j)
            if finding is not None:
                out.append(finding)
    return out


def _pronoun_at(pair: Pair, g: GroupView, j: int) -> Finding | None:
    r = g.r[j]
    if pair.claimed("r", r) or _pronoun_features(r.norm) is None:
        return None
    i = g.partner_of_r(j)
    if i is None:
        return None
    s = g.s[i]
    if pair.claimed("s", s) or _pronoun_features(s.norm) is None:
        return None
    diff = pronoun_difference(s.norm, r.norm)
    if not diff or {s.norm, r.norm} <= _COLLECTIVE or not _anchored(g, i, j):
        return None
    if pair.source.in_quote(s) != pair.rewrite.in_quote(r):
        return None  # direct speech turned into reported speech ("I" -> "he") or back
    what = " and ".join(_FEATURE_WORDS[d] for d in _stated(s.norm, r.norm, diff))
    explanation = (
        f"The pronoun {quoted(s.text)} became {quoted(r.text)}: a change of {what}, "
        "so it points at someone else."
    )
    return pair.finding("pronoun_changed", [s], [r], explanation)


def _stated(a: str, b: str, diff: Sequence[str]) -> list[str]:
    """The differences worth naming: "they" -> "he" changes the number; that "they" has no
    gender is not news."""
    fa, fb = _pronoun_features(a), _pronoun_features(b)
    vague = {"gender": ("any",), "number": ("either",)}
    named = [
        d
        for d in diff
        if fa is None
        or fb is None
        or d not in vague
        or (getattr(fa, d) not in vague[d] and getattr(fb, d) not in vague[d])
    ]
    return named or list(diff)


def _anchored(g: GroupView, i: int, j: int) -> bool:
    """Whether source word ``i`` and rewrite word ``j`` stand in one slot: words swapped one for
    one between matched neighbours, or next to the same content word on both sides."""
    reg = g.region_of_r.get(j)
    if reg is not None and reg.tight and reg.src[1] - reg.src[0] == reg.rw[1] - reg.rw[0]:
        return True  # word-for-word substitution between matched neighbours
    for d in (-1, 1):
        k = j + d
        if 0 <= k < len(g.r) and g.r2s.get(k) == i + d and is_content(g.r[k]):
            return True
    return False


# --------------------------------------------------------------------------- roles

# Role groups that describe people rather than name an office or job: swapping them is rewording
# ("civilians" -> "citizens"), judged by synonym knowledge, not a changed role.
DESCRIPTORS = frozenset(
    [
        "civilian",
        "citizen",
        "resident",
        "villager",
        "refugee",
        "displaced_person",
        "asylum_seeker",
        "migrant",
        "protester",
        "activist",
        "victim",
        "survivor",
        "witness",
        "bystander",
        "voter",
        "scientist",
        "researcher",
        "academic",
        "employee",
        "player",
        "passenger",
    ]
)


# Roles of sport and the arts that ``lexicon/roles.json`` lacks (form -> group); candidates to
# move into the lexicon. Forms are singular; regular plurals are folded at lookup.
_EXTRA_ROLES: dict[str, str] = {
    **dict.fromkeys(["striker", "forward", "centre-forward", "center-forward"], "striker"),
    **dict.fromkeys(
        ["defender", "centre-back", "center-back", "full-back", "centre-half"], "defender"
    ),
    **dict.fromkeys(["midfielder"], "midfielder"),
    **dict.fromkeys(["goalkeeper", "keeper", "goalie"], "goalkeeper"),
    **dict.fromkeys(["winger"], "winger"),
    **dict.fromkeys(["referee", "umpire"], "referee"),
    **dict.fromkeys(["batsman", "batter"], "batsman"),
    **dict.fromkeys(["bowler"], "bowler"),
    **dict.fromkeys(["jockey"], "jockey"),
    **dict.fromkeys(["actor", "actress"], "actor"),
    **dict.fromkeys(["singer", "vocalist", "frontman", "frontwoman"], "singer"),
    **dict.fromkeys(["guitarist"], "guitarist"),
    **dict.fromkeys(["drummer"], "drummer"),
    **dict.fromkeys(["bassist"], "bassist"),
    **dict.fromkeys(["pianist"], "pianist"),
    **dict.fromkeys(["composer", "songwriter"], "composer"),
    **dict.fromkeys(["producer"], "producer"),
    **dict.fromkeys(["presenter", "host", "anchor", "anchorman", "anchorwoman"], "presenter"),
    **dict.fromkeys(["writer", "author", "novelist", "screenwriter"], "writer"),
    **dict.fromkeys(["comedian", "comic"], "comedian"),
    **dict.fromkeys(["dancer"], "dancer"),
    **dict.fromkeys(["designer"], "designer"),
    **dict.fromkeys(["artist", "painter"], "artist"),
    **dict.fromkeys(["chef"], "chef"),
}
_EXTRA_AMBIGUOUS = frozenset(["forward", "keeper", "host", "anchor", "comic", "batter", "bowler"])


def _extra_role(phrase: str) -> str | None:
    """The group of a sport or arts role, singular or regular plural."""
    for form in (phrase, phrase[:-1] if phrase.endswith("s") else "", phrase[:-2]):
        if form in _EXTRA_ROLES:
            return _EXTRA_ROLES[form]
    return None


@functools.lru_cache(maxsize=65_536)
def role_group(phrase: str) -> str | None:
    """The role group of a folded phrase: the lexicon's, then "ex-"/"former" roles, then the
    sport and arts roles above."""
    return role_of(phrase) or _prefixed_role(phrase) or _extra_role(phrase)


def _role_relation(a: RoleMention, b: RoleMention) -> str | None:
    if role_of(a.text) is not None and role_of(b.text) is not None:
        return role_relation(a.text, b.text)
    return "same" if a.group == b.group else "different"


class RoleMention(NamedTuple):
    """A role or title in a run of group tokens (a named tuple: groups make many)."""

    lo: int
    hi: int
    group: str
    text: str
    ambiguous: bool


@functools.cache
def _multiword_roles() -> dict[str, int]:
    return {fold_word(n): len(fold_word(n).split()) for n in multiword_role_names()}


@functools.cache
def _multiword_role_first_words() -> frozenset[str]:
    return frozenset(name.split(" ")[0] for name in _multiword_roles())


@functools.cache
def _multiword_role_prefixes() -> frozenset[str]:
    """The first words (one or more, not all) of the folded multi-word roles."""
    out: set[str] = set()
    for name in _multiword_roles():
        words = name.split(" ")
        out.update(" ".join(words[:k]) for k in range(1, len(words)))
    return frozenset(out)


@functools.lru_cache(maxsize=65_536)
def _role_key(norm: str) -> str:
    """The role lookup key of a folded word (possessive dropped)."""
    return fold_word(_bare(norm))


def _bare(norm: str) -> str:
    """A folded word without a possessive ending ("manager's" -> "manager")."""
    if norm.endswith("'s"):
        return norm[:-2]
    return norm[:-1] if norm.endswith("s'") else norm


def role_mentions(tokens: Sequence[Token]) -> list[RoleMention]:
    """Roles in a token run, longest forms first ("prime minister" before "minister")."""
    return scan_mentions(tokens, _may_open_role, _role_at)


def _role_at(tokens: Sequence[Token], i: int) -> RoleMention | None:
    """The longest role starting at word ``i``, if any."""
    first = _role_key(tokens[i].norm)
    if _may_open_multiword_role(first):
        mention = _multiword_role_at(tokens, i)
        if mention is not None:
            return mention
    found = _word_role(first)  # the common case: a role of one word or none
    return RoleMention(i, i + 1, *found) if found is not None else None


def _multiword_role_at(tokens: Sequence[Token], i: int) -> RoleMention | None:
    """The longest role of several words starting at word ``i``, if any."""
    multi, prefixes = _multiword_roles(), _multiword_role_prefixes()
    # A role of n words starts with the first n - 1 words of the phrase: grow the phrase while
    # it is such a start; no longer phrase can be a role.
    limit = min(_longest_role(), len(tokens) - i)
    phrases = [_role_key(tokens[i].norm)]
    while len(phrases) < limit and phrases[-1] in prefixes:
        phrases.append(f"{phrases[-1]} {_role_key(tokens[i + len(phrases)].norm)}")
    for n in range(len(phrases), 1, -1):
        phrase = phrases[n - 1]
        group = role_group(phrase) if phrase in multi else None
        if group is not None:
            ambiguous = _role_is_ambiguous(phrase) or _extra_role_ambiguous(phrase)
            return RoleMention(i, i + n, group, phrase, ambiguous)
    return None


@functools.lru_cache(maxsize=65_536)
def _word_role(key: str) -> tuple[str, str, bool] | None:
    """(group, text, ambiguous) of a role that is one word (by its role key), or None."""
    group = role_group(key)
    if group is None:
        return None
    return group, key, _role_is_ambiguous(key) or _extra_role_ambiguous(key)


@functools.cache
def _longest_role() -> int:
    return max(_multiword_roles().values(), default=1)


_role_is_ambiguous = functools.lru_cache(maxsize=65_536)(role_is_ambiguous)


@functools.lru_cache(maxsize=65_536)
def _may_open_multiword_role(word: str) -> bool:
    """Whether a role key can be the first word of a multi-word role (a key that folded into
    several words, "vice-president", may be)."""
    return word in _multiword_role_first_words() or " " in word


@functools.lru_cache(maxsize=65_536)
def _may_open_role(norm: str) -> bool:
    """Whether a role may start at this word: it opens a multi-word role or is a role itself
    (most words are neither, and are passed over with one cached look-up)."""
    word = _role_key(norm)
    return _may_open_multiword_role(word) or role_group(word) is not None


def _extra_role_ambiguous(phrase: str) -> bool:
    return phrase in _EXTRA_AMBIGUOUS or phrase.removesuffix("s") in _EXTRA_AMBIGUOUS


def _prefixed_role(phrase: str) -> str | None:
    """The role of "ex-rebels", "former-minister": the prefix does not change the role."""
    head, _, rest = phrase.partition(" ")
    return role_of(rest) if head in ("ex", "former") and rest else None


def find_roles(pair: Pair) -> list[Finding]:
    """``role_changed``: a role or title replaced by a different one (official -> officer)."""
    out: list[Finding] = []
    for g in pair.groups:
        out.extend(_group_roles(pair, g))
    return out


def _free_roles(pair: Pair, g: GroupView, side: Side) -> list[RoleMention]:
    view, tokens = (pair.source, g.s) if side == "s" else (pair.rewrite, g.r)
    out = []
    for m in g.mentions(role_mentions, side):
        if pair.any_claimed(side, tokens[m.lo : m.hi]):
            continue
        if m.ambiguous and _noun_use(view.doc.normalized, tokens, m):
            m = RoleMention(m.lo, m.hi, m.group, m.text, False)
        out.append(m)
    return out


def _noun_use(text: str, tokens: Sequence[Token], m: RoleMention) -> bool:
    """Whether an ambiguous role word is used as a noun ("the official said", "officials"),
    not as an adjective or verb ("official figures")."""
    last = tokens[m.hi - 1]
    if last.norm.endswith("s") and role_group(last.norm[:-1]) == m.group:
        return True  # a plural: "officials"
    if m.hi >= len(tokens) or tokens[m.hi].sentence != last.sentence:
        return True
    gap = text[last.end : tokens[m.hi].start]
    following = tokens[m.hi].norm
    return bool(gap.strip()) or following in _AFTER_NOUN or _reporting_verb(following) is not None


_AFTER_NOUN = frozenset(
    [
        "who",
        "whose",
        "which",
        "that",
        "in",
        "at",
        "from",
        "of",
        "for",
        "with",
        "and",
        "or",
        "but",
        "on",
        "to",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "said",
        "says",
        "told",
    ]
)


def _group_roles(pair: Pair, g: GroupView) -> list[Finding]:
    r_roles = g.mentions(role_mentions, "r")
    if not r_roles:
        return []  # every finding is about a role of the rewrite
    r_count = Counter(m.group for m in r_roles)
    s_count = Counter(m.group for m in g.mentions(role_mentions, "s"))
    if s_count == r_count:
        return []  # no role is new or gone
    gone = [m for m in _free_roles(pair, g, "s") if s_count[m.group] > r_count[m.group]]
    new = [m for m in _free_roles(pair, g, "r") if r_count[m.group] > s_count[m.group]]
    out = []
    for r in new:
        s, tight = _role_partner(g, r, gone, len(new))
        if s is None or s.group in DESCRIPTORS or r.group in DESCRIPTORS:
            continue
        relation = _role_relation(s, r)
        if relation not in ("different", "narrower"):
            continue
        if not tight and (relation != "different" or s.ambiguous or r.ambiguous):
            continue
        if not tight and not (_speaker(g.s, s) and _speaker(g.r, r)):
            continue  # far apart: only the speaker of a quote is paired across a sentence
        gone.remove(s)
        s_tokens, r_tokens = g.s[s.lo : s.hi], g.r[r.lo : r.hi]
        explanation = (
            f"The role {quoted(pair.source.text_of(s_tokens))} became "
            f"{quoted(pair.rewrite.text_of(r_tokens))}, "
            f"{'a different' if relation == 'different' else 'a more specific'} role."
        )
        out.append(pair.finding("role_changed", s_tokens, r_tokens, explanation))
    return out


def _speaker(tokens: Sequence[Token], m: RoleMention) -> bool:
    """Whether a role is the subject of a reporting verb ("the official said", "officer told")."""
    near = [*tokens[max(0, m.lo - 2) : m.lo], *tokens[m.hi : m.hi + 2]]
    return any(_reporting_verb(t.norm) is not None for t in near)


def _role_partner(
    g: GroupView, r: RoleMention, gone: list[RoleMention], n_new: int
) -> tuple[RoleMention | None, bool]:
    for s in gone:
        if any(
            g.same_region(i, j) or g.partner_of_r(j) == i
            for i in range(s.lo, s.hi)
            for j in range(r.lo, r.hi)
        ):
            return s, True
    if len(gone) == 1 and n_new == 1:
        return gone[0], False
    return None, False


# --------------------------------------------------------------------------- polarity

# Words that carry a negation in themselves: a rewrite may trade "did not" for one of them.
_NEGATIVE_WORDS = frozenset(
    [
        "fail",
        "refuse",
        "deny",
        "reject",
        "lack",
        "unable",
        "absent",
        "avoid",
        "decline",
        "miss",
        "prevent",
        "stop",
        "halt",
        "ban",
        "forbid",
        "oppose",
        "lose",
        "impossible",
        "unlikely",
        "neglect",
        "omit",
        "cease",
        "quit",
        "abandon",
        "drop",
        "withhold",
        "rule",
        "dismiss",
        "little",
        "few",
    ]
)
_NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")


def _negative_word(token: Token) -> bool:
    """A word that negates by its meaning or prefix ("failed", "unable", "disagree")."""
    from rewrite_detect.lexicon import lemmas

    norm = token.norm
    if norm in _NEGATIVE_WORDS or not lemmas(norm).isdisjoint(_NEGATIVE_WORDS):
        return True
    for prefix in _NEGATIVE_PREFIXES:
        rest = norm[len(prefix) :]
        if norm.startswith(prefix) and len(rest) > 3 and is_dictionary_word(rest):
            return True
    return False


_is_negation = functools.lru_cache(maxsize=65_536)(is_negation)  # asked of every word


def _negations(pair: Pair, side: str, tokens: Sequence[Token]) -> list[int]:
    return [
        k
        for k, norm in enumerate([t.norm for t in tokens])
        if _is_negation(norm) and not pair.claimed(side, tokens[k])  # type: ignore[arg-type]
    ]


def find_polarity(pair: Pair) -> list[Finding]:
    """``polarity_changed``: a negation added or dropped, or a word turned into its opposite."""
    out: list[Finding] = []
    for g in pair.groups:
        out.extend(_group_negation(pair, g))
        out.extend(_group_antonyms(pair, g))
    return out


def _region_words(g: GroupView, side: str, k: int) -> tuple[list[Token], list[Token]]:
    """Source and rewrite words of the region holding word ``k`` of one side."""
    reg = (g.region_of_s if side == "s" else g.region_of_r).get(k)
    if reg is None:
        return [], []
    return list(g.s[slice(*reg.src)]), list(g.r[slice(*reg.rw)])


def _compensated(src: Sequence[Token], rw: Sequence[Token]) -> bool:
    """A negation traded for a negative word or an opposite ("did not win" -> "lost")."""
    if any(_negative_word(t) for t in (*src, *rw)):
        return True
    return any(
        are_antonyms(a.norm, b.norm) for a in src if is_content(a) for b in rw if is_content(b)
    )


def _group_negation(pair: Pair, g: GroupView) -> list[Finding]:
    if not any(_is_negation(g.r[j].norm) for j in g.unmatched_r()) and not any(
        _is_negation(g.s[i].norm) for i in g.unmatched_s()
    ):
        return []  # a finding needs an unmatched negation on one side
    s_neg, r_neg = _negations(pair, "s", g.s), _negations(pair, "r", g.r)
    if len(s_neg) == len(r_neg):
        return []
    out = []
    if len(r_neg) > len(s_neg):
        for j in r_neg:
            if j in g.r2s or not _negation_slot(g.region_of_r.get(j)):
                continue
            src, rw = _region_words(g, "r", j)
            if _compensated(src, [t for t in rw if t is not g.r[j]]):
                continue
            i = g.partner_of_r(j)
            s_tokens = [g.s[i]] if i is not None else src[:1]
            explanation = (
                f"The rewrite adds the negation {quoted(g.r[j].text)}, "
                "which turns the statement into its opposite."
            )
            out.append(pair.finding("polarity_changed", s_tokens, [g.r[j]], explanation))
            break
    else:
        for i in s_neg:
            if i in g.s2r or not _negation_slot(g.region_of_s.get(i)):
                continue
            src, rw = _region_words(g, "s", i)
            if _compensated([t for t in src if t is not g.s[i]], rw):
                continue
            r_tokens = _rewrite_slot(g, i)
            explanation = (
                f"The rewrite drops the negation {quoted(g.s[i].text)}, "
                "which turns the statement into its opposite."
            )
            out.append(pair.finding("polarity_changed", [g.s[i]], r_tokens, explanation))
            break
    return out


_MAX_NEGATION_RUN = 3  # "not", "did not", "no longer"


def _negation_slot(reg: Region | None) -> bool:
    """Whether a negation came in (went out) on its own: replacing words, or a short run put
    between words that are neighbours on the other side. A negation inside a longer added
    passage is added content, not a flipped statement."""
    if reg is None:
        return False
    src, rw = reg.src[1] - reg.src[0], reg.rw[1] - reg.rw[0]
    if src and rw:
        return True
    return reg.tight and max(src, rw) <= _MAX_NEGATION_RUN


def _rewrite_slot(g: GroupView, i: int) -> list[Token]:
    """Where a dropped source word would be in the rewrite: its replacement or a neighbour."""
    reg = g.region_of_s.get(i)
    if reg is not None and reg.rw[1] > reg.rw[0]:
        return list(g.r[slice(*reg.rw)])
    for k in (i - 1, i + 1):
        if k in g.s2r:
            return [g.r[g.s2r[k]]]
    return []


# Opposite sexes are WordNet antonyms, but a changed person, not an inverted statement.
_GENDERED = frozenset(
    [
        "man",
        "woman",
        "men",
        "women",
        "boy",
        "boys",
        "girl",
        "girls",
        "male",
        "female",
        "males",
        "females",
        "husband",
        "wife",
        "father",
        "mother",
        "son",
        "daughter",
        "brother",
        "sister",
        "king",
        "queen",
    ]
)


def _group_antonyms(pair: Pair, g: GroupView) -> list[Finding]:
    # a finding claims only its own rewrite word, so the free rewrite words can be listed first
    r_free = [j for j in g.unmatched_r() if not pair.claimed("r", g.r[j]) and is_content(g.r[j])]
    s_free = [i for i in g.unmatched_s() if is_content(g.s[i]) and not pair.claimed("s", g.s[i])]
    if not r_free or not s_free:
        return []  # an opposite needs a free word on both sides
    out = []
    # how often a word occurs on each side: list.count, since only a few words are asked about
    r_words, s_words = list(map(_NORM, g.r)), list(map(_NORM, g.s))
    for j in r_free:
        slot = g.in_slot(j, s_free)
        if not slot:
            continue  # an opposite stands in the slot of the word it inverts
        r = g.r[j]
        if r_words.count(r.norm) <= s_words.count(r.norm):
            continue
        for i in slot:
            s = g.s[i]
            if pair.claimed("s", s) or s_words.count(s.norm) <= r_words.count(s.norm):
                continue
            if {s.norm, r.norm} & _GENDERED or not are_antonyms(s.norm, r.norm):
                continue
            src, rw = _region_words(g, "r", j)
            others = [t for t in (*src, *rw) if t is not s and t is not r]
            if any(_is_negation(t.norm) or _negative_word(t) for t in others):
                continue  # "won" -> "did not lose", "little changed" -> "unchanged"
            explanation = (
                f"{quoted(s.text)} became {quoted(r.text)}, its opposite: "
                "the rewrite inverts the meaning."
            )
            out.append(pair.finding("polarity_changed", [s], [r], explanation))
            break
    return out


# --------------------------------------------------------------------------- attribution


@functools.cache
def _markers() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Attribution markers as word tuples with their kind, longest first."""
    out = []
    for phrase in attribution_markers():
        kind = attribution_kind(phrase)
        if kind is not None:
            out.append((tuple(phrase.split()), kind))
    return tuple(out)


@functools.cache
def _markers_by_first_word() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Attribution markers indexed by their first word, longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, kind in _markers():
        index.setdefault(words[0], []).append((words, kind))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


class _Marker(NamedTuple):
    """An attribution marker in a run of group tokens."""

    lo: int
    hi: int
    kind: str


@functools.cache
def _distancing_keys() -> frozenset[str]:
    """One word of each distancing marker, its longest (the least common): words without any
    of them hold no distancing marker."""
    return frozenset(max(words, key=len) for words, kind in _markers() if kind == "distancing")


def _marker_spans(tokens: Sequence[Token]) -> list[_Marker]:
    """(lo, hi, kind) of the attribution markers in a token run."""
    return scan_mentions(tokens, _markers_by_first_word().__contains__, _marker_at)


def _marker_at(tokens: Sequence[Token], i: int) -> _Marker | None:
    """The longest attribution marker starting at word ``i``, if any."""
    for words, kind in _markers_by_first_word()[tokens[i].norm]:
        if tuple(map(_NORM, tokens[i : i + len(words)])) == words:
            return _Marker(i, i + len(words), kind)
    return None


def find_attribution(pair: Pair) -> list[Finding]:
    """``attribution_shift``: neutral attribution made loaded or distancing (said -> claimed,
    "according to" -> "reportedly")."""
    out: list[Finding] = []
    for g in pair.groups:
        out.extend(_loaded_verbs(pair, g))
        out.extend(_distancing(pair, g))
    return out


_DETERMINERS = frozenset(
    ["a", "an", "the", "his", "her", "their", "its", "our", "my", "your", "any", "no", "such"]
)


def _loaded_verbs(pair: Pair, g: GroupView) -> list[Finding]:
    if not any(_reporting_verb(g.r[j].norm) == "loaded" for j in g.unmatched_r()):
        return []  # the common case: no loaded verb came in
    out = []
    src_classes = [(i, _reporting_verb(t.norm)) for i, t in enumerate(g.s)]
    neutral = [(i, i + 1) for i, c in src_classes if c == "neutral"]
    neutral += [(lo, hi) for lo, hi, kind in g.mentions(_marker_spans, "s") if kind == "neutral"]
    loaded_src = [i for i, c in src_classes if c == "loaded" and i not in g.s2r]
    for j in g.unmatched_r():
        r = g.r[j]
        if pair.claimed("r", r) or pair.rewrite.in_quote(r) or _reporting_verb(r.norm) != "loaded":
            continue
        if j > 0 and g.r[j - 1].norm in _DETERMINERS:
            continue  # a noun: "a protest", "their claims"
        i = g.partner_of_r(j)
        partner = _reporting_verb(g.s[i].norm) if i is not None else None
        if partner == "loaded":
            continue
        if partner is not None and i is not None:
            anchor: tuple[int, int] = (i, i + 1)
        elif loaded_src or not neutral:
            continue
        else:
            anchor = min(neutral, key=lambda run: (not g.same_region(run[0], j), abs(run[0] - j)))
        s_tokens = list(g.s[anchor[0] : anchor[1]])
        explanation = (
            f"The neutral {quoted(pair.source.text_of(s_tokens))} became {quoted(r.text)}, "
            "which casts doubt on the speaker or takes a side."
        )
        out.append(pair.finding("attribution_shift", s_tokens, [r], explanation))
    return out


def _distancing(pair: Pair, g: GroupView) -> list[Finding]:
    if _distancing_keys().isdisjoint(map(_NORM, g.r)):
        return []  # the common case: no distancing marker
    r_markers = g.mentions(_marker_spans, "r")
    if not any(kind == "distancing" for _, _, kind in r_markers):
        return []
    src_markers = {
        tuple(t.norm for t in g.s[lo:hi]) for lo, hi, _ in g.mentions(_marker_spans, "s")
    }
    out = []
    for lo, hi, kind in r_markers:
        tokens = g.r[lo:hi]
        if kind != "distancing" or pair.any_claimed("r", tokens):
            continue
        if tuple(t.norm for t in tokens) in src_markers:
            continue
        if any(g.s[g.r2s[j]].norm == g.r[j].norm for j in range(lo, hi) if j in g.r2s):
            continue
        if pair.rewrite.in_quote(tokens[0]):
            continue
        anchor = [g.s[i] for i, t in enumerate(g.s) if _reporting_verb(t.norm)][:1]
        explanation = (
            f"The rewrite adds {quoted(pair.rewrite.text_of(tokens))}, distancing itself from "
            "what the source reports plainly."
        )
        out.append(
            pair.finding(
                "attribution_shift",
                anchor,
                list(tokens),
                explanation,
            )
        )
        break
    return out
