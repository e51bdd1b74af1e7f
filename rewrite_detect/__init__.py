"""rewrite-detect: catch content-farm rewrites of news.

``compare(source, rewrite)`` aligns one suspected rewrite with its source, scores the reuse and
tells spin from introduced errors; the stage functions are importable from their modules
(ingest, normalize, segment, vectorize, align, edits, findings, scoring). Nothing is loaded at
import time.
"""

from __future__ import annotations

# The public functions are bound eagerly: a lazy attribute would be shadowed by the submodule of
# the same name (rewrite_detect.tune) once anything imports it. Nothing is loaded here: models
# and data load on first use.
from rewrite_detect.config import Config
from rewrite_detect.pipeline import compare
from rewrite_detect.records import Article, PairResult
from rewrite_detect.scan import scan
from rewrite_detect.tune import tune

__version__ = "0.1.0"
__all__ = ["Article", "Config", "PairResult", "__version__", "compare", "scan", "tune"]
