"""The ``example`` fence for pymdownx.superfences: run, judge, render.

Declared in mkdocs.yml, so MkDocs and Zensical both run it::

    - pymdownx.superfences:
        custom_fences:
          - name: example
            class: example
            validator: !!python/name:example_runner.validate
            format: !!python/name:example_runner.format

The page being rendered, and so the exact line of each fence, comes from the
Markdown instance that renders it: MkDocs and Zensical each attach their page
to it. Each fence's options are read from the page's file as written, with
:func:`~example_runner.fences.parse_fences`, the same reader the tests use.
"""

from __future__ import annotations

import html
import logging
import os
import re
import weakref
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown import Extension
from markdown.preprocessors import Preprocessor
from pymdownx.superfences import SuperFencesException

from .cache import cache_dir, cached_run
from .fences import Fence, FenceError, parse_fences
from .interpreters import find_python, interpreter_info
from .process import ExampleError, Run
from .pythons import install_command

if TYPE_CHECKING:
    from markdown import Markdown

__all__ = [
    "REQUIRE_ENV",
    "FenceCheck",
    "format",
    "makeExtension",
    "page_context",
    "shown",
    "stamp",
    "validate",
]

#: Set to "1" to fail the build when an interpreter a fence names is missing.
REQUIRE_ENV = "REQUIRE_PYTHONS"
#: Versions a fence named that this build lacked (for the summary at its end).
MISSING: set[str] = set()
log = logging.getLogger("mkdocs.plugins.example_runner")


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
    builder: str  # "mkdocs" (whose hook publishes examples/) or "zensical"

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
class _PageState:
    fences: list[Fence]
    seen: Counter[str] = field(default_factory=Counter)


_pages: weakref.WeakKeyDictionary[Markdown, _PageState] = weakref.WeakKeyDictionary()


def _page_state(md: Markdown, page: PageContext) -> _PageState:
    """The page's fences as written, read once per page render."""
    if md not in _pages:
        file = page.docs_dir / page.src_uri
        text = file.read_text(encoding="utf-8") if file.is_file() else ""
        _pages[md] = _PageState(parse_fences(text, page.src_uri))
    return _pages[md]


def _fence(md: Markdown, page: PageContext | None, path: str, inputs: dict) -> Fence:
    """This fence as written on its page: the n-th one naming ``path``."""
    if page is not None:
        state = _page_state(md, page)
        same = [fence for fence in state.fences if fence.path == path]
        index = state.seen[path]
        state.seen[path] += 1
        if index < len(same):
            return same[index]
    # Not found as written (Markdown built by hand): read the parsed header.
    header = " ".join(f'{key}="{value}"' for key, value in inputs.items())
    text = f"```example {header}\n{path}\n```\n"
    (fence,) = parse_fences(text, page.src_uri if page else "")
    return fence


def validate(
    language: str,
    inputs: dict[str, str],
    options: dict[str, Any],
    attrs: dict[str, Any],
    md: Markdown,
) -> bool:
    """Accept every ``example`` fence; its options are checked when it runs."""
    options["inputs"] = dict(inputs)
    inputs.clear()
    return True


def format(
    source: str,
    language: str,
    css_class: str,
    options: dict[str, Any],
    md: Markdown,
    **kwargs: Any,
) -> str:
    """Run the example a fence names and return the HTML that shows it."""
    from markdown_exec import ExecutionError, base_format

    page = page_context(md)
    path = source.strip()
    project = page.project if page else Path.cwd()
    zensical = page is not None and page.builder != "mkdocs"

    def run(code: str, **_: Any) -> str:
        # Superfences drops a fence whose formatter raises anything but its own
        # exception, and renders the bare path: every failure becomes a
        # markdown-exec error (a warning: `mkdocs build --strict` stops) or,
        # under Zensical, which finishes "with no issues" after a warning, a
        # BuildError that stops the build.
        where = f"docs/{page.src_uri}" if page else "a page"
        try:
            fence = _fence(md, page, path, options.get("inputs", {}))
            where = fence.where if fence.page else where
            return render(fence, project, page)
        except ExecutionError as error:
            if zensical:
                raise BuildError(str(error)) from None
            raise
        except Exception as error:  # a bug, or the machine: still name the place
            message = (
                f"examples/{path} (included from {where}): the runner failed with "
                f"{type(error).__name__}: {error}; fix the cause, or report it "
                "with this message"
            )
            raise (BuildError if zensical else ExecutionError)(message) from error

    return base_format(
        language="example",
        run=run,
        code=source,
        md=md,
        id=f"examples/{path}",
    )


