"""Recurring reports: the same template filled with different figures is not a rewrite.

Wire services publish many stories from one template: the daily money-market operation, the
weekly rig count, the monthly index, a company's bond issue. Two such stories share most of
their wording, so every text-overlap score calls them copies, yet neither was written from the
other. What gives them away is the figures: a rewrite keeps most of its source's figures (a
careless one changes a few), while the next issue of a recurring report changes most of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rewrite_detect.findings.numbers import NumberMention, number_mentions
from rewrite_detect.records import Document


@dataclass(frozen=True)
class FigureAgreement:
    """How many figures of the aligned source sentences the rewrite keeps or changes."""

    kept: int
    changed: int

    @property
    def total(self) -> int:
        """Figures in the aligned source sentences."""
        return self.kept + self.changed

    @property
    def kept_share(self) -> float:
        """Share of those figures the rewrite keeps (1.0 when there are none)."""
        return self.kept / self.total if self.total else 1.0


SentenceNumbers = Mapping[tuple[str, int], Sequence[NumberMention]]


def figure_agreement(
    source: Document,
    rewrite: Document,
    links: Iterable[tuple[Sequence[int], Sequence[int]]],
    *,
    known: SentenceNumbers | None = None,
) -> FigureAgreement:
    """Count the figures of aligned source sentences that the rewrite keeps or changes.

    ``links`` are (source sentences, rewrite sentences) of the aligned groups. Each source
    sentence is counted once, against every rewrite sentence aligned to it: a source sentence
    split over several rewrite sentences keeps a figure that any of them carries. Years and weak
    numbers ("one", "half") are left out: they repeat across unrelated reports. ``known`` maps
    ("s" or "r", sentence) to the number mentions already found in that whole sentence (as
    ``FindingsResult.numbers`` has them): those sentences are not read again.
    """
    partners: dict[int, set[int]] = {}
    for source_ids, rewrite_ids in links:
        for s in source_ids:
            partners.setdefault(s, set()).update(rewrite_ids)
    known = known or {}
    kept = changed = 0
    for s, rewrite_ids in partners.items():
        source_figures = _figures(source, "s", s, known)
        if not source_figures:
            continue  # no figure to keep or change
        rewrite_values: set[str] = set()
        for r in sorted(rewrite_ids):
            for mention in _figures(rewrite, "r", r, known):
                rewrite_values |= mention.values
        for mention in source_figures:
            if mention.values & rewrite_values:
                kept += 1
            else:
                changed += 1
    return FigureAgreement(kept=kept, changed=changed)


def _figures(
    doc: Document, side: str, sentence: int, known: SentenceNumbers
) -> list[NumberMention]:
    """The figures of one sentence (``side``: "s" for the source, "r" for the rewrite)."""
    mentions = known.get((side, sentence))
    if mentions is None:
        mentions = number_mentions(doc.tokens_of(sentence))
    return [m for m in mentions if not m.weak and not m.year]


def is_recurring_report(
    agreement: FigureAgreement, *, min_changed: int, max_kept_share: float
) -> bool:
    """True when at least ``min_changed`` figures differ and at most ``max_kept_share`` survive."""
    return agreement.changed >= min_changed and agreement.kept_share <= max_kept_share


def recurring_notice(agreement: FigureAgreement) -> str:
    """The plain sentence that tells the reader why the pair is not called a rewrite."""
    return (
        f"Recurring report, not a rewrite: the shared sentences carry different figures "
        f"({agreement.changed} of {agreement.total} figures differ), as when the same template "
        f"is filled in on another day or for another company."
    )
