"""View models of a pair report, built from the JSON-ready result dict (SPEC schema_version 1).

Everything the templates show is computed here, as named frozen dataclasses; the templates only
lay them out and ``render.py`` only renders. Article text stays plain ``str`` here: escaping happens
in the renderer (Jinja2 autoescape and the highlight filter), never by hand.

Values that end up in class names or data attributes (labels, severities, categories, ops) are
checked against fixed vocabularies, so a malformed result cannot smuggle markup through them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeGuard

LABELS: dict[str, tuple[str, str, str]] = {
    # key: (symbol, word, plain description)
    "verbatim": ("≡", "verbatim", "copied word for word"),
    "light": ("≈", "light", "lightly edited copy"),
    "paraphrase": ("∿", "paraphrase", "reworded from the source"),
    "inserted": ("+", "inserted", "not in the source"),
    "boilerplate": ("▤", "boilerplate", "page furniture or an injected link"),
    "omitted": ("−", "omitted", "source sentence the rewrite does not use"),
    "unused": ("·", "not compared", "heading or page furniture of the source"),
}
SEVERITIES: dict[str, tuple[str, str, str]] = {
    # key: (symbol, word, filter group)
    "error": ("✖", "error", "error"),
    "warning": ("⚠", "warning", "warning"),
    "info": ("↻", "spin", "spin"),
}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
CATEGORIES = ("spin", "error", "neutral")
OPS = ("replace", "insert", "delete")  # "equal" is marked only when moved
VERDICTS: dict[str, tuple[str, str]] = {
    "copy": ("Copy", "copied nearly word for word"),
    "light_rewrite": ("Light rewrite", "copied with light rewording"),
    "heavy_rewrite": ("Heavy rewrite", "copied and heavily reworded (spun)"),
    "unrelated": ("Unrelated", "not derived from the source"),
}
SENTENCE_KINDS = {
    "title": "title",
    "duplicate_title": "repeated title",
    "heading": "heading",
    "furniture": "furniture",
}
SCORES: tuple[tuple[str, str, str, str], ...] = (
    # (key, name, format, one-line explanation)
    ("probability", "Probability", "prob", "How likely the rewrite is derived from the source."),
    (
        "derived_fraction",
        "Derived",
        "pct",
        "Share of the rewrite's words that come from the source.",
    ),
    ("source_coverage", "Source coverage", "pct", "Share of the source's words reused."),
    (
        "rewrite_degree",
        "Rewrite degree",
        "prob",
        "0 = verbatim copy, 1 = every reused sentence fully reworded.",
    ),
    ("spin_rate", "Spin rate", "rate", "Synonym substitutions per 100 reused words."),
    (
        "errors",
        "Errors",
        "count",
        "Changes of meaning the rewrite introduced: names, numbers, places, quotes.",
    ),
    (
        "warnings",
        "Warnings",
        "count",
        "Shifted attribution, dropped details, inserted content or boilerplate.",
    ),
)
SentenceKey = tuple[str, int]  # ("s" | "r", sentence index)
Severities = dict[SentenceKey, list[str]]  # finding severities per sentence
MAP_WIDTH = 250
MAP_SOURCE_X = 80
MAP_REWRITE_X = 170
MAP_PAD = 24


@dataclass(frozen=True)
class ArticleMeta:
    """Identifying metadata of one side, for the header."""

    role: str  # "source" | "rewrite"
    heading: str
    id: str
    title: str
    outlet: str | None
    url: str | None
    published: str | None
    sentence_count: int
    word_count: int


@dataclass(frozen=True)
class Score:
    """One score of the verdict with its plain explanation."""

    key: str
    name: str
    value: str
    fraction: float | None  # 0..1 for a bar, None for counts and rates
    explanation: str
    alarm: bool  # draws attention (errors > 0)


@dataclass(frozen=True)
class VerdictView:
    """The verdict label, a one-sentence summary and the scores."""

    key: str
    text: str
    is_rewrite: bool
    summary: str
    scores: tuple[Score, ...]


@dataclass(frozen=True)
class Setting:
    """One threshold (or feature) in force, as name and display value."""

    name: str
    value: str


@dataclass(frozen=True)
class LegendItem:
    """One alignment label: key, symbol, word and description."""

    key: str
    symbol: str
    word: str
    description: str


@dataclass(frozen=True)
class FindingView:
    """One finding for the findings panel."""

    number: int
    kind: str
    kind_text: str
    severity: str
    symbol: str
    severity_text: str
    group: str  # filter group: "error" | "warning" | "spin"
    explanation: str
    source_text: str | None
    rewrite_text: str | None
    target: str  # element id the finding links to
    location: str


@dataclass(frozen=True)
class FindingCounts:
    """How many findings per filter group."""

    error: int
    warning: int
    spin: int
    total: int


@dataclass(frozen=True)
class Mark:
    """A highlighted stretch of one sentence, offsets relative to the sentence text."""

    start: int
    end: int
    classes: str
    title: str | None = None
    anchor: str | None = None  # element id; findings only, first rendering only
    tip_heading: str | None = None
    tip_text: str | None = None


@dataclass(frozen=True)
class SentenceView:
    """One sentence as shown in a row, with its word-level marks."""

    side: str  # "s" | "r"
    index: int
    anchor: str | None
    number: str
    kind_text: str | None
    kind: str
    text: str
    findings: tuple[Mark, ...]  # outer marks: findings, non-overlapping, sorted
    edits: tuple[Mark, ...]  # inner marks: edits, non-overlapping, sorted
    group: int | None


@dataclass(frozen=True)
class RowView:
    """One row of the side-by-side view: an alignment group or a run of unused sentences."""

    anchor: str
    label: str
    symbol: str
    label_text: str
    description: str
    group: int | None
    similarity: str | None
    notes: tuple[str, ...]
    source: tuple[SentenceView, ...]
    rewrite: tuple[SentenceView, ...]
    severity: str | None  # worst finding severity in the row


@dataclass(frozen=True)
class Tick:
    """One sentence in the alignment picture."""

    y: float
    x1: float
    x2: float
    label: str
    group: int | None
    target: str
    title: str


@dataclass(frozen=True)
class Link:
    """One source-to-rewrite line in the alignment picture."""

    y1: float
    y2: float
    label: str
    group: int
    moved: bool
    target: str
    title: str


@dataclass(frozen=True)
class MapNumber:
    """A sentence number written beside the first and last tick of a side."""

    x: float
    y: float
    anchor: str  # SVG text-anchor
    text: str


@dataclass(frozen=True)
class AlignmentMap:
    """The SVG picture: source ticks left, rewrite ticks right, a line per link."""

    width: int
    height: int
    source_x: int
    rewrite_x: int
    source_ticks: tuple[Tick, ...]
    rewrite_ticks: tuple[Tick, ...]
    links: tuple[Link, ...]
    numbers: tuple[MapNumber, ...]
    description: str


@dataclass(frozen=True)
class PairReport:
    """Everything the pair template shows."""

    page_title: str
    source: ArticleMeta
    rewrite: ArticleMeta
    verdict: VerdictView
    thresholds: tuple[Setting, ...]
    features: tuple[Setting, ...]
    findings: tuple[FindingView, ...]
    counts: FindingCounts
    rows: tuple[RowView, ...]
    map: AlignmentMap
    legend: tuple[LegendItem, ...]
    generated_at: str
    version: str
    schema_version: str
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Group:
    """An alignment group normalised: valid indexes, known label."""

    number: int
    rewrite: tuple[int, ...]
    source: tuple[int, ...]
    label: str
    similarity: float | None
    edits: tuple[Mapping[str, Any], ...]
    moved: bool = False


@dataclass(frozen=True)
class _Side:
    """One article's sentences, looked up by index and by offset."""

    key: str  # "s" | "r"
    text: str
    sentences: tuple[Mapping[str, Any], ...]
    starts: tuple[int, ...]
    order: tuple[int, ...]  # positions in ``sentences`` sorted by start

    def valid(self, index: object) -> TypeGuard[int]:
        """Whether ``index`` names a sentence of this side."""
        return (
            isinstance(index, int)
            and not isinstance(index, bool)
            and 0 <= index < len(self.sentences)
        )

    def sentence_text(self, index: int) -> str:
        """The sentence's text, sliced from the article text when the span fits."""
        sent = self.sentences[index]
        start, end = _int(sent.get("start")), _int(sent.get("end"))
        if 0 <= start <= end <= len(self.text):
            return self.text[start:end]
        return str(sent.get("text") or "")

    def locate(self, span: object, hint: object = None) -> tuple[int, int, int] | None:
        """The sentence holding ``span`` and the span relative to it, clipped to the sentence."""
        if not _is_span(span):
            return None
        start, end = span[0], span[1]
        index = hint if self.valid(hint) and self._holds(hint, start) else self._find(start)
        if index is None:
            return None
        s_start = _int(self.sentences[index].get("start"))
        length = len(self.sentence_text(index))
        rel_start, rel_end = max(0, start - s_start), min(length, end - s_start)
        return (index, rel_start, rel_end) if rel_end > rel_start else None

    def _holds(self, index: int, offset: int) -> bool:
        sent = self.sentences[index]
        return _int(sent.get("start")) <= offset < _int(sent.get("end"))

    def _find(self, offset: int) -> int | None:
        pos = bisect.bisect_right(self.starts, offset) - 1
        if pos < 0:
            return None
        index = self.order[pos]
        return index if self._holds(index, offset) else None


