"""The built site as a reader meets it, in headless Chromium.

Debian's chromium is driven by Playwright through ``executable_path`` (no
browser download). Without a browser the tests skip, except under CI
(``CI=true``), where a missing browser is a failure. Screenshots of key pages
land in test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from project import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(built_site) -> Iterator[str]:
    assert built_site.returncode == 0, built_site.log[-3000:]
    handler = functools.partial(QuietHandler, directory=str(built_site.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        message = "no Chromium: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=ARGS)
        yield browser
        browser.close()


class Watched:
    """A page that records console errors and failed or outside requests."""

    def __init__(self, browser: object, base_url: str, **context: object) -> None:
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, **context
        )
        self.page = self.context.new_page()
        self.problems: list[str] = []
        host = urlsplit(base_url).netloc
        self.page.on(
            "console",
            lambda m: (
                m.type == "error" and self.problems.append(f"console error: {m.text}")
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on(
            "requestfailed",
            lambda r: self.problems.append(f"failed request: {r.url} {r.failure}"),
        )
        self.page.on(
            "request",
            lambda r: (
                urlsplit(r.url).scheme in {"http", "https"}
                and urlsplit(r.url).netloc != host
                and self.problems.append(f"request outside the site: {r.url}")
            ),
        )


def built_pages(site: Path) -> list[str]:
    """Every page of the built site, as its URL path ("" for the home page)."""
    return sorted(
        index.parent.relative_to(site).as_posix().removeprefix(".") + "/"
        for index in site.rglob("index.html")
        if index.relative_to(site).parts[0] not in {"assets", "examples"}
    )


def check_page(browser, base_url: str, path: str) -> list[str]:
    """Load one page; check each example block. Returns what is wrong."""
    watched = Watched(browser, base_url)
    page = watched.page
    page.goto(base_url + path.lstrip("/"), wait_until="networkidle")
    problems = []
    examples = page.locator("div.example")
    for i in range(examples.count()):
        block = examples.nth(i)
        name = block.get_attribute("data-example")
        labels = block.locator(".tabbed-labels label")
        labels.nth(1).click()  # the first output tab
        output = block.locator(".tabbed-block").nth(1)
        stamp = block.locator(".example-stamp:visible").first
        if not output.is_visible() or not output.inner_text().strip():
            problems.append(f"{path}: {name}: the output tab did not show output")
        if block.locator(".tabbed-block").nth(0).is_visible():
            problems.append(f"{path}: {name}: Source still shown after the switch")
        stamped = stamp.count() == 1 and "ran in" in stamp.inner_text()
        if not stamped and "Not run here" not in output.inner_text():
            problems.append(f"{path}: {name}: no visible stamp with its output")
        labels.nth(0).click()
        copy = (
            block.locator(".tabbed-block").nth(0).locator("button[data-md-type=copy]")
        )
        if copy.count() != 1:
            problems.append(f"{path}: {name}: no copy button on the source")
    if path in {"/", "threads/", "asyncio/"}:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = path.strip("/") or "home"
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
    watched.context.close()
    return problems + [f"{path}: {problem}" for problem in watched.problems]


def test_every_page_loads_cleanly_and_shows_its_examples(
    browser, base_url: str, built_site
) -> None:
    pages = built_pages(built_site.site)
    assert "/" in pages and "threads/" in pages, pages
    problems = [p for path in pages for p in check_page(browser, base_url, path)]
    assert not problems, "\n".join(problems)


def test_search_finds_a_page_by_a_word_in_its_body(browser, base_url: str) -> None:
    watched = Watched(browser, base_url)
    page = watched.page
    page.goto(base_url, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type("deadlock")  # typed: Material searches on key events
    result = page.locator("a.md-search-result__link").first
    result.wait_for(timeout=15_000)
    hrefs = page.locator("a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)"
    )
    watched.context.close()
    assert any("/threads/" in href for href in hrefs), hrefs
    assert not watched.problems, "\n".join(watched.problems)


def test_dark_theme_renders(browser, base_url: str) -> None:
    watched = Watched(browser, base_url, color_scheme="dark")
    page = watched.page
    page.goto(base_url + "threads/", wait_until="networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "threads-dark.png"))
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    watched.context.close()
    assert background not in {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}, background
    assert not watched.problems, "\n".join(watched.problems)
