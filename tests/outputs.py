"""Reading what the examples print: numbers, tables, the interpreter's GIL."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

FLOAT = r"(\d+(?:\.\d+)?)"
#: The examples' output checks run them on this interpreter (the build's).
GIL = getattr(sys, "_is_gil_enabled", lambda: True)()

_ROW = re.compile(r"^\s*(?P<name>\S.*?)(?::\s+|\s{2,})(?P<rest>\S.*?)\s*$")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_RATIO = re.compile(r"(\d+(?:\.\d+)?)x\b")


@dataclass
class Row:
    """One line of a printed table: its name, its numbers, its first "N.Nx"."""

    name: str
    numbers: list[float]
    ratio: float | None


def table(stdout: str) -> dict[str, Row]:
    """Every line ``name<two or more spaces>cells`` or ``name: cells``, by name."""
    rows = {}
    for line in stdout.splitlines():
        match = _ROW.match(line)
        if match:
            rest = match["rest"].replace(",", "")
            ratio = _RATIO.search(rest)
            rows[match["name"]] = Row(
                match["name"],
                [float(n) for n in _NUMBER.findall(rest)],
                float(ratio[1]) if ratio else None,
            )
    return rows


def ratios(stdout: str) -> dict[str, float]:
    """Row name -> its "N.Nx" ratio, for the rows that have one."""
    return {n: r.ratio for n, r in table(stdout).items() if r.ratio is not None}
