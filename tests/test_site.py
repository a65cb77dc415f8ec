"""The built site: strict build, every example shown, links resolve, works offline."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from project import EXAMPLES, FENCE_OF, FENCES, copy_project, site_build

from example_runner import find_python

pytestmark = pytest.mark.slow


class Page(HTMLParser):
    """The parts of one built HTML page that the checks need."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []  # href/src that the browser follows
        self.resources: list[str] = []  # what the browser loads by itself
        self.examples: list[dict[str, str]] = []
        self._in: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in {"script", "img", "iframe"} and a.get("src"):
            self.resources.append(a["src"])
            self.links.append(a["src"])
        if tag == "link" and a.get("href") and "stylesheet" in a.get("rel", ""):
            self.resources.append(a["href"])
        if tag == "div" and a.get("class") == "example":
            self.examples.append({"path": a.get("data-example", ""), "text": ""})
            self._in.append("example")
        elif self._in:
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self.examples:
            self.examples[-1]["text"] += data


def pages(site: Path) -> dict[str, Page]:
    return {
        p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8"))
        for p in site.rglob("*.html")
    }


@pytest.fixture(scope="module")
def site(built_site) -> dict[str, Page]:
    assert built_site.returncode == 0, (
        f"mkdocs build --strict failed:\n{built_site.log[-6000:]}"
    )
    return pages(built_site.site)


def test_strict_build_passes(built_site) -> None:
    assert built_site.returncode == 0, (
        f"mkdocs build --strict failed:\n{built_site.log[-6000:]}"
    )
    warnings = [
        line for line in built_site.log.splitlines() if re.match(r"WARNING\s+-", line)
    ]
    assert not warnings, "\n".join(warnings)


STAMP = re.compile(
    r"ran in \d+\.\d\d s( · exit status \d+)? · CPython 3\.\d+\.\d+\S*, "
    r"(free-threaded build, )?GIL (enabled|disabled) · (Linux|Darwin|Windows) .*?CPUs"
)


def check_shown(shown: list[dict[str, str]]) -> None:
    """Every fence shown, with one stamp per interpreter this machine has and
    a "Not run here" notice for each one it lacks."""
    assert sorted(ex["path"] for ex in shown) == sorted(f.path for f in FENCES)
    for ex in shown:
        fence = FENCE_OF[ex["path"]]
        versions = fence.pythons or ("",)
        found = [version for version in versions if find_python(version)]
        assert "Source" in ex["text"], ex["path"]
        assert len(STAMP.findall(ex["text"])) == len(found), ex["path"]
        missing = len(versions) - len(found)
        assert ex["text"].count("Not run here") == missing, ex["path"]
        assert "(no output)" not in ex["text"], f"examples/{ex['path']} printed nothing"


def test_every_fence_is_rendered_with_output_and_stamp(site: dict[str, Page]) -> None:
    check_shown([ex for page in site.values() for ex in page.examples])


def test_example_source_on_the_page_is_the_file(
    site: dict[str, Page], built_site
) -> None:
    for fence in FENCES:
        published = built_site.site / "examples" / fence.path
        assert published.is_file(), (
            f"download link target for {fence.path} was not published"
        )
        source = (EXAMPLES / fence.path).read_text(encoding="utf-8")
        assert published.read_text(encoding="utf-8") == source


def test_internal_links_and_anchors_resolve(site: dict[str, Page], built_site) -> None:
    files = {
        p.relative_to(built_site.site).as_posix()
        for p in built_site.site.rglob("*")
        if p.is_file()
    }
    broken = []
    for name, page in site.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # outside the site: edit links, the repository
            target = name
            if parts.path:
                # Relative to the page; "/..." to the site root (404.html).
                base = "" if parts.path.startswith("/") else posixpath.dirname(name)
                path = posixpath.join(base, unquote(parts.path).lstrip("/"))
                target = posixpath.normpath(path)
                if target not in files:
                    target = posixpath.normpath(posixpath.join(target, "index.html"))
            if target not in files:
                broken.append(f"{name}: {link} -> no such file")
            elif (
                parts.fragment
                and target in site
                and unquote(parts.fragment) not in site[target].ids
            ):
                broken.append(f"{name}: {link} -> no id {parts.fragment!r} in {target}")
    assert not broken, "broken links in the built site:\n" + "\n".join(broken)


def test_site_loads_nothing_from_outside(site: dict[str, Page]) -> None:
    outside = [
        f"{name}: {url}"
        for name, page in site.items()
        for url in page.resources
        if urlsplit(url).scheme
    ]
    assert not outside, "pages load resources from the network:\n" + "\n".join(outside)


def test_highlighted_lines_are_marked(site: dict[str, Page], built_site) -> None:
    """A fence's hl_lines marks those lines of the source it shows."""
    fences = [fence for fence in FENCES if fence.hl_lines]
    assert fences, "no page uses hl_lines; the check has nothing to check"
    for fence in fences:
        page = built_site.site / fence.page.removesuffix(".md") / "index.html"
        html = page.read_text(encoding="utf-8")
        block = html.split(f'data-example="{fence.path}"', 1)[1]
        block = block.split('class="example-stamp"', 1)[0]
        wanted = 0
        for part in fence.hl_lines.split():
            first, _, last = part.partition("-")
            wanted += int(last or first) - int(first) + 1
        assert block.count('class="hll"') == wanted, f"{fence.where}: {fence.hl_lines}"


def test_zensical_builds_and_runs_every_example(
    tmp_path, examples_cache, built_site
) -> None:
    """Zensical reads mkdocs.yml too: every fence runs and renders there."""
    project = copy_project(tmp_path / "project")
    result = site_build(project, tmp_path / "site", examples_cache, builder="zensical")
    assert result.returncode == 0, result.log[-3000:]
    check_shown([ex for page in pages(result.site).values() for ex in page.examples])
