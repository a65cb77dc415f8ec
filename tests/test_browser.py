"""The built site as a reader meets it, in headless Chromium.

Debian's chromium is driven by Playwright through ``executable_path`` (no
browser download). Without a browser the tests skip, except under CI
(``CI=true``), where a missing browser is a failure. Screenshots of every
page, on a phone (390 px wide) and on a desktop, land in
test-artifacts/screenshots/ for a person to look at.

The tests read the site the session builds. ``BROWSER_SITE=/path/to/site``
points them at a site already built (``mkdocs build --site-dir ...``)
instead, to check the pages without building them again.

The accessibility check runs axe-core 4 over every page: its axe.min.js
comes from the axe-playwright-python package (pinned in uv.lock),
is injected into the page by Playwright, and runs there, offline.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from html import unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from project import DOCS, FENCE_OF, ROOT, exclusive

try:
    import axe_playwright_python
except ImportError:  # reported by the axe test, as a failure
    axe_playwright_python = None

#: A browser that stops answering fails its test with a traceback, instead of
#: holding the suite until its global limit (a survey takes about 160 s).
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(600)]

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
#: The desktop screen the page-length limit is counted in, and a phone's.
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
#: No page is longer than this many desktop screens.
MAX_SCREENS = 12


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
def site_dir(request) -> Path:
    """The built site: the one BROWSER_SITE names, or the session's build."""
    given = os.environ.get("BROWSER_SITE")
    if given:
        path = Path(given)
        assert (path / "index.html").is_file(), f"BROWSER_SITE={given}: no index.html"
        return path
    built = request.getfixturevalue("built_site")
    assert built.returncode == 0, built.log[-3000:]
    return built.site


@pytest.fixture(scope="module")
def base_url(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site_dir))
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
        self.context = browser.new_context(**{"viewport": DESKTOP, **context})
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


def pages_with(site: Path, marker: str) -> list[str]:
    """The pages whose HTML holds ``marker``."""
    return [
        path
        for path in built_pages(site)
        if marker in (site / path.lstrip("/") / "index.html").read_text("utf-8")
    ]


def visit(watched: Watched, base_url: str, path: str) -> object:
    """Open a page and wait until it has loaded: every stylesheet, script and
    image in, parsed to the end, and its fonts ready."""
    page = watched.page
    page.goto(base_url + path.lstrip("/"), wait_until="load")
    page.wait_for_function("document.readyState === 'complete'")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page


#: Every example block as the page shows it, read in the page.
READ_BLOCKS = """blocks => blocks.map(b => {
  const shown = el => !!el && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  const name = b.dataset.example;
  const source = [...b.querySelectorAll('.highlight')].find(h => {
    const title = h.querySelector('span.filename');  // in the th of a line-numbered table
    return title && title.textContent.trim() === 'examples/' + name;
  });
  const output = b.querySelector('.example-output');
  const outputs = output ? [...output.querySelectorAll('pre')].filter(shown) : [];
  const tabs = [...b.querySelectorAll('.tabbed-set')];
  return {
    name,
    source: shown(source),
    copy: !!source && !!source.querySelector('button[data-md-type=copy]'),
    sourceBottom: source ? source.getBoundingClientRect().bottom : null,
    output: shown(output),
    outputTop: output ? output.getBoundingClientRect().top : null,
    outputText: output ? output.innerText.trim() : '',
    printed: outputs.map(pre => pre.innerText).join('\\n').trim(),
    tabsOutsideOutput: tabs.filter(t => !output || !output.contains(t)).length,
    labels: output ? [...output.querySelectorAll('.tabbed-labels label')]
      .map(l => l.textContent.trim()) : [],
    stamps: [...b.querySelectorAll('.example-stamp')].map(s => s.textContent.trim()),
  };
})"""


def test_keyboard_reaches_the_version_tabs(browser, base_url: str) -> None:
    """Tab moves focus onto the version tabs of an example's output, the
    arrow keys switch them, and each shows its own output."""
    watched = Watched(browser, base_url)
    page = visit(watched, base_url, "threads/")
    on_tabs = "document.activeElement.matches('.example-output .tabbed-set > input')"
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate(on_tabs):
            break
    assert page.evaluate(on_tabs), "Tab never reached an example's version tabs"
    output = page.locator(".example-output").filter(has=page.locator("input:focus"))
    blocks = output.locator(".tabbed-block")
    assert blocks.first.is_visible() and blocks.first.inner_text().strip()
    page.keyboard.press("ArrowRight")
    assert blocks.nth(1).is_visible() and not blocks.first.is_visible()
    page.keyboard.press("ArrowLeft")
    assert blocks.first.is_visible()
    watched.context.close()
    assert not watched.problems, "\n".join(watched.problems)


#: What overflows its box sideways: each output (every version's, shown at
#: once), and each table outside a scrolling wrapper.
CUT_OUTPUTS = """() => {
  const wide = el => el.scrollWidth > el.clientWidth + 1;
  const found = [];
  for (const code of document.querySelectorAll(
      '.example-output pre > code, .jupyter-wrapper .jp-OutputArea pre')) {
    if (code.getClientRects().length && wide(code)) {
      const block = code.closest('[data-example]');
      found.push((block ? block.dataset.example : 'notebook output') + ': '
        + code.scrollWidth + ' px of text in ' + code.clientWidth + ' px');
    }
  }
  return found;
}"""

#: Brings every code block into view, as a reader scrolling the page does:
#: Material mounts a block's buttons (copy) when it first comes into sight.
MOUNT_CODE_BUTTONS = """async () => {
  // Two frames, or 200 ms if the page paints none (a headless page can stop
  // producing frames for a while on a loaded machine: never wait forever).
  const frame = () => new Promise(r => {
    requestAnimationFrame(() => requestAnimationFrame(r));
    setTimeout(r, 200);
  });
  for (const pre of document.querySelectorAll('.md-typeset pre')) {
    pre.scrollIntoView({block: 'center'});
    await frame();
  }
  window.scrollTo(0, 0);
  await frame();
}"""
#: Text under a code block's buttons: each character of the block, its title
#: included, that the button bar overlaps where that character is in sight
#: (inside its scrolling box); spaces do not count.
COVERED_TEXT = """() => {
  const found = [];
  const range = document.createRange();
  for (const bar of document.querySelectorAll('.md-typeset .md-code__nav')) {
    if (!bar.getClientRects().length) continue;
    const b = bar.getBoundingClientRect();
    const block = bar.closest('.highlight') || bar.closest('pre');
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || bar.contains(node)) continue;
      const box = node.parentElement.closest('code, .filename, pre')
        .getBoundingClientRect();
      const under = r => Math.min(r.right, b.right, box.right) - Math.max(r.left, b.left, box.left) > 1
        && Math.min(r.bottom, b.bottom, box.bottom) - Math.max(r.top, b.top, box.top) > 1;
      range.selectNodeContents(node);
      if (![...range.getClientRects()].some(under)) continue;
      // Which characters: spaces that pad a line may pass under the bar.
      const text = node.textContent;
      for (let i = 0; i < text.length; i++) {
        if (!text[i].trim()) continue;
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        if ([...range.getClientRects()].some(under)) {
          const where = block.closest('[data-example]');
          found.push((where ? where.dataset.example + ': ' : '')
            + JSON.stringify(text.trim().slice(0, 40)));
          break;
        }
      }
    }
  }
  return found;
}"""

