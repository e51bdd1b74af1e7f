"""rewrite-detect: catch content-farm rewrites of news.

``compare(source, rewrite)`` aligns one suspected rewrite with its source, scores the reuse and
tells spin from introduced errors; the stage functions are importable from their modules
(ingest, normalize, segment, vectorize, align, edits, findings, scoring). Nothing is loaded at
import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Article", "Config", "PairResult", "__version__", "compare", "scan", "tune"]

if TYPE_CHECKING:
    from rewrite_detect.config import Config
    from rewrite_detect.pipeline import compare
    from rewrite_detect.records import Article, PairResult

_LAZY = {
    "compare": ("rewrite_detect.pipeline", "compare"),
    "scan": ("rewrite_detect.scan", "scan"),
    "tune": ("rewrite_detect.tune", "tune"),
    "Config": ("rewrite_detect.config", "Config"),
    "Article": ("rewrite_detect.records", "Article"),
    "PairResult": ("rewrite_detect.records", "PairResult"),
}


def __getattr__(name: str) -> Any:
    """Import the public API on first use, so ``import rewrite_detect`` stays cheap."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'rewrite_detect' has no attribute {name!r}")
