"""HTML pair report: golden files, escaping of hostile text, self-containment, structure.

Golden files live in ``tests/golden/<case>.html``: the report of each case in
``report_fixtures.GOLDEN_CASES``, with the generation time and the version scrubbed. On a mismatch
the actual output is written beside it as ``tests/golden/<case>.actual.html`` (git-ignored) so you
can diff the two. When a change to the report is intended, regenerate them all with::

    python scripts/update_golden.py

and review the diff of ``tests/golden/`` before committing.
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
from html.parser import HTMLParser
from typing import Any

import pytest
from markupsafe import Markup

from rewrite_detect.report.render import highlight, render_pair
from rewrite_detect.report.viewmodel import Mark, SentenceView, build_pair_report
from tests.report_fixtures import (
    FIXED_TIME,
    FIXED_VERSION,
    GOLDEN_CASES,
    golden_path,
    hostile_result,
    long_result,
    render_case,
    scrub,
    seed_result,
    shapes_result,
)


class _Collector(HTMLParser):
    """Ids, internal link targets, tags and text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.targets: list[str] = []
        self.tags: dict[str, int] = {}
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for name, value in attrs:
            value = value or ""
            self.attrs.append((tag, name, value))
            if name == "id":
                self.ids.append(value)
            if name == "href" and value.startswith("#"):
                self.targets.append(value[1:])
            if name in ("data-focus", "data-jump"):
                self.targets.append(value)
            if name == "aria-describedby":
                self.targets.extend(value.split())
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(html: str) -> _Collector:
    """The page parsed by the standard library's HTML parser."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


@pytest.fixture(scope="module")
def seed_html() -> str:
    return render_pair(seed_result(), generated_at=FIXED_TIME, version=FIXED_VERSION)


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return render_pair(hostile_result(), generated_at=FIXED_TIME, version=FIXED_VERSION)


# ---------------------------------------------------------------- golden files


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(name: str) -> None:
    actual = render_case(name)
    expected_path = golden_path(name)
    actual_path = expected_path.with_suffix(".actual.html")
    expected = expected_path.read_text(encoding="utf-8") if expected_path.exists() else None
    if actual != expected:
        actual_path.write_text(actual, encoding="utf-8")
        pytest.fail(
            f"{name}: the report differs from {expected_path} (actual output saved to "
            f"{actual_path}). If the change is intended, run: python scripts/update_golden.py"
        )
    actual_path.unlink(missing_ok=True)


def test_scrub_replaces_time_and_version() -> None:
    html = render_pair(seed_result(), generated_at="2031-02-03T04:05:06Z", version="9.9.9")
    scrubbed = scrub(html)
    assert "2031-02-03" not in scrubbed and "9.9.9" not in scrubbed
    assert scrubbed == scrub(render_pair(seed_result()))


# ---------------------------------------------------------------- hostile text


def test_hostile_markup_is_escaped(hostile_html: str) -> None:
    lowered = hostile_html.lower()
    assert "<script>alert" not in lowered
    assert "<img src=x" not in lowered
    assert "onerror=" not in lowered.replace("onerror=&#34;", "").replace("onerror=&quot;", "")
    assert "<iframe" not in lowered
    assert "</textarea>" not in lowered
    assert "<b>bold" not in lowered
    assert '<a href="https://evil' not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html
    assert "&lt;img src=x onerror=" in hostile_html


def test_hostile_template_syntax_stays_literal(hostile_html: str) -> None:
    assert "Officials wrote {{ 7*7 }} and {% for x in y %} in the memo." in hostile_html
    assert "Officials wrote 49" not in hostile_html
    assert "Residents became Locals {{ 7*7 }}" in hostile_html


def test_hostile_attribute_values_cannot_break_out(hostile_html: str) -> None:
    page = parse(hostile_html)
    for tag, name, value in page.attrs:
        assert not name.startswith("on"), f"event handler attribute on <{tag}>"
        if name in ("class", "id", "data-g", "data-group", "data-jump", "data-focus"):
            assert re.fullmatch(r"[\w\- ]*", value), f"<{tag} {name}={value!r}>"
    assert page.tags.get("script") == 1
    assert page.tags.get("style") == 1
    assert "img" not in page.tags and "iframe" not in page.tags and "textarea" not in page.tags


def test_hostile_text_reaches_the_reader(hostile_html: str) -> None:
    text = "".join(parse(hostile_html).text)
    assert "<script>alert(1)</script>" in text
    assert "{{ 7*7 }}" in text
    assert "The \"quoted\" and 'single' words stay put." in text
    assert "</style><script>window.__pwned=1</script>" in text  # the outlet, shown as text


def test_hostile_url_is_not_a_link(hostile_html: str) -> None:
    hrefs = [v for _, name, v in parse(hostile_html).attrs if name in ("href", "src")]
    assert all(h.startswith("#") for h in hrefs), hrefs


# ---------------------------------------------------------------- self-contained


@pytest.mark.parametrize("make", [seed_result, hostile_result, shapes_result])
def test_self_contained(make: Any) -> None:
    html = render_pair(make(), generated_at=FIXED_TIME, version=FIXED_VERSION)
    assert not re.search(
        r"""(?:src|href|action|srcset|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""", html
    )
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", html)
    assert "@import" not in html
    assert html.count("<style>") == 1 and html.count("<style") == 1
    assert html.count("<script>") == 1 and html.count("<script") == 1
    assert "<link" not in html


def test_csp_allows_only_the_inline_script(seed_html: str) -> None:
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', seed_html)
    assert csp, "no CSP meta tag"
    policy = csp.group(1)
    assert "default-src 'none'" in policy
    assert "img-src data:" in policy
    script = re.search(r"<script>(.*?)</script>", seed_html, re.S)
    assert script
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert "unsafe-eval" not in policy
    assert seed_html.index("Content-Security-Policy") < seed_html.index("<style>")


# ---------------------------------------------------------------- structure


@pytest.mark.parametrize("make", [seed_result, hostile_result, shapes_result])
def test_ids_unique_and_every_link_resolves(make: Any) -> None:
    page = parse(render_pair(make()))
    assert len(page.ids) == len(set(page.ids))
    missing = set(page.targets) - set(page.ids) - {"top"}
    assert not missing


def test_seed_shows_the_barkhane_error(seed_html: str) -> None:
    mark = re.search(
        r'<mark class="f f-error" id="(f\d+r)"[^>]*>'
        r'<span class="e e-error op-replace"[^>]*>Nigerian Army</span>'
        r'<span class="tip" role="tooltip" id="tip-\1"><b>✖ entity changed</b> '
        r"Niger \(a country\) became Nigerian \(of Nigeria, a different country\)</span></mark>",
        seed_html,
    )
    assert mark, "the Nigerian Army error mark with its tooltip"
    assert f'href="#{mark.group(1)}"' in seed_html  # the findings list links to it


def test_findings_errors_first() -> None:
    report = build_pair_report(seed_result(), generated_at="t", version="v")
    order = [f.severity for f in report.findings]
    assert order == sorted(order, key=["error", "warning", "info"].index)
    assert report.counts.error == 8 and report.counts.total == len(order)


def test_rows_follow_rewrite_order_and_show_every_sentence_once() -> None:
    result = seed_result()
    report = build_pair_report(result, generated_at="t", version="v")
    rewrite = [s.index for row in report.rows for s in row.rewrite]
    assert rewrite == list(range(len(result["rewrite"]["sentences"])))
    source = {s.index for row in report.rows for s in row.source}
    assert source == set(range(len(result["source"]["sentences"])))


def test_omitted_sentences_sit_in_source_order() -> None:
    report = build_pair_report(shapes_result(), generated_at="t", version="v")
    labels = [(row.label, [s.index for s in row.source]) for row in report.rows]
    # S5 is omitted: it comes after the row of S3 (not after the moved row of S4).
    position = labels.index(("omitted", [5]))
    assert labels[position - 1][1] == [3]
    moved = [row for row in report.rows if "⇅ moved" in row.notes]
    assert [s.index for s in moved[0].source] == [4]


def test_moved_words_are_marked_and_unchanged_words_are_not() -> None:
    report = build_pair_report(shapes_result(), generated_at="t", version="v")
    merge = next(r for r in report.rows if len(r.source) == 2)
    marks = {
        s.text[m.start : m.end]: m.classes for s in (*merge.source, *merge.rewrite) for m in s.edits
    }
    assert marks["three days"] == "e e-neutral op-equal moved"
    assert "in the delta" not in marks


def test_merge_and_split_rows() -> None:
    report = build_pair_report(shapes_result(), generated_at="t", version="v")
    merge = next(r for r in report.rows if len(r.source) == 2)
    split = next(r for r in report.rows if len(r.rewrite) == 2)
    assert "merges 2 source sentences" in merge.notes
    assert "split into 2 sentences" in split.notes
    assert len([link for link in report.map.links if link.group == merge.group]) == 2


def test_alignment_map_marks_unlinked_sentences() -> None:
    report = build_pair_report(shapes_result(), generated_at="t", version="v")
    omitted = [t for t in report.map.source_ticks if t.label == "omitted"]
    inserted = [t for t in report.map.rewrite_ticks if t.label == "inserted"]
    assert len(omitted) == 1 and len(inserted) == 1
    linked_x1 = {t.x1 for t in report.map.source_ticks if t.label not in ("omitted", "unused")}
    assert omitted[0].x1 < min(linked_x1)  # sticks out further
    assert "1 merge, 1 split, 1 omitted, 1 inserted" in report.map.description


def test_every_mark_is_inside_its_sentence() -> None:
    report = build_pair_report(seed_result(), generated_at="t", version="v")
    for row in report.rows:
        for sentence in (*row.source, *row.rewrite):
            for mark in (*sentence.findings, *sentence.edits):
                assert 0 <= mark.start < mark.end <= len(sentence.text)


def test_minimal_and_malformed_results_render() -> None:
    one = {"text": "One sentence.", "sentences": [{"index": 0, "start": 0, "end": 13}]}
    html = render_pair({"source": one, "rewrite": one})
    assert "One sentence." in html and "No findings" in html
    messy = {
        "source": {**one, "sentences": [*one["sentences"], "junk"]},
        "rewrite": one,
        "alignments": [{"rewrite": [0, 7, "x"], "source": [5], "label": "weird", "edits": [{}]}],
        "findings": [{"kind": "entity_changed", "severity": "fatal", "rewrite_span": [9, 2]}],
        "omitted": [0, 99],
        "thresholds": None,
        "verdict": {"label": None, "probability": "high"},
    }
    assert "One sentence." in render_pair(messy)


# ---------------------------------------------------------------- highlight


def _sentence(
    text: str, findings: tuple[Mark, ...] = (), edits: tuple[Mark, ...] = ()
) -> SentenceView:
    return SentenceView("r", 0, "r-0", "R0", None, "body", text, findings, edits, None)


def test_highlight_escapes_every_slice() -> None:
    text = "<b>a</b> & <i>b</i>"
    edits = (Mark(0, 8, "e e-spin op-replace", 'say "<x>"'),)
    out = highlight(_sentence(text, edits=edits))
    assert isinstance(out, Markup)
    assert out == (
        '<span class="e e-spin op-replace" title="say &#34;&lt;x&gt;&#34;">'
        "&lt;b&gt;a&lt;/b&gt;</span> &amp; &lt;i&gt;b&lt;/i&gt;"
    )


def test_highlight_nests_edits_inside_findings() -> None:
    text = "the Nigerian Army helps"
    finding = Mark(4, 17, "f f-error", anchor="f1r", tip_heading="✖ x", tip_text="<why>")
    edits = (Mark(0, 3, "e e-neutral op-insert"), Mark(4, 12, "e e-error op-replace"))
    out = str(highlight(_sentence(text, (finding,), edits)))
    assert out == (
        '<span class="e e-neutral op-insert">the</span> '
        '<mark class="f f-error" id="f1r" tabindex="0" aria-describedby="tip-f1r">'
        '<span class="e e-error op-replace">Nigerian</span> Army'
        '<span class="tip" role="tooltip" id="tip-f1r"><b>✖ x</b> &lt;why&gt;</span></mark>'
        " helps"
    )


def test_highlight_splits_an_edit_that_crosses_a_finding() -> None:
    text = "abcdefgh"
    finding = Mark(2, 5, "f f-info", anchor="f1r", tip_heading="h", tip_text="t")
    edits = (Mark(0, 4, "e e-spin op-replace"),)
    out = str(highlight(_sentence(text, (finding,), edits)))
    plain = re.sub(r"<span class=\"tip\".*?</span>", "", out)
    assert re.sub(r"<[^>]+>", "", plain) == text
    assert out.count('class="e e-spin op-replace"') == 2


# ---------------------------------------------------------------- long articles


def test_long_article_renders_fast_and_stays_linear() -> None:
    sizes = {}
    for n in (120, 480):
        result = long_result(n)
        start = time.perf_counter()
        html = render_pair(result)
        elapsed = time.perf_counter() - start
        assert elapsed < 3.0, f"{n} sentences took {elapsed:.2f}s"
        sizes[n] = html.count("<")
    per_sentence_small, per_sentence_big = sizes[120] / 120, sizes[480] / 480
    assert per_sentence_big < per_sentence_small * 1.25, sizes


# ---------------------------------------------------------------- the real pipeline


def test_real_pipeline_result_renders() -> None:
    compare = getattr(pytest.importorskip("rewrite_detect"), "compare", None)
    if compare is None:
        pytest.skip("rewrite_detect.compare is not there yet")
    from tests.report_fixtures import SEED_REWRITE, SEED_SOURCE

    try:
        result = compare(
            SEED_SOURCE.read_text(encoding="utf-8"), SEED_REWRITE.read_text(encoding="utf-8")
        ).to_dict()
    except FileNotFoundError as exc:  # a model not built on this machine yet
        pytest.skip(f"the pipeline cannot run here: {exc}")
    html = render_pair(result)
    page = parse(html)
    assert len(page.ids) == len(set(page.ids))
    assert not set(page.targets) - set(page.ids) - {"top"}
    assert "Barkhane" in html
