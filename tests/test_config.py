"""Defaults in one place: validation, precedence, and the README's parameter table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rewrite_detect.config import PARAMETER_HELP, Config, load_config
from rewrite_detect.pipeline import compare

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_rows() -> dict[str, tuple[str, str, str]]:
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- parameters:start -->")[1].split("<!-- parameters:end -->")[0]
    rows = {}
    for line in block.splitlines():
        m = re.match(r"\| `(\w+)` \| ([^|]+) \| ([^|]+) \| (.+) \|$", line)
        if m:
            rows[m.group(1)] = (m.group(2).strip(), m.group(3).strip(), m.group(4).strip())
    return rows


def test_readme_parameter_table_matches_the_code() -> None:
    rows = _readme_rows()
    defaults, in_force = Config().to_dict(), load_config().to_dict()
    assert set(rows) == set(defaults) == set(PARAMETER_HELP)
    for name, (default, force, meaning) in rows.items():
        assert default == str(defaults[name]), name
        assert force == str(in_force[name]), name
        assert meaning == PARAMETER_HELP[name], name


def test_out_of_range_and_unknown_knobs_are_refused() -> None:
    with pytest.raises(ValueError, match="align_min_similarity must be between 0 and 1"):
        Config().with_overrides({"align_min_similarity": 1.5})
    with pytest.raises(ValueError, match="unknown parameter"):
        Config().with_overrides({"no_such_knob": 1})
    with pytest.raises(ValueError, match="light_min_kept must not exceed"):
        Config().with_overrides({"light_min_kept": 0.95})


def test_precedence_defaults_thresholds_file_config_file_keywords(tmp_path: Path) -> None:
    thresholds = tmp_path / "thresholds.json"
    thresholds.write_text(
        json.dumps({"parameters": {"rewrite_probability": 0.7, "light_min_kept": 0.5}})
    )
    user = tmp_path / "user.json"
    user.write_text(json.dumps({"rewrite_probability": 0.8}))
    cfg = load_config(thresholds_file=thresholds)
    assert (cfg.rewrite_probability, cfg.light_min_kept) == (0.7, 0.5)
    cfg = load_config(thresholds_file=thresholds, config_file=user)
    assert (cfg.rewrite_probability, cfg.light_min_kept) == (0.8, 0.5)
    cfg = load_config(
        thresholds_file=thresholds, config_file=user, overrides={"rewrite_probability": 0.9}
    )
    assert cfg.rewrite_probability == 0.9


def test_results_record_the_values_in_force() -> None:
    result = compare(
        "The army said it had withdrawn.", "The army said it withdrew.", rewrite_probability=0.42
    )
    assert result.to_dict()["thresholds"]["rewrite_probability"] == 0.42
