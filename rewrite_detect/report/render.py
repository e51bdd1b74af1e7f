"""Render report view models to self-contained HTML.

One Jinja2 environment, autoescape on, templates loaded from this package's ``templates/``.
CSS and JS come from ``static/`` and are inlined, so a report is one file that opens from disk,
loads nothing from the network and keeps working when archived. A Content-Security-Policy meta
tag allows only the page's own inline style and its one inline script (by hash), so even if
article text ever slipped through unescaped, it could not run.

Highlighting (:func:`highlight`) is the only place that builds markup around article text: it
splits a sentence at mark boundaries and escapes every slice with :func:`markupsafe.escape`
before wrapping it.
"""

from __future__ import annotations

import base64
import hashlib
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from rewrite_detect.report.viewmodel import Mark, SentenceView, build_pair_report

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
PAIR_CSS = ("report.css", "pair.css")
PAIR_JS = ("report.js", "pair.js")


@cache
def environment() -> Environment:
    """The shared Jinja2 environment: autoescape on, strict undefined, report filters."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["highlight"] = highlight
    return env


@cache
def static_text(names: tuple[str, ...]) -> str:
    """The named static files joined; refuses text that could close its inline element."""
    text = "\n".join((STATIC / name).read_text(encoding="utf-8") for name in names)
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise ValueError(f"static file {names} would break out of its inline element")
    return text


def content_security_policy(script: str) -> str:
    """A policy that allows nothing but inline style and the one script whose hash is given."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; "
        "style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; "
        "img-src data:; "
        "base-uri 'none'; "
        "form-action 'none'"
    )


def _tag_open(mark: Mark) -> str:
    """The opening tag of a mark; every attribute value escaped."""
    if mark.anchor:
        return (
            f'<mark class="{escape(mark.classes)}" id="{escape(mark.anchor)}" tabindex="0" '
            f'aria-describedby="tip-{escape(mark.anchor)}">'
        )
    title = f' title="{escape(mark.title)}"' if mark.title else ""
    tag = "mark" if mark.classes.startswith("f ") else "span"
    return f'<{tag} class="{escape(mark.classes)}"{title}>'


def _tag_close(mark: Mark) -> str:
    if mark.anchor:
        tip = (
            f'<span class="tip" role="tooltip" id="tip-{escape(mark.anchor)}">'
            f"<b>{escape(mark.tip_heading or '')}</b> {escape(mark.tip_text or '')}</span>"
        )
        return f"{tip}</mark>"
    return "</mark>" if mark.classes.startswith("f ") else "</span>"


def _inner(text: str, start: int, end: int, marks: Sequence[Mark], starts: list[int]) -> str:
    """Escaped ``text[start:end]`` with the (non-overlapping, sorted) inner marks wrapped."""
    out: list[str] = []
    pos = start
    at = max(0, bisect_right(starts, start) - 1)
    for mark in marks[at:]:
        if mark.start >= end:
            break
        a, b = max(mark.start, start), min(mark.end, end)
        if b <= a:
            continue
        out.append(str(escape(text[pos:a])))
        out.append(f"{_tag_open(mark)}{escape(text[a:b])}{_tag_close(mark)}")
        pos = b
    out.append(str(escape(text[pos:end])))
    return "".join(out)


def highlight(sentence: SentenceView) -> Markup:
    """The sentence as markup: finding marks outside, edit marks inside, every slice escaped."""
    text = sentence.text
    edits = sentence.edits
    starts = [m.start for m in edits]
    out: list[str] = []
    pos = 0
    for mark in sentence.findings:
        out.append(_inner(text, pos, mark.start, edits, starts))
        body = _inner(text, mark.start, mark.end, edits, starts)
        out.append(f"{_tag_open(mark)}{body}{_tag_close(mark)}")
        pos = mark.end
    out.append(_inner(text, pos, len(text), edits, starts))
    return Markup("".join(out))


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def package_version() -> str:
    """The installed rewrite-detect version, or "unknown"."""
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version("rewrite-detect")
    except (ImportError, PackageNotFoundError):
        return "unknown"


def render_pair(
    result: Mapping[str, Any], *, generated_at: str | None = None, version: str | None = None
) -> str:
    """One pair result (the JSON-ready dict, schema_version 1) as a self-contained HTML page.

    ``generated_at`` (default: now, UTC) and ``version`` (default: the installed package
    version) are shown in the footer; pass fixed values for reproducible output.
    """
    report = build_pair_report(
        result,
        generated_at=generated_at or _now(),
        version=version or package_version(),
    )
    script = static_text(PAIR_JS)
    return (
        environment()
        .get_template("pair.html.j2")
        .render(
            report=report,
            css=Markup(static_text(PAIR_CSS)),
            script=Markup(script),
            csp=Markup(content_security_policy(script)),  # our own constant text and a digest
        )
    )
