"""Spin: rewording that keeps the meaning (the content farm hiding its copying).

Word substitutions that no error detector claimed are spin by default. Synonym knowledge (WordNet
relations, role groups, spelling variants) separates clear ``synonym_substitution`` from
``paraphrase``, whose explanation says when nothing confirms that the meaning was kept (swamped ->
uprooted). Structural spin: ``reordering`` (moved words or sentences), ``sentence_merge``,
``sentence_split``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from rewrite_detect.findings.context import (
    GroupView,
    Pair,
    content_words,
    has_content,
    is_content,
    quoted,
    relation,
)
from rewrite_detect.findings.wording import DESCRIPTORS, role_group
from rewrite_detect.lexicon import role_of, role_relation
from rewrite_detect.records import Finding, Token

_RELATION_WORDS = {
    "synonym": "a synonym",
    "similar": "a word of similar meaning",
    "hypernym": "a closely related word",
    "role": "another word for the same role",
    "spelling": "the same word spelled another way",
}
_SPELLING = 85.0


def word_relation(a: Token, b: Token) -> str | None:
    """Why two words can stand for each other, or None if nothing says they can."""
    lower = not a.text[:1].isupper() and not b.text[:1].isupper()
    return _norm_relation(a.norm, b.norm, lower)


@functools.lru_cache(maxsize=65_536)
def _norm_relation(a: str, b: str, lower: bool) -> str | None:
    """``word_relation`` of two folded words, both lower-case in the text or not (cached:
    a sentence's free words are tried against each other)."""
    if a.replace("-", "") == b.replace("-", ""):
        return "spelling"
    ra, rb = role_group(a), role_group(b)
    if ra is not None and rb is not None and not {ra, rb} <= DESCRIPTORS:
        if ra == rb:
            return "role"
        if role_of(a) and role_of(b) and role_relation(a, b) != "different":
            return "hypernym"  # "general" -> "officer": less specific, same person
        return None  # official/officer: WordNet calls it a hypernym, the roles differ
    rel = relation(a, b)
    if rel != "none":
        return rel
    close = min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= _SPELLING
    return "spelling" if lower and close else None


def find_synonyms(pair: Pair) -> list[Finding]:
    """``synonym_substitution`` for each rewrite word that stands in for a source word."""
    out: list[Finding] = []
    for g in pair.groups:
        out.extend(_group_synonyms(pair, g))
    return out


def _free(pair: Pair, g: GroupView, side: str) -> list[int]:
    tokens, unmatched = (g.s, g.unmatched_s()) if side == "s" else (g.r, g.unmatched_r())
    return [k for k in unmatched if is_content(tokens[k]) and not pair.claimed(side, tokens[k])]  # type: ignore[arg-type]


def _group_synonyms(pair: Pair, g: GroupView) -> list[Finding]:
    """Pair words in their own slot first; across the sentence only on strong evidence."""
    if not g.unmatched_r() or not g.unmatched_s():
        return []  # a substitution needs an unmatched word on both sides
    s_free = _free(pair, g, "s")
    r_content = [j for j in g.unmatched_r() if is_content(g.r[j])]
    if not s_free or not r_content:
        return []  # ... and a free content word on both sides
    out = []
    for nearby in (True, False):
        if not s_free:
            break  # every free source word has found its substitute
        for j in [j for j in r_content if not pair.claimed("r", g.r[j])]:
            r = g.r[j]
            if nearby:
                found = _first_related(g, r, g.in_slot(j, s_free), nearby=True)
            else:
                found = _nearest_related(g, r, j, s_free)
            if found is None:
                continue
            i, rel = found
            s_free.remove(i)
            explanation = (
                f"{quoted(g.s[i].text)} became {quoted(r.text)}, {_RELATION_WORDS[rel]}: "
                "the meaning is kept."
            )
            out.append(pair.finding("synonym_substitution", [g.s[i]], [r], explanation))
    return out


def _first_related(
    g: GroupView, r: Token, candidates: Iterable[int], *, nearby: bool
) -> tuple[int, str] | None:
    """The first candidate source word that ``r`` can stand for, with the relation (away from
    its slot, a hypernym is too weak)."""
    for i in candidates:
        rel = word_relation(g.s[i], r)
        if rel is not None and (nearby or rel != "hypernym"):
            return i, rel
    return None


def _nearest_related(g: GroupView, r: Token, j: int, s_free: list[int]) -> tuple[int, str] | None:
    """``_first_related`` over the free source words nearest first (ties in source order).

    Most words stand for none of them: every relation is looked up (cached) and the nearest
    related word is kept.
    """
    r_lower = not r.text[:1].isupper()
    nearest: tuple[int, str] | None = None
    for i in s_free:
        s = g.s[i]
        rel = _norm_relation(s.norm, r.norm, r_lower and not s.text[:1].isupper())  # word_relation
        if rel is None or rel == "hypernym":
            continue  # away from its slot, a hypernym is too weak
        if nearest is None or abs(i - j) < abs(nearest[0] - j):
            nearest = (i, rel)
    return nearest


def find_paraphrases(pair: Pair) -> list[Finding]:
    """``paraphrase`` for each replaced stretch of words that no other finding explains."""
    out = []
    for g in pair.groups:
        for reg in g.regions:
            if reg.src[0] == reg.src[1] or reg.rw[0] == reg.rw[1]:
                continue
            rw = pair.unclaimed("r", g.r[slice(*reg.rw)])
            if not has_content(rw):
                continue
            src = pair.unclaimed("s", g.s[slice(*reg.src)])
            if not has_content(src):
                continue
            out.append(_paraphrase(pair, src, rw))
    return out


def _paraphrase(pair: Pair, src: Sequence[Token], rw: Sequence[Token]) -> Finding:
    before, after = quoted(pair.source.text_of(src)), quoted(pair.rewrite.text_of(rw))
    short = len(content_words(src)) <= 2 and len(content_words(rw)) <= 2
    if short:
        explanation = (
            f"{before} was reworded as {after}; no synonym link confirms the meaning is kept, "
            "so check it."
        )
    else:
        explanation = f"{before} was reworded as {after}."
    return pair.finding("paraphrase", list(src), list(rw), explanation)


def find_reordering(pair: Pair) -> list[Finding]:
    """``reordering``: sentences taken out of the source's order, words moved in a sentence."""
    out = _moved_sentences(pair)
    for g in pair.groups:
        if g.realigned:
            continue
        moved = sorted(
            j for op in g.group.ops if op.op == "equal" and op.moved for j in range(*op.rw)
        )
        runs = _runs(moved)
        content = [run for run in runs if has_content(g.r[slice(*run)])]
        if not content:
            continue
        lo, hi = max(content, key=lambda run: run[1] - run[0])
        r_tokens = list(g.r[lo:hi])
        s_tokens = sorted((g.s[g.r2s[j]] for j in range(lo, hi)), key=lambda t: t.start)
        explanation = (
            f"The rewrite moves {quoted(pair.rewrite.text_of(r_tokens))} "
            "to another place in the sentence."
        )
        out.append(pair.finding("reordering", s_tokens, r_tokens, explanation, claim=False))
    return out


def _moved_sentences(pair: Pair) -> list[Finding]:
    """Groups outside the longest run of groups that keeps the source's order."""
    groups = sorted((g for g in pair.groups if not g.realigned), key=lambda g: g.group.rewrite[0])
    keep = _longest_increasing([g.group.source[0] for g in groups])
    out = []
    for k, g in enumerate(groups):
        if k in keep or not g.s or not g.r:
            continue
        explanation = "This sentence comes from another place in the source: the order changed."
        out.append(
            pair.finding(
                "reordering", [g.s[0], g.s[-1]], [g.r[0], g.r[-1]], explanation, claim=False
            )
        )
    return out


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (quadratic; groups are few)."""
    n = len(values)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for k in range(i):
            if values[k] < values[i] and best[k] + 1 > best[i]:
                best[i], prev[i] = best[k] + 1, k
    if not n:
        return set()
    i = max(range(n), key=best.__getitem__)
    out = set()
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def find_structure(pair: Pair) -> list[Finding]:
    """``sentence_merge`` and ``sentence_split`` for groups of several sentences."""
    out = []
    for g in pair.groups:
        if g.realigned:
            continue
        n_r, n_s = len(g.group.rewrite), len(g.group.source)
        if n_r == n_s or not g.s or not g.r:
            continue
        if n_s > n_r:
            kind = "sentence_merge"
            explanation = f"The rewrite merges {n_s} source sentences into {_count(n_r)}."
        else:
            kind = "sentence_split"
            explanation = f"The rewrite splits {_count(n_s)} into {n_r} sentences."
        out.append(
            pair.finding(kind, [g.s[0], g.s[-1]], [g.r[0], g.r[-1]], explanation, claim=False)
        )
    return out


def _count(n: int) -> str:
    return "one sentence" if n == 1 else f"{n} sentences"


def _runs(indexes: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs
