"""The tuning page: precision-recall and ROC curves, metrics by threshold, score histograms per
class, the full sweep and the provenance, as one self-contained HTML file.

Charts are inline SVG drawn here (no plotting library, no script): :func:`build_tune_page` turns
a :class:`~rewrite_detect.tune.TuneResult` into named view-model dataclasses holding pixel
coordinates, and ``templates/tune.html.j2`` (autoescaped) only lays them out.
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from rewrite_detect.tune import SweepPoint, TuneResult

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
MAX_TABLE_ROWS = 2000
MAX_ERROR_ROWS = 200
HIST_BINS = 20
LABEL_WIDTH = 110  # roughly the pixel width of a marker label
CLASS_ORDER = ("copy", "light_rewrite", "heavy_rewrite", "rewrite", "unrelated")
CLASS_NAMES = {
    "copy": "copy (cut)",
    "light_rewrite": "light rewrite",
    "heavy_rewrite": "heavy rewrite",
    "rewrite": "rewrite",
    "unrelated": "unrelated",
}

# --------------------------------------------------------------------------- chart geometry


@dataclass(frozen=True)
class Tick:
    """An axis tick: its pixel position along the axis and its label."""

    pos: float
    label: str


@dataclass(frozen=True)
class Series:
    """A polyline (``points``: "x,y x,y ...") with a CSS class and a legend label."""

    points: str
    css: str
    label: str


@dataclass(frozen=True)
class Bar:
    """A histogram bar and its tooltip."""

    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class RefLine:
    """A reference line (threshold, chance, target) with a short label at its end."""

    x1: float
    y1: float
    x2: float
    y2: float
    css: str
    label: str
    label_x: float
    label_y: float
    anchor: str = "start"


@dataclass(frozen=True)
class Marker:
    """A marked point (the chosen threshold, the cross-validated estimate)."""

    x: float
    y: float
    shape: str  # "circle" or "diamond"
    css: str
    label: str
    label_x: float
    label_y: float
    anchor: str
    title: str


@dataclass(frozen=True)
class Panel:
    """One plot area with its axes (histograms stack several panels in one chart)."""

    left: float
    top: float
    width: float
    height: float
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    name: str = ""
    series: tuple[Series, ...] = ()
    bars: tuple[Bar, ...] = ()
    lines: tuple[RefLine, ...] = ()
    markers: tuple[Marker, ...] = ()

    @property
    def bottom(self) -> float:
        """Pixel y of the x axis."""
        return self.top + self.height

    @property
    def right(self) -> float:
        """Pixel x of the right edge."""
        return self.left + self.width


@dataclass(frozen=True)
class LegendItem:
    """A legend entry: a swatch class and its words."""

    css: str
    label: str
    kind: str = "line"  # "line", "bar", "circle", "diamond"


@dataclass(frozen=True)
class Chart:
    """One SVG chart: a title, a text description for screen readers, panels and a legend."""

    id: str
    title: str
    description: str
    width: int
    height: int
    x_label: str
    y_label: str
    panels: tuple[Panel, ...]
    legend: tuple[LegendItem, ...]


@dataclass(frozen=True)
class Scale:
    """A linear map from a data interval to a pixel interval."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        """The pixel position of a data value (clamped to the interval)."""
        span = self.hi - self.lo or 1.0
        frac = min(1.0, max(0.0, (value - self.lo) / span))
        return round(self.start + frac * (self.end - self.start), 2)


def _ticks(scale: Scale, values: Sequence[float], fmt: str = "{:g}") -> tuple[Tick, ...]:
    return tuple(Tick(scale(v), fmt.format(v)) for v in values)


def _points(xs: Sequence[float], ys: Sequence[float], sx: Scale, sy: Scale) -> str:
    return " ".join(f"{sx(x)},{sy(y)}" for x, y in zip(xs, ys, strict=True))


UNIT_TICKS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
W, H = 380, 310
PAD_L, PAD_R, PAD_T, PAD_B = 52, 18, 16, 46


def _square_panel() -> tuple[Scale, Scale, float, float, float, float]:
    left, top = PAD_L, PAD_T
    width, height = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    sx = Scale(0.0, 1.0, left, left + width)
    sy = Scale(0.0, 1.0, top + height, top)
    return sx, sy, left, top, width, height


def _marker(
    x: float,
    y: float,
    shape: str,
    css: str,
    label: str,
    title: str,
    *,
    bounds: tuple[float, float, float, float],
    away_from: tuple[float, float] | None = None,
) -> Marker:
    """A marker with its label beside it: inside the panel ``bounds`` (left, top, right,
    bottom) and, where there is room, on the side away from another marker."""
    left, top, right, bottom = bounds
    room_left, room_right = x - left > 120, right - x > 120
    to_left = not room_right or (away_from is not None and away_from[0] > x and room_left)
    below = y - top < 20 or (away_from is not None and away_from[1] < y and bottom - y > 24)
    label_x = x - 9 if to_left else x + 9
    label_y = y + 16 if below else y - 8
    if away_from is not None:
        span = (label_x - LABEL_WIDTH, label_x) if to_left else (label_x, label_x + LABEL_WIDTH)
        ax, ay = away_from
        if span[0] - 9 <= ax <= span[1] + 9 and abs(ay - (label_y - 4)) < 14:
            label_y = ay + 24 if below else ay - 14  # step past the other marker
    return Marker(x, y, shape, css, label, label_x, label_y, "end" if to_left else "start", title)


def _fmt(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}"


# --------------------------------------------------------------------------- the four charts


def pr_chart(result: TuneResult) -> Chart:
    """Precision against recall over every candidate threshold, the chosen point marked."""
    sx, sy, left, top, width, height = _square_panel()
    pts = sorted(result.sweep, key=lambda p: -p.threshold)
    series = Series(
        _points([p.recall for p in pts], [p.precision for p in pts], sx, sy), "s-pr", ""
    )
    prevalence = sum(s.positive for s in result.scores) / result.n
    lines = [
        RefLine(
            sx(0),
            sy(prevalence),
            sx(1),
            sy(prevalence),
            "guide",
            f"flag everything: {prevalence:.2f}",
            sx(0) + 4,
            sy(prevalence) - 5,
        )
    ]
    lines += _target_lines(result, sx, sy)
    markers = _operating_markers(result, sx, sy, lambda p: (p.recall, p.precision))
    from rewrite_detect.tune import average_precision

    ap = average_precision(result.sweep)
    panel = Panel(
        left,
        top,
        width,
        height,
        _ticks(sx, UNIT_TICKS),
        _ticks(sy, UNIT_TICKS),
        series=(series,),
        lines=tuple(lines),
        markers=markers,
    )
    c = result.chosen
    return Chart(
        "pr",
        f"Precision-recall curve (average precision {ap:.3f})",
        f"Precision against recall for every candidate threshold on all {result.n} pairs. "
        f"The chosen threshold gives precision {c.precision:.3f} at recall {c.recall:.3f}.",
        W,
        H,
        "recall (share of rewrites flagged)",
        "precision (share of flags that are rewrites)",
        (panel,),
        _operating_legend(result, target=True),
    )


def roc_chart(result: TuneResult) -> Chart:
    """True positive rate against false positive rate, the chosen point marked."""
    sx, sy, left, top, width, height = _square_panel()
    pts = sorted(result.sweep, key=lambda p: -p.threshold)
    series = Series(_points([p.fpr for p in pts], [p.tpr for p in pts], sx, sy), "s-roc", "")
    chance = RefLine(sx(0), sy(0), sx(1), sy(1), "guide", "chance", sx(0.62) + 6, sy(0.58), "start")
    markers = _operating_markers(result, sx, sy, lambda p: (p.fpr, p.tpr))
    from rewrite_detect.tune import roc_auc

    auc = roc_auc(result.sweep)
    panel = Panel(
        left,
        top,
        width,
        height,
        _ticks(sx, UNIT_TICKS),
        _ticks(sy, UNIT_TICKS),
        series=(series,),
        lines=(chance,),
        markers=markers,
    )
    c = result.chosen
    return Chart(
        "roc",
        f"ROC curve (area {auc:.3f})",
        f"Share of rewrites flagged against share of unrelated pairs flagged, for every "
        f"candidate threshold. The chosen threshold flags {c.tp} of {c.tp + c.fn} rewrites and "
        f"{c.fp} of {c.fp + c.tn} unrelated pairs.",
        W,
        H,
        "false positive rate (unrelated pairs flagged)",
        "true positive rate (rewrites flagged)",
        (panel,),
        _operating_legend(result),
    )


def _score_domain(result: TuneResult) -> tuple[float, float]:
    scores = [s.score for s in result.scores]
    return min(0.0, min(scores)), max(1.0, max(scores))


def metrics_chart(result: TuneResult) -> Chart:
    """Precision, recall and F1 as the threshold moves; chosen, previous and fold thresholds."""
    sx0, sy, left, top, width, height = _square_panel()
    lo, hi = _score_domain(result)
    sx = Scale(lo, hi, sx0.start, sx0.end)
    pts = sorted(result.sweep, key=lambda p: p.threshold)
    xs, steps = _step_xs(pts, lo, hi)
    series = tuple(
        Series(_points(xs, [getattr(p, name) for p in steps], sx, sy), f"s-{name}", label)
        for name, label in (("precision", "precision"), ("recall", "recall"), ("f1", "F1"))
    )
    lines = [_vline(sx, sy, result.threshold, "thr", f"chosen {result.threshold:.3f}", at=0.1)]
    moved = result.previous is not None and abs(result.previous - result.threshold) > 1e-6
    if moved and result.previous is not None:
        lines.append(
            _vline(sx, sy, result.previous, "prev", f"before {result.previous:.3f}", at=0.2)
        )
    fold_ticks = tuple(
        RefLine(sx(f.threshold), sy(0), sx(f.threshold), sy(0) - 9, "fold", "", 0, 0)
        for f in result.cv.folds
    )
    panel = Panel(
        left,
        top,
        width,
        height,
        _ticks(sx, _nice_ticks(lo, hi)),
        _ticks(sy, UNIT_TICKS),
        series=series,
        lines=tuple(lines) + fold_ticks,
    )
    legend = (
        *(LegendItem(s.css, s.label) for s in series),
        LegendItem("thr", "chosen threshold"),
        *((LegendItem("prev", "threshold in force before"),) if moved else ()),
        LegendItem("fold", "thresholds chosen in the CV folds"),
    )
    return Chart(
        "metrics",
        "Precision, recall and F1 by threshold",
        "How precision, recall and F1 on all pairs change as the threshold moves; the chosen "
        "threshold is the solid vertical line; the short ticks on the axis are the thresholds "
        "each cross-validation fold chose without its held-out pairs.",
        W,
        H,
        f"threshold on {_score_label()}",
        "metric",
        (panel,),
        legend,
    )


def _score_label() -> str:
    from rewrite_detect.tune import SCORE_NAME

    return SCORE_NAME


def _step_xs(
    pts: Sequence[SweepPoint], lo: float, hi: float
) -> tuple[list[float], list[SweepPoint]]:
    """x positions and points of a step plot: each point holds from its threshold to the next."""
    xs: list[float] = []
    steps: list[SweepPoint] = []
    for i, p in enumerate(pts):
        start = max(lo, p.threshold)
        end = min(hi, pts[i + 1].threshold) if i + 1 < len(pts) else hi
        if end < start:
            continue
        xs += [start, end]
        steps += [p, p]
    return xs, steps


def _vline(sx: Scale, sy: Scale, x: float, css: str, label: str, *, at: float) -> RefLine:
    """A full-height vertical line with its label at height ``at`` (0..1)."""
    px = sx(x)
    flip = px > sx.end - 90
    y_label = sy(at)
    return RefLine(
        px,
        sy(0),
        px,
        sy(1),
        css,
        label,
        px - 4 if flip else px + 4,
        y_label,
        "end" if flip else "start",
    )


def _nice_ticks(lo: float, hi: float) -> tuple[float, ...]:
    if lo == 0.0 and hi == 1.0:
        return UNIT_TICKS
    step = 10 ** math.floor(math.log10((hi - lo) / 4 or 1.0))
    for mult in (1, 2, 5, 10):
        if (hi - lo) / (step * mult) <= 6:
            step *= mult
            break
    first = math.ceil(lo / step) * step
    return tuple(round(first + i * step, 10) for i in range(int((hi - first) / step) + 1))


def histogram_chart(result: TuneResult) -> Chart:
    """Score histograms per class (one row each, shared x axis), the threshold across them."""
    lo, hi = _score_domain(result)
    classes = _classes(result)
    row_h, gap = 78, 26
    top0 = 30  # room for the first row's name
    width = 2 * W + 24 - PAD_L - PAD_R
    sx = Scale(lo, hi, PAD_L, PAD_L + width)
    edges = [lo + (hi - lo) * i / HIST_BINS for i in range(HIST_BINS + 1)]
    panels = []
    for row, (key, scores) in enumerate(classes):
        top = top0 + row * (row_h + gap)
        counts = _bin_counts(scores, edges)
        peak = max(counts) or 1
        sy = Scale(0.0, float(peak), top + row_h, top + 4)
        bars = tuple(
            Bar(
                sx(edges[i]) + 0.5,
                sy(c),
                max(0.5, sx(edges[i + 1]) - sx(edges[i]) - 1),
                round(top + row_h - sy(c), 2),
                f"b-{key}",
                f"{CLASS_NAMES[key]}: {c} pair(s) scoring {edges[i]:.2f}-{edges[i + 1]:.2f}",
            )
            for i, c in enumerate(counts)
            if c
        )
        thr = sx(result.threshold)
        last = row == len(classes) - 1
        line = RefLine(
            thr,
            top,
            thr,
            top + row_h,
            "thr",
            f"threshold {result.threshold:.3f}" if row == 0 else "",
            thr + 4,
            top + 10,
            "start",
        )
        panels.append(
            Panel(
                PAD_L,
                top,
                width,
                row_h,
                _ticks(sx, _nice_ticks(lo, hi)) if last else (),
                (Tick(sy(0), "0"), Tick(sy(peak), str(peak))),
                name=f"{CLASS_NAMES[key]} ({len(scores)})",
                bars=bars,
                lines=(line,),
            )
        )
    height = top0 + len(classes) * (row_h + gap) - gap + PAD_B
    return Chart(
        "hist",
        "Scores per class",
        "Histograms of the score, one row per labelled class, with the chosen threshold: pairs "
        "right of the line are flagged as rewrites.",
        2 * W + 24,
        height,
        f"{_score_label()} ({HIST_BINS} bins)",
        "pairs",
        tuple(panels),
        tuple(LegendItem(f"b-{k}", CLASS_NAMES[k], "bar") for k, _ in classes),
    )


def _classes(result: TuneResult) -> list[tuple[str, list[float]]]:
    """(class key, scores) in display order; graded labels get one row per grade."""
    groups: dict[str, list[float]] = {}
    for s in result.scores:
        key = (s.grade or "rewrite") if s.positive else "unrelated"
        groups.setdefault(key, []).append(s.score)
    return [(k, groups[k]) for k in CLASS_ORDER if k in groups]


def _bin_counts(scores: Sequence[float], edges: Sequence[float]) -> list[int]:
    counts = [0] * (len(edges) - 1)
    span = edges[-1] - edges[0] or 1.0
    for s in scores:
        i = int((s - edges[0]) / span * (len(edges) - 1))
        counts[min(len(counts) - 1, max(0, i))] += 1
    return counts


def _target_lines(result: TuneResult, sx: Scale, sy: Scale) -> list[RefLine]:
    obj = result.objective
    if obj.target is None:
        return []
    if obj.name == "recall_at_precision":
        y = sy(obj.target)
        return [
            RefLine(sx(0), y, sx(1), y, "target", f"precision >= {obj.target:g}", sx(0) + 4, y - 5)
        ]
    x = sx(obj.target)
    return [
        RefLine(x, sy(0), x, sy(1), "target", f"recall >= {obj.target:g}", x - 4, sy(0.5), "end")
    ]


def _operating_markers(
    result: TuneResult,
    sx: Scale,
    sy: Scale,
    coords: Callable[[SweepPoint], tuple[float, float]],
) -> tuple[Marker, ...]:
    """The cross-validated diamond under the chosen circle; the circle's label avoids both."""
    c, m = result.chosen, result.cv.pooled
    chosen_at = (sx(coords(c)[0]), sy(coords(c)[1]))
    cv_at = (sx(coords(m)[0]), sy(coords(m)[1]))
    bounds = (sx.start, sy.end, sx.end, sy.start)
    return (
        _marker(
            *cv_at,
            "diamond",
            "m-cv",
            "",
            f"cross-validated: precision {m.precision:.3f}, recall {m.recall:.3f}, FPR {m.fpr:.3f}",
            bounds=bounds,
        ),
        _marker(
            *chosen_at,
            "circle",
            "m-chosen",
            f"threshold {result.threshold:.3f}",
            f"chosen threshold {result.threshold:.4f}: precision {c.precision:.3f}, "
            f"recall {c.recall:.3f}, FPR {c.fpr:.3f}",
            bounds=bounds,
            away_from=cv_at,
        ),
    )


