"""Charts of a benchmark's printed tables, drawn by the build as static SVG.

A fence with ``charts="1"`` shows, under the output of each run, one chart per
table that run printed. A table is a paragraph of the output (lines between
blank lines) whose first line is its title and which holds a header line that
starts with ``model``, then one row per line, cells split on whitespace::

    Waits of 10 ms, speedup by workers
    sequential baseline: 0.081 s
    model       workers  seconds  speedup    min-max  ideal  efficiency
    asyncio           1    0.084    0.97x  0.95-0.98      1         97%

The columns choose the chart: ``workers`` and ``speedup`` draw the speedup
against the worker count with its min-max band and the ideal line; ``tasks``
and ``seconds`` draw the time against the task count (logarithmic)
with the ideal; ``start_ms`` and ``end_ms`` draw a timeline, one panel per
model and one lane per task. Only numbers read from the output are drawn, so
the chart shows what the table beside it shows. The SVG is inline: its text
and lines are ``currentColor`` (the theme's text colour, light or dark), its
background transparent, its text real text (no embedded fonts), and it
carries a ``<title>`` and a ``<desc>`` listing every value, its text
alternative.

With ``MEASURED_RESULTS`` set to a file, each run's tables are also stored
there as JSON (the analysis notebook reads them).
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "RESULTS_ENV",
    "ChartError",
    "Table",
    "chart_svg",
    "charts_html",
    "parse_tables",
    "store_results",
]

RESULTS_ENV = "MEASURED_RESULTS"
#: Drawn in this colour, then written as currentColor: the theme's text colour.
INK = "#010203"
#: Okabe-Ito colours, distinct for colour-blind readers, on light and dark.
SERIES = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#D55E00", "#0072B2")
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?[x%]?")
RANGE = re.compile(r"(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)x?")
Cell = str | float | tuple[float, float]


class ChartError(ValueError):
    """The output holds no table the fence can chart; says what is wrong."""


@dataclass
class Table:
    """One printed table: its title, the lines above its header, its rows."""

    title: str
    notes: list[str]
    columns: list[str]
    rows: list[dict[str, Cell]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        names = set(self.columns)
        if {"workers", "speedup"} <= names:
            return "speedup"
        if {"tasks", "seconds"} <= names:
            return "tasks"
        if {"start_ms", "end_ms"} <= names:
            return "timeline"
        return ""

    def models(self) -> list[str]:
        return list(dict.fromkeys(str(row["model"]) for row in self.rows))

    def of(self, model: str) -> list[dict[str, Cell]]:
        return [row for row in self.rows if row["model"] == model]


def _cell(text: str) -> Cell:
    """A number ("1.95x", "98%", "10,000"), a range ("0.98-1.02"), or text."""
    if match := RANGE.fullmatch(text):
        return float(match[1]), float(match[2])
    if NUMBER.fullmatch(text):
        return float(text.rstrip("x%").replace(",", ""))
    return text


def parse_tables(stdout: str) -> list[Table]:
    """Every table in a run's output, in the order printed."""
    tables = []
    for paragraph in re.split(r"\n\s*\n", stdout.strip()):
        lines = paragraph.splitlines()
        header = next(
            (i for i, line in enumerate(lines) if line.split()[:1] == ["model"]),
            None,
        )
        if header is None or header == 0:
            continue
        columns = lines[header].split()
        table = Table(lines[0].strip(), [s.strip() for s in lines[1:header]], columns)
        for line in lines[header + 1 :]:
            cells = line.split()
            if len(cells) == len(columns):
                table.rows.append(dict(zip(columns, map(_cell, cells), strict=True)))
        if table.rows:
            tables.append(table)
    return tables


def _value(cell: Cell) -> float:
    if isinstance(cell, tuple | str):
        raise ChartError(f"expected a number, found {cell!r}")
    return cell


def _axes_style(ax: Any) -> None:
    ax.set_facecolor("none")
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)