#: A diagram that does not fit: wider than the screen, scrolling in its
#: figure, without a viewBox, or with a part drawn outside what shows.
DIAGRAM_PROBLEMS = """() => [...document.querySelectorAll('figure.diagram')].flatMap(f => {
  const svg = f.querySelector('svg');
  const name = svg ? (svg.getAttribute('aria-labelledby') || '?').split(' ')[0] : '?';
  if (!svg) return [name + ': no svg'];
  const found = [];
  const box = svg.getBoundingClientRect();
  if (!svg.getAttribute('viewBox')) found.push(name + ': no viewBox');
  if (box.left < -1 || box.right > innerWidth + 1)
    found.push(name + ': ' + Math.round(box.width) + ' px wide on a ' + innerWidth + ' px screen');
  if (f.scrollWidth > f.clientWidth + 1) found.push(name + ': scrolls sideways');
  for (const part of svg.querySelectorAll('text, rect, line, path, polygon, polyline, circle, ellipse')) {
    if (part.closest('defs, marker')) continue;
    const r = part.getBoundingClientRect();
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
      found.push(name + ': a ' + part.tagName + ' drawn outside (' + (part.textContent || '').trim().slice(0, 30) + ')');
  }
  return found;
})"""

#: An identifier broken across lines in a table, or a table too wide for its
#: box without a wrapper that scrolls and shows that it does.
TABLE_PROBLEMS = """() => {
  const found = [];
  for (const code of document.querySelectorAll('.md-typeset table code')) {
    const text = code.textContent;
    if (!/\\s/.test(text) && code.getClientRects().length > 1)
      found.push('identifier broken across lines: ' + text);
  }
  for (const table of document.querySelectorAll('.md-typeset table:not([class])')) {
    const wrap = table.closest('.md-typeset__scrollwrap');
    const first = (table.querySelector('th, td') || table).textContent.trim().slice(0, 30);
    if (!wrap) {
      if (table.getBoundingClientRect().right > innerWidth + 1)
        found.push('table wider than the screen, not in a scrolling wrapper: ' + first);
      continue;
    }
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      const style = getComputedStyle(wrap);
      if (!['auto', 'scroll'].includes(style.overflowX))
        found.push('a wide table does not scroll: ' + first);
      if (!style.backgroundImage.includes('gradient'))
        found.push('a wide table shows no sign that it scrolls: ' + first);
    }
  }
  return found;
}"""

#: The page's machine stamp, and where it sits against the last example.
PAGE_STAMP = """() => {
  const stamps = [...document.querySelectorAll('.page-stamp')];
  const examples = document.querySelectorAll('div.example');
  const last = examples.length ? examples[examples.length - 1].getBoundingClientRect() : null;
  return {
    count: stamps.length,
    text: stamps.length ? stamps[0].innerText : '',
    top: stamps.length ? stamps[0].getBoundingClientRect().top : null,
    lastBottom: last ? last.bottom : null,
  };
}"""

#: A notebook page's code cells: how many parts of each show, and how many
#: plain-text copies of a cell are in sight.
NOTEBOOK_CELLS = """() => {
  const shown = e => e.getClientRects().length > 0
    && getComputedStyle(e).visibility !== 'hidden';
  const cells = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-editor')];
  return {
    cells: cells.map(c => [...c.children].filter(e => shown(e) && e.innerText.trim()).length),
    copies: [...document.querySelectorAll('.clipboard-copy-txt')].filter(shown).length,
  };
}"""

#: Each pass over the site: its screen and colour scheme. Every page is
#: opened once per pass, and the checks below read what that visit found.
SURVEYS = {
    "desktop-light": (DESKTOP, "light"),
    "phone-light": (PHONE, "light"),
    "desktop-dark": (DESKTOP, "dark"),
    "phone-dark": (PHONE, "dark"),
}


@dataclass
class Survey:
    """What one pass over every page found, page by page."""

    name: str
    pages: dict[str, dict] = field(default_factory=dict)
    #: Console errors, page errors, failed or outside requests, by page.
    problems: list[str] = field(default_factory=list)

    def each(self, key: str) -> list[str]:
        """Every page's findings under ``key``, each headed by its page."""
        return [
            f"{p}: {item}" for p, facts in self.pages.items() for item in facts[key]
        ]


