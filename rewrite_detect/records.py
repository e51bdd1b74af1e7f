"""Frozen records passed between pipeline stages.

Every span is a ``(start, end)`` pair of character offsets into ``Article.text``, the text exactly
as the user gave it (after decoding bytes to str), so highlights never drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

Span = tuple[int, int]

AlignmentLabel = Literal["verbatim", "light", "paraphrase", "inserted", "boilerplate"]
EditOp = Literal["equal", "replace", "insert", "delete"]
EditCategory = Literal["spin", "error", "neutral"]
Severity = Literal["error", "warning", "info"]
VerdictLabel = Literal["copy", "light_rewrite", "heavy_rewrite", "unrelated"]

ERROR_KINDS = (
    "entity_changed",
    "name_misspelled",
    "number_changed",
    "quote_altered",
    "pronoun_changed",
    "role_changed",
    "polarity_changed",
)
WARNING_KINDS = (
    "attribution_shift",
    "detail_omitted",
    "hedge_changed",
    "inserted_content",
    "boilerplate_inserted",
)
SPIN_KINDS = (
    "synonym_substitution",
    "paraphrase",
    "reordering",
    "sentence_merge",
    "sentence_split",
)


def severity_of(kind: str) -> Severity:
    """The fixed severity of a finding kind (SPEC: errors, warnings, spin is info)."""
    if kind in ERROR_KINDS:
        return "error"
    if kind in WARNING_KINDS:
        return "warning"
    if kind in SPIN_KINDS:
        return "info"
    raise ValueError(f"unknown finding kind: {kind!r}")


class Token(NamedTuple):
    """A word or number with its span in the article text.

    A named tuple, not a frozen dataclass: a document has thousands of tokens, and building,
    hashing and comparing them as dataclasses was a large share of the time of ``compare``.
    """

    text: str  # normalised surface form (NFKC, straight quotes)
    norm: str  # lower-cased comparison key
    stem: str  # stemmed comparison key
    start: int
    end: int
    sentence: int  # index of the sentence that holds it


@dataclass(frozen=True)
class Sentence:
    """One sentence (or title / furniture line) of an article."""

    index: int
    start: int
    end: int
    text: str  # original text of the span
    boilerplate: bool = False
    kind: str = "body"  # "title", "body", "heading", "furniture", "duplicate_title"

    def to_dict(self) -> dict[str, Any]:
        """The SPEC form of a sentence."""
        return {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "boilerplate": self.boilerplate,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Article:
    """An input article. ``text`` is the text as the user gave it."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    path: str | None = None  # file it was read from, if any

    def meta_dict(self) -> dict[str, Any]:
        """Identifying metadata, as written into reports."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "language": self.language,
        }


@dataclass(frozen=True)
class LanguageGuess:
    """The language of an article: declared by its record, or detected (see language.py)."""

    code: str  # ISO 639 code; "und" when there was too little text to tell
    confidence: float  # probability of ``code`` (1.0 when declared, 0.0 when "und")
    is_english: bool  # False only when the text is confidently not English
    detected: bool = True  # False when the record declared it


@dataclass(frozen=True)
class Document:
    """An article prepared for comparison: sentences, tokens, normalised text."""

    article: Article
    normalized: str  # same length as article.text (1:1 char map), for matching only
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]
    sentence_tokens: tuple[tuple[int, int], ...]  # token index range [lo, hi) per sentence
    language: LanguageGuess | None = None  # set by pipeline.prepare
    # paragraph spans of ``normalized`` as the splitter found them (None: not known), kept so
    # that the quotation finder need not find them again; never serialized
    paragraphs: tuple[Span, ...] | None = field(default=None, compare=False, repr=False)

    def tokens_of(self, sentence_index: int) -> tuple[Token, ...]:
        """The tokens of one sentence."""
        lo, hi = self.sentence_tokens[sentence_index]
        return self.tokens[lo:hi]

    @property
    def content_sentences(self) -> list[int]:
        """Indexes of sentences that count as evidence: not furniture, and with a word.

        A line of only an HTML entity ("&amp;") or a stray "!!!" has nothing to copy or omit.
        """
        return [
            s.index
            for s in self.sentences
            if not s.boilerplate
            and self.sentence_tokens[s.index][1] > self.sentence_tokens[s.index][0]
        ]


class Edit(NamedTuple):
    """One word-level edit inside an aligned group of sentences (a named tuple: a pair has
    hundreds, and building frozen dataclasses was a visible share of ``compare``)."""

    op: EditOp
    source_span: Span | None
    rewrite_span: Span | None
    category: EditCategory = "neutral"
    moved: bool = False  # a delete/insert pair that is the same words moved elsewhere

    def to_dict(self) -> dict[str, Any]:
        """The SPEC form of an edit."""
        return {
            "op": self.op,
            "source_span": list(self.source_span) if self.source_span else None,
            "rewrite_span": list(self.rewrite_span) if self.rewrite_span else None,
            "category": self.category,
            "moved": self.moved,
        }


@dataclass(frozen=True)
class Alignment:
    """Rewrite sentences and the source sentences they come from."""

    rewrite: tuple[int, ...]
    source: tuple[int, ...]
    label: AlignmentLabel
    similarity: float
    edits: tuple[Edit, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The SPEC form of an alignment."""
        return {
            "rewrite": list(self.rewrite),
            "source": list(self.source),
            "label": self.label,
            "similarity": round(self.similarity, 4),
            "edits": [e.to_dict() for e in self.edits],
        }