def _speedup(fig: Any, table: Table) -> str:
    ax = fig.subplots()
    _axes_style(ax)
    described = []
    for color, model in zip(SERIES * 2, table.models(), strict=False):
        rows = table.of(model)
        x = [_value(r["workers"]) for r in rows]
        y = [_value(r["speedup"]) for r in rows]
        (line,) = ax.plot(x, y, marker="o", markersize=4, color=color, label=model)
        line.set_gid(f"series-{model}")
        band = [b for r in rows if isinstance(b := r.get("min-max"), tuple)]
        if len(band) == len(rows):
            ax.fill_between(
                x, [b[0] for b in band], [b[1] for b in band], color=color, alpha=0.15
            )
        described.append(
            f"{model}: "
            + ", ".join(f"{w:g} workers {s:.2f}x" for w, s in zip(x, y, strict=True))
        )
    ideal = {_value(r["workers"]): _value(r["ideal"]) for r in table.rows}
    (line,) = ax.plot(
        list(ideal), list(ideal.values()), linestyle="--", color=INK, label="ideal"
    )
    line.set_gid("series-ideal")
    ax.set_xticks(sorted(ideal))
    ax.set_xlabel("workers")
    ax.set_ylabel("speedup against sequential (times)")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize="small", ncols=2)
    ideal_text = ", ".join(f"{w:g} workers {i:g}x" for w, i in ideal.items())
    return "; ".join([*described, f"ideal: {ideal_text}"])


def _tasks(fig: Any, table: Table) -> str:
    ax = fig.subplots()
    _axes_style(ax)
    ax.set_xscale("log")
    described = []
    for color, model in zip(SERIES * 2, table.models(), strict=False):
        rows = table.of(model)
        x = [_value(r["tasks"]) for r in rows]
        y = [_value(r["seconds"]) for r in rows]
        (line,) = ax.plot(x, y, marker="o", markersize=4, color=color, label=model)
        line.set_gid(f"series-{model}")
        described.append(
            f"{model}: "
            + ", ".join(f"{n:g} tasks {s:.3f} s" for n, s in zip(x, y, strict=True))
        )
    xs = sorted({_value(r["tasks"]) for r in table.rows})
    ideal = _value(table.rows[0]["ideal"])
    (line,) = ax.plot(
        xs, [ideal] * len(xs), linestyle="--", color=INK, label="ideal (one wait)"
    )
    line.set_gid("series-ideal")
    ax.set_xticks(xs, [f"{x:,.0f}" for x in xs])
    ax.minorticks_off()
    ax.set_xlabel("tasks (log scale)")
    ax.set_ylabel("seconds for all the tasks")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize="small")
    return "; ".join([*described, f"ideal: {ideal:g} s"])


def _timeline(fig: Any, table: Table) -> str:
    models = table.models()
    axes = fig.subplots(len(models), 1, sharex=True, squeeze=False)[:, 0]
    described = []
    for ax, model in zip(axes, models, strict=True):
        _axes_style(ax)
        rows = table.of(model)
        for row in rows:
            task, lane = _value(row["task"]), _value(row["worker"])
            start, end = _value(row["start_ms"]), _value(row["end_ms"])
            color = SERIES[int(lane - 1) % len(SERIES)]
            bars = ax.barh(task, end - start, left=start, height=0.7, color=color)
            bars.patches[0].set_gid(f"task-{model}-{task:g}")
        ax.set_yticks([_value(r["task"]) for r in rows])
        ax.invert_yaxis()
        ax.set_ylabel(model, rotation=0, ha="right", va="center", fontsize="small")
        ax.tick_params(axis="y", labelsize="x-small")
        workers = len({r["worker"] for r in rows})
        described.append(
            f"{model} ({workers} worker{'s' * (workers > 1)}): "
            + ", ".join(
                f"task {_value(r['task']):g} {_value(r['start_ms']):.1f}"
                f"-{_value(r['end_ms']):.1f} ms"
                for r in rows
            )
        )
    axes[-1].set_xlabel("milliseconds since the tasks were handed over")
    return "; ".join(described)


DECIMALS = re.compile(r"(\.\d)\d+")
ATTRIBUTE = re.compile(r'\b(d|x|y|width|height|transform|style)="([^"]*)"')