@dataclass
class Outcome:
    """One interpreter's part of a fence: its run, or why it did not run."""

    version: str  # as the fence names it; "" for the build interpreter
    run: Run | None = None
    missing: str = ""  # the command that was not found


def run_fence(fence: Fence, project: Path) -> list[Outcome]:
    """Run a fence's example on each interpreter it names, and judge each run.

    Raises ExampleError, naming the page line and the interpreter, if a run
    breaks the fence's promise, or if an interpreter is missing while
    REQUIRE_PYTHONS=1.
    """
    fence.check()
    where = f"included from {fence.where}" if fence.page else ""
    script = project / "examples" / fence.path
    if not script.is_file():
        raise ExampleError(
            f"examples/{fence.path} ({where}):\n  - does not exist; fix the path in "
            "the page or add the file"
        )
    outcomes = []
    for version in fence.pythons or ("",):
        python = find_python(version)
        if python is None:
            command = f"python{version}"
            if os.environ.get(REQUIRE_ENV) == "1":
                raise ExampleError(
                    f"examples/{fence.path} ({where}): {command} was not found, "
                    f"and {REQUIRE_ENV}=1 requires every interpreter a page "
                    f"names; install it ({install_command(version)}), or unset "
                    f"{REQUIRE_ENV} to show the example as not run on {version}"
                )
            MISSING.add(version)
            log.info(
                "examples/%s (%s): not run on %s, no %s command",
                fence.path,
                where,
                version,
                command,
            )
            outcomes.append(Outcome(version, missing=command))
            continue
        run = cached_run(script, fence.path, python, fence.expect, cache_dir(project))
        run.check(fence.expect, where + (f", Python {version}" if version else ""))
        outcomes.append(Outcome(version, run))
    return outcomes


def stamp(run: Run) -> str:
    """Where and how long an example ran, as HTML text."""
    info = interpreter_info(run.python)
    gil = "GIL enabled" if info["gil"] else "GIL disabled"
    if info["free_threaded"]:
        gil = f"free-threaded build, {gil}"
    parts = [
        f"ran in {run.seconds:.2f} s",
        f"{info['implementation']} {info['version']}, {gil}",
        f"{info['system']} {info['machine']}, {info['cpus']} CPUs"
        + (f" ({info['cpu']})" if info["cpu"] else ""),
        f"default start method {info['start_method']}",
    ]
    if run.returncode:
        parts.insert(1, f"exit status {run.returncode}")
    return " · ".join(html.escape(part) for part in parts)


def shown(text: str, run: Run, project: Path) -> str:
    """``text`` as the page shows it, without this machine's paths.

    Tracebacks, warnings and asyncio's debug mode name files by absolute
    path. The page shows a file of the project relative to the project
    (``examples/asyncio/blocking_the_loop.py:40``) and a file of the
    interpreter that ran the example under ``<python>``
    (``<python>/lib/python3.11/asyncio/tasks.py``); nothing else changes.
    """
    paths = {}
    for prefix in interpreter_info(run.python).get("prefixes", ()):
        paths.update(dict.fromkeys({prefix, os.path.realpath(prefix)}, "<python>"))
    paths.update(dict.fromkeys({str(project), os.path.realpath(project)}, ""))
    # The longest first: a virtual environment inside the project is <python>.
    found = sorted((p for p in paths if len(p) > 1), key=len, reverse=True)
    if not found:
        return text
    pattern = re.compile(
        r"(?<![\w.~-])(" + "|".join(map(re.escape, found)) + r")([/\\])"
    )

    def relative(match: re.Match[str]) -> str:
        short = paths[match.group(1)]
        return short + match.group(2) if short else ""

    return pattern.sub(relative, text)


def _output(run: Run, project: Path) -> str:
    from markdown_exec import code_block

    stdout = shown(run.stdout.rstrip("\n"), run, project) or "(no output)"
    if not run.stderr.strip():
        return code_block("text", stdout)
    stderr = shown(run.stderr.rstrip("\n"), run, project)
    return (
        code_block("text", stdout, title="stdout")
        + "\n\n"
        + code_block("text", stderr, title="stderr")
    )


def _not_run(outcome: Outcome) -> str:
    return (
        f'!!! note "Not run here"\n\n'
        f"    This build had no `{outcome.missing}` command, so the example was "
        f"not run on Python {outcome.version}. Nothing is shown rather than an "
        "output that no run printed. To run it yourself, install that "
        f"interpreter with `{install_command(outcome.version)}`."
    )