def _operating_legend(result: TuneResult, *, target: bool = False) -> tuple[LegendItem, ...]:
    items = [
        LegendItem("m-chosen", "chosen threshold (all pairs)", "circle"),
        LegendItem("m-cv", "cross-validated estimate", "diamond"),
    ]
    if target and result.objective.target is not None:
        items.append(LegendItem("target", "target"))
    return tuple(items)


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class MetricCard:
    """A headline number with its plain explanation."""

    name: str
    value: str
    help: str
    fraction: float | None = None


@dataclass(frozen=True)
class CompareRow:
    """One row of the "how good is it" table."""

    name: str
    threshold: str
    precision: str
    recall: str
    f1: str
    accuracy: str
    flagged_unrelated: str
    missed_rewrites: str
    note: str


@dataclass(frozen=True)
class SweepRowView:
    """One candidate threshold of the sweep table."""

    threshold: str
    precision: str
    recall: str
    f1: str
    accuracy: str
    fpr: str
    tp: int
    fp: int
    tn: int
    fn: int
    objective: str
    css: str
    marks: str


@dataclass(frozen=True)
class FoldView:
    """One cross-validation fold."""

    fold: int
    n_train: int
    n_test: int
    threshold: str
    precision: str
    recall: str
    f1: str
    wrong: int