def take_survey(browser, base_url: str, site_dir: Path, name: str) -> Survey:
    """Open every page once at this pass's screen and scheme, and record
    everything the checks look at, in an order that leaves each reading as
    the page loads: first what needs no scrolling (widths, the stamp,
    diagrams, tables, notebook cells, axe on desktop), then the code buttons
    brought into view (Material mounts them lazily) and the example blocks
    read, then the photographs (the first screen, then the first example),
    and last, every version's output shown at once for the cut check."""
    screen, scheme = SURVEYS[name]
    device = name.split("-")[0]
    folder = SCREENSHOTS / device / ("dark" if scheme == "dark" else "")
    folder.mkdir(parents=True, exist_ok=True)
    axe = axe_script() if screen is DESKTOP else None
    light = scheme == "light"
    survey = Survey(name)
    watched = Watched(browser, base_url, viewport=screen, color_scheme=scheme)
    for path in built_pages(site_dir):
        before = len(watched.problems)
        shot = path.strip("/").replace("/", "-") or "home"
        page = visit(watched, base_url, path)
        facts: dict = {
            "size": page.evaluate(
                "[document.documentElement.scrollWidth, innerWidth,"
                " document.documentElement.scrollHeight]"
            ),
            "stamp": page.evaluate(PAGE_STAMP),
            "diagrams": page.evaluate(DIAGRAM_PROBLEMS),
            "tables": page.evaluate(TABLE_PROBLEMS),
            "notebook": page.evaluate(NOTEBOOK_CELLS),
            "axe": serious_violations(page, axe) if axe else [],
        }
        examples = page.locator("div.example")
        if light:
            page.evaluate(MOUNT_CODE_BUTTONS)
            facts["blocks"] = examples.evaluate_all(READ_BLOCKS)
            facts["covered"] = page.evaluate(COVERED_TEXT)
        # The photographs last but one, each page's own top screen first
        # (a screenshot waits for a frame; read before, nothing waits on one).
        page.screenshot(path=str(folder / f"{shot}.png"))
        if examples.count():
            examples.first.scroll_into_view_if_needed()
            page.screenshot(path=str(folder / f"{shot}-example.png"))
        if light:
            # Every version's output at once (the hidden tabs too).
            page.add_style_tag(content=".tabbed-block { display: block !important; }")
            facts["cut"] = page.evaluate(CUT_OUTPUTS)
        survey.pages[path] = facts
        survey.problems += [f"{path}: {p}" for p in watched.problems[before:]]
    watched.context.close()
    return survey


@pytest.fixture(scope="module")
def survey(
    browser, base_url: str, site_dir: Path, examples_cache: Path
) -> Callable[[str], Survey]:
    """``survey(name)``: that pass over the site, taken once per session.
    The first test worker that needs it takes it while any other waits on
    its lock, then they all read what it stored."""
    shared = examples_cache.parent

    def get(name: str) -> Survey:
        stored = shared / f"survey-{name}.json"
        with exclusive(shared / f"survey-{name}.lock"):
            if not stored.is_file():
                taken = take_survey(browser, base_url, site_dir, name)
                stored.write_text(json.dumps(asdict(taken)), encoding="utf-8")
        return Survey(**json.loads(stored.read_text(encoding="utf-8")))

    return get


def passes(*names: str) -> pytest.MarkDecorator:
    """Parametrizes a test over the surveys ``names``."""
    return pytest.mark.parametrize("name", names)


@passes(*SURVEYS)
def test_every_page_loads_cleanly(survey, site_dir: Path, name: str) -> None:
    """No console error, page error, failed request or request outside the
    site, on any page, at either screen size in either scheme."""
    found = survey(name)
    assert set(found.pages) == set(built_pages(site_dir))
    assert "/" in found.pages and "threads/" in found.pages, sorted(found.pages)
    assert not found.problems, "\n".join(found.problems)


