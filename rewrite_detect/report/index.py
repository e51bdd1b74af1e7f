"""The scan overview (``index.html``): pairs, a score histogram, outlets and families.

Named view-model dataclasses (built by :func:`build_index`) rendered by one template with
autoescape on (:func:`render_index`). The page is self-contained: its CSS and its one small
script (table sorting) are inline, a Content-Security-Policy allows only that script by hash,
and nothing is loaded from the network. Every article id and outlet name is escaped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rewrite_detect.report.render import content_security_policy, environment

TEMPLATE = "index.html.j2"
HIST_BINS = 20
HIST_WIDTH = 640
HIST_HEIGHT = 170
HIST_PAD = 30
MAX_PAIR_ROWS = 5000
MAX_FAMILIES = 300
MAX_COPIED_FROM = 5

SORT_SCRIPT = """(function () {
  function key(cell, numeric) {
    var v = cell.getAttribute('data-v');
    if (v === null) { v = cell.textContent; }
    if (numeric) { var x = parseFloat(v); return isNaN(x) ? -Infinity : x; }
    return v.toLowerCase();
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.querySelectorAll('th');
    heads.forEach(function (th, col) {
      th.addEventListener('click', function () {
        var numeric = th.classList.contains('num');
        var desc = th.getAttribute('aria-sort') !== 'descending';
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
          if (x < y) { return desc ? 1 : -1; }
          if (x > y) { return desc ? -1 : 1; }
          return 0;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
      th.setAttribute('tabindex', '0');
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); th.click(); }
      });
    });
  });
})();
"""


@dataclass(frozen=True)
class PairView:
    """One row of the pairs table."""

    source_id: str
    rewrite_id: str
    source_outlet: str
    rewrite_outlet: str
    label: str
    is_rewrite: bool
    probability: float
    derived_fraction: float
    source_coverage: float
    rewrite_degree: float
    spin_rate: float
    errors: int
    warnings: int
    direction_basis: str
    report: str | None
    family: int | None
    explained_by: str | None = None  # a closer source of the same rewrite (provenance.py)


@dataclass(frozen=True)
class Bar:
    """One histogram bar (SVG coordinates) and the scores it counts."""

    x: float
    y: float
    width: float
    height: float
    count: int
    lo: float
    hi: float
    above: bool


@dataclass(frozen=True)
class Histogram:
    """Pair scores in bins over [0, 1], with the threshold's position."""

    bars: tuple[Bar, ...]
    width: int
    height: int
    pad: int
    threshold: float
    threshold_x: float
    max_count: int
    ticks: tuple[tuple[float, str], ...]
    total: int


@dataclass(frozen=True)
class OutletView:
    """One row of the outlets table."""

    outlet: str
    articles: int
    rewrites: int
    rewrite_share: float
    sources_used: int
    spin_rate: float | None
    errors_per_rewrite: float | None
    warnings_per_rewrite: float | None
    copied_from: str


@dataclass(frozen=True)
class MemberView:
    """An article of a family, indented by its depth."""

    id: str
    outlet: str
    depth: int
    parent: str | None
    probability: float | None
    report: str | None


@dataclass(frozen=True)
class FamilyView:
    """One source and its rewrites (and rewrites of rewrites)."""

    number: int
    root: str
    size: int
    members: tuple[MemberView, ...]


@dataclass(frozen=True)
class IndexView:
    """Everything the overview page shows."""

    articles: int
    skipped: int
    compared: int
    rewrites: int
    threshold: float
    pairs: tuple[PairView, ...]
    pairs_hidden: int
    histogram: Histogram
    outlets: tuple[OutletView, ...]
    families: tuple[FamilyView, ...]
    families_hidden: int
    inputs: tuple[str, ...]
    engine: str
    version: str
    thresholds_json: str


