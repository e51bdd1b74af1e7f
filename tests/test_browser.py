"""The pair report in a real browser: Debian's chromium driven by Playwright (sync API).

Needs ``apt-get install -y chromium`` (the browser at /usr/bin/chromium) and the ``playwright``
Python package; no browser download (``playwright install`` is never used). Skipped, with the
reason, when either is missing. Run only these with ``pytest -m browser``.

Screenshots: ``html_reports/seed_report.png`` every run (for inspection; git-ignored), and
``docs/seed_report.png`` for the README only when ``UPDATE_SCREENSHOT=1``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from rewrite_detect.report.render import render_pair
from tests.report_fixtures import ROOT, hostile_result, long_result, seed_result, shapes_result

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@dataclass
class Watched:
    """A loaded page and everything it did that a report must never do."""

    page: Any
    url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = "browser tests need Debian chromium: apt-get install -y chromium"
        if os.environ.get("REWRITE_DETECT_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (REWRITE_DETECT_REQUIRE_BROWSER=1, as in .ci/run)")
        pytest.skip(message)
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="browser tests need the playwright Python package"
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    paths = {}
    for name, make in {
        "seed": seed_result,
        "hostile": hostile_result,
        "shapes": shapes_result,
        "long": lambda: long_result(300),
    }.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(render_pair(make()), encoding="utf-8")
    return paths


def open_report(browser: Any, path: Path, width: int = 1400, height: int = 1000) -> Watched:
    """Load a report from disk, recording console errors, requests and dialogs."""
    page = browser.new_page(viewport={"width": width, "height": height})
    watched = Watched(page, path.as_uri())
    page.on(
        "console",
        lambda msg: watched.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: watched.console_errors.append(str(exc)))
    page.on("request", lambda request: watched.requests.append(request.url))

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(watched.url)
    page.wait_for_load_state("load")
    return watched


@pytest.fixture
def seed(browser: Any, reports: dict[str, Path]) -> Iterator[Watched]:
    watched = open_report(browser, reports["seed"])
    yield watched
    watched.page.close()


def assert_clean(watched: Watched) -> None:
    """No console error, no request but the file itself, no dialog, and our script ran."""
    assert watched.console_errors == []
    assert watched.requests == [watched.url]
    assert watched.dialogs == []
    assert watched.page.evaluate("document.documentElement.classList.contains('js')")


def test_seed_report_loads_clean(seed: Watched) -> None:
    assert_clean(seed)
    assert seed.page.title().startswith("Rewrite report: Citizens escape")


def test_error_mark_explained_on_keyboard_focus(seed: Watched) -> None:
    page = seed.page
    mark = page.locator(".rw mark.f-error", has_text="Nigerian Army")
    assert mark.count() == 1
    mark.scroll_into_view_if_needed()
    assert mark.is_visible()
    tip = mark.locator(".tip")
    assert tip.is_hidden()
    mark.focus()
    assert tip.is_visible()
    assert "Niger (a country) became Nigerian" in tip.inner_text()
    described = mark.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described}").count() == 1
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    assert_clean(seed)


def test_tab_reaches_findings_and_enter_jumps_to_the_mark(seed: Watched) -> None:
    page = seed.page
    link = page.locator(".finding-link", has_text="Niger (a country)")
    for _ in range(60):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the finding")
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.startswith("Nigerian Army")
    assert page.locator(".rw mark.f-error", has_text="Nigerian Army").locator(".tip").is_visible()
    page.keyboard.press("Tab")  # on to the next mark or sentence: keyboard use goes on
    assert page.evaluate("document.activeElement.tabIndex") == 0


def test_filter_buttons_hide_other_findings(seed: Watched) -> None:
    page = seed.page
    errors = page.locator(".finding[data-group='error']")
    others = page.locator(".finding:not([data-group='error'])")
    assert others.first.is_visible()
    page.get_by_role("button", name="Errors").click()
    assert errors.first.is_visible()
    assert all(others.nth(i).is_hidden() for i in range(others.count()))
    assert page.get_by_role("button", name="Errors").get_attribute("aria-pressed") == "true"
    # by keyboard: focus "Spin" and press Space, then "All" and press Enter
    page.get_by_role("button", name="Spin").focus()
    page.keyboard.press("Space")
    assert errors.first.is_hidden()
    assert page.locator(".finding[data-group='spin']").first.is_visible()
    page.get_by_role("button", name="All").focus()
    page.keyboard.press("Enter")
    assert errors.first.is_visible() and others.first.is_visible()


def test_selecting_a_sentence_highlights_its_partner(seed: Watched) -> None:
    page = seed.page
    rewrite = page.locator("#r-26")
    rewrite.click()
    assert "is-selected" in (rewrite.get_attribute("class") or "")
    assert "is-partner" in (page.locator("#s-26").get_attribute("class") or "")
    group = rewrite.get_attribute("data-g")
    assert page.locator(f"svg.map .ln.is-partner[data-g='{group}']").count() == 1
    page.keyboard.press("Escape")
    assert page.locator(".is-partner").count() == 0
    # by keyboard
    page.locator("#r-4").focus()
    page.keyboard.press("Enter")
    assert "is-partner" in (page.locator("#s-2").get_attribute("class") or "")


def test_hostile_report_runs_nothing(browser: Any, reports: dict[str, Path]) -> None:
    watched = open_report(browser, reports["hostile"])
    page = watched.page
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert_clean(watched)
    assert page.get_by_text("Officials wrote {{ 7*7 }} and {% for x in y %}").first.is_visible()
    assert page.get_by_text("<script>alert(1)</script>").first.is_visible()
    for mark in page.locator("mark.f[tabindex='0']").all():  # every tooltip shows, nothing runs
        mark.focus()
    page.locator(".sent[data-g]").first.click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert watched.dialogs == []
    watched.page.close()


def test_long_report_stays_usable(browser: Any, reports: dict[str, Path]) -> None:
    watched = open_report(browser, reports["long"])
    page = watched.page
    assert_clean(watched)
    assert page.locator(".sent").count() == 600
    page.locator("#r-299").scroll_into_view_if_needed()
    bar = page.locator(".sumbar").bounding_box()
    side = page.locator(".side").bounding_box()
    assert bar and bar["y"] == 0, "the summary bar sticks to the top"
    assert side and 0 <= side["y"] < 200, "the findings panel stays in view"
    watched.page.close()


def test_print_layout_hides_interactive_parts(seed: Watched) -> None:
    page = seed.page
    page.emulate_media(media="print")
    assert page.locator(".sumbar").is_hidden()
    assert page.locator(".filters").is_hidden()
    assert page.locator(".finding").first.is_visible()
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf[:4] == b"%PDF"


def test_screenshots(browser: Any, reports: dict[str, Path]) -> None:
    out = ROOT / "html_reports"
    out.mkdir(exist_ok=True)
    watched = open_report(browser, reports["seed"], 1400, 1000)
    watched.page.screenshot(path=str(out / "seed_report.png"))
    watched.page.locator(".rw mark.f-error", has_text="Nigerian Army").focus()
    watched.page.screenshot(path=str(out / "seed_report_focus.png"))
    watched.page.close()
    shapes = open_report(browser, reports["shapes"], 1400, 1000)
    shapes.page.screenshot(path=str(out / "shapes_report.png"))
    shapes.page.close()
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        docs = ROOT / "docs"
        docs.mkdir(exist_ok=True)
        small = open_report(browser, reports["seed"], 1200, 720)
        small.page.locator(".rw mark.f-error", has_text="Nigerian Army").focus()
        small.page.screenshot(path=str(docs / "seed_report.png"))
        small.page.close()
    assert (out / "seed_report.png").stat().st_size > 10_000