def test_every_example_shows_its_output_and_copyable_source(survey) -> None:
    """Each example block shows, with no click, what its run printed (or
    that it did not run here) and its source, with a copy button."""
    problems = []
    for path, facts in survey("desktop-light").pages.items():
        for block in facts["blocks"]:
            name = block["name"]
            if not block["output"] or not block["outputText"]:
                problems.append(f"{path}: {name}: no output shown when the page loads")
            elif not block["printed"] and "Not run here" not in block["outputText"]:
                problems.append(
                    f"{path}: {name}: the output block shows nothing printed"
                )
            if not block["source"] or not block["copy"]:
                problems.append(f"{path}: {name}: no copyable source shown on load")
    assert not problems, "\n".join(problems)


def test_examples_show_their_source_then_their_output(survey, site_dir: Path) -> None:
    """On load, with no click: each example's source, then below it what it
    printed; a fence run on several Pythons has a tab per version, in the
    output only, named after the version, in the fence's order."""
    found = survey("desktop-light")
    with_examples = pages_with(site_dir, 'class="example"')
    assert with_examples, "no page shows an example"
    problems = []
    for path in with_examples:
        for block in found.pages[path]["blocks"]:
            name = block["name"]
            if not (block["source"] and block["output"]):
                problems.append(f"{path}: {name}: source or output not shown on load")
                continue
            if block["sourceBottom"] > block["outputTop"] + 1:
                problems.append(f"{path}: {name}: the output is not below the source")
            if block["tabsOutsideOutput"]:
                problems.append(f"{path}: {name}: tabs outside the output")
            versions = FENCE_OF[name].pythons if name in FENCE_OF else ()
            wanted = [f"Python {v}" for v in versions] if len(versions) > 1 else []
            if block["labels"] != wanted:
                problems.append(f"{path}: {name}: tabs {block['labels']}, not {wanted}")
    assert not problems, "\n".join(problems)


def test_a_page_names_the_machine_once(survey, site_dir: Path) -> None:
    """One line per page says where its examples ran, below them; a block's
    own stamp says how long it ran and only what differs from that line."""
    found = survey("desktop-light")
    problems = []
    for path in pages_with(site_dir, 'class="example"'):
        stamp = found.pages[path]["stamp"]
        if stamp["count"] != 1:
            problems.append(f"{path}: {stamp['count']} machine stamps, not one")
            continue
        text = stamp["text"]
        facts = re.search(r"(CPython [^,]+, (?:free-threaded build, )?GIL \w+)", text)
        if not facts:
            problems.append(f"{path}: the page's stamp names no interpreter: {text!r}")
            continue
        if stamp["top"] < stamp["lastBottom"] - 1:
            problems.append(f"{path}: the page's stamp is not after its examples")
        for block in found.pages[path]["blocks"]:
            for own in block["stamps"]:
                if not own.startswith("ran in") or facts[1] in own:
                    problems.append(f"{path}: {block['name']}: stamp {own!r}")
    assert not problems, "\n".join(problems)


@passes("desktop-light", "phone-light")
def test_no_output_is_cut_or_scrolled_sideways(survey, name: str) -> None:
    """Every line an example printed wraps inside its block: an error
    message is never cut at the right edge, nor hidden past a scroll."""
    found = survey(name).each("cut")
    assert not found, "outputs cut at the right edge:\n" + "\n".join(found)


@passes("desktop-light", "phone-light")
def test_copy_buttons_cover_no_text(survey, name: str) -> None:
    found = survey(name).each("covered")
    assert not found, "text under a copy button:\n" + "\n".join(found)


def test_no_page_is_longer_than_twelve_screens(survey) -> None:
    """On a 1280 x 800 desktop screen, as the page loads: no page is longer
    than MAX_SCREENS screens (split it under its nav section instead)."""
    long = []
    for path, facts in survey("desktop-light").pages.items():
        screens = facts["size"][2] / DESKTOP["height"]
        print(f"{screens:5.1f} screens  {path}")
        if screens > MAX_SCREENS:
            long.append(f"{path}: {screens:.1f} screens")
    assert not long, f"pages longer than {MAX_SCREENS} screens:\n" + "\n".join(long)