@dataclass(frozen=True)
class PairView:
    """A pair the threshold gets wrong (on all pairs, or held out)."""

    id: str
    label: str
    score: str
    chosen: str
    cv_threshold: str
    cv: str


@dataclass(frozen=True)
class Setting:
    """A provenance entry."""

    name: str
    value: str


@dataclass(frozen=True)
class TunePage:
    """Everything the tuning template shows."""

    title: str
    parameter: str
    threshold: str
    objective: str
    summary: str
    cards: tuple[MetricCard, ...]
    compare_rows: tuple[CompareRow, ...]
    warnings: tuple[str, ...]
    skipped: tuple[str, ...]
    charts: tuple[Chart, ...]
    histogram: Chart
    sweep_rows: tuple[SweepRowView, ...]
    sweep_note: str
    folds: tuple[FoldView, ...]
    cv_scheme: str
    errors: tuple[PairView, ...]
    errors_note: str
    provenance: tuple[Setting, ...]
    use_command: str
    saved_to: str  # the thresholds file written, "" if none
    feasible: bool
    version: str
    generated_at: str


def _compare_row(name: str, p: SweepPoint, threshold: str, note: str) -> CompareRow:
    return CompareRow(
        name,
        threshold,
        _fmt(p.precision),
        _fmt(p.recall),
        _fmt(p.f1),
        _fmt(p.accuracy),
        f"{p.fp} of {p.fp + p.tn}",
        f"{p.fn} of {p.tp + p.fn}",
        note,
    )


