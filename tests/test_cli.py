"""The command line: exit statuses, the one-screen summary, outputs written."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from rewrite_detect.cli import main
from tests.conftest import REWRITE, SEEDS, SOURCE


def test_compare_prints_the_summary_errors_first_and_writes_reports(tmp_path: Path) -> None:
    html, js = tmp_path / "r.html", tmp_path / "r.json"
    args = ["compare", str(SEEDS / SOURCE), str(SEEDS / REWRITE), "--html", str(html)]
    result = CliRunner().invoke(main, [*args, "--json", str(js)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "HEAVY REWRITE" in out or "LIGHT REWRITE" in out
    assert out.index("Errors (") < out.index("Warnings (")
    assert "Niger (a country) became Nigerian" in out
    assert json.loads(js.read_text(encoding="utf-8"))["schema_version"] == 1
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_compare_json_to_stdout_is_pure_json() -> None:
    result = CliRunner().invoke(
        main, ["compare", str(SEEDS / SOURCE), str(SEEDS / REWRITE), "--json", "-"]
    )
    assert result.exit_code == 0
    assert json.loads(result.output)["verdict"]["is_rewrite"] is True


def test_exit_status_1_names_the_unreadable_file(tmp_path: Path) -> None:
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    result = CliRunner().invoke(main, ["compare", str(binary), str(SEEDS / REWRITE)])
    assert result.exit_code == 1
    assert "blob.txt" in result.output and "binary" in result.output


def test_exit_status_2_for_usage_errors() -> None:
    runner = CliRunner()
    bad_knob = ["compare", str(SEEDS / SOURCE), str(SEEDS / REWRITE), "--set", "nope=1"]
    assert runner.invoke(main, bad_knob).exit_code == 2
    assert runner.invoke(main, ["compare", str(SEEDS / SOURCE)]).exit_code == 2
    assert runner.invoke(main, ["scan", str(SEEDS), "--scheduler", "tcp://x:1"]).exit_code == 2


def test_scan_writes_the_overview_and_csvs(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(SEEDS), "--out", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    for name in ("index.html", "pairs.csv", "findings.csv", "outlets.csv", "skipped.csv"):
        assert (tmp_path / name).exists(), name
    rows = (tmp_path / "pairs.csv").read_text(encoding="utf-8").splitlines()
    assert any(SOURCE in r and REWRITE in r and ",true," in r for r in rows[1:])
