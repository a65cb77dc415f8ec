"""The ``example`` fence: its options, and where each one is on a page.

A page includes an example with a fence whose body is its path below
``examples/``, and whose header may hold options, each written
``key="value"``::

    ```example returncode="1" pythons="3.13 3.14"
    multiprocessing/no_main_guard.py
    ```

The build and the tests read a fence through :func:`parse_fences` alone, so
they agree on every option; anything else in the header is an error that
names the page, the line and the options allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .interpreters import VERSION_RE
from .process import DEFAULT_TIMEOUT, Expect

__all__ = ["OPTIONS", "Fence", "FenceError", "find_fences", "parse_fences"]

#: Every option the fence takes, and what it means.
OPTIONS = {
    "returncode": "the exit status the example is meant to have (default 0)",
    "stderr": '"1" when output on stderr is part of the lesson',
    "timeout": f"seconds before it is killed (default {DEFAULT_TIMEOUT:g})",
    "pythons": 'versions to run it on, e.g. "3.13 3.14" (default: the build\'s)',
    "hl_lines": 'source lines to highlight, e.g. "12-15 20"',
    "charts": '"1" to draw a chart of each table the run prints (charts.py)',
}
FENCE_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<ticks>`{3,})example(?=[ \t]|$)(?P<header>[^\n]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=ticks)[ \t]*$",
    re.M | re.S,
)
OPTION_RE = re.compile(r'[ \t]*([A-Za-z_][\w-]*)="([^"\n]*)"')
HL_LINES_RE = re.compile(r"^\d+(-\d+)?( +\d+(-\d+)?)*$")


class FenceError(ValueError):
    """A fence that the build cannot read; the message says how to fix it."""


@dataclass(frozen=True)
class Fence:
    """One ``example`` fence: where it is, what it runs, what it promises."""

    page: str  # relative to docs/
    line: int  # of the opening ```, counted in the file as written
    path: str  # relative to examples/
    expect: Expect = field(default_factory=Expect)
    pythons: tuple[str, ...] = ()  # empty: the build interpreter
    hl_lines: str = ""
    charts: bool = False
    errors: tuple[str, ...] = field(default=(), compare=False)

    @property
    def where(self) -> str:
        return f"docs/{self.page}:{self.line}"

    def check(self) -> None:
        """Raise FenceError if the header could not be read."""
        if self.errors:
            allowed = ", ".join(f'{name}="..."' for name in OPTIONS)
            raise FenceError(
                f"{self.where}: the example fence for examples/{self.path} "
                + "; ".join(self.errors)
                + f". It takes: {allowed}."
            )


def _read_options(header: str) -> tuple[dict[str, str], list[str]]:
    options: dict[str, str] = {}
    errors: list[str] = []
    position = 0
    for match in OPTION_RE.finditer(header):
        if header[position : match.start()].strip():
            break
        options[match[1]] = match[2]
        position = match.end()
    rest = header[position:].strip()
    if rest:
        errors.append(f'cannot read {rest!r}: write each option as key="value"')
    for name in options.keys() - OPTIONS.keys():
        errors.append(f"has an unknown option {name!r}")
    return options, errors


def _to_expect(options: dict[str, str], errors: list[str]) -> Expect:
    values: dict[str, object] = {}
    try:
        values["returncode"] = int(options.get("returncode", "0"))
    except ValueError:
        errors.append(f"returncode={options['returncode']!r} is not a whole number")
    flag = options.get("stderr", "0").lower()
    if flag not in {"0", "1", "yes", "no", "true", "false"}:
        errors.append(f'stderr={options["stderr"]!r} is neither "1" nor "0"')
    values["stderr"] = flag in {"1", "yes", "true"}
    try:
        timeout = float(options.get("timeout", DEFAULT_TIMEOUT))
        if not 0 < timeout <= 600:
            raise ValueError
        values["timeout"] = timeout
    except ValueError:
        errors.append(
            f"timeout={options['timeout']!r} is not a number of seconds from 0 to 600"
        )
    return Expect(**values)  # type: ignore[arg-type]


def parse_fences(text: str, page: str = "") -> list[Fence]:
    """Every ``example`` fence in ``text``, the whole file of a page."""
    fences = []
    for match in FENCE_RE.finditer(text):
        options, errors = _read_options(match["header"])
        expect = _to_expect(options, errors)
        pythons = tuple(options.get("pythons", "").split())
        bad = [v for v in pythons if not VERSION_RE.match(v)]
        if bad or ("pythons" in options and not pythons):
            errors.append(
                f"pythons={options['pythons']!r} should list versions like "
                '"3.13 3.14 3.14t"'
            )
        hl_lines = options.get("hl_lines", "")
        if hl_lines and not HL_LINES_RE.match(hl_lines):
            errors.append(f'hl_lines={hl_lines!r} should look like "12-15 20"')
        charts = options.get("charts", "0")
        if charts not in {"0", "1"}:
            errors.append(f'charts={charts!r} is neither "1" nor "0"')
        fences.append(
            Fence(
                page=page,
                line=text.count("\n", 0, match.start()) + 1,
                path=match["body"].strip(),
                expect=expect,
                pythons=pythons,
                hl_lines=hl_lines,
                charts=charts == "1",
                errors=tuple(errors),
            )
        )
    return fences


def find_fences(docs: Path) -> list[Fence]:
    """Every ``example`` fence in the Markdown pages under ``docs``."""
    return [
        fence
        for page in sorted(docs.rglob("*.md"))
        for fence in parse_fences(
            page.read_text(encoding="utf-8"), page.relative_to(docs).as_posix()
        )
    ]