def _compare_rows(result: TuneResult) -> tuple[CompareRow, ...]:
    from rewrite_detect.tune import confusion_at

    c, m = result.chosen, result.cv.pooled
    thresholds = [f.threshold for f in result.cv.folds]
    rows = [
        _compare_row(
            "cross-validated (held out)",
            m,
            f"{min(thresholds):.3f}-{max(thresholds):.3f}",
            "each pair judged by a threshold chosen without it: expect this on new pairs",
        ),
        _compare_row(
            "chosen, on all pairs",
            c,
            f"{result.threshold:.4f}",
            "in-sample: the threshold was chosen on these same pairs (optimistic)",
        ),
    ]
    if result.previous is not None:
        scores = [s.score for s in result.scores]
        labels = [s.positive for s in result.scores]
        prev = confusion_at(scores, labels, result.previous)
        same = abs(result.previous - result.threshold) < 1e-6
        note = "the value compare used before this run, on the same pairs"
        rows.append(
            _compare_row(
                "threshold in force before",
                prev,
                f"{result.previous:.4f}",
                note + (" (this run leaves it unchanged)" if same else ""),
            )
        )
    return tuple(rows)


def _cards(result: TuneResult) -> tuple[MetricCard, ...]:
    m = result.cv.pooled
    held = "held out, pooled over folds"
    return (
        MetricCard(
            "precision (CV)",
            _fmt(m.precision),
            f"of the pairs flagged, the share that are rewrites; {held}",
            m.precision,
        ),
        MetricCard(
            "recall (CV)", _fmt(m.recall), f"of the rewrites, the share flagged; {held}", m.recall
        ),
        MetricCard("F1 (CV)", _fmt(m.f1), "harmonic mean of precision and recall", m.f1),
        MetricCard("accuracy (CV)", _fmt(m.accuracy), "share of correct decisions", m.accuracy),
        MetricCard(
            "pairs",
            str(result.n),
            f"{sum(s.positive for s in result.scores)} rewrites, "
            f"{sum(not s.positive for s in result.scores)} unrelated",
        ),
    )


