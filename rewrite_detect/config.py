"""Every default in one place, validated, with partial overrides.

Precedence (lowest first): the defaults below < ``models/thresholds.json`` < a user config file <
keyword arguments / command-line flags. Every report and CSV records the values in force.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from functools import cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Config:
    """Knobs of the pipeline. Each field is documented in the README's parameter table."""

    # alignment
    align_min_similarity: float = 0.30
    align_min_part: float = 0.20
    align_min_unique: float = 0.12
    align_max_merge: int = 3
    align_max_candidates: int = 5
    align_max_group: int = 4
    # sentence labels, by the share of rewrite words kept from the source
    verbatim_min_kept: float = 0.92
    light_min_kept: float = 0.60
    # verdict
    rewrite_probability: float = 0.50
    # recurring reports: shared wording, different figures (rewrite_detect/recurring.py)
    recurring_min_changed_figures: int = 3
    recurring_max_kept_figures: float = 0.60
    # scan: a source explained by a closer source of the same rewrite (rewrite_detect/provenance.py)
    explain_min_gain: float = 0.02
    # limits
    max_chars: int = 2_000_000
    max_sentences: int = 20_000

    def validate(self) -> Config:
        """Raise ValueError naming the first out-of-range knob; return self."""
        unit = (
            "align_min_similarity",
            "align_min_part",
            "align_min_unique",
            "verbatim_min_kept",
            "light_min_kept",
            "rewrite_probability",
            "recurring_max_kept_figures",
            "explain_min_gain",
        )
        for name in unit:
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
        for name in (
            "align_max_merge",
            "align_max_candidates",
            "align_max_group",
            "recurring_min_changed_figures",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)!r}")
        if self.light_min_kept > self.verbatim_min_kept:
            raise ValueError("light_min_kept must not exceed verbatim_min_kept")
        if self.max_chars < 1 or self.max_sentences < 1:
            raise ValueError("max_chars and max_sentences must be positive")
        return self

    def with_overrides(self, overrides: dict[str, Any] | None) -> Config:
        """A copy with some knobs replaced; unknown names are an error."""
        if not overrides:
            return self
        known = {f.name: f.type for f in fields(self)}
        unknown = sorted(set(overrides) - set(known))
        if unknown:
            raise ValueError(f"unknown parameter(s): {', '.join(unknown)}")
        cast = {k: type(getattr(self, k))(v) for k, v in overrides.items()}
        return replace(self, **cast).validate()

    def to_dict(self) -> dict[str, Any]:
        """The values in force, for reports and CSVs."""
        return asdict(self)


PARAMETER_HELP: dict[str, str] = {
    "align_min_similarity": (
        "a rewrite sentence is aligned when its best match scores at least this (TF-IDF cosine)"
    ),
    "align_min_part": "each source sentence of a match must score at least this on its own",
    "align_min_unique": (
        "in a merge, each source sentence must alone explain this share of the rewrite "
        "sentence's weight"
    ),
    "align_max_merge": "at most this many source sentences merged into one rewrite sentence",
    "align_max_candidates": "source sentences considered per rewrite sentence (best first)",
    "align_max_group": "larger split groups (repetitive text) are broken into single links",
    "verbatim_min_kept": (
        "an aligned sentence is verbatim when at least this share of its words is kept"
    ),
    "light_min_kept": "light when at least this share is kept; below it, paraphrase",
    "rewrite_probability": (
        "a pair is a rewrite when the model's probability of reuse is at least this "
        "(tuned: models/thresholds.json)"
    ),
    "recurring_min_changed_figures": (
        "a pair whose aligned sentences change at least this many figures is a recurring "
        "report (same template, other facts), not a rewrite ..."
    ),
    "recurring_max_kept_figures": (
        "... and keeps at most this share of the figures of the aligned source sentences "
        "(years and weak numbers such as 'one' are not counted)"
    ),
    "explain_min_gain": (
        "scan: a rewrite's source is indirect (column explained_by) when another source aligns "
        "every sentence it aligns, with a mean similarity higher by at least this"
    ),
    "max_chars": "longer articles are refused with a clear message",
    "max_sentences": "articles with more sentences are refused with a clear message",
}


def models_dir() -> Path:
    """Where trained artifacts live: $REWRITE_DETECT_MODELS, else the repo's ``models/``."""
    env = os.environ.get("REWRITE_DETECT_MODELS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1] / "models"


def _read_json_params(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read thresholds: {exc}") from exc
    params = data.get("parameters", data)
    if not isinstance(params, dict):
        raise ValueError(f"{path}: 'parameters' must be an object")
    return params


@cache
def _thresholds_file_params(path: str) -> tuple[tuple[str, Any], ...]:
    p = Path(path)
    if not p.exists():
        return ()
    return tuple(sorted(_read_json_params(p).items()))


def load_config(
    *,
    thresholds_file: str | Path | None = None,
    config_file: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
) -> Config:
    """Defaults < thresholds file (default ``models/thresholds.json``) < config file < overrides."""
    cfg = Config()
    tpath = Path(thresholds_file) if thresholds_file else models_dir() / "thresholds.json"
    cfg = cfg.with_overrides(dict(_thresholds_file_params(str(tpath))))
    if config_file:
        cfg = cfg.with_overrides(_read_json_params(Path(config_file)))
    return cfg.with_overrides(overrides).validate()