class Finding(NamedTuple):
    """A spin, warning or error found in the rewrite, with spans in both texts (a named tuple,
    like ``Edit``)."""

    kind: str
    source_text: str | None
    rewrite_text: str | None
    source_span: Span | None
    rewrite_span: Span | None
    source_sentence: int | None
    rewrite_sentence: int | None
    explanation: str

    @property
    def severity(self) -> Severity:
        """error, warning or info, fixed by the kind."""
        return severity_of(self.kind)

    def to_dict(self) -> dict[str, Any]:
        """The SPEC form of a finding."""
        return {
            "kind": self.kind,
            "severity": self.severity,
            "source_text": self.source_text,
            "rewrite_text": self.rewrite_text,
            "source_span": list(self.source_span) if self.source_span else None,
            "rewrite_span": list(self.rewrite_span) if self.rewrite_span else None,
            "source_sentence": self.source_sentence,
            "rewrite_sentence": self.rewrite_sentence,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Verdict:
    """The document-level decision and the scores behind it."""

    label: VerdictLabel
    is_rewrite: bool
    probability: float
    derived_fraction: float
    source_coverage: float
    rewrite_degree: float
    spin_rate: float
    errors: int
    warnings: int

    def to_dict(self) -> dict[str, Any]:
        """The SPEC form of the verdict."""
        return {
            "label": self.label,
            "is_rewrite": self.is_rewrite,
            "probability": round(self.probability, 4),
            "derived_fraction": round(self.derived_fraction, 4),
            "source_coverage": round(self.source_coverage, 4),
            "rewrite_degree": round(self.rewrite_degree, 4),
            "spin_rate": round(self.spin_rate, 3),
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass(frozen=True)
class PairResult:
    """Everything compare found about one source/rewrite pair."""

    source: Document
    rewrite: Document
    verdict: Verdict
    alignments: tuple[Alignment, ...]
    omitted: tuple[int, ...]
    findings: tuple[Finding, ...]
    thresholds: dict[str, Any] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)
    notices: tuple[str, ...] = ()  # plain sentences about the input (e.g. not English)
    recurring: bool = False  # a recurring templated report, not a rewrite (see recurring.py)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form, schema_version 1 (documented in the README)."""
        from rewrite_detect.serialize import pair_to_dict

        return {**pair_to_dict(self), "notices": list(self.notices)}

    def to_json(self, *, indent: int | None = 2) -> str:
        """The result as JSON text."""
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_html(self) -> str:
        """The self-contained side-by-side HTML report."""
        from rewrite_detect.report.render import render_pair

        return render_pair(self.to_dict())
