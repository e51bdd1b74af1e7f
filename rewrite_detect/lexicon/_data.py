"""Shared helpers: reading the package's JSON word lists and folding words to lookup keys."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any


@functools.cache
def load_json(name: str) -> Any:
    """Parse ``rewrite_detect/lexicon/<name>`` (package data) once per process."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def fold_word(text: str) -> str:
    """Lower-case, unify apostrophes, hyphens and spacing: ``"Vice-President"`` -> ``"vice
    president"``."""
    text = text.replace("’", "'").replace("‘", "'").replace("-", " ").replace("‐", " ")
    return " ".join(text.casefold().split())