def histogram(scores: Sequence[float], threshold: float, *, bins: int = HIST_BINS) -> Histogram:
    """Bin scores over [0, 1] into an SVG-ready histogram with the threshold marked."""
    counts = [0] * bins
    for s in scores:
        counts[min(bins - 1, max(0, int(s * bins)))] += 1
    top = max(counts) if counts and max(counts) > 0 else 1
    inner_w, inner_h = HIST_WIDTH - 2 * HIST_PAD, HIST_HEIGHT - 2 * HIST_PAD
    step = inner_w / bins
    bars = []
    for i, c in enumerate(counts):
        h = inner_h * c / top
        lo, hi = i / bins, (i + 1) / bins
        bars.append(
            Bar(
                round(HIST_PAD + i * step + 1, 2),
                round(HIST_PAD + inner_h - h, 2),
                round(step - 2, 2),
                round(h, 2),
                c,
                lo,
                hi,
                lo >= threshold,
            )
        )
    ticks = tuple((round(HIST_PAD + inner_w * t, 2), f"{t:.1f}") for t in (0, 0.25, 0.5, 0.75, 1.0))
    return Histogram(
        tuple(bars),
        HIST_WIDTH,
        HIST_HEIGHT,
        HIST_PAD,
        threshold,
        round(HIST_PAD + inner_w * threshold, 2),
        top if scores else 0,
        ticks,
        len(scores),
    )


def _pair_view(row: Mapping[str, Any]) -> PairView:
    return PairView(
        source_id=row["source_id"],
        rewrite_id=row["rewrite_id"],
        source_outlet=row.get("source_outlet") or "",
        rewrite_outlet=row.get("rewrite_outlet") or "",
        label=row["label"],
        is_rewrite=bool(row["is_rewrite"]),
        probability=row["probability"],
        derived_fraction=row["derived_fraction"],
        source_coverage=row["source_coverage"],
        rewrite_degree=row["rewrite_degree"],
        spin_rate=row["spin_rate"],
        errors=row["errors"],
        warnings=row["warnings"],
        direction_basis=row["direction_basis"],
        report=row.get("report"),
        family=row.get("family"),
        explained_by=row.get("explained_by") or None,
    )


def build_index(
    *,
    rows: Sequence[Mapping[str, Any]],
    families: Sequence[Any],
    outlets: Sequence[Any],
    articles: int,
    skipped: int,
    thresholds: Mapping[str, Any],
    inputs: Sequence[str],
    engine: str,
    max_rows: int = MAX_PAIR_ROWS,
    max_families: int = MAX_FAMILIES,
) -> IndexView:
    """The view model of the overview. ``rows`` are pairs.csv rows, best first.

    The table lists every pair judged a rewrite first, then the other compared pairs, up to
    ``max_rows`` in all (pairs.csv always has every row).
    """
    threshold = float(thresholds.get("rewrite_probability", 0.5))
    ordered = sorted(rows, key=lambda r: (not r["is_rewrite"],))  # stable: keeps score order
    shown = [_pair_view(r) for r in ordered[:max_rows]]
    fams = [
        FamilyView(
            f.number,
            f.root,
            len(f.members),
            tuple(MemberView(**{k: v for k, v in asdict(m).items()}) for m in f.members),
        )
        for f in families[:max_families]
    ]
    return IndexView(
        articles=articles,
        skipped=skipped,
        compared=len(rows),
        rewrites=sum(1 for r in rows if r["is_rewrite"]),
        threshold=threshold,
        pairs=tuple(shown),
        pairs_hidden=max(0, len(rows) - len(shown)),
        histogram=histogram([float(r["probability"]) for r in rows], threshold),
        outlets=tuple(
            OutletView(**{**asdict(o), "copied_from": _short_list(o.copied_from)}) for o in outlets
        ),
        families=tuple(fams),
        families_hidden=max(0, len(families) - len(fams)),
        inputs=tuple(inputs),
        engine=engine,
        version=str(thresholds.get("version", "")),
        thresholds_json=json.dumps(thresholds, indent=2, sort_keys=True),
    )


def _short_list(text: str, keep: int = MAX_COPIED_FROM) -> str:
    """The first ``keep`` items of a "; "-separated list and how many more (the CSV has all)."""
    items = [t for t in text.split("; ") if t]
    if len(items) <= keep:
        return text
    return "; ".join(items[:keep]) + f"; and {len(items) - keep} more"


def render_index(view: IndexView) -> str:
    """The self-contained ``index.html`` of a scan."""
    template = environment().get_template(TEMPLATE)
    return template.render(
        view=view,
        script=SORT_SCRIPT,
        csp=content_security_policy(SORT_SCRIPT),
    )