def test_notebook_pages_show_each_cell_once(survey, site_dir: Path) -> None:
    """Each code cell of a notebook page appears once, highlighted: not a
    second time as a paragraph of plain text."""
    notebooks = pages_with(site_dir, "jupyter-wrapper")
    assert notebooks, "no notebook page in the built site"
    found = survey("desktop-light")
    problems = []
    for path in notebooks:
        cells = found.pages[path]["notebook"]
        if not cells["cells"]:
            problems.append(f"{path}: no code cell")
        if cells["copies"]:
            problems.append(f"{path}: {cells['copies']} code cells shown a second time")
        if any(count != 1 for count in cells["cells"]):
            problems.append(f"{path}: shown parts per code cell: {cells['cells']}")
    assert not problems, "\n".join(problems)


def test_every_diagram_fits_a_phone(survey, site_dir: Path) -> None:
    """At 390 px every diagram scales to the screen, whole."""
    assert pages_with(site_dir, 'class="diagram"'), "no diagram in the built site"
    found = survey("phone-light").each("diagrams")
    assert not found, "diagrams that do not fit a phone:\n" + "\n".join(found)


@passes("desktop-light", "phone-light")
def test_tables_keep_identifiers_whole(survey, name: str) -> None:
    """Tables wrap at word boundaries, never inside an identifier; one too
    wide for the screen scrolls in its own box, with a shadow at the edge
    that says there is more."""
    found = survey(name).each("tables")
    assert not found, "\n".join(found)


def search(browser, base_url: str, query: str) -> list[str]:
    """The links Material's search lists for ``query`` (lunr in a web worker,
    over the built index), as a reader who pastes it gets them."""
    watched = Watched(browser, base_url)
    page = visit(watched, base_url, "")
    page.locator("input.md-search__input").click()
    # Pasted, then a key that moves the cursor: one search, for the whole
    # query (typed, each keystroke's search could still be answering when
    # the results are read on a busy machine).
    page.locator("input.md-search__input").fill(query)
    page.keyboard.press("End")
    page.locator("a.md-search-result__link").first.wait_for(timeout=15_000)
    page.wait_for_timeout(300)  # the last keystroke's results
    hrefs = page.locator("a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)"
    )
    watched.context.close()
    assert not watched.problems, "\n".join(watched.problems)
    return hrefs


def first_section(hrefs: list[str], base_url: str) -> str:
    sections = [urlsplit(href) for href in hrefs if urlsplit(href).fragment]
    assert sections, f"no section among the results {hrefs}"
    first = sections[0]
    return f"{first.path.removeprefix(urlsplit(base_url).path)}#{first.fragment}"


