"""The ``example`` fence for pymdownx.superfences, under MkDocs or Zensical.

Declared in mkdocs.yml::

    markdown_extensions:
      - example_runner
      - pymdownx.superfences:
          custom_fences:
            - name: example
              class: example
              validator: !!python/name:example_runner.validator
              format: !!python/name:example_runner.formatter

The ``example_runner`` extension reads the page's file as written, once,
before anything renders: each fence, with the line it is on, front matter
counted (:func:`~example_runner.fences.parse_fences`). A fence that cannot be
read fails the build there, naming its line. Each fence opener then carries
its line (``line="27"``) to the validator, and the formatter takes the fence
read at that line, runs it (:func:`~example_runner.execute.run_fence`) and
renders the runs (:func:`~example_runner.render.render`). After the page,
one line says where its examples ran.
"""

from __future__ import annotations

import html
import re
import sys
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, fromstring

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.superfences import SuperFencesException

from .execute import run_fence
from .fences import FENCE_RE, Fence, FenceError, parse_fences
from .interpreters import interpreter_info
from .process import ExampleError
from .render import page_stamp, render, stamp

if TYPE_CHECKING:
    from markdown import Markdown

__all__ = [
    "ExampleExtension",
    "PageContext",
    "formatter",
    "makeExtension",
    "page_context",
    "validator",
]


class BuildError(SuperFencesException):
    """An example failed under Zensical, which does not fail on a warning.

    Superfences lets this exception class through (it swallows others, and
    leaves the fence as a plain code block), so it stops the build.
    """


@dataclass(frozen=True)
class PageContext:
    """The page whose Markdown holds the fence."""

    src_uri: str  # relative to the docs directory
    url: str  # of the page, relative to the site root
    docs_dir: Path
    builder: str  # "mkdocs" (whose hook publishes examples/), "zensical" or ""

    @property
    def project(self) -> Path:
        return self.docs_dir.parent


def page_context(md: Markdown) -> PageContext | None:
    """The page that ``md`` renders, under MkDocs or Zensical; else None."""
    if "relpath" in md.treeprocessors:  # MkDocs 1.6
        processor: Any = md.treeprocessors["relpath"]
        file = processor.file
        return PageContext(
            file.src_uri, file.url, Path(processor.config["docs_dir"]), "mkdocs"
        )
    if "rendering_context" in md.preprocessors:  # Zensical
        processor = md.preprocessors["rendering_context"]
        docs = Path(processor.config["docs_dir"])
        page = Path(processor.page.path)
        uri = page.relative_to(docs) if page.is_absolute() else page
        return PageContext(
            uri.as_posix(), processor.page.url, docs.resolve(), "zensical"
        )
    return None


@dataclass
class _Page:
    """One render of a page: where it is, its fences by line, whether one ran."""

    context: PageContext | None
    fences: dict[int, Fence]
    ran: bool = False


_pages: weakref.WeakKeyDictionary[Markdown, _Page] = weakref.WeakKeyDictionary()


class FenceReader(Preprocessor):
    """Read every ``example`` fence of the page once, with its line.

    A header that superfences cannot read (``timeout=60``, unquoted) never
    reaches the formatter: the block would show as plain text. So the page's
    file is read as written, and a fence that
    :func:`~example_runner.fences.parse_fences` rejects fails the build with
    its page line: a warning under MkDocs (strict mode stops), an error under
    Zensical. Markdown with no page (a test) is read as given.
    """

    def __init__(self, md: Markdown, page: PageContext | None = None) -> None:
        super().__init__(md)
        self.page = page  # for Markdown that no MkDocs or Zensical page renders

    def run(self, lines: list[str]) -> list[str]:
        page = page_context(self.md) or self.page
        file = page.docs_dir / page.src_uri if page else None
        written = file.read_text(encoding="utf-8") if file and file.is_file() else None
        text = "\n".join(lines) + "\n"
        fences = parse_fences(written or text, page.src_uri if page else "")
        _pages[self.md] = _Page(page, {fence.line: fence for fence in fences})
        for fence in fences:
            try:
                fence.check()
            except FenceError as error:
                if page is not None and page.builder == "zensical":
                    raise BuildError(str(error)) from None
                log_warning(str(error))
        # The n-th opener of the Markdown is the n-th fence of the file (front
        # matter, which only the file has, holds none): give each its line.
        openers = [text.count("\n", 0, m.start()) for m in FENCE_RE.finditer(text)]
        for index, fence in zip(openers, fences, strict=False):
            lines[index] += f' line="{fence.line}"'
        return lines


