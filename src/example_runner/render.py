"""What a fence shows, from runs already made: source, output, stamps.

Nothing here starts a process: :func:`render` takes the runs that
:func:`~example_runner.execute.run_fence` made, each with its
interpreter's facts (or hand-made ones, in the tests), and returns the
Markdown of the block. The source comes first, then
what it printed: one output, or a tab per interpreter the fence names. The
page says once where its build ran (:func:`page_stamp`); a block adds only
how long it ran and what differs from that (another interpreter, build or
start method).
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .execute import Outcome
from .fences import Fence
from .process import Run
from .pythons import install_command

if TYPE_CHECKING:
    from .superfences import PageContext

__all__ = ["facts", "page_stamp", "render", "shown", "stamp"]


def facts(info: dict[str, Any]) -> list[str]:
    """Where a run happened, as the stamps word it."""
    gil = "GIL enabled" if info["gil"] else "GIL disabled"
    if info["free_threaded"]:
        gil = f"free-threaded build, {gil}"
    return [
        f"{info['implementation']} {info['version']}, {gil}",
        f"{info['system']} {info['machine']}, {info['cpus']} CPUs"
        + (f" ({info['cpu']})" if info["cpu"] else ""),
        f"default start method {info['start_method']}",
    ]


def stamp(run: Run, info: dict[str, Any], build: dict[str, Any] | None = None) -> str:
    """How long an example ran and where (``info``, its interpreter's facts),
    as HTML text: with ``build`` (the build interpreter's), only what differs."""
    parts = [f"ran in {run.seconds:.2f} s"]
    if run.returncode:
        parts.append(f"exit status {run.returncode}")
    shared = set(facts(build)) if build else set()
    ran = facts(info)
    parts += [fact for fact in ran if fact not in shared]
    return " · ".join(html.escape(part) for part in parts)


def page_stamp(build: dict[str, Any]) -> str:
    """The page's one line on where its examples ran, as HTML."""
    text = " · ".join(html.escape(fact) for fact in facts(build))
    return (
        '<p class="page-stamp">The examples on this page ran when it was built: '
        f"{text}. A block names anything that differs.</p>"
    )


def shown(text: str, info: dict[str, Any], project: Path) -> str:
    """``text`` as the page shows it, without this machine's paths.

    Tracebacks, warnings and asyncio's debug mode name files by absolute
    path. The page shows a file of the project relative to the project
    (``examples/asyncio/blocking_the_loop.py:40``) and a file of the
    interpreter that ran the example under ``<python>``
    (``<python>/lib/python3.11/asyncio/tasks.py``); nothing else changes.
    """
    paths = {}
    for prefix in info.get("prefixes", ()):
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


def _output(run: Run, info: dict[str, Any], project: Path) -> str:
    from markdown_exec import code_block

    stdout = shown(run.stdout.rstrip("\n"), info, project) or "(no output)"
    if not run.stderr.strip():
        return code_block("text", stdout)
    stderr = shown(run.stderr.rstrip("\n"), info, project)
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


def render(
    fence: Fence,
    outcomes: list[Outcome],
    project: Path,
    page: PageContext | None,
    build: dict[str, Any] | None = None,
    figures: dict[str, str] | None = None,
) -> str:
    """The Markdown that shows a fence: its source, then what each run printed.

    ``build``: the build interpreter's facts, which the page states once
    (:func:`page_stamp`); None states them in each block. ``figures``: the
    charts of a run's tables, by version, placed under its output.
    """
    figures = figures or {}
    blocks = []
    for outcome in outcomes:
        if outcome.run is None:
            blocks.append(_not_run(outcome))
            continue
        stamped = stamp(outcome.run, outcome.info, build)
        stamped = f'<p class="example-stamp">{stamped}</p>'
        chart = figures.get(outcome.version, "")
        blocks.append(
            _output(outcome.run, outcome.info, project)
            + (f"\n\n{chart}" if chart else "")
            + f"\n\n{stamped}"
        )
    if len(outcomes) == 1:
        output = blocks[0]
    else:  # a tab per interpreter, the first that ran open
        ran = [i for i, outcome in enumerate(outcomes) if outcome.run is not None]
        titles = [f"Python {outcome.version}" for outcome in outcomes]
        output = _tabs(list(zip(titles, blocks, strict=True)), ran[0] if ran else 0)
    return (
        f'<div class="example" data-example="{html.escape(fence.path)}" '
        f'markdown="1">\n\n{_source(fence, project, page)}\n\n'
        f'<div class="example-output" markdown="1">\n\n{output}\n\n</div>\n\n</div>'
    )