#: Real queries, and the section (page and anchor) each must reach first:
#: words a reader types, questions a reader asks, and error messages as
#: Python prints them (with this reader's own addresses and pids).
SEARCHES = [
    ("race condition", "threads-races/#race-conditions"),
    ("TaskGroup", "asyncio-tasks/#structured-concurrency-with-taskgroup"),
    ("get_event_loop", "asyncio-traps/#get_event_loop-with-no-running-loop"),
    (
        "forkserver",
        "multiprocessing-start-methods/#start-methods-fork-spawn-and-forkserver",
    ),
    ("chunksize", "multiprocessing-data/#many-small-tasks-chunksize"),
    ("SharedMemory", "multiprocessing-sharing/#sharedmemory-one-block-no-copies"),
    ("kill a thread", "troubleshooting-threads/#a-thread-cannot-be-killed"),
    ("how to kill a thread", "troubleshooting-threads/#a-thread-cannot-be-killed"),
    ("stop a thread", "troubleshooting-threads/#a-thread-cannot-be-killed"),
    ("Ctrl-C", "troubleshooting-threads/#ctrl-c-does-not-stop-the-program"),
    ("pickle lambda", "troubleshooting-processes/#picklingerror-cant-pickle-"),
    ("never awaited", "troubleshooting-asyncio/#runtimewarning-coroutine-"),
    ("BrokenProcessPool", "troubleshooting-pools/#brokenprocesspool-"),
    (
        "_pickle.PicklingError: Can't pickle <function <lambda> at 0x7f3b2c1d5e40>: "
        "attribute lookup <lambda> on __main__ failed",
        "troubleshooting-processes/#picklingerror-cant-pickle-",
    ),
    (
        "concurrent.futures.process.BrokenProcessPool: A process in the process "
        "pool was terminated abruptly while the future was running or pending.",
        "troubleshooting-pools/#brokenprocesspool-",
    ),
    (
        "DeprecationWarning: This process (pid=48213) is multi-threaded, use of "
        "fork() may lead to deadlocks in the child.",
        "troubleshooting-pools/#deprecationwarning-this-process-",
    ),
    (
        "RuntimeError: asyncio.run() cannot be called from a running event loop",
        "troubleshooting-event-loop/#runtimeerror-asynciorun-cannot-",
    ),
    (
        "RuntimeError: There is no current event loop in thread 'MainThread'.",
        "troubleshooting-event-loop/#runtimeerror-there-is-no-current-event-loop-",
    ),
    (
        "RuntimeError: Event loop is closed",
        "troubleshooting-event-loop/#runtimeerror-event-loop-is-closed",
    ),
    # The questions about libraries, tests and the last pool patterns, in
    # the words readers ask them.
    ("httpx AsyncClient", "libraries/http-clients/#httpx-asyncclient-reuse-"),
    (
        "Unclosed client session",
        "libraries/http-clients/#closing-the-client-async-with-",
    ),
    ("retry backoff asyncio", "libraries/http-limits/#retries-with-backoff-"),
    ("httpx timeout", "libraries/http-limits/#httpxtimeout-and-asynciotimeout"),
    ("requests Session thread safe", "libraries/http-threads/#is-a-requests-session-"),
    ("threading.local session", "libraries/http-threads/#one-session-per-worker-"),
    ("check_same_thread", "libraries/sqlite-threads/#"),
    ("nested pool", "process-pool-patterns/#a-pool-inside-a-pool-"),
    ("error_callback", "process-pool-patterns/#apply_async-exception-"),
    ("buffersize", "process-pool-inputs/#processpoolexecutormap-on-a-large-"),
    ("cancel_futures", "process-pool-inputs/#cancel-the-rest-when-one-task-fails"),
    ("numpy release the GIL", "libraries/numpy/#what-releases-the-gil-"),
    ("oversubscription", "libraries/numpy-blas/#"),
    ("OMP_NUM_THREADS", "libraries/numpy-blas/#"),
    ("pytest-asyncio", "libraries/testing/#an-async-test-needs-a-plugin"),
    (
        "async def functions are not natively supported",
        "libraries/testing/#an-async-test-needs-a-plugin",
    ),
    ("timeout on a test", "libraries/testing-races/#a-time-limit-on-a-test-"),
    ("pytest hangs", "libraries/testing-races/#a-time-limit-on-a-test-"),
    ("setswitchinterval", "libraries/testing-races/#a-race-made-to-fail-"),
    ("IsolatedAsyncioTestCase", "libraries/testing-processes/#with-the-standard-"),
    ("test spawn", "libraries/testing-processes/#processes-in-tests-spawn-"),
    ("read subprocess output line by line", "subprocesses/#read-subprocess-output-"),
    ("subprocess timeout kill", "subprocess-timeouts/#a-timeout-that-kills-the-child"),
    ("cp314t", "free-threading-in-practice/#"),
    ("Py_mod_gil", "free-threading-in-practice/#checking-a-dependency-tree"),
    ("TaskGroup cancel", "asyncio-tasks/#structured-concurrency-with-taskgroup"),
    ("serialize_iterator", "python-3-15-threads-processes/#sharing-one-iterator-"),
    (
        "set_event_loop_policy deprecated",
        "python-3-15/#event-loop-policies-on-the-way-out",
    ),
    ("no writable temporary directory", "python-3-15-threads-processes/#no-writable-"),
]