def _sweep_rows(result: TuneResult) -> tuple[tuple[SweepRowView, ...], str]:
    rows = result.sweep_rows()
    total = len(rows)
    keep = _thin(total, [_index_of(result.sweep, result.chosen.threshold)])
    out = []
    for i in keep:
        r = rows[i]
        chosen = result.sweep[i] == result.chosen
        prev = result.previous is not None and _holds(result.sweep, i, result.previous)
        marks = " ".join(m for m, on in (("chosen", chosen), ("before", prev)) if on)
        value = r["objective_value"]
        out.append(
            SweepRowView(
                f"{r['threshold']:.6f}",
                _fmt(r["precision"]),
                _fmt(r["recall"]),
                _fmt(r["f1"]),
                _fmt(r["accuracy"]),
                _fmt(r["fpr"]),
                r["tp"],
                r["fp"],
                r["tn"],
                r["fn"],
                "target missed" if value is None else _fmt(value),
                "chosen" if chosen else ("missed" if value is None else ""),
                marks,
            )
        )
    note = f"All {total} candidate thresholds, highest first."
    if len(keep) < total:
        note = (
            f"{len(keep)} of {total} candidate thresholds shown (evenly spaced, the chosen one "
            "included); sweep.csv beside this page has them all."
        )
    return tuple(out), note


