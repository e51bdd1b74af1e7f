"""The JSON form of a pair result (schema_version 1, documented in the README)."""

from __future__ import annotations

from typing import Any

from rewrite_detect.records import Document, PairResult

SCHEMA_VERSION = 1


def document_to_dict(doc: Document) -> dict[str, Any]:
    """One side of a pair: metadata, the text as given, and its sentences."""
    return {
        **doc.article.meta_dict(),
        "text": doc.article.text,
        "sentences": [s.to_dict() for s in doc.sentences],
    }


def pair_to_dict(result: PairResult) -> dict[str, Any]:
    """The whole pair result as JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "source": document_to_dict(result.source),
        "rewrite": document_to_dict(result.rewrite),
        "verdict": result.verdict.to_dict(),
        "alignments": [a.to_dict() for a in result.alignments],
        "omitted": list(result.omitted),
        "findings": [f.to_dict() for f in result.findings],
        "thresholds": dict(result.thresholds),
        "features": {k: round(v, 4) for k, v in result.features.items()},
    }