@pytest.mark.parametrize(
    ("query", "section"), SEARCHES, ids=[q[:40] for q, _ in SEARCHES]
)
def test_search_lands_on_the_right_section(
    browser, base_url: str, query: str, section: str
) -> None:
    """The first section a real query returns is the one that answers it."""
    landed = first_section(search(browser, base_url, query), base_url)
    assert landed.startswith(section), f"{query!r} lands on {landed}, not {section}"


def troubleshooting_headings() -> list[str]:
    """Each entry heading of the Troubleshooting pages, as text: an error
    message or a symptom, as the reader has it."""
    headings = []
    for page in sorted(DOCS.glob("troubleshooting-*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("## "):
                line = re.sub(r"\s*\{[:#][^}]*\}$", "", line)  # an {#anchor}
                text = unescape(line[3:]).replace("\\", "").replace("`", "")
                headings.append(text.strip())
    return headings


HEADINGS = troubleshooting_headings()


@pytest.mark.parametrize("heading", HEADINGS, ids=[h[:40] for h in HEADINGS])
def test_a_troubleshooting_heading_pasted_whole_is_the_first_result(
    browser, base_url: str, site_dir: Path, heading: str
) -> None:
    """A reader pastes the message from the terminal into the search box:
    its entry is the first section found."""
    anchors = {}
    for page in sorted(site_dir.glob("troubleshooting-*/index.html")):
        html = page.read_text(encoding="utf-8")
        for anchor, text in re.findall(r'<h2 id="([^"]+)">(.*?)</h2>', html, re.S):
            text = unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip()
            anchors[text] = f"{page.parent.name}/#{anchor}"
    assert heading in anchors, f"{heading!r} is not a heading of {sorted(anchors)}"
    landed = first_section(search(browser, base_url, heading), base_url)
    assert landed == anchors[heading], f"{heading!r} lands on {landed}"


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


@passes("desktop-light", "desktop-dark")
def test_axe_finds_nothing_serious_on_any_page(survey, name: str) -> None:
    """axe-core 4 over every page, theme included, as the page loads (each
    example's source and output in sight): no serious or critical violation."""
    header = axe_script().read_text(encoding="utf-8")[:40]
    assert "axe v4." in header, header
    found = survey(name).each("axe")
    assert not found, f"axe-core, {name}:\n" + "\n".join(found)


@passes(*SURVEYS)
def test_every_page_fits_the_screen_and_is_photographed(survey, name: str) -> None:
    """No page scrolls sideways (a code block or a table may, inside its own
    box); each page's first screen and its first example go to
    test-artifacts/screenshots/<device>/ (the dark scheme's under dark/)."""
    found = survey(name)
    wide = [
        f"{path}: {scroll} px wide on a {width} px screen"
        for path, facts in found.pages.items()
        for scroll, width, _height in [facts["size"]]
        if scroll > width
    ]
    assert not wide, "pages that scroll sideways:\n" + "\n".join(wide)
    folder = SCREENSHOTS / name.split("-")[0] / ("dark" if "dark" in name else "")
    missing = [
        path
        for path in found.pages
        if not (folder / f"{path.strip('/').replace('/', '-') or 'home'}.png").is_file()
    ]
    assert not missing, f"no screenshot in {folder} of {missing}"


def test_search_finds_a_page_by_a_word_in_its_body(browser, base_url: str) -> None:
    hrefs = search(browser, base_url, "deadlock")
    assert any("/threads/" in href for href in hrefs), hrefs


def test_dark_theme_renders(browser, base_url: str) -> None:
    watched = Watched(browser, base_url, color_scheme="dark")
    page = visit(watched, base_url, "threads/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "threads-dark.png"))
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    watched.context.close()
    assert background not in {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}, background
    assert not watched.problems, "\n".join(watched.problems)