def _source(fence: Fence, project: Path, page: PageContext | None) -> str:
    from markdown_exec import code_block
    from mkdocs.utils import get_relative_url

    source = (project / "examples" / fence.path).read_text(encoding="utf-8")
    extra = {"hl_lines": fence.hl_lines} if fence.hl_lines else {}
    block = code_block(
        "python",
        source.rstrip("\n"),
        title=f"examples/{fence.path}",
        linenums="1",
        **extra,
    )
    run_it = f"run it with `python examples/{fence.path}`"
    if page is not None and page.builder == "mkdocs":
        href = get_relative_url(f"examples/{fence.path}", page.url)
        name = Path(fence.path).name
        run_it = (
            f"[:material-download: Download {name}]({href}){{ download }} · {run_it}"
        )
    return f"{block}\n\n{run_it}\n{{: .example-run }}"


def _tabs(tabs: list[tuple[str, str]], selected: int) -> str:
    """pymdownx.tabbed tabs, the ``selected`` one open when the page loads."""
    from textwrap import indent

    return "\n".join(
        f'==={"+" if i == selected else ""} "{title}"\n{indent(text, " " * 4)}\n'
        for i, (title, text) in enumerate(tabs)
    )


def _charts(fence: Fence, outcome: Outcome) -> str:
    """With charts="1": a chart of each table the run printed (charts.py)."""
    if not fence.charts or outcome.run is None:
        return ""
    from markdown_exec import ExecutionError

    from .charts import ChartError, charts_html, store_results

    text = html.unescape(re.sub(r"<[^>]+>", "", stamp(outcome.run)))
    try:
        figures = charts_html(
            outcome.run.stdout, f"examples/{fence.path} ({fence.where})"
        )
    except ChartError as error:
        raise ExecutionError(str(error)) from None
    store_results(fence.path, outcome.version, outcome.run.stdout, text)
    return f"\n\n{figures}"


def render(fence: Fence, project: Path, page: PageContext | None) -> str:
    """The Markdown that shows a fence: output per interpreter, stamps, source.

    The output comes first and is open when the page loads, the source is a
    tab away: what ran is the point of the block.
    """
    from markdown_exec import ExecutionError

    try:
        outcomes = run_fence(fence, project)
    except (ExampleError, FenceError) as error:
        raise ExecutionError(str(error)) from None
    tabs = []
    # One run: its stamp under the tabs. Several: each under its own output.
    single = len(outcomes) == 1 and outcomes[0].run is not None
    footer = ""
    for outcome in outcomes:
        title = f"Python {outcome.version}" if outcome.version else "Output"
        if outcome.run is None:
            tabs.append((title, _not_run(outcome)))
            continue
        stamped = f'<p class="example-stamp">{stamp(outcome.run)}</p>'
        output = _output(outcome.run, project) + _charts(fence, outcome)
        if single:
            tabs.append((title, output))
            footer = f"\n\n{stamped}"
        else:
            tabs.append((title, f"{output}\n\n{stamped}"))
    tabs.append(("Source", _source(fence, project, page)))
    # Open the first output that a run printed, not a "Not run here" notice.
    ran = [i for i, outcome in enumerate(outcomes) if outcome.run is not None]
    return (
        f'<div class="example" data-example="{html.escape(fence.path)}" '
        f'markdown="1">\n\n{_tabs(tabs, ran[0] if ran else 0)}{footer}\n\n</div>'
    )


class FenceCheck(Preprocessor):
    """Check every ``example`` fence of the page before anything renders.

    A header that superfences cannot read (``timeout=60``, unquoted) never
    reaches the fence's formatter: the block would show as plain text. So
    each page's file is read as written, and a fence that
    :func:`~example_runner.fences.parse_fences` rejects fails the build with
    its page line: a warning under MkDocs (strict mode stops), an error
    under Zensical.
    """

    def run(self, lines: list[str]) -> list[str]:
        page = page_context(self.md)
        if page is not None:
            for fence in _page_state(self.md, page).fences:
                try:
                    fence.check()
                except FenceError as error:
                    if page.builder != "mkdocs":
                        raise BuildError(str(error)) from None
                    log.warning(str(error))
        return lines


class _FenceCheckExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(FenceCheck(md), "example_fence_check", 40)


def makeExtension(**kwargs: Any) -> Extension:
    """``markdown_extensions: [example_runner]`` in mkdocs.yml."""
    return _FenceCheckExtension(**kwargs)
