"""What every detector needs: the two documents, each aligned group with its word matching, the
quotations of both texts, and the claims detectors place on words so that one change is reported
once, by the most specific detector.

Token indexes here are GROUP indexes (positions in ``AlignedGroup.source_tokens`` /
``rewrite_tokens``); claims are keyed by a token's start offset, which is unique in its document.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol, TypeVar

from rewrite_detect.lexicon import lemmas, synonym_relation
from rewrite_detect.records import Document, Finding, Token, severity_of
from rewrite_detect.segment import is_stopword, paragraphs

if TYPE_CHECKING:
    from rewrite_detect.pipeline import AlignedGroup

Side = Literal["s", "r"]
T = TypeVar("T")
Run = tuple[int, int]  # half-open token range

_OPENERS = '"'  # a quotation opens with a capital
_SENTENCE_BREAK = ".!?:"
_OPENING_MARK = re.compile("[" + re.escape(_OPENERS + _SENTENCE_BREAK) + "]")
_TEXT = operator.attrgetter("text")
_NORM = operator.attrgetter("norm")
_START = operator.attrgetter("start")


class _Mention(Protocol):
    hi: int


M = TypeVar("M", bound=_Mention)


def scan_mentions(
    tokens: Sequence[Token],
    may_open: Callable[[str], bool],
    read_at: Callable[[Sequence[Token], int], M | None],
    *,
    word: Callable[[Token], str] = _NORM,
) -> list[M]:
    """Non-overlapping mentions, left to right: ``read_at`` is tried at the tokens whose
    ``word`` (the folded word unless told otherwise) ``may_open`` allows.

    A mention covers tokens up to ``hi``; no new mention starts inside it. ``may_open`` is asked
    of every token, so it should be a cached function of the word.
    """
    out: list[M] = []
    end = 0
    # map and compress keep the per-token test out of the interpreter loop: most words open
    # no mention
    for i in itertools.compress(range(len(tokens)), map(may_open, map(word, tokens))):
        if i < end:
            continue
        mention = read_at(tokens, i)
        if mention is not None:
            out.append(mention)
            end = mention.hi
    return out


# --------------------------------------------------------------------------- word knowledge


@functools.lru_cache(maxsize=65536)
def relation(a: str, b: str) -> str:
    """WordNet relation of two folded words (cached: detectors ask about the same pairs)."""
    return synonym_relation(a, b)


# Function words WordNet leaves out (it only lists nouns, verbs, adjectives and adverbs).
_FUNCTION_WORDS = frozenset(
    [
        "although",
        "though",
        "whereas",
        "because",
        "unless",
        "until",
        "whether",
        "however",
        "despite",
        "among",
        "amongst",
        "against",
        "within",
        "without",
        "toward",
        "towards",
        "upon",
        "onto",
        "via",
        "per",
        "each",
        "every",
        "either",
        "neither",
        "both",
        "nor",
        "whose",
        "whichever",
        "whatever",
        "whoever",
        "whom",
        "yet",
        "once",
        "since",
        "till",
        "amid",
        "amidst",
        "beside",
        "besides",
        "beyond",
        "throughout",
        "underneath",
        "unlike",
        "versus",
        "whilst",
    ]
)


@functools.lru_cache(maxsize=65536)
def is_dictionary_word(norm: str) -> bool:
    """Whether a lower-cased word is an English word WordNet knows (or a function word)."""
    return is_stopword(norm) or norm in _FUNCTION_WORDS or bool(lemmas(norm))


def is_content(token: Token) -> bool:
    """A word that carries meaning (not a function word, not a lone letter)."""
    return _content_word(token.norm)


@functools.lru_cache(maxsize=65_536)
def _content_word(norm: str) -> bool:
    return not is_stopword(norm) and len(norm) > 1


def content_words(tokens: Sequence[Token]) -> list[Token]:
    """The words of a run that carry meaning (``is_content``), in order."""
    return list(itertools.compress(tokens, map(_content_word, map(_NORM, tokens))))


def has_content(tokens: Sequence[Token]) -> bool:
    """Whether a run of words holds a word that carries meaning (``is_content``)."""
    return any(map(_content_word, map(_NORM, tokens)))


def is_capitalised(token: Token) -> bool:
    """Whether a word starts with a capital letter."""
    return token.text[:1].isupper()


# --------------------------------------------------------------------------- quotations


@dataclass(frozen=True)
class Quote:
    """A quoted stretch of one document: character span (marks included) and its words."""

    start: int
    end: int
    tokens: tuple[int, int]  # document token range of the words inside


def find_quotes(doc: Document, starts: Sequence[int] | None = None) -> list[Quote]:
    """Double-quoted stretches of a document (straight or curly), paragraph by paragraph.

    A mark that can only close a quotation (glued to the word before it) at the start of a
    paragraph closes a quotation opened in an earlier paragraph; an unclosed quote runs to the end
    of its paragraph (the news convention for a quotation that goes on in the next paragraph).
    ``starts`` are the start offsets of the document's tokens, if the caller has them.
    """
    text = doc.normalized
    if starts is None:
        starts = [t.start for t in doc.tokens]
    quotes: list[Quote] = []
    paras = doc.paragraphs if doc.paragraphs is not None else paragraphs(text)
    for p_start, p_end in _quote_paragraphs(text, paras):
        spans: list[tuple[int, int]] = []
        opened: int | None = None
        for m in re.finditer('"', text[p_start:p_end]):
            pos = p_start + m.start()
            if opened is not None:
                spans.append((opened, pos + 1))
                opened = None
            elif (
                not spans
                and _closing_only(text, pos, p_start, p_end)
                and _first_sentence(text, p_start, pos)
            ):
                spans.append((p_start, pos + 1))
            else:
                opened = pos
        if opened is not None:
            spans.append((opened, p_end))
        for start, end in spans:
            lo, hi = _token_range(doc.tokens, start, end, starts)
            if hi > lo:
                quotes.append(Quote(start, end, (lo, hi)))
    return quotes


_INDENTED_LINE = re.compile(r"\n(?=[ \t]{2,}\S)")


def _quote_paragraphs(text: str, paras: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraphs for pairing quotation marks: blank-line blocks (``paras``, the splitter's),
    also cut where a line starts indented (newswire paragraphs), since a quotation never runs
    past its paragraph unclosed. Paragraphs without a quotation mark are left out."""
    out: list[tuple[int, int]] = []
    for p_start, p_end in paras:
        if text.find('"', p_start, p_end) < 0:
            continue  # most paragraphs quote nobody
        cuts = [p_start, *(m.start() for m in _INDENTED_LINE.finditer(text, p_start, p_end)), p_end]
        out.extend((a, b) for a, b in itertools.pairwise(cuts) if b > a)
    return out