def _rounded(match: re.Match[str]) -> str:
    """An attribute's coordinates to a tenth of a point: a lighter page."""
    value = DECIMALS.sub(r"\1", match[2])
    return f'{match[1]}="{value}"'


DRAW = {"speedup": _speedup, "tasks": _tasks, "timeline": _timeline}


def chart_svg(table: Table, caption: str = "") -> str:
    """The SVG of one table, ready to inline: theme colours, title, desc."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    if table.kind not in DRAW:
        raise ChartError(
            f"the table {table.title!r} has columns {table.columns}; a chart needs "
            "workers and speedup, tasks and seconds, or start_ms and end_ms"
        )
    height = 1.1 * len(table.models()) + 0.6 if table.kind == "timeline" else 3.4
    style = {
        "svg.fonttype": "none",  # text as text: no embedded glyphs
        "svg.hashsalt": "measured",  # stable ids from build to build
        "font.family": "sans-serif",
        "font.size": 9,
        "text.color": INK,
        "axes.labelcolor": INK,
        "axes.edgecolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "legend.labelcolor": INK,
    }
    with matplotlib.rc_context(style):  # type: ignore[arg-type]
        fig = Figure(figsize=(6.4, height), layout="constrained")
        fig.patch.set_alpha(0)
        description = DRAW[table.kind](fig, table)
        buffer = io.StringIO()
        FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :].replace(INK, "currentColor")
    svg = re.sub(r"<metadata>.*?</metadata>|<style .*?</style>", "", svg, flags=re.S)
    # The page's font (the text is real text), and no transform that does nothing
    svg = re.sub(r"font-family: [^;\"]*;? ?", "", svg)
    svg = re.sub(r' transform="rotate\(-0 [^"]*\)"', "", svg)
    svg = ATTRIBUTE.sub(_rounded, svg)
    svg = re.sub(r"\s*\n\s*", " ", svg)  # one line: Markdown keeps it a raw block
    ident = "chart-" + re.sub(r"[^a-z0-9]+", "-", table.title.lower()).strip("-")
    label = (
        f'<title id="{ident}-title">{html.escape(caption or table.title)}</title>'
        f'<desc id="{ident}-desc">{html.escape(description)}</desc>'
    )
    svg = re.sub(
        r"<svg ([^>]*)>",
        lambda m: (
            f'<svg {m[1]} class="measured-chart" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc">{label}'
        ),
        svg,
        count=1,
    )
    return re.sub(r'\s(width|height)="[\d.]+pt"', "", svg, count=2)


def charts_html(stdout: str, where: str) -> str:
    """A figure per table of ``stdout``, with its caption; ChartError if none."""
    tables = [table for table in parse_tables(stdout) if table.kind]
    if not tables:
        raise ChartError(
            f'{where}: charts="1" is set, but the output holds no table to chart '
            "(a title line, then a header starting with 'model'); print one, or "
            "drop the option"
        )
    figures = []
    for table in tables:
        what = {
            "speedup": "Speedup against the sequential run, by worker count; the "
            "band is the min-max over the repeats, the dashed line the ideal",
            "tasks": "Time for all the waits, by task count; the dashed line is the "
            "ideal, one wait",
            "timeline": "Each task from start to end, one lane per task, coloured "
            "by the worker that ran it",
        }[table.kind]
        caption = f"{table.title}. {what}. Drawn by this build from the table "
        caption += "above, which this run printed."
        figures.append(
            f'<figure class="measured-figure">{chart_svg(table, caption)}'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        )
    return "\n\n".join(figures)


def store_results(path: str, version: str, stdout: str, stamp: str) -> None:
    """Add one run's tables to the JSON file named by MEASURED_RESULTS, if set."""
    target = os.environ.get(RESULTS_ENV)
    if not target:
        return
    file = Path(target)
    results = []
    with contextlib.suppress(OSError, ValueError):
        results = json.loads(file.read_text(encoding="utf-8"))
    results = [r for r in results if (r["example"], r["python"]) != (path, version)]
    results.append(
        {
            "example": path,
            "python": version,
            "stamp": stamp,
            "tables": [asdict(table) for table in parse_tables(stdout)],
        }
    )
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(results, indent=1), encoding="utf-8")
