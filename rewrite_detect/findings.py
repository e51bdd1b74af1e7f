"""Spin versus errors: turn aligned groups and their word edits into findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rewrite_detect.records import Document, Edit, EditCategory, Finding, Span
from rewrite_detect.segment import is_injected_link

if TYPE_CHECKING:
    from rewrite_detect.pipeline import AlignedGroup


@dataclass
class FindingsResult:
    """Findings of a pair, and the spin/error category of each edit span."""

    findings: list[Finding] = field(default_factory=list)
    categories: dict[Span, str] = field(default_factory=dict)
    spin_substitutions: int = 0

    def category_of(self, edit: Edit) -> EditCategory:
        """spin, error or neutral for one word edit (by its rewrite span, else source span)."""
        key = edit.rewrite_span or edit.source_span
        return self.categories.get(key, "neutral") if key else "neutral"  # type: ignore[return-value]

    def spin_rate(self, reused_words: int) -> float:
        """Synonym substitutions per 100 reused words."""
        return 100.0 * self.spin_substitutions / reused_words if reused_words else 0.0


def find_all(source: Document, rewrite: Document, groups: Sequence[AlignedGroup]) -> FindingsResult:
    """Every finding of a pair, errors first."""
    result = FindingsResult()
    aligned = {r for g in groups for r in g.rewrite}
    result.findings.extend(_structural(rewrite, aligned))
    result.findings.sort(key=_order)
    return result


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _order(f: Finding) -> tuple[int, int, int]:
    span = f.rewrite_span or f.source_span or (0, 0)
    return (_SEVERITY_ORDER[f.severity], f.rewrite_sentence or 0, span[0])


def _structural(rewrite: Document, aligned: set[int]) -> list[Finding]:
    """Injected links and content with no origin in the source."""
    out = []
    for s in rewrite.sentences:
        if s.index in aligned:
            continue
        if s.boilerplate and is_injected_link(s.text):
            out.append(
                Finding(
                    "boilerplate_inserted",
                    None,
                    s.text,
                    None,
                    (s.start, s.end),
                    None,
                    s.index,
                    "An injected link to another story, a content-farm signature.",
                )
            )
        elif not s.boilerplate and s.kind != "heading":
            out.append(
                Finding(
                    "inserted_content",
                    None,
                    s.text,
                    None,
                    (s.start, s.end),
                    None,
                    s.index,
                    "This sentence has no origin in the source.",
                )
            )
    return out