def _first_sentence(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` lies in the first sentence of the text starting at ``start``."""
    return re.search(r"[.!?]\s+[A-Z]", text[start:pos]) is None


def _closing_only(text: str, pos: int, p_start: int, p_end: int) -> bool:
    """A quotation mark glued to the word before it and followed by a space or punctuation."""
    before = text[pos - 1] if pos > p_start else " "
    after = text[pos + 1] if pos + 1 < p_end else " "
    return not before.isspace() and (after.isspace() or after in ",.;:!?)")


def _token_range(
    tokens: Sequence[Token], start: int, end: int, starts: Sequence[int]
) -> tuple[int, int]:
    """Document token range of the tokens lying within [start, end) (``starts``: theirs)."""
    lo = bisect.bisect_left(starts, start)
    hi = bisect.bisect_left(starts, end)
    while hi > lo and tokens[hi - 1].end > end:
        hi -= 1
    return lo, hi


# --------------------------------------------------------------------------- documents


@dataclass
class DocView:
    """A document with per-token facts the detectors share (words are known by their start
    offset, unique in the document)."""

    doc: Document
    quotes: list[Quote]
    quoted: set[int]  # starts of the words inside a quotation
    initial: set[int]  # starts of the words that open a sentence or a quotation
    capitalised: list[Token]  # the words that start with a capital letter, in order
    midcaps: set[str]  # words seen capitalised mid-sentence (names, not sentence openers)
    _found: dict[Callable[..., Any], tuple[Any, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, doc: Document) -> DocView:
        """Index a document once per pair."""
        tokens = doc.tokens
        starts = list(map(_START, tokens))
        quotes = find_quotes(doc, starts)
        initial = _initial_tokens(doc, starts)
        capitalised = list(itertools.compress(tokens, map(_starts_upper, map(_TEXT, tokens))))
        return cls(
            doc=doc,
            quotes=quotes,
            quoted={starts[i] for quote in quotes for i in range(*quote.tokens)},
            initial=initial,
            capitalised=capitalised,
            midcaps={_bare(t.norm) for t in capitalised if t.start not in initial},
        )

    @functools.cached_property
    def norms(self) -> set[str]:
        """The folded words of the document, also without a possessive ending (only the
        source's are asked for)."""
        norms = {t.norm for t in self.doc.tokens}
        return set(map(_bare, norms)) | norms

    @functools.cached_property
    def stems(self) -> set[str]:
        """The stems of the document's words."""
        return {t.stem for t in self.doc.tokens}

    def mentions(self, finder: Callable[[Sequence[Token]], Iterable[T]]) -> tuple[T, ...]:
        """What ``finder`` (numbers, places) finds in the whole document, found when first
        asked for (most pairs never ask)."""
        if finder not in self._found:
            self._found[finder] = tuple(finder(self.doc.tokens))
        return self._found[finder]

    def in_quote(self, token: Token) -> bool:
        """Whether a word lies inside a quotation."""
        return token.start in self.quoted

    def is_initial(self, token: Token) -> bool:
        """Whether a word opens its sentence (or a quotation, or follows a colon)."""
        return token.start in self.initial

    def name_like(self, token: Token, other: DocView | None = None) -> bool:
        """A capitalised word that is probably a name: mid-sentence, not an English word, or
        seen capitalised mid-sentence elsewhere (in this text or ``other``)."""
        if not is_capitalised(token) or len(token.norm) < 2:
            return False
        if not self.is_initial(token):
            return True
        bare = _bare(token.norm)
        if bare in self.midcaps or (other is not None and bare in other.midcaps):
            return True
        return not is_dictionary_word(bare)

    def text_of(self, tokens: Sequence[Token]) -> str:
        """The original text spanned by a run of tokens."""
        return self.doc.article.text[tokens[0].start : tokens[-1].end]


@functools.lru_cache(maxsize=65_536)
def _bare(norm: str) -> str:
    """A folded word without a possessive ending."""
    if norm.endswith("'s"):
        return norm[:-2]
    return norm[:-1] if norm.endswith("s'") else norm


@functools.lru_cache(maxsize=65_536)
def _starts_upper(text: str) -> bool:
    """``is_capitalised`` for a word as written (cached: asked of every word of a document)."""
    return text[:1].isupper()


def capitalised_at(tokens: Sequence[Token]) -> Iterator[int]:
    """The indexes of the capitalised words of a token run, in order (``is_capitalised``, one
    cached look-up per word: most words are not capitalised)."""
    return itertools.compress(range(len(tokens)), map(_starts_upper, map(_TEXT, tokens)))


def _initial_tokens(doc: Document, starts: Sequence[int]) -> set[int]:
    """The starts of the tokens at the start of a sentence, a quotation, or after a colon or
    full stop (``starts``: the start offsets of the document's tokens)."""
    text, tokens = doc.normalized, doc.tokens
    out = {starts[lo] for lo, hi in doc.sentence_tokens if hi > lo}
    # Only a gap holding one of the marks can open a word: look at the gaps before the words
    # that follow a mark, not at every gap.
    after_mark = {bisect.bisect_right(starts, m.start()) for m in _OPENING_MARK.finditer(text)}
    first_of = {lo for lo, _ in doc.sentence_tokens}
    for i in after_mark:
        if i >= len(tokens) or i in first_of:
            continue  # no word, or one that opens its sentence anyway (or the document)
        gap = text[tokens[i - 1].end : tokens[i].start].strip()
        if gap and (gap[-1] in _OPENERS + _SENTENCE_BREAK or gap[0] in _SENTENCE_BREAK):
            out.add(starts[i])
    return out


# --------------------------------------------------------------------------- groups


class Region(NamedTuple):
    """Unmatched source words and the unmatched rewrite words that took their place.

    ``left``/``right`` say whether the source run is anchored on that side by the same matched
    word as the rewrite run (so the first/last words of both runs correspond); a region anchored
    on both sides is ``tight``. A pure insertion (deletion) has an empty source (rewrite) run at
    the place where the words went in (came out); it is tight when the matched words around it
    are neighbours on the other side too ("is" -> "is not").
    """

    src: Run
    rw: Run
    left: bool
    right: bool

    @property
    def tight(self) -> bool:
        """Both ends anchored: the source words were replaced by the rewrite words."""
        return self.left and self.right


@dataclass
class GroupView:
    """One aligned group with its word matching, regions and slot partners."""

    index: int
    group: AlignedGroup
    s: tuple[Token, ...]
    r: tuple[Token, ...]
    r2s: dict[int, int]
    s2r: dict[int, int]
    regions: list[Region]
    region_of_r: dict[int, Region] = field(default_factory=dict)
    realigned: bool = False  # material the aligner left out, paired up by ``realign``
    _unmatched_r: tuple[int, ...] = ()
    _unmatched_s: tuple[int, ...] = ()
    _found: dict[tuple[Callable[..., Any], Side], tuple[Any, ...]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def build(cls, index: int, group: AlignedGroup, *, realigned: bool = False) -> GroupView:
        """Match arrays from the word edits, then substitution regions."""
        r2s: dict[int, int] = {}
        for op in group.ops:
            if op.op == "equal":  # equal runs have one length on both sides
                (s_lo, _), (r_lo, r_hi) = op.src, op.rw
                for j in range(r_lo, r_hi):
                    r2s[j] = s_lo + j - r_lo
        s2r = {i: j for j, i in r2s.items()}
        n_s, n_r = len(group.source_tokens), len(group.rewrite_tokens)
        unmatched_r = tuple([j for j in range(n_r) if j not in r2s])
        unmatched_s = tuple([i for i in range(n_s) if i not in s2r])
        regions = _regions(n_s, n_r, r2s, s2r, unmatched_r, unmatched_s)
        return cls(
            index,
            group,
            group.source_tokens,
            group.rewrite_tokens,
            r2s,
            s2r,
            regions,
            region_of_r={j: reg for reg in regions for j in range(*reg.rw)},
            realigned=realigned,
            _unmatched_r=unmatched_r,
            _unmatched_s=unmatched_s,
        )

    @functools.cached_property
    def region_of_s(self) -> dict[int, Region]:
        """The region of each unmatched source word (few detectors ask)."""
        return {i: reg for reg in self.regions for i in range(*reg.src)}

    def mentions(
        self, finder: Callable[[Sequence[Token]], Iterable[T]], side: Side
    ) -> tuple[T, ...]:
        """What ``finder`` (numbers, places, roles) finds in one side's words, found once per
        group: several detectors ask for the same mentions."""
        key = (finder, side)
        if key not in self._found:
            self._found[key] = tuple(finder(self.s if side == "s" else self.r))
        return self._found[key]

    def unmatched_r(self) -> tuple[int, ...]:
        """Rewrite words with no equal in the source group."""
        return self._unmatched_r

    def unmatched_s(self) -> tuple[int, ...]:
        """Source words with no equal in the rewrite group."""
        return self._unmatched_s

    def partner_of_r(self, j: int) -> int | None:
        """The source word whose slot rewrite word ``j`` fills, if the alignment says so."""
        reg = self.region_of_r.get(j)
        if reg is None or reg.src[0] == reg.src[1]:
            return None
        n_s, n_r = reg.src[1] - reg.src[0], reg.rw[1] - reg.rw[0]
        if reg.tight and n_s == n_r:
            return reg.src[0] + j - reg.rw[0]
        if reg.left and j == reg.rw[0]:
            return reg.src[0]
        if reg.right and j == reg.rw[1] - 1:
            return reg.src[1] - 1
        return None

    def same_region(self, i: int, j: int) -> bool:
        """Whether source word ``i`` and rewrite word ``j`` are in one anchored region."""
        return i in self.region_sources(j)

    def region_sources(self, j: int) -> range:
        """The source words in one anchored region with rewrite word ``j`` (``same_region``)."""
        reg = self.region_of_r.get(j)
        return range(*reg.src) if reg is not None and (reg.left or reg.right) else range(0)

    def in_slot(self, j: int, sources: Iterable[int]) -> list[int]:
        """The source words among ``sources`` (in their order) that stand in the slot of rewrite
        word ``j``: in one anchored region with it (which holds its ``partner_of_r`` too)."""
        reg = self.region_of_r.get(j)
        if reg is None or not (reg.left or reg.right):
            return []
        lo, hi = reg.src
        return [i for i in sources if lo <= i < hi]


def _regions(
    n_s: int,
    n_r: int,
    r2s: dict[int, int],
    s2r: dict[int, int],
    unmatched_r: Sequence[int],
    unmatched_s: Sequence[int],
) -> list[Region]:
    """Pair each run of unmatched rewrite words with the unmatched source run it replaced."""
    regions: list[Region] = []
    used: set[tuple[int, int]] = set()
    s_runs = _runs(unmatched_s)
    # a run next to a matched word (or an end) starts or ends there: look it up by that place
    s_run_from = {run[0]: run for run in s_runs}
    s_run_to = {run[1]: run for run in s_runs}
    for j1, j2 in _runs(unmatched_r):
        left_anchor = r2s[j1 - 1] if j1 > 0 else -1
        right_anchor = r2s[j2] if j2 < n_r else n_s
        after = s_run_from.get(left_anchor + 1)
        before = s_run_to.get(right_anchor)
        if after and after == before:
            regions.append(Region(after, (j1, j2), True, True))
            used.add(after)
        elif after:
            regions.append(Region(after, (j1, j2), True, False))
            used.add(after)
        elif before:
            regions.append(Region(before, (j1, j2), False, True))
            used.add(before)
        else:
            point = (left_anchor + 1, left_anchor + 1)
            adjacent = right_anchor == left_anchor + 1
            regions.append(Region(point, (j1, j2), adjacent, adjacent))
    for i1, i2 in s_runs:
        if (i1, i2) not in used:
            left_anchor = s2r[i1 - 1] if i1 > 0 else -1
            right_anchor = s2r[i2] if i2 < n_s else n_r
            adjacent = right_anchor == left_anchor + 1
            point = (left_anchor + 1, left_anchor + 1)
            regions.append(Region((i1, i2), point, adjacent, adjacent))
    return regions


def _runs(indexes: Iterable[int]) -> list[Run]:
    """Half-open ranges of consecutive integers."""
    runs: list[Run] = []
    lo = hi = -1  # the run being read
    for i in sorted(indexes):
        if i != hi:  # a gap: the run ended
            if hi > lo:
                runs.append((lo, hi))
            lo = i
        hi = i + 1
    if hi > lo:
        runs.append((lo, hi))
    return runs


# --------------------------------------------------------------------------- realignment

_MIN_LEFT_OUT = 5  # words of a rewrite passage with no source in its group
_MIN_SHARED_STEMS = 3  # content stems it must share with a source sentence the aligner left out
_MIN_SHARED_SHARE = 0.5  # ... as a share of its content words


def realign(source: Document, groups: list[AlignedGroup]) -> list[GroupView]:
    """Group views, with passages the aligner could not place paired with their origin.

    When a rewrite sentence merges two source sentences and one of them was changed a lot, the
    aligner may keep only the other: the changed part is then a long insertion in its group. If a
    source sentence left out of every group shares most of that passage's words, the passage is
    compared with it in a group of its own, so its errors are still found.
    """
    from dataclasses import replace

    from rewrite_detect.edits import word_ops

    used = {i for g in groups for i in g.source}
    left_out = [
        i for i in source.content_sentences if i not in used and source.sentences[i].kind != "title"
    ]
    views: list[GroupView] = []
    for g in groups:
        view = GroupView.build(len(views), g)
        found = _left_out_origin(source, view, left_out) if left_out else None
        if found is None:
            views.append(view)
            continue
        (lo, hi), sentence = found
        left_out.remove(sentence)
        rest = view.r[:lo] + view.r[hi:]
        part = view.r[lo:hi]
        main = replace(g, rewrite_tokens=rest, ops=tuple(word_ops(g.source_tokens, rest)))
        s_tokens = source.tokens_of(sentence)
        extra = replace(
            g,
            source=(sentence,),
            source_tokens=s_tokens,
            rewrite_tokens=part,
            ops=tuple(word_ops(s_tokens, part)),
        )
        views.append(GroupView.build(len(views), main))
        views.append(GroupView.build(len(views), extra, realigned=True))
    return views


def _left_out_origin(
    source: Document, view: GroupView, left_out: list[int]
) -> tuple[Run, int] | None:
    """The longest pure insertion of a group and the left-out source sentence it comes from."""
    inserts = [
        reg.rw
        for reg in view.regions
        if reg.src[0] == reg.src[1] and reg.rw[1] - reg.rw[0] >= _MIN_LEFT_OUT
    ]
    for lo, hi in sorted(inserts, key=lambda run: run[0] - run[1]):
        stems = {t.stem for t in view.r[lo:hi] if is_content(t)}
        best, best_shared = None, 0
        for i in left_out:
            shared = len(stems & {t.stem for t in source.tokens_of(i) if is_content(t)})
            if shared > best_shared:
                best, best_shared = i, shared
        if (
            best is not None
            and best_shared >= _MIN_SHARED_STEMS
            and best_shared >= _MIN_SHARED_SHARE * len(stems)
        ):
            return (lo, hi), best
    return None


# --------------------------------------------------------------------------- the pair


@dataclass
class Pair:
    """Both documents, every group, and the claims on words."""

    source: DocView
    rewrite: DocView
    groups: list[GroupView]
    # side -> start of a word -> the kind of the finding that explains it
    claims: dict[Side, dict[int, str]] = field(default_factory=lambda: {"s": {}, "r": {}})
    aligned_rewrite: set[int] = field(default_factory=set)  # rewrite sentence indexes
    aligned: tuple[AlignedGroup, ...] = ()  # the groups as the aligner made them

    @classmethod
    def build(cls, source: Document, rewrite: Document, groups: Sequence[AlignedGroup]) -> Pair:
        """Index the pair once (see ``realign`` for the groups the detectors see)."""
        views = realign(source, list(groups))
        aligned = {r for g in groups for r in g.rewrite}
        return cls(
            DocView.build(source),
            DocView.build(rewrite),
            views,
            aligned_rewrite=aligned,
            aligned=tuple(groups),
        )

    def claim(self, side: Side, tokens: Iterable[Token], kind: str) -> None:
        """Mark words as explained by a finding of ``kind`` (first claim wins)."""
        claims = self.claims[side]
        for t in tokens:
            claims.setdefault(t.start, kind)

    def claimed(self, side: Side, token: Token) -> bool:
        """Whether a detector has already explained this word."""
        return token.start in self.claims[side]

    def any_claimed(self, side: Side, tokens: Iterable[Token]) -> bool:
        """Whether a detector has already explained one of these words."""
        return not self.claims[side].keys().isdisjoint(map(_START, tokens))

    def unclaimed(self, side: Side, tokens: Iterable[Token]) -> list[Token]:
        """The words no detector has explained yet, in order."""
        claims = self.claims[side]
        return [t for t in tokens if t.start not in claims]

    def finding(
        self,
        kind: str,
        src: Sequence[Token],
        rw: Sequence[Token],
        explanation: str,
        *,
        rewrite_sentence: int | None = None,
        claim: bool = True,
    ) -> Finding:
        """A finding spanning the given words of both texts; claims them unless told not to."""
        if claim:
            self.claim("s", src, kind)
            self.claim("r", rw, kind)
        s_span = (src[0].start, src[-1].end) if src else None
        r_span = (rw[0].start, rw[-1].end) if rw else None
        s_text = self.source.doc.article.text[s_span[0] : s_span[1]] if s_span else None
        r_text = self.rewrite.doc.article.text[r_span[0] : r_span[1]] if r_span else None
        severity_of(kind)  # raises on an unknown kind
        s_sentence = src[0].sentence if src else None
        r_sentence = rw[0].sentence if rw else rewrite_sentence
        return Finding(kind, s_text, r_text, s_span, r_span, s_sentence, r_sentence, explanation)


def quoted(text: str) -> str:
    """A word or phrase in double quotes for an explanation."""
    return f'"{" ".join(text.split())}"'
