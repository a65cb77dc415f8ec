"""The built site as a reader meets it, in headless Chromium.

Debian's chromium is driven by Playwright through ``executable_path`` (no
browser download). Without a browser the tests skip, except under CI
(``CI=true``), where a missing browser is a failure. Screenshots of every
page, on a phone (390 px wide) and on a desktop, land in
test-artifacts/screenshots/ for a person to look at.

The accessibility check runs axe-core 4 over every page: its axe.min.js
comes from the axe-playwright-python package (pinned in uv.lock),
is injected into the page by Playwright, and runs there, offline.
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
from project import DOCS, ROOT

try:
    import axe_playwright_python
except ImportError:  # reported by the axe test, as a failure
    axe_playwright_python = None

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
            **{"viewport": {"width": 1280, "height": 900}, **context}
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
    # As the page loads, with no click: every block shows an output and its
    # stamp. (Checked for all blocks first: the tabs are linked, so a click
    # on one block's Source tab opens the source of every block.)
    for i in range(examples.count()):
        block = examples.nth(i)
        name = block.get_attribute("data-example")
        labels = block.locator(".tabbed-labels label")
        blocks = block.locator(".tabbed-block")
        output = block.locator(".tabbed-block:visible").first
        if labels.last.inner_text().strip() != "Source":
            problems.append(f"{path}: {name}: Source is not the last tab")
        if blocks.last.is_visible():
            problems.append(f"{path}: {name}: the source is open, not the output")
        if not output.is_visible() or not output.inner_text().strip():
            problems.append(f"{path}: {name}: no output shown when the page loads")
        stamp = block.locator(".example-stamp:visible").first
        stamped = stamp.count() == 1 and "ran in" in stamp.inner_text()
        if not stamped and "Not run here" not in output.inner_text():
            problems.append(f"{path}: {name}: no visible stamp with its output")
    for i in range(examples.count()):
        block = examples.nth(i)
        name = block.get_attribute("data-example")
        block.locator(".tabbed-labels label").last.click()
        source = block.locator(".tabbed-block").last
        copy = source.locator("button[data-md-type=copy]")
        if not source.is_visible() or copy.count() != 1:
            problems.append(f"{path}: {name}: the Source tab shows no copyable source")
    watched.context.close()
    return problems + [f"{path}: {problem}" for problem in watched.problems]


def test_every_page_loads_cleanly_and_shows_its_examples(
    browser, base_url: str, built_site
) -> None:
    pages = built_pages(built_site.site)
    assert "/" in pages and "threads/" in pages, pages
    problems = [p for path in pages for p in check_page(browser, base_url, path)]
    assert not problems, "\n".join(problems)


def test_keyboard_reaches_the_tabs_and_the_stamp(browser, base_url: str) -> None:
    """Tab moves focus onto an example's tabs, the arrow keys switch them,
    and the stamp shows with the output of the focused tab."""
    watched = Watched(browser, base_url)
    page = watched.page
    page.goto(base_url + "threads/", wait_until="networkidle")
    on_tabs = "document.activeElement.matches('.example .tabbed-set > input')"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(on_tabs):
            break
    assert page.evaluate(on_tabs), "Tab never reached an example's tabs"
    block = page.locator("div.example").filter(has=page.locator("input:focus"))
    stamp = block.locator(".example-stamp").first
    assert stamp.is_visible() and "ran in" in stamp.inner_text()
    page.keyboard.press("ArrowRight")  # the next tab: Source, for one run
    assert block.locator(".tabbed-block").last.is_visible()
    page.keyboard.press("ArrowLeft")
    assert block.locator(".tabbed-block").first.is_visible()
    watched.context.close()
    assert not watched.problems, "\n".join(watched.problems)


#: Real queries, the page and the start of the section each must land on.
SEARCHES = [
    ("race condition", "threads/", "race-conditions"),
    ("TaskGroup", "asyncio/", "structured-concurrency-with-taskgroup"),
    ("get_event_loop", "asyncio/", "get_event_loop-with-no-running-loop"),
    ("forkserver", "multiprocessing/", "start-methods-fork-spawn-and-forkserver"),
    ("chunksize", "multiprocessing/", "many-small-tasks-chunksize"),
    ("SharedMemory", "multiprocessing/", "sharedmemory-one-block-no-copies"),
]
if (DOCS / "troubleshooting.md").is_file():  # error messages: their entries
    SEARCHES += [
        ("never awaited", "troubleshooting/", "runtimewarning-coroutine-"),
        ("BrokenProcessPool", "troubleshooting/", "brokenprocesspool-"),
    ]


@pytest.mark.parametrize(("query", "page_path", "section"), SEARCHES)
def test_search_lands_on_the_right_section(
    browser, base_url: str, query: str, page_path: str, section: str
) -> None:
    """The first section a real query returns is the one that answers it
    (Material's search: lunr in a web worker, over the built index)."""
    watched = Watched(browser, base_url)
    page = watched.page
    page.goto(base_url, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)  # typed: Material searches on key events
    page.locator("a.md-search-result__link").first.wait_for(timeout=15_000)
    hrefs = page.locator("a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)"
    )
    watched.context.close()
    sections = [urlsplit(href) for href in hrefs if urlsplit(href).fragment]
    assert sections, f"{query!r}: no section among the results {hrefs}"
    first = sections[0]
    landed = f"{first.path.removeprefix(urlsplit(base_url).path)}#{first.fragment}"
    assert landed.startswith(f"{page_path}#{section}"), f"{query!r} lands on {landed}"
    assert not watched.problems, "\n".join(watched.problems)


def axe_script() -> Path:
    """axe-core's axe.min.js, as the axe-playwright-python package ships it."""
    if axe_playwright_python is None:
        pytest.fail(
            "axe-core is missing: the axe-playwright-python package (pinned in "
            "uv.lock) is not installed; run make venv"
        )
    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    assert script.is_file(), f"{script} is missing; reinstall axe-playwright-python"
    return script


def serious_violations(page: object, axe: Path) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now.

    Transitions are switched off first: a colour measured halfway through
    a fade (the header's title, after a click scrolls the page) is not
    what a reader sees.
    """
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_style_tag(
            content="*, *::before, *::after "
            "{ transition: none !important; animation: none !important; }"
        )
        page.add_script_tag(path=str(axe))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} nodes, e.g. "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_any_page(
    browser, base_url: str, built_site, scheme: str
) -> None:
    """axe-core 4 over every page, theme included, as the page loads (the
    outputs open) and with the sources open (the highlighted code): no
    serious or critical violation."""
    axe = axe_script()
    header = axe.read_text(encoding="utf-8")[:40]
    assert "axe v4." in header, header
    watched = Watched(browser, base_url, color_scheme=scheme)
    page = watched.page
    found = []
    for path in built_pages(built_site.site):
        page.goto(base_url + path.lstrip("/"), wait_until="networkidle")
        found += [f"{path}: {v}" for v in serious_violations(page, axe)]
        sources = page.locator("div.example .tabbed-labels label", has_text="Source")
        if sources.count():
            sources.first.click()  # linked tabs: every block shows its source
            found += [f"{path}, sources: {v}" for v in serious_violations(page, axe)]
            page.evaluate("localStorage.clear()")
    watched.context.close()
    assert not found, f"axe-core, {scheme} scheme:\n" + "\n".join(found)
    assert not watched.problems, "\n".join(watched.problems)


SCREENS = [("phone", 390, 844), ("desktop", 1280, 900)]


@pytest.mark.parametrize(("device", "width", "height"), SCREENS)
def test_every_page_fits_the_screen_and_is_photographed(
    browser, base_url: str, built_site, device: str, width: int, height: int
) -> None:
    """No page scrolls sideways (a code block or a table may, inside its own
    box), with the outputs open or the sources; each page's first screen and
    its first example go to test-artifacts/screenshots/<device>/."""
    folder = SCREENSHOTS / device
    folder.mkdir(parents=True, exist_ok=True)
    watched = Watched(browser, base_url, viewport={"width": width, "height": height})
    page = watched.page
    width_js = "[document.documentElement.scrollWidth, innerWidth]"
    wide = []
    for path in built_pages(built_site.site):
        name = path.strip("/").replace("/", "-") or "home"
        page.goto(base_url + path.lstrip("/"), wait_until="networkidle")
        page.screenshot(path=str(folder / f"{name}.png"))
        scroll, screen = page.evaluate(width_js)
        if scroll > screen:
            wide.append(f"{path}: {scroll} px wide on a {screen} px screen")
        examples = page.locator("div.example")
        if examples.count():
            examples.first.scroll_into_view_if_needed()
            page.screenshot(path=str(folder / f"{name}-example.png"))
            sources = page.locator(
                "div.example .tabbed-labels label", has_text="Source"
            )
            sources.first.click()
            scroll, screen = page.evaluate(width_js)
            if scroll > screen:
                wide.append(f"{path}, sources: {scroll} px wide on {screen} px")
            page.evaluate("localStorage.clear()")
    watched.context.close()
    assert not wide, "pages that scroll sideways:\n" + "\n".join(wide)
    assert not watched.problems, "\n".join(watched.problems)


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