class PageStamp(Treeprocessor):
    """At the end of a page whose examples ran: one line saying where."""

    def run(self, root: Element) -> None:
        page = _pages.get(self.md)
        if page is not None and page.ran:
            stamp = page_stamp(interpreter_info(sys.executable))
            root.append(fromstring(stamp))


def log_warning(message: str) -> None:
    import logging

    logging.getLogger("mkdocs.plugins.example_runner").warning(message)


def validator(
    language: str,
    inputs: dict[str, str],
    options: dict[str, Any],
    attrs: dict[str, Any],
    md: Markdown,
) -> bool:
    """Accept every ``example`` fence; the reader has checked its options."""
    options["line"] = inputs.get("line", "")
    inputs.clear()
    return True


def formatter(
    source: str,
    language: str,
    css_class: str,
    options: dict[str, Any],
    md: Markdown,
    **kwargs: Any,
) -> str:
    """Run the example a fence names and return the HTML that shows it."""
    from markdown_exec import ExecutionError, base_format

    page = _pages.get(md) or _Page(page_context(md), {})
    context = page.context
    path = source.strip()
    project = context.project if context else Path.cwd()
    zensical = context is not None and context.builder == "zensical"

    def run(code: str, **_: Any) -> str:
        # Superfences drops a fence whose formatter raises anything but its own
        # exception, and renders the bare path: every failure becomes a
        # markdown-exec error (a warning: `mkdocs build --strict` stops) or,
        # under Zensical, which finishes "with no issues" after a warning, a
        # BuildError that stops the build.
        where = f"docs/{context.src_uri}" if context else "a page"
        try:
            fence = page.fences.get(int(options.get("line") or 0))
            if fence is None:
                raise FenceError(
                    f"examples/{path} ({where}): the fence was not read with its "
                    "page; add `- example_runner` to markdown_extensions"
                )
            where = fence.where if fence.page else where
            return _show(fence, project, page)
        except (ExampleError, FenceError) as error:
            message = str(error)
        except ExecutionError as error:
            message = str(error)
        except Exception as error:  # a bug, or the machine: still name the place
            message = (
                f"examples/{path} (included from {where}): the runner failed with "
                f"{type(error).__name__}: {error}; fix the cause, or report it "
                "with this message"
            )
        raise (BuildError if zensical else ExecutionError)(message)

    return base_format(
        language="example", run=run, code=source, md=md, id=f"examples/{path}"
    )


def _show(fence: Fence, project: Path, page: _Page) -> str:
    """Run the fence and render it; store the tables of a charts fence."""
    from .charts import ChartError, charts_html, store_results

    outcomes = run_fence(fence, project)
    figures = {}
    for outcome in outcomes:
        if fence.charts and outcome.run is not None:
            where = f"examples/{fence.path} ({fence.where})"
            try:
                figures[outcome.version] = charts_html(outcome.run.stdout, where)
            except ChartError as error:
                raise ExampleError(str(error)) from None
            full = stamp(outcome.run, outcome.info)
            text = html.unescape(re.sub(r"<[^>]+>", "", full))
            store_results(fence.path, outcome.version, outcome.run.stdout, text)
    page.ran = page.ran or any(outcome.run for outcome in outcomes)
    build = interpreter_info(sys.executable)
    return render(fence, outcomes, project, page.context, build, figures)


class ExampleExtension(Extension):
    """The fence reader and the page stamp. Markdown built by hand (a test)
    may name its page: ``ExampleExtension(page="index.md", docs_dir=...)``."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "page": ["", "the page, relative to docs_dir, outside MkDocs"],
            "docs_dir": ["", "the docs directory, outside MkDocs"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        page, docs = self.getConfig("page"), self.getConfig("docs_dir")
        context = PageContext(page, page, Path(docs), "") if page else None
        reader = FenceReader(md, context)
        md.preprocessors.register(reader, "example_fence_reader", 40)
        md.treeprocessors.register(PageStamp(md), "example_page_stamp", 1)


def makeExtension(**kwargs: Any) -> Extension:
    """``markdown_extensions: [example_runner]`` in mkdocs.yml."""
    return ExampleExtension(**kwargs)
