"""Spin versus errors: turn aligned groups and their word edits into findings.

Detectors run from the most specific to the most general and claim the words they explain, so
one change is reported once: quotations, countries and nationalities (before any typo rule),
names across the whole pair, numbers and hedges, pronouns, roles, polarity, attribution, dropped
details, then spin (synonyms, paraphrase, reordering, merged and split sentences) and inserted
material. Every finding carries spans in both texts and one plain sentence of explanation.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rewrite_detect.edits import WordOp
from rewrite_detect.findings.context import Pair
from rewrite_detect.findings.entities import find_names, find_places
from rewrite_detect.findings.numbers import (
    NumberMention,
    find_dates,
    find_numbers,
    number_mentions,
)
from rewrite_detect.findings.omissions import find_additions, find_omissions
from rewrite_detect.findings.quotes import find_quotes_altered
from rewrite_detect.findings.spin import (
    find_paraphrases,
    find_reordering,
    find_structure,
    find_synonyms,
)
from rewrite_detect.findings.wording import (
    find_attribution,
    find_polarity,
    find_pronouns,
    find_roles,
)
from rewrite_detect.records import (
    ERROR_KINDS,
    SPIN_KINDS,
    WARNING_KINDS,
    Document,
    Edit,
    EditCategory,
    Finding,
    Span,
    Token,
    severity_of,
)
from rewrite_detect.segment import is_injected_link

if TYPE_CHECKING:
    from rewrite_detect.pipeline import AlignedGroup

__all__ = ["DETECTORS", "FindingsResult", "find_all"]

Detector = Callable[[Pair], list[Finding]]

# Order matters: a detector skips words that an earlier one has explained.
DETECTORS: tuple[Detector, ...] = (
    find_quotes_altered,
    find_places,
    find_names,
    find_numbers,
    find_dates,
    find_pronouns,
    find_roles,
    find_polarity,
    find_attribution,
    find_synonyms,
    find_omissions,
    find_additions,
    find_paraphrases,
    find_reordering,
    find_structure,
)

_START = operator.attrgetter("start")
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_SEVERITY_RANK = {  # finding kind -> its place in the order of severities
    kind: _SEVERITY_ORDER[severity_of(kind)] for kind in (*ERROR_KINDS, *WARNING_KINDS, *SPIN_KINDS)
}
_CATEGORY_OF_KIND: dict[str, EditCategory] = {
    **dict.fromkeys(ERROR_KINDS, "error"),
    **dict.fromkeys(WARNING_KINDS, "error"),
    **dict.fromkeys(SPIN_KINDS, "spin"),
}


@dataclass
class FindingsResult:
    """Findings of a pair, and the spin/error category of each edit span."""

    findings: list[Finding] = field(default_factory=list)
    categories: dict[Span, str] = field(default_factory=dict)
    spin_substitutions: int = 0
    # ("s" or "r", sentence) -> the number mentions found in that whole aligned sentence, for
    # ``recurring.figure_agreement(..., known=...)``
    numbers: dict[tuple[str, int], tuple[NumberMention, ...]] = field(default_factory=dict)

    def category_of(self, edit: Edit) -> EditCategory:
        """spin, error or neutral for one word edit (by its rewrite span, else source span)."""
        return self.category_at(edit.source_span, edit.rewrite_span)

    def category_at(self, source_span: Span | None, rewrite_span: Span | None) -> EditCategory:
        """spin, error or neutral for the word edit with these spans (see ``category_of``)."""
        key = rewrite_span or source_span
        return self.categories.get(key, "neutral") if key else "neutral"  # type: ignore[return-value]

    def spin_rate(self, reused_words: int) -> float:
        """Spin substitutions (synonyms and rewordings) per 100 reused words."""
        return 100.0 * self.spin_substitutions / reused_words if reused_words else 0.0


def find_all(source: Document, rewrite: Document, groups: Sequence[AlignedGroup]) -> FindingsResult:
    """Every finding of a pair, errors first, then warnings, then spin."""
    pair = Pair.build(source, rewrite, groups)
    links = _injected_lines(source, rewrite)
    if links:
        pair.claim(
            "r",
            [t for t in rewrite.tokens if any(a <= t.start < b for a, b in links)],
            "boilerplate_inserted",
        )
    findings: list[Finding] = []
    for detect in DETECTORS:
        findings.extend(detect(pair))
    findings.extend(_structural(source, rewrite, pair.aligned_rewrite, links))
    findings.sort(key=_order)
    spin = sum(1 for f in findings if f.kind in ("synonym_substitution", "paraphrase"))
    return FindingsResult(findings, _categories(pair), spin, _sentence_numbers(pair))


def _sentence_numbers(pair: Pair) -> dict[tuple[str, int], tuple[NumberMention, ...]]:
    """The number mentions of the group sides that are one whole sentence (most are), as the
    detectors found them."""
    out: dict[tuple[str, int], tuple[NumberMention, ...]] = {}
    for g in pair.groups:
        for side, doc, sentences, tokens in (
            ("s", pair.source.doc, g.group.source, g.s),
            ("r", pair.rewrite.doc, g.group.rewrite, g.r),
        ):
            if len(sentences) == 1 and tokens == doc.tokens_of(sentences[0]):
                out[(side, sentences[0])] = g.mentions(number_mentions, side)  # type: ignore[arg-type]
    return out


def _order(f: Finding) -> tuple[int, int, int]:
    span = f.rewrite_span or f.source_span or (0, 0)
    sentence = f.rewrite_sentence if f.rewrite_sentence is not None else 0
    return (_SEVERITY_RANK[f.kind], sentence, span[0])


def _categories(pair: Pair) -> dict[Span, str]:
    """The category of each word edit (as the aligner's groups have them): the most serious
    kind claiming one of its words; substitutions nothing claims are spin."""
    claimed = {  # side -> word start -> category of the kind claiming it
        side: {start: _CATEGORY_OF_KIND[kind] for start, kind in claims.items()}
        for side, claims in pair.claims.items()
    }
    out: dict[Span, str] = {}
    for g in pair.aligned:
        for op in g.ops:
            if op.op == "equal" and not op.moved:
                continue  # words kept in place: neutral
            src = g.source_tokens[op.src[0] : op.src[1]]
            rw = g.rewrite_tokens[op.rw[0] : op.rw[1]]
            if not rw and not src:
                continue
            if op.op == "equal":
                category: EditCategory = "spin"  # the same words, moved
            else:
                category = _edit_category(op, src, rw, claimed["s"], claimed["r"])
            if category != "neutral":
                out[(rw[0].start, rw[-1].end) if rw else (src[0].start, src[-1].end)] = category
    return out


def _edit_category(
    op: WordOp,
    src: Sequence[Token],
    rw: Sequence[Token],
    src_claimed: dict[int, EditCategory],
    rw_claimed: dict[int, EditCategory],
) -> EditCategory:
    """The category of words not kept, from the categories of the kinds claiming them
    (``*_claimed``: word start -> category)."""
    categories = {*map(rw_claimed.get, map(_START, rw)), *map(src_claimed.get, map(_START, src))}
    if "error" in categories:
        return "error"
    if "spin" in categories or op.op == "replace":
        return "spin"
    return "neutral"


def _has_words(doc: Document, sentence: int) -> bool:
    """Whether a sentence holds a word (not a stray bracket left by the splitter)."""
    return any(t.norm[:1].isalpha() for t in doc.tokens_of(sentence))


_LINK_EXPLANATION = "An injected link to another story, a content-farm signature."
_MIN_REST_WORDS = 3  # words a sentence needs besides an injected link to count as content


def _structural(
    source: Document, rewrite: Document, aligned: set[int], links: list[Span]
) -> list[Finding]:
    """Injected links and sentences with no origin in the source."""
    out = [
        Finding(
            "boilerplate_inserted",
            None,
            rewrite.article.text[a:b],
            None,
            (a, b),
            None,
            _sentence_at(rewrite, a),
            _LINK_EXPLANATION,
        )
        for a, b in links
    ]
    source_lines: str | None = None  # the source's words, one space apart, when first needed
    for s in rewrite.sentences:
        if s.index in aligned or any(a < s.end and s.start < b for a, b in links):
            if s.index not in aligned and _words_outside(rewrite, s.index, links):
                out.append(_inserted(s.text, s.start, s.end, s.index))
            continue
        if s.boilerplate and is_injected_link(s.text):
            if source_lines is None:
                source_lines = " ".join(source.normalized.split())
            if " ".join(s.text.split()) in source_lines:
                continue  # the source has the same line: copied, not injected
            out.append(
                Finding(
                    "boilerplate_inserted",
                    None,
                    s.text,
                    None,
                    (s.start, s.end),
                    None,
                    s.index,
                    _LINK_EXPLANATION,
                )
            )
        elif not s.boilerplate and s.kind != "heading" and _has_words(rewrite, s.index):
            out.append(_inserted(s.text, s.start, s.end, s.index))
    return out


def _inserted(text: str, start: int, end: int, sentence: int) -> Finding:
    return Finding(
        "inserted_content",
        None,
        text,
        None,
        (start, end),
        None,
        sentence,
        "This sentence has no origin in the source.",
    )


def _injected_lines(source: Document, rewrite: Document) -> list[Span]:
    """ "Also Read: ..." lines inside running text (hard-wrapped newswire text keeps them in a
    paragraph, so the sentence splitter does not see them as lines of their own); lines the
    source has too are copied, not injected."""
    out = []
    text = rewrite.normalized
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        stripped = line.strip()
        if stripped and is_injected_link(stripped) and stripped not in source.normalized:
            lead = len(line) - len(line.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
        start = end + 1
    return [span for span in out if not _is_boilerplate_sentence(rewrite, span)]


def _is_boilerplate_sentence(doc: Document, span: Span) -> bool:
    """Whether the splitter already made this line a boilerplate sentence of its own."""
    return any(s.boilerplate and s.start <= span[0] and span[1] <= s.end for s in doc.sentences)


def _sentence_at(doc: Document, pos: int) -> int | None:
    return next((s.index for s in doc.sentences if s.start <= pos < s.end), None)


def _words_outside(doc: Document, sentence: int, spans: list[Span]) -> bool:
    """Whether a sentence has enough words outside the given spans to be content."""
    words = [
        t
        for t in doc.tokens_of(sentence)
        if t.norm[:1].isalpha() and not any(a <= t.start < b for a, b in spans)
    ]
    return len(words) >= _MIN_REST_WORDS
