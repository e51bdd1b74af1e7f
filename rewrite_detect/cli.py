"""The command line: the only module that prints.

Exit status: 0 when the job ran (whatever it found), 2 for a usage error, 1 when it could not run.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from rewrite_detect.config import load_config
from rewrite_detect.ingest import IngestError, read_article_file
from rewrite_detect.records import Finding, PairResult

SEVERITY_MARK = {"error": "✖", "warning": "!", "info": "~"}


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that readers never see it half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _parse_sets(values: tuple[str, ...]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--set")
        overrides[name.strip()] = value.strip()
    return overrides


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def summary_lines(result: PairResult, *, max_findings: int = 12) -> list[str]:
    """The one-screen terminal summary of a pair: verdict, scores, then findings, errors first."""
    v = result.verdict
    src, rw = result.source.article, result.rewrite.article
    label = v.label.replace("_", " ").upper()
    lines = [
        f"{rw.path or rw.id}",
        f"  is {'a ' if v.is_rewrite else ''}{label} of {src.path or src.id}"
        f"  (probability of reuse {v.probability:.2f})",
        f"  derived fraction {_pct(v.derived_fraction):>5}  of the rewrite's words come from "
        "the source",
        f"  source coverage  {_pct(v.source_coverage):>5}  of the source's words were reused",
        f"  rewrite degree   {v.rewrite_degree:5.2f}  0 = verbatim copy, 1 = every reused sentence "
        "reworded",
        f"  spin rate        {v.spin_rate:5.1f}  synonym substitutions per 100 reused words",
        "  " + _alignment_counts(result),
    ]
    lines += [f"  note: {notice}" for notice in result.notices]
    lines += _findings_lines(result.findings, max_findings)
    return lines


def _alignment_counts(result: PairResult) -> str:
    counts: dict[str, int] = {}
    for a in result.alignments:
        counts[a.label] = counts.get(a.label, 0) + len(a.rewrite)
    parts = [
        f"{counts[k]} {k}" for k in ("verbatim", "light", "paraphrase", "inserted") if k in counts
    ]
    omitted = len(result.omitted)
    return f"rewrite sentences: {', '.join(parts) or 'none'}; {omitted} source sentences omitted"


def _findings_lines(findings: tuple[Finding, ...], limit: int) -> list[str]:
    lines = []
    for severity, title in (("error", "Errors"), ("warning", "Warnings"), ("info", "Spin")):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"{title} ({len(group)}):")
        shown = group if severity != "info" else group[: max(3, limit // 3)]
        for f in shown[:limit]:
            lines.append(f"  {SEVERITY_MARK[severity]} {f.kind}: {f.explanation}")
        if len(group) > min(len(shown), limit):
            lines.append(f"  ... {len(group) - min(len(shown), limit)} more in the report")
    return lines


def parameter_options(command: Callable[..., None]) -> Callable[..., None]:
    """The --thresholds, --config and --set options every job shares (precedence: README)."""
    options = [
        click.option(
            "--thresholds",
            type=click.Path(path_type=Path, dir_okay=False, exists=True),
            help="Thresholds file (default models/thresholds.json).",
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(path_type=Path, dir_okay=False, exists=True),
            help="A JSON file of parameters.",
        ),
        click.option(
            "--set", "sets", multiple=True, metavar="NAME=VALUE", help="Override one parameter."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rewrite-detect")
def main() -> None:
    """Catch content-farm rewrites of news: align, score, and tell spin from errors."""


@main.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("rewrite", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--html",
    "html_out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the side-by-side HTML report here.",
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the JSON result here ('-' for stdout).",
)
@parameter_options
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def compare(
    source: Path,
    rewrite: Path,
    html_out: Path | None,
    json_out: Path | None,
    thresholds: Path | None,
    config_file: Path | None,
    sets: tuple[str, ...],
    quiet: bool,
) -> None:
    """Compare one SOURCE article with one suspected REWRITE of it."""
    from rewrite_detect.pipeline import compare_documents, prepare

    try:
        cfg = load_config(
            thresholds_file=thresholds, config_file=config_file, overrides=_parse_sets(sets)
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        src = prepare(read_article_file(source, id=str(source)), cfg)
        rw = prepare(read_article_file(rewrite, id=str(rewrite)), cfg)
        result = compare_documents(src, rw, config=cfg)
    except (IngestError, ValueError, FileNotFoundError) as exc:
        click.echo(f"rewrite-detect: {exc}", err=True)
        sys.exit(1)
    if json_out:
        text = result.to_json()
        if str(json_out) == "-":
            click.echo(text)
        else:
            write_atomic(json_out, text + "\n")
    if html_out:
        write_atomic(html_out, result.to_html())
    if not quiet and str(json_out) != "-":
        click.echo("\n".join(summary_lines(result)))
        for label, path in (("HTML report", html_out), ("JSON", json_out)):
            if path:
                click.echo(f"{label}: {path}")


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("html_reports"),
    show_default=True,
    help="Folder for index.html, the pair reports and the CSVs.",
)
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="SQLite file keeping the index and results: re-runs process only new or changed articles.",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Processes (default: all cores)."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: a process pool, no server. dask: a LocalCluster, or --scheduler.",
)
@click.option(
    "--scheduler", default=None, metavar="ADDR", help="A Dask scheduler, e.g. tcp://host:8786."
)
@parameter_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bars, no summary.")
def scan(
    inputs: tuple[Path, ...],
    out_dir: Path,
    db: Path | None,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    thresholds: Path | None,
    config_file: Path | None,
    sets: tuple[str, ...],
    quiet: bool,
) -> None:
    """Find every rewrite pair in a corpus (folders or files) and write the overview."""
    from rewrite_detect.scan import scan as run_scan

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    try:
        cfg = load_config(
            thresholds_file=thresholds, config_file=config_file, overrides=_parse_sets(sets)
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        result = run_scan(
            list(inputs),
            out_dir=out_dir,
            db=db,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            quiet=quiet,
            progress=sys.stderr.isatty(),
            config=cfg,
        )
    except (OSError, ValueError, RuntimeError) as exc:
        click.echo(f"rewrite-detect: {exc}", err=True)
        sys.exit(1)
    for skipped in result.skipped:
        click.echo(f"skipped {skipped.path}: {skipped.reason}", err=True)
    if not quiet:
        click.echo(
            f"{result.articles} articles, {result.candidates} candidate pairs, "
            f"{result.compared} compared ({result.reused} from the database), "
            f"{result.rewrites} rewrites in {result.families} families; "
            f"{len(result.skipped)} inputs skipped"
        )
        click.echo(f"overview: {result.files.get('index', out_dir / 'index.html')}")


@main.command()
@click.argument("labels", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--objective",
    default="f1",
    show_default=True,
    help="f1, accuracy, recall_at_precision / precision_at_recall (with --target), "
    "or precision>=P / recall>=R.",
)
@click.option("--target", type=float, default=None, help="The precision or recall floor.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Thresholds file to write or update (default models/thresholds.json).",
)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("html_reports/tune"),
    show_default=True,
    help="Folder for the curves page, sweep.csv and scores.csv.",
)
@click.option("--cv", default="5", show_default=True, help="Cross-validation folds, or 'loo'.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the fold split.")
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Folder where article ids in LABELS are looked up.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def tune(
    labels: Path,
    objective: str,
    target: float | None,
    out: Path | None,
    report_dir: Path,
    cv: str,
    seed: int,
    corpus: Path | None,
    quiet: bool,
) -> None:
    """Tune the rewrite threshold on labelled pairs (LABELS.csv: source,rewrite,label)."""
    from rewrite_detect.tune import run_tune_command

    sys.exit(
        run_tune_command(
            labels,
            objective=objective,
            target=target,
            out=out,
            report_dir=report_dir,
            cv=cv,
            seed=seed,
            corpus=corpus,
            quiet=quiet,
            echo=click.echo,
        )
    )


if __name__ == "__main__":  # pragma: no cover
    main()
