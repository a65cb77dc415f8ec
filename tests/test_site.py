"""The built site: strict build, every example shown, links resolve, works offline."""

from __future__ import annotations

import json
import os
import posixpath
import re
import sys
import tempfile
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from project import (
    DOCS,
    EXAMPLES,
    FENCE_OF,
    FENCES,
    ROOT,
    VERSIONS,
    copy_project,
    site_build,
)

from example_runner import find_python, interpreter_info

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


def site_root(site: Path) -> str:
    """The path the site is served under ("/name/" for site_url .../name/):
    absolute links (on 404.html) start with it."""
    home = re.search(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text())
    return urlsplit(home.group(1)).path if home else "/"


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


STAMP = re.compile(r"ran in \d+\.\d\d s")
PAGE_STAMP = re.compile(
    r"ran when it was built: CPython 3\.\d+\.\d+\S*, "
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
        assert f"examples/{ex['path']}" in ex["text"], ex["path"]  # the source's title
        assert len(STAMP.findall(ex["text"])) == len(found), ex["path"]
        missing = len(versions) - len(found)
        assert ex["text"].count("Not run here") == missing, ex["path"]
        assert "(no output)" not in ex["text"], f"examples/{ex['path']} printed nothing"


def test_every_fence_is_rendered_with_output_and_stamp(site: dict[str, Page]) -> None:
    check_shown([ex for page in site.values() for ex in page.examples])


def test_a_page_says_once_where_its_examples_ran(built_site, site) -> None:
    """One stamp of the machine per page with examples, after them; a block
    repeats none of it for a run on the build's own interpreter."""
    for name, page in site.items():
        if not page.examples:
            continue
        text = unescape(re.sub(r"<[^>]+>", "", (built_site.site / name).read_text()))
        assert len(PAGE_STAMP.findall(text)) == 1, name
        build = f"CPython {interpreter_info(sys.executable)['version']}, GIL"
        repeats = [ex["path"] for ex in page.examples if build in ex["text"]]
        assert not repeats, f"{name}: blocks repeat the page's stamp: {repeats}"


def test_the_source_on_the_page_is_the_file(site: dict[str, Page], built_site) -> None:
    """What a reader copies from the page, and downloads, is what ran."""
    shown = {ex["path"]: ex["text"] for page in site.values() for ex in page.examples}
    for fence in FENCES:
        source = (EXAMPLES / fence.path).read_text(encoding="utf-8")
        assert source.strip() in shown[fence.path], (
            f"examples/{fence.path}: the page shows another source"
        )
        published = built_site.site / "examples" / fence.path
        assert published.read_text(encoding="utf-8") == source, (
            f"the download of examples/{fence.path} is not the file"
        )


def test_internal_links_and_anchors_resolve(site: dict[str, Page], built_site) -> None:
    files = {
        p.relative_to(built_site.site).as_posix()
        for p in built_site.site.rglob("*")
        if p.is_file()
    }
    root = site_root(built_site.site)
    broken = []
    for name, page in site.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # outside the site: edit links, the repository
            target = name
            if parts.path:
                # Relative to the page; "/..." to the site root (404.html).
                path = unquote(parts.path)
                if path.startswith("/"):
                    path = path.removeprefix(root.rstrip("/")).lstrip("/")
                else:
                    path = posixpath.join(posixpath.dirname(name), path)
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


def test_highlighted_lines_are_marked(site: dict[str, Page], built_site) -> None:
    """A fence's hl_lines marks those lines of the source it shows."""
    fences = [fence for fence in FENCES if fence.hl_lines]
    assert fences, "no page uses hl_lines; the check has nothing to check"
    for fence in fences:
        page = built_site.site / fence.page.removesuffix(".md") / "index.html"
        html = page.read_text(encoding="utf-8")
        block = html.split(f'data-example="{fence.path}"', 1)[1]
        block = block.split('class="example-run"', 1)[0]  # ends the source
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


#: What a page may weigh at first view: its HTML and everything it loads by
#: itself (scripts, styles, images, the fonts and images its styles load,
#: the search worker), without the search index.
BUDGET = 600 * 1024


class Loads(HTMLParser):
    """What a browser fetches by itself to show one page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in {"script", "img", "iframe", "source", "audio", "video", "embed"}:
            self.urls += [a["src"]] if a.get("src") else []
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        rel = set(a.get("rel", "").split())
        if tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload"}:
            self.urls.append(a["href"])

    def handle_data(self, data: str) -> None:
        # Material's configuration names the search worker, which starts at
        # once; the index it then fetches is left out.
        if data.lstrip().startswith("{") and '"search":' in data:
            worker = json.loads(data).get("search")
            if worker:
                self.urls.append(worker)


def first_view(site: Path, page: Path) -> dict[str, int]:
    """Bytes of each file a browser loads to show ``page``, by site path."""
    root = site_root(site).rstrip("/")
    sizes = {page.relative_to(site).as_posix(): page.stat().st_size}
    todo = [(page, url) for url in Loads(page.read_text(encoding="utf-8")).urls]
    while todo:
        where, url = todo.pop()
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob"} or not parts.path:
            continue
        assert not parts.scheme and not url.startswith("//"), (
            f"{page.relative_to(site)} loads {url} from outside the site"
        )
        path = unquote(parts.path)
        if path.startswith("/"):
            file = site / path.removeprefix(root).lstrip("/")
        else:
            file = where.parent / path
        file = file.resolve()
        assert file.is_file(), f"{page.relative_to(site)} loads {url}: no such file"
        name = file.relative_to(site.resolve()).as_posix()
        if name in sizes:
            continue
        sizes[name] = file.stat().st_size
        if file.suffix == ".css":  # what a stylesheet loads: fonts, images
            css = file.read_text(encoding="utf-8")
            for found in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
                todo.append((file, found))
    return sizes


def test_every_page_is_light_at_first_view(built_site) -> None:
    """No page weighs more than BUDGET at first view (raw bytes, as served)."""
    site = built_site.site
    assert built_site.returncode == 0, built_site.log[-3000:]
    heavy = []
    print(f"\nfirst view of each page (budget {BUDGET / 1024:.0f} KiB):")
    for page in sorted(site.rglob("*.html")):
        sizes = first_view(site, page)
        total = sum(sizes.values())
        name = page.relative_to(site).as_posix()
        largest = sorted(sizes.items(), key=lambda item: -item[1])[:3]
        print(
            f"  {total / 1024:7.1f} KiB  {name}  ("
            + ", ".join(f"{n} {s / 1024:.0f} KiB" for n, s in largest)
            + ")"
        )
        if total > BUDGET:
            heavy.append(f"{name}: {total / 1024:.0f} KiB, largest: {largest}")
    assert not heavy, "pages over the first-view budget:\n" + "\n".join(heavy)


def machine_paths() -> set[str]:
    """Where this machine keeps the project, the user's files, temporary
    files and each interpreter the examples ran on."""
    paths = {str(ROOT), os.path.realpath(ROOT), str(Path.home())}
    paths.add(os.path.realpath(tempfile.gettempdir()))
    paths.add(tempfile.gettempdir())
    for version in ("", *VERSIONS, *(f"{v}t" for v in VERSIONS)):
        python = find_python(version)
        if python:
            for prefix in interpreter_info(python)["prefixes"]:
                paths |= {prefix, os.path.realpath(prefix)}
    return {path.rstrip("/\\") for path in paths if len(path) > 1}


def test_no_machine_path_anywhere_in_the_site(built_site) -> None:
    """Output is shown with paths relative to the project and <python>: no
    file of the built site names where this machine keeps things."""
    paths = machine_paths()
    assert str(ROOT) in paths
    found = []
    for file in sorted(built_site.site.rglob("*")):
        if not file.is_file() or file.suffix in {".png", ".gz", ".ico", ".woff2"}:
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        for path in paths:
            for sep in ("/", "\\"):
                if path + sep in text:
                    at = text.index(path + sep)
                    where = text[max(0, at - 60) : at + 80].replace("\n", " ")
                    found.append(f"{file.relative_to(built_site.site)}: ...{where}...")
    assert not found, "machine paths in the built site:\n" + "\n".join(found[:20])


def front_matter_description(page: Path) -> str | None:
    import yaml

    text = page.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return None
    meta = yaml.safe_load(text[4 : text.index("\n---", 4)]) or {}
    return meta.get("description")


def test_pages_have_descriptions_and_link_previews(built_site) -> None:
    """Every page: a description, Open Graph and Twitter tags, a canonical
    link under site_url; a page's own description where it has one."""
    site = built_site.site
    home = re.search(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text())
    assert home and home.group(1).startswith("https://"), "site_url is not set"
    wanted = {
        page.relative_to(DOCS).with_suffix("").as_posix(): front_matter_description(
            page
        )
        for page in DOCS.rglob("*.md")
        if "overrides" not in page.parts and "hooks" not in page.parts
    }
    assert any(wanted.values()), "no page has a description: in its front matter"
    problems = []
    for name, description in wanted.items():
        built = site / ("" if name == "index" else name) / "index.html"
        if not built.is_file():
            continue  # not in the nav
        html = built.read_text(encoding="utf-8")
        tags = {
            name: unescape(content)
            for name, content in re.findall(
                r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', html
            )
        }
        for tag in (
            "description",
            "og:title",
            "og:description",
            "og:url",
            "twitter:card",
        ):
            if not tags.get(tag):
                problems.append(f"docs/{name}.md: no {tag} meta tag")
        if not tags.get("og:url", "").startswith(home.group(1)):
            problems.append(f"docs/{name}.md: og:url {tags.get('og:url')!r}")
        if description and tags.get("description") != " ".join(description.split()):
            problems.append(f"docs/{name}.md: its description is not the page's")
    assert not problems, "\n".join(problems)


def test_llms_txt_lists_a_markdown_copy_of_every_page(built_site) -> None:
    """llms.txt (mkdocs-llmstxt) links a Markdown copy of each page, and the
    copy holds the page's text and its examples' output."""
    site = built_site.site
    llms = (site / "llms.txt").read_text(encoding="utf-8")
    assert llms.startswith("# Concurrency models in Python"), llms[:200]
    home = re.search(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text())
    linked = {
        url.removeprefix(home.group(1))
        for url in re.findall(r"\]\(([^)]+\.md)\)", llms)
    }
    html_pages = {
        page.relative_to(site).with_suffix(".md").as_posix()
        for page in site.rglob("index.html")
        if page.relative_to(site).parts[0] not in {"assets", "examples", "search"}
    }
    assert html_pages <= linked, (
        f"pages without a Markdown copy in llms.txt: {sorted(html_pages - linked)}"
    )
    for name in linked:
        copy = site / name
        assert copy.is_file(), f"llms.txt links {name}, which was not written"
        assert copy.read_text(encoding="utf-8").lstrip().startswith("#"), name
    threads = (site / "threads/index.md").read_text(encoding="utf-8")
    assert "```python" in threads and "```text" in threads  # source and output
    assert (site / "llms-full.txt").stat().st_size > len(threads)


def content_pages(site: Path) -> list[Path]:
    """Every page a reader reads: each index.html but the copies of the
    examples and Material's assets."""
    return sorted(
        page
        for page in site.rglob("index.html")
        if page.relative_to(site).parts[0] not in {"assets", "examples", "search"}
    )


def test_every_page_says_when_it_was_last_updated(built_site) -> None:
    """A date under every page (mkdocs-git-revision-date-localized, type
    date): from git, or the build's date for a page not yet committed."""
    undated = []
    for page in content_pages(built_site.site):
        html = page.read_text(encoding="utf-8")
        found = re.search(
            r'<aside class="md-source-file">.*?'
            r"git-revision-date-localized-plugin-date[^>]*>([^<]+)<",
            html,
            re.S,
        )
        if not found or not re.search(r"\d{4}", found[1]):
            undated.append(page.relative_to(built_site.site).as_posix())
    assert not undated, f"pages without a last-updated date: {undated}"


def page_tags() -> dict[str, list[str]]:
    """The tags each page's front matter gives, by page."""
    import yaml

    tags = {}
    for page in sorted(DOCS.rglob("*.md")):
        if {"overrides", "hooks"} & set(page.parts):
            continue
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            meta = yaml.safe_load(text[4 : text.index("\n---", 4)]) or {}
            tags[page.relative_to(DOCS).as_posix()] = list(meta.get("tags") or [])
    return tags


def test_every_tag_groups_at_least_two_pages() -> None:
    """A tag on one page groups nothing: the tags page would list it with
    a single entry. Tag two pages, or none."""
    pages_of: dict[str, list[str]] = {}
    for page, tags in page_tags().items():
        for tag in tags:
            pages_of.setdefault(tag, []).append(page)
    assert pages_of, "no page has tags: the tags page would be empty"
    lonely = {tag: pages for tag, pages in pages_of.items() if len(pages) < 2}
    assert not lonely, f"tags on a single page: {lonely}"


def test_the_site_offers_every_example_in_one_zip(built_site) -> None:
    """site/downloads/examples.zip holds every example, each under its
    chapter's folder (examples/<chapter>/<name>.py), and nothing else."""
    import zipfile

    archive = built_site.site / "downloads" / "examples.zip"
    assert archive.is_file(), "downloads/examples.zip was not published"
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        assert zipped.testzip() is None, "a file in examples.zip is corrupt"
        for name in names:
            original = EXAMPLES / name.removeprefix("examples/")
            assert zipped.read(name) == original.read_bytes(), name
    wanted = sorted(
        f"examples/{p.relative_to(EXAMPLES).as_posix()}"
        for p in EXAMPLES.rglob("*.py")
        if "__pycache__" not in p.parts
    )
    assert names == wanted, (
        f"missing: {sorted(set(wanted) - set(names))}, "
        f"extra: {sorted(set(names) - set(wanted))}"
    )
    assert all(name.count("/") == 2 for name in names), "not one folder per chapter"


def test_home_and_each_chapter_link_the_examples_zip(built_site) -> None:
    """The home page, and every page whose examples a reader may want to
    run, links the archive (the model chapters open with it)."""
    site = built_site.site
    chapters = ["", "threads", "multiprocessing", "asyncio"]
    missing = [
        name or "home"
        for name in chapters
        if "downloads/examples.zip"
        not in (site / name / "index.html").read_text(encoding="utf-8")
    ]
    assert not missing, f"pages without a link to examples.zip: {missing}"