def _index_of(points: Sequence[SweepPoint], threshold: float) -> int:
    return min(range(len(points)), key=lambda i: abs(points[i].threshold - threshold))


def _holds(points: Sequence[SweepPoint], i: int, threshold: float) -> bool:
    """Whether a threshold falls in the interval that sweep point ``i`` stands for."""
    upper = points[i - 1].threshold if i > 0 else math.inf
    return points[i].threshold <= threshold < upper


def _thin(total: int, always: Sequence[int]) -> list[int]:
    if total <= MAX_TABLE_ROWS:
        return list(range(total))
    step = total / MAX_TABLE_ROWS
    keep = {int(i * step) for i in range(MAX_TABLE_ROWS)} | set(always)
    return sorted(keep)


def _folds(result: TuneResult) -> tuple[FoldView, ...]:
    if len(result.cv.folds) > 20:  # leave-one-out: one row per pair says nothing more
        return ()
    return tuple(
        FoldView(
            f.fold + 1,
            f.n_train,
            f.held_out.tp + f.held_out.fp + f.held_out.tn + f.held_out.fn,
            f"{f.threshold:.4f}",
            _fmt(f.held_out.precision),
            _fmt(f.held_out.recall),
            _fmt(f.held_out.f1),
            f.held_out.fp + f.held_out.fn,
        )
        for f in result.cv.folds
    )