def _int(value: object, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _is_span(span: object) -> TypeGuard[Sequence[int]]:
    return (
        isinstance(span, (list, tuple))
        and len(span) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in span)
        and span[0] < span[1]
    )


def _side(key: str, article: Mapping[str, Any]) -> _Side:
    sentences = tuple(s for s in article.get("sentences") or () if isinstance(s, Mapping))
    order = tuple(sorted(range(len(sentences)), key=lambda i: _int(sentences[i].get("start"))))
    starts = tuple(_int(sentences[i].get("start")) for i in order)
    return _Side(key, str(article.get("text") or ""), sentences, starts, order)


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _fmt_number(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return str(value)
    return f"{value:.4g}"


def _clamp01(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return min(1.0, max(0.0, float(value)))


# ---------------------------------------------------------------- header


def build_article_meta(role: str, article: Mapping[str, Any]) -> ArticleMeta:
    """The header block of one side."""
    sentences = [s for s in article.get("sentences") or () if isinstance(s, Mapping)]
    text = str(article.get("text") or "")
    title = _text(article.get("title"))
    if title is None:
        title = str(sentences[0].get("text", "")) if sentences else ""
    return ArticleMeta(
        role=role,
        heading=role.capitalize(),
        id=str(article.get("id") or ""),
        title=title or "(untitled)",
        outlet=_text(article.get("outlet")),
        url=_text(article.get("url")),
        published=_text(article.get("published")),
        sentence_count=len(sentences),
        word_count=len(text.split()),
    )


def _score_value(fmt: str, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "–"
    if fmt == "pct":
        return f"{value * 100:.0f}%"
    if fmt == "prob":
        return f"{value:.2f}"
    if fmt == "rate":
        return f"{value:.1f}"
    return str(int(value))


def build_verdict(verdict: Mapping[str, Any]) -> VerdictView:
    """The verdict label, its summary sentence and each score with its explanation."""
    key = str(verdict.get("label") or "")
    text, meaning = VERDICTS.get(key, (key or "Unknown", "no verdict"))
    key = key if key in VERDICTS else "unknown"
    is_rewrite = bool(verdict.get("is_rewrite"))
    prob = _score_value("prob", verdict.get("probability"))
    summary = (
        f"The rewrite is {meaning} (probability {prob})."
        if is_rewrite
        else f"Not judged a rewrite of the source (probability {prob})."
    )
    scores = tuple(
        Score(
            key=name,
            name=label,
            value=_score_value(fmt, verdict.get(name)),
            fraction=_clamp01(verdict.get(name)) if fmt in ("pct", "prob") else None,
            explanation=explanation,
            alarm=name == "errors" and _int(verdict.get(name)) > 0,
        )
        for name, label, fmt, explanation in SCORES
    )
    return VerdictView(key, text, is_rewrite, summary, scores)


def build_settings(values: object) -> tuple[Setting, ...]:
    """A flat name -> value dict as display rows, sorted by name."""
    if not isinstance(values, Mapping):
        return ()
    return tuple(Setting(str(k), _fmt_number(v)) for k, v in sorted(values.items(), key=str))


def build_legend() -> tuple[LegendItem, ...]:
    """The alignment labels, in display order."""
    return tuple(LegendItem(k, *v) for k, v in LABELS.items())


# ---------------------------------------------------------------- groups and rows


def _label(value: object) -> str:
    label = str(value)
    return label if label in LABELS and label not in ("omitted", "unused") else "paraphrase"


def _clean_indexes(values: object, side: _Side, taken: set[int] | None = None) -> tuple[int, ...]:
    if not isinstance(values, (list, tuple)):
        return ()
    found = sorted({v for v in values if side.valid(v)} - (taken or set()))
    return tuple(found)


def build_groups(result: Mapping[str, Any], src: _Side, rw: _Side) -> list[_Group]:
    """Alignment groups in rewrite order; rewrite sentences left out become inserted groups.

    Each rewrite sentence is shown once (in the first group that claims it). A group is flagged
    ``moved`` when it is off the longest run of groups that keeps the source order.
    """
    groups: list[_Group] = []
    claimed: set[int] = set()
    for align in result.get("alignments") or ():
        if not isinstance(align, Mapping):
            continue
        rewrite = _clean_indexes(align.get("rewrite"), rw, claimed)
        if not rewrite:
            continue
        claimed.update(rewrite)
        similarity = align.get("similarity")
        groups.append(
            _Group(
                number=len(groups),
                rewrite=rewrite,
                source=_clean_indexes(align.get("source"), src),
                label=_label(align.get("label")),
                similarity=float(similarity) if isinstance(similarity, (int, float)) else None,
                edits=tuple(e for e in align.get("edits") or () if isinstance(e, Mapping)),
            )
        )
    for index in range(len(rw.sentences)):
        if index not in claimed:
            boiler = bool(rw.sentences[index].get("boilerplate"))
            label = "boilerplate" if boiler else "inserted"
            groups.append(_Group(len(groups), (index,), (), label, None, ()))
    groups.sort(key=lambda g: g.rewrite[0])
    return _flag_moved(groups)


def _flag_moved(groups: list[_Group]) -> list[_Group]:
    """Mark groups that are not on a longest source-order-preserving subsequence."""
    linked = [i for i, g in enumerate(groups) if g.source]
    keys = [groups[i].source[0] for i in linked]
    keep = set(_longest_increasing(keys))
    out = list(groups)
    for pos, i in enumerate(linked):
        if pos not in keep:
            g = groups[i]
            out[i] = _Group(g.number, g.rewrite, g.source, g.label, g.similarity, g.edits, True)
    return out


def _longest_increasing(keys: Sequence[int]) -> list[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []  # key of the smallest tail for each length
    tail_pos: list[int] = []
    parent = [-1] * len(keys)
    for pos, key in enumerate(keys):
        at = bisect.bisect_left(tails, key)
        if at == len(tails):
            tails.append(key)
            tail_pos.append(pos)
        else:
            tails[at] = key
            tail_pos[at] = pos
        parent[pos] = tail_pos[at - 1] if at else -1
    chain: list[int] = []
    pos = tail_pos[-1] if tail_pos else -1
    while pos >= 0:
        chain.append(pos)
        pos = parent[pos]
    return chain[::-1]


@dataclass
class _MarkBook:
    """Finding and edit marks per sentence, and which sentences were already rendered."""

    findings: dict[SentenceKey, list[Mark]]
    shown: set[tuple[str, int]]


def _finding_mark(number: int, side: str, rel: tuple[int, int], finding: FindingView) -> Mark:
    sev = finding.severity
    return Mark(
        start=rel[0],
        end=rel[1],
        classes=f"f f-{sev}",
        title=None,
        anchor=f"f{number}{side}",
        tip_heading=f"{finding.symbol} {finding.kind_text}",
        tip_text=finding.explanation,
    )


def _edit_title(category: str, op: str, moved: bool) -> str:
    if moved:
        return "moved: the same words stand elsewhere in the other text"
    if op == "insert":
        return "added by the rewrite"
    if op == "delete":
        return "dropped by the rewrite"
    meaning = {"spin": "reworded (spin)", "error": "changed meaning (error)"}
    return meaning.get(category, "changed")


def _edit_marks(group: _Group, side: _Side, index: int) -> list[Mark]:
    marks: list[Mark] = []
    key = "source_span" if side.key == "s" else "rewrite_span"
    for edit in group.edits:
        op = str(edit.get("op"))
        moved = bool(edit.get("moved"))
        if op not in OPS and not (op == "equal" and moved):
            continue  # unchanged words stay plain; unchanged but moved words are marked
        located = side.locate(edit.get(key), index)
        if located is None or located[0] != index:
            continue
        category = str(edit.get("category"))
        category = category if category in CATEGORIES else "neutral"
        classes = f"e e-{category} op-{op}" + (" moved" if moved else "")
        title = _edit_title(category, op, moved)
        marks.append(Mark(located[1], located[2], classes, title))
    return marks


def _non_overlapping(marks: Iterable[Mark]) -> tuple[Mark, ...]:
    """Sort by start and clip later marks that overlap earlier ones (empty ones dropped)."""
    out: list[Mark] = []
    end = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        start = max(mark.start, end)
        if start >= mark.end:
            continue
        if start != mark.start:
            mark = replace(mark, start=start)
        out.append(mark)
        end = mark.end
    return tuple(out)


def _joined(marks: Sequence[Mark], text: str) -> tuple[Mark, ...]:
    """Join neighbouring edit marks of one kind that only whitespace separates, so a moved or
    reworded phrase reads as one mark rather than a row of boxed words."""
    out: list[Mark] = []
    for mark in marks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.classes == mark.classes
            and prev.title == mark.title
            and not text[prev.end : mark.start].strip()
        ):
            out[-1] = replace(prev, end=mark.end)
        else:
            out.append(mark)
    return tuple(out)


def _sentence_view(side: _Side, index: int, group: _Group | None, book: _MarkBook) -> SentenceView:
    sent = side.sentences[index]
    kind = str(sent.get("kind") or ("furniture" if sent.get("boilerplate") else "body"))
    first = (side.key, index) not in book.shown
    book.shown.add((side.key, index))
    findings = book.findings.get((side.key, index), []) if first else []
    edits = _edit_marks(group, side, index) if group else []
    text = side.sentence_text(index)
    return SentenceView(
        side=side.key,
        index=index,
        anchor=f"{side.key}-{index}" if first else None,
        number=f"{side.key.upper()}{index}",
        kind_text=SENTENCE_KINDS.get(kind),
        kind=kind if kind in SENTENCE_KINDS else "body",
        text=text,
        findings=_non_overlapping(findings),
        edits=_joined(_non_overlapping(edits), text),
        group=group.number if group and group.source else None,
    )


def _group_notes(group: _Group) -> tuple[str, ...]:
    notes = []
    if len(group.source) > 1:
        notes.append(f"merges {len(group.source)} source sentences")
    if len(group.rewrite) > 1:
        notes.append(f"split into {len(group.rewrite)} sentences")
    if group.moved:
        notes.append("⇅ moved")
    return tuple(notes)


def _worst(severities: Iterable[str]) -> str | None:
    found = sorted(set(severities), key=lambda s: SEVERITY_ORDER.get(s, 9))
    return found[0] if found else None


def _group_row(group: _Group, src: _Side, rw: _Side, book: _MarkBook, sev: Severities) -> RowView:
    symbol, word, description = LABELS[group.label]
    source = tuple(_sentence_view(src, i, group, book) for i in group.source)
    rewrite = tuple(_sentence_view(rw, i, group, book) for i in group.rewrite)
    keys = [("s", i) for i in group.source] + [("r", i) for i in group.rewrite]
    return RowView(
        anchor=f"row-{group.number}",
        label=group.label,
        symbol=symbol,
        label_text=word,
        description=description,
        group=group.number if group.source else None,
        similarity=f"{group.similarity:.2f}"
        if group.similarity is not None and group.source
        else None,
        notes=_group_notes(group),
        source=source,
        rewrite=rewrite,
        severity=_worst(s for k in keys for s in sev.get(k, ())),
    )


def _unused_row(
    indexes: list[int], label: str, src: _Side, book: _MarkBook, sev: Severities
) -> RowView:
    symbol, word, description = LABELS[label]
    return RowView(
        anchor=f"row-s{indexes[0]}",
        label=label,
        symbol=symbol,
        label_text=word,
        description=description,
        group=None,
        similarity=None,
        notes=(),
        source=tuple(_sentence_view(src, i, None, book) for i in indexes),
        rewrite=(),
        severity=_worst(s for i in indexes for s in sev.get(("s", i), ())),
    )


def _unused_runs(indexes: list[int], omitted: set[int]) -> list[tuple[str, list[int]]]:
    """Split consecutive unused source sentences into runs of one label."""
    runs: list[tuple[str, list[int]]] = []
    for index in indexes:
        label = "omitted" if index in omitted else "unused"
        if runs and runs[-1][0] == label and runs[-1][1][-1] == index - 1:
            runs[-1][1].append(index)
        else:
            runs.append((label, [index]))
    return runs


def place_unused(groups: Sequence[_Group], source_count: int) -> dict[int, list[int]]:
    """Where each source sentence no group uses goes: after the row (position in ``groups``)
    that holds the nearest earlier used source sentence; -1 means before the first row.

    Moved groups are passed over, so unused sentences land between rows that keep the source
    order, where a reader expects them.
    """
    used = {index for group in groups for index in group.source}
    home: dict[int, int] = {}
    for pos, group in enumerate(groups):
        for index in group.source:
            if not group.moved:
                home.setdefault(index, pos)
    placed: dict[int, list[int]] = {}
    last = -1
    for index in range(source_count):
        if index in home:
            last = home[index]
        elif index not in used:
            placed.setdefault(last, []).append(index)
    return placed


def build_rows(
    groups: Sequence[_Group],
    src: _Side,
    rw: _Side,
    omitted: set[int],
    book: _MarkBook,
    sev: Severities,
) -> tuple[RowView, ...]:
    """Rows in rewrite order, unused source sentences in place between them."""
    placed = place_unused(groups, len(src.sentences))
    rows: list[RowView] = []

    def add_unused(pos: int) -> None:
        for label, run in _unused_runs(placed.get(pos, []), omitted):
            rows.append(_unused_row(run, label, src, book, sev))

    add_unused(-1)
    for pos, group in enumerate(groups):
        rows.append(_group_row(group, src, rw, book, sev))
        add_unused(pos)
    return tuple(rows)


# ---------------------------------------------------------------- findings


def _kind_text(kind: str) -> str:
    return kind.replace("_", " ")


def _finding_sort_key(finding: Mapping[str, Any]) -> tuple[int, int, int]:
    severity = SEVERITY_ORDER.get(str(finding.get("severity")), 2)
    r_span, s_span = finding.get("rewrite_span"), finding.get("source_span")
    r_pos = r_span[0] if _is_span(r_span) else 10**12
    s_pos = s_span[0] if _is_span(s_span) else 10**12
    return severity, r_pos, s_pos


def _location(finding: Mapping[str, Any], src: _Side, rw: _Side) -> tuple[str, str | None]:
    """A short "R4 ↔ S2" location and the sentence anchor to fall back on."""
    r_idx, s_idx = finding.get("rewrite_sentence"), finding.get("source_sentence")
    parts, anchor = [], None
    if rw.valid(r_idx):
        parts.append(f"R{r_idx}")
        anchor = f"r-{r_idx}"
    if src.valid(s_idx):
        parts.append(f"S{s_idx}")
        anchor = anchor or f"s-{s_idx}"
    return " ↔ ".join(parts), anchor


def build_findings(
    result: Mapping[str, Any], src: _Side, rw: _Side
) -> tuple[tuple[FindingView, ...], dict[SentenceKey, list[Mark]], Severities]:
    """Findings sorted errors first, their marks per sentence, and severities per sentence."""
    raw = [f for f in result.get("findings") or () if isinstance(f, Mapping)]
    views: list[FindingView] = []
    marks: dict[SentenceKey, list[Mark]] = {}
    severities: dict[SentenceKey, list[str]] = {}
    taken: dict[SentenceKey, list[tuple[int, int]]] = {}
    for number, finding in enumerate(sorted(raw, key=_finding_sort_key), start=1):
        placed = {
            side.key: _claim(
                side.locate(finding.get(f"{name}_span"), finding.get(f"{name}_sentence")),
                side.key,
                taken,
            )
            for side, name in ((rw, "rewrite"), (src, "source"))
        }
        view = _finding_view(number, finding, placed, src, rw)
        views.append(view)
        for side_key, where in placed.items():
            if where is not None:
                key = (side_key, where[0])
                marks.setdefault(key, []).append(
                    _finding_mark(number, side_key, (where[1], where[2]), view)
                )
                severities.setdefault(key, []).append(view.severity)
    return tuple(views), marks, severities


def _claim(
    where: tuple[int, int, int] | None,
    side: str,
    taken: dict[SentenceKey, list[tuple[int, int]]],
) -> tuple[int, int, int] | None:
    """Reserve a finding's stretch of its sentence; overlaps with earlier (worse) findings are
    cut away, keeping the longest free piece. None when nothing is left."""
    if where is None:
        return None
    index, start, end = where
    occupied = taken.setdefault((side, index), [])
    pieces = [(start, end)]
    for a, b in occupied:
        pieces = [p for s, e in pieces for p in ((s, min(e, a)), (max(s, b), e)) if p[1] > p[0]]
    if not pieces:
        return None
    best = max(pieces, key=lambda p: p[1] - p[0])
    occupied.append(best)
    return index, best[0], best[1]


def _finding_view(
    number: int,
    finding: Mapping[str, Any],
    placed: Mapping[str, tuple[int, int, int] | None],
    src: _Side,
    rw: _Side,
) -> FindingView:
    severity = str(finding.get("severity"))
    severity = severity if severity in SEVERITIES else "info"
    symbol, word, group = SEVERITIES[severity]
    location, sentence_anchor = _location(finding, src, rw)
    if placed.get("r") is not None:
        target = f"f{number}r"
    elif placed.get("s") is not None:
        target = f"f{number}s"
    else:
        target = sentence_anchor or "diff"
    kind = str(finding.get("kind") or "finding")
    return FindingView(
        number=number,
        kind=kind,
        kind_text=_kind_text(kind),
        severity=severity,
        symbol=symbol,
        severity_text=word,
        group=group,
        explanation=str(finding.get("explanation") or ""),
        source_text=_text(finding.get("source_text")),
        rewrite_text=_text(finding.get("rewrite_text")),
        target=target,
        location=location,
    )


def count_findings(findings: Sequence[FindingView]) -> FindingCounts:
    """Findings per filter group."""
    groups = [f.group for f in findings]
    return FindingCounts(
        error=groups.count("error"),
        warning=groups.count("warning"),
        spin=groups.count("spin"),
        total=len(groups),
    )


# ---------------------------------------------------------------- alignment picture


def _map_height(count: int) -> int:
    return int(min(360, max(120, count * 5.5))) + 2 * MAP_PAD


def _ys(count: int, height: int) -> list[float]:
    if count <= 1:
        return [height / 2.0] * count
    step = (height - 2 * MAP_PAD) / (count - 1)
    return [round(MAP_PAD + i * step, 1) for i in range(count)]


def build_map(groups: Sequence[_Group], src: _Side, rw: _Side, omitted: set[int]) -> AlignmentMap:
    """Ticks and links of the alignment picture; unlinked ticks stick out, without a line."""
    height = _map_height(max(len(src.sentences), len(rw.sentences), 1))
    s_y, r_y = _ys(len(src.sentences), height), _ys(len(rw.sentences), height)
    s_label: dict[int, tuple[str, int | None]] = {}
    links: list[Link] = []
    rw_ticks: list[Tick] = []
    for group in groups:
        for r in group.rewrite:
            linked = bool(group.source)
            x2 = MAP_REWRITE_X + (10 if linked else 22)
            title = f"R{r}: {LABELS[group.label][1]}"
            number = group.number if linked else None
            rw_ticks.append(Tick(r_y[r], MAP_REWRITE_X, x2, group.label, number, f"r-{r}", title))
            for s in group.source:
                s_label.setdefault(s, (group.label, group.number))
                title = f"S{s} → R{r}: {LABELS[group.label][1]}"
                links.append(
                    Link(s_y[s], r_y[r], group.label, group.number, group.moved, f"r-{r}", title)
                )
    src_ticks = tuple(_source_tick(i, s_y[i], s_label.get(i), omitted) for i in range(len(s_y)))
    return AlignmentMap(
        width=MAP_WIDTH,
        height=height,
        source_x=MAP_SOURCE_X,
        rewrite_x=MAP_REWRITE_X,
        source_ticks=src_ticks,
        rewrite_ticks=tuple(sorted(rw_ticks, key=lambda t: t.y)),
        links=tuple(links),
        numbers=_map_numbers(s_y, r_y),
        description=_map_description(groups, src, rw, omitted),
    )


def _map_numbers(s_y: Sequence[float], r_y: Sequence[float]) -> tuple[MapNumber, ...]:
    numbers = []
    for prefix, ys, x, anchor in (
        ("S", s_y, MAP_SOURCE_X - 26, "end"),
        ("R", r_y, MAP_REWRITE_X + 26, "start"),
    ):
        for index in sorted({0, len(ys) - 1}) if ys else ():
            numbers.append(MapNumber(x, round(ys[index] + 3.5, 1), anchor, f"{prefix}{index}"))
    return tuple(numbers)


def _source_tick(
    index: int, y: float, used: tuple[str, int | None] | None, omitted: set[int]
) -> Tick:
    if used:
        label, group = used
        return Tick(y, MAP_SOURCE_X - 10, MAP_SOURCE_X, label, group, f"s-{index}", f"S{index}")
    label = "omitted" if index in omitted else "unused"
    title = f"S{index}: {LABELS[label][1]}"
    return Tick(y, MAP_SOURCE_X - 22, MAP_SOURCE_X, label, None, f"s-{index}", title)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _map_description(groups: Sequence[_Group], src: _Side, rw: _Side, omitted: set[int]) -> str:
    linked = [g for g in groups if g.source]
    inserted = sum(len(g.rewrite) for g in groups if g.label == "inserted")
    merges = sum(1 for g in linked if len(g.source) > 1)
    splits = sum(1 for g in linked if len(g.rewrite) > 1)
    moved = sum(1 for g in linked if g.moved)
    return (
        f"{_plural(len(src.sentences), 'source sentence')} and "
        f"{_plural(len(rw.sentences), 'rewrite sentence')}: "
        f"{_plural(len(linked), 'linked group')}, {moved} moved, "
        f"{_plural(merges, 'merge')}, {_plural(splits, 'split')}, "
        f"{len(omitted)} omitted, {inserted} inserted."
    )


# ---------------------------------------------------------------- the page


def build_pair_report(result: Mapping[str, Any], *, generated_at: str, version: str) -> PairReport:
    """The whole pair report view model from a result dict (SPEC "Output: one pair")."""
    src_article = result.get("source") or {}
    rw_article = result.get("rewrite") or {}
    src, rw = _side("s", src_article), _side("r", rw_article)
    omitted = {i for i in result.get("omitted") or () if src.valid(i)}
    findings, marks, severities = build_findings(result, src, rw)
    groups = build_groups(result, src, rw)
    book = _MarkBook(marks, set())
    source_meta = build_article_meta("source", src_article)
    rewrite_meta = build_article_meta("rewrite", rw_article)
    return PairReport(
        page_title=f"Rewrite report: {rewrite_meta.title}",
        source=source_meta,
        rewrite=rewrite_meta,
        verdict=build_verdict(result.get("verdict") or {}),
        thresholds=build_settings(result.get("thresholds")),
        features=build_settings(result.get("features")),
        findings=findings,
        counts=count_findings(findings),
        rows=build_rows(groups, src, rw, omitted, book, severities),
        map=build_map(groups, src, rw, omitted),
        legend=build_legend(),
        generated_at=generated_at,
        version=version,
        schema_version=str(result.get("schema_version", "")),
        notices=tuple(str(n) for n in result.get("notices") or () if n),
    )