def _errors(result: TuneResult) -> tuple[tuple[PairView, ...], str]:
    wrong = [
        s
        for s in result.scores
        if (s.score >= result.threshold) != s.positive or s.cv_prediction != s.positive
    ]
    wrong.sort(key=lambda s: -s.score)
    shown = wrong[:MAX_ERROR_ROWS]
    views = tuple(
        PairView(
            s.id,
            (CLASS_NAMES[s.grade] if s.grade else "rewrite") if s.positive else "unrelated",
            f"{s.score:.4f}",
            _verdict_word(s.score >= result.threshold, s.positive),
            f"{s.cv_threshold:.4f}",
            _verdict_word(s.cv_prediction, s.positive),
        )
        for s in shown
    )
    note = f"{len(wrong)} pair(s) misjudged at the chosen threshold or when held out."
    if len(shown) < len(wrong):
        note += f" The {len(shown)} highest-scoring are shown; scores.csv has every pair."
    return views, note


def _verdict_word(flagged: bool, positive: bool) -> str:
    word = "flagged" if flagged else "not flagged"
    return word if flagged == positive else f"{word} (wrong)"


def _provenance(result: TuneResult) -> tuple[Setting, ...]:
    out = []
    for key, value in result.provenance_dict().items():
        if key == "cv_metrics":
            continue
        out.append(Setting(key, "none" if value is None else str(value)))
    return tuple(out)


def build_tune_page(
    result: TuneResult, *, generated_at: str, saved_to: str | Path | None = None
) -> TunePage:
    """The view model of the tuning page; ``saved_to``: the thresholds file written, if any."""
    from rewrite_detect.tune import PARAMETER

    c = result.chosen
    sweep_rows, sweep_note = _sweep_rows(result)
    errors, errors_note = _errors(result)
    summary = (
        f"Chosen for {result.objective.describe()} on all {result.n} labelled pairs "
        f"({result.provenance.data}). At this threshold {c.tp} of {c.tp + c.fn} rewrites and "
        f"{c.fp} of {c.fp + c.tn} unrelated pairs are flagged."
    )
    return TunePage(
        title=f"Tuning {PARAMETER}: {result.threshold:.4f}",
        parameter=PARAMETER,
        threshold=f"{result.threshold:.4f}",
        objective=result.objective.describe(),
        summary=summary,
        cards=_cards(result),
        compare_rows=_compare_rows(result),
        warnings=result.warnings,
        skipped=result.skipped,
        charts=(pr_chart(result), roc_chart(result), metrics_chart(result)),
        histogram=histogram_chart(result),
        sweep_rows=sweep_rows,
        sweep_note=sweep_note,
        folds=_folds(result),
        cv_scheme=result.cv.scheme,
        errors=errors,
        errors_note=errors_note,
        provenance=_provenance(result),
        use_command="rewrite-detect compare SOURCE REWRITE --thresholds "
        + shlex.quote(str(saved_to or "THRESHOLDS.json")),
        saved_to=str(saved_to or ""),
        feasible=result.feasible,
        version=result.provenance.version,
        generated_at=generated_at,
    )


def render_tune(
    result: TuneResult, *, generated_at: str | None = None, saved_to: str | Path | None = None
) -> str:
    """The tuning page as one self-contained HTML string (no script, no network)."""
    from rewrite_detect.report.render import environment, static_text

    page = build_tune_page(
        result,
        generated_at=generated_at or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        saved_to=saved_to,
    )
    template = environment().get_template("tune.html.j2")
    return template.render(page=page, css=Markup(static_text(("report.css",))), csp=Markup(CSP))


__all__ = ["Chart", "TunePage", "build_tune_page", "render_tune"]
