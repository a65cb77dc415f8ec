"""Output checks for examples/measured/, and the charts the build draws of them.

Each benchmark runs here in its quick configuration (BENCHMARK=quick), on
the interpreter its fence names first: the tests check the shape of what it
printed, then draw its charts as the build does and read the SVG back: it
parses, it has its axes, title, description and the run's own numbers at
the places they belong. The speed claims run the default configuration,
through the ``speed`` fixture.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache

import pytest
from project import EXAMPLES, FENCE_OF
from speed import Measured, parallel_floor

from example_runner import Run, find_python, interpreter_info, run_example
from example_runner.charts import (
    ChartError,
    Table,
    chart_svg,
    charts_html,
    parse_tables,
)

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
SCRIPTS = [
    "measured/cpu_workers.py",
    "measured/io_workers.py",
    "measured/http_workers.py",
    "measured/mixed_workers.py",
    "measured/task_counts.py",
    "measured/timelines.py",
]


@cache
def quick(path: str) -> Run:
    """One run of the quick configuration, judged as the page judges it."""
    fence = FENCE_OF[path]
    version = fence.pythons[0] if fence.pythons else ""
    python = find_python(version)
    if python is None:
        pytest.skip(f"python{version} is not on this machine")
    run = run_example(
        EXAMPLES / path,
        path=path,
        python=python,
        timeout=fence.expect.timeout,
        env={"BENCHMARK": "quick"},
    )
    run.check(fence.expect, f"included from {fence.where}, BENCHMARK=quick")
    return run


def test_every_benchmark_is_charted_on_its_page() -> None:
    for path in SCRIPTS:
        assert FENCE_OF[path].charts, f'{FENCE_OF[path].where}: add charts="1"'
        assert FENCE_OF[path].page.startswith("measured"), FENCE_OF[path].where


# --- the printed results ------------------------------------------------------


SWEEP = ["model", "workers", "seconds", "speedup", "min-max", "ideal", "efficiency"]


def sweep_shape(table: Table, workers: list[float], paired: bool = False) -> None:
    """A worker sweep; ``paired``: the sequential time is re-measured per
    worker count, in a column of its own, and the speedup is against it."""
    columns = [*SWEEP[:2], "sequential", *SWEEP[2:]] if paired else SWEEP
    assert table.columns == columns, table.columns
    for model in table.models():
        rows = table.of(model)
        assert [row["workers"] for row in rows] == workers, (model, rows)
        for row in rows:
            low, high = row["min-max"]
            assert 0 < low <= row["speedup"] <= high, row
            assert row["efficiency"] == pytest.approx(
                100 * row["speedup"] / row["ideal"], abs=1.5
            ), row
            if paired:
                # as printed: seconds to 1 ms, the speedup to 0.01
                product = row["speedup"] * row["seconds"]
                slack = 0.005 * row["seconds"] + 0.0005 * (1 + row["speedup"])
                assert abs(product - row["sequential"]) <= slack, row
    note = r"sequential: " if paired else r"sequential baseline: \d+\.\d{3} s\b"
    assert re.match(note, table.notes[0]), table.notes
    assert table.notes[0].endswith("; repeats: 1"), "BENCHMARK=quick: one run each"


def cores_of(run: Run) -> int:
    """The CPUs the run's interpreter may use: the count the page's stamp shows
    (the examples print no machine facts of their own)."""
    return interpreter_info(run.python)["cpus"]


def test_cpu_workers() -> None:
    run = quick("measured/cpu_workers.py")
    cores, out = cores_of(run), run.stdout
    tables = parse_tables(out)
    assert [t.title for t in tables] == [
        "Pure-Python arithmetic (holds the GIL), speedup by workers",
        # BENCHMARK=quick hashes 3 MiB buffers (12 MiB otherwise), and says so
        "SHA-256 of 3 MiB buffers (releases the GIL), speedup by workers",
    ]
    for table in tables:
        sweep_shape(table, [float(w) for w in range(1, cores + 2)], paired=True)
        models = {"Thread", "asyncio", "ThreadPoolExecutor", "ProcessPoolExecutor"}
        assert models <= set(table.models()), table.models()
        for row in table.rows:
            assert row["ideal"] == min(row["workers"], cores), row


@pytest.mark.parametrize("path", ["measured/io_workers.py", "measured/http_workers.py"])
def test_io_workers(path: str) -> None:
    out = quick(path).stdout
    (table,) = parse_tables(out)
    sweep_shape(table, [1.0, 2.0, 4.0, 8.0])
    assert {"asyncio", "ThreadPoolExecutor", "ProcessPoolExecutor"} <= set(
        table.models()
    )
    for row in table.rows:
        assert row["ideal"] == min(row["workers"], 8), row


def test_mixed_workers() -> None:
    run = quick("measured/mixed_workers.py")
    cores = cores_of(run)
    (table,) = parse_tables(run.stdout)
    sweep_shape(table, [float(w) for w in range(1, cores + 2)])
    assert table.models() == [
        "asyncio",
        "ThreadPoolExecutor",
        "ProcessPoolExecutor",
        "asyncio+ProcessPool",
    ]
    base, cpu = map(float, re.findall(r"(\d+\.\d+) s", table.notes[0]))
    assert 0 < cpu < base, "the computing is part of the sequential run"
    for row in table.rows:  # the ideal is measured: the bound of waits or cores
        n = row["workers"]
        assert row["ideal"] == pytest.approx(
            base / max(base / n, cpu / min(n, cores)), abs=0.02
        ), row


def test_task_counts() -> None:
    out = quick("measured/task_counts.py").stdout
    (table,) = parse_tables(out)
    assert table.columns == [
        "model",
        "tasks",
        "seconds",
        "min-max",
        "ideal",
        "KiB/task",
    ]
    counts = {m: [r["tasks"] for r in table.of(m)] for m in table.models()}
    # the quick configuration: up to 1,000 tasks, 100 threads, 10 processes
    assert counts == {
        "Process": [10.0],
        "asyncio": [10.0, 100.0, 1000.0],
        "Thread": [10.0, 100.0],
    }
    for row in table.rows:
        low, high = row["min-max"]
        assert row["ideal"] <= low <= row["seconds"] <= high, (
            row
        )  # never under one wait
        if not math.isnan(row["KiB/task"]) and row["model"] == "Process":
            assert row["KiB/task"] > 100, "a process costs at least its own pages"


def timeline_rows(table: Table, model: str) -> list[tuple[float, float, float]]:
    return [(r["worker"], r["start_ms"], r["end_ms"]) for r in table.of(model)]


def test_timelines() -> None:
    out = quick("measured/timelines.py").stdout
    waits, computing = parse_tables(out)
    assert waits.title.startswith("Timeline: I/O-bound")
    assert computing.title.startswith("Timeline: CPU-bound")
    for table in (waits, computing):
        assert table.columns == ["model", "task", "worker", "start_ms", "end_ms"]
        assert table.models()[:4] == [
            "sequential",
            "asyncio",
            "ThreadPoolExecutor",
            "ProcessPoolExecutor",
        ]
        for model in table.models():
            rows = timeline_rows(table, model)
            assert len(rows) == 4, (model, rows)
            assert all(0 <= start <= end for _, start, end in rows), rows
            if model in {"sequential", "asyncio"}:
                assert {worker for worker, _, _ in rows} == {1.0}, "one thread"
            else:
                assert {worker for worker, _, _ in rows} <= {1.0, 2.0}, "two workers"
        sequential = timeline_rows(table, "sequential")
        for (_, _, end), (_, start, _) in itertools.pairwise(sequential):
            assert start >= end, "one task after the other"
    # waiting asyncio tasks all start before the first one ends: they overlap
    asyncio_waits = timeline_rows(waits, "asyncio")
    assert max(s for _, s, _ in asyncio_waits) < min(e for _, _, e in asyncio_waits)
    # computing asyncio tasks do not: each runs to its end before the next
    asyncio_cpu = timeline_rows(computing, "asyncio")
    for (_, _, end), (_, start, _) in itertools.pairwise(asyncio_cpu):
        assert start >= end, asyncio_cpu


# --- the charts ----------------------------------------------------------------


def ticks(axes: ET.Element, axis: str, log: bool = False) -> Callable[[float], float]:
    """Pixel -> value along one axis, from its first and last labelled ticks."""
    found = []
    for tick in axes.iter(f"{SVG}g"):
        if not re.fullmatch(f"{axis}tick_\\d+", tick.get("id", "")):
            continue
        use = tick.find(f".//{SVG}use")
        label = "".join(tick.find(f".//{SVG}text").itertext()).replace(",", "")
        found.append((float(use.get(axis)), float(label.replace("\u2212", "-"))))
    assert len(found) >= 2, f"fewer than two labelled {axis} ticks"
    (p1, v1), (p2, v2) = found[0], found[-1]
    if log:
        v1, v2 = math.log(v1), math.log(v2)
    scale = (v2 - v1) / (p2 - p1)
    if log:
        return lambda p: math.exp(v1 + (p - p1) * scale)
    return lambda p: v1 + (p - p1) * scale


def points(element: ET.Element) -> list[tuple[float, float]]:
    """The vertices of the first path drawn in an element."""
    path = element.find(f".//{SVG}path")
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
    return list(zip(numbers[::2], numbers[1::2], strict=False))


def group(svg: ET.Element, gid: str) -> ET.Element:
    for element in svg.iter(f"{SVG}g"):
        if element.get("id") == gid:
            return element
    raise AssertionError(f"no element with id {gid!r} in the chart")


def parsed(svg_text: str) -> ET.Element:
    svg = ET.fromstring(svg_text)  # well-formed XML, or the test fails here
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text, "no <title>"
    assert desc is not None and desc.text, "no <desc>, the text alternative"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "currentColor" in svg_text, "text and axes follow the theme's colour"
    assert "<image" not in svg_text and "@font-face" not in svg_text, "lean SVG"
    assert "<text" in svg_text, "text as text (svg.fonttype none)"
    return svg


def check_line_chart(
    table: Table, x: str, y: str, xlabel: str, ylabel: str, log: bool = False
) -> None:
    svg = parsed(chart_svg(table, "a caption"))
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert xlabel in texts and ylabel in texts, texts
    axes = group(svg, "axes_1")
    to_x, to_y = ticks(axes, "x", log), ticks(axes, "y")
    desc = svg.find(f"{SVG}desc").text
    for model in table.models():
        rows = table.of(model)
        drawn = points(group(svg, f"series-{model}"))
        assert len(drawn) == len(rows), model
        for (px, py), row in zip(drawn, rows, strict=True):
            assert to_x(px) == pytest.approx(row[x], rel=0.02), (model, row)
            assert to_y(py) == pytest.approx(row[y], rel=0.02, abs=0.01), (model, row)
        assert model in desc and model in texts, f"{model}: in the legend and desc"
    ideal = points(group(svg, "series-ideal"))
    wanted = {row[x]: row["ideal"] for row in table.rows}
    for px, py in ideal:
        assert to_y(py) == pytest.approx(wanted[round(to_x(px))], rel=0.02, abs=0.01)


@pytest.mark.parametrize(
    "path",
    [
        "measured/cpu_workers.py",
        "measured/io_workers.py",
        "measured/http_workers.py",
        "measured/mixed_workers.py",
    ],
)
def test_speedup_charts_hold_the_runs_numbers(path: str) -> None:
    for table in parse_tables(quick(path).stdout):
        check_line_chart(
            table, "workers", "speedup", "workers", "speedup against sequential (times)"
        )
        svg = chart_svg(table)
        for row in table.rows:  # the text alternative names every value
            assert f"{row['workers']:g} workers {row['speedup']:.2f}x" in svg


def test_task_count_chart_holds_the_runs_numbers() -> None:
    (table,) = parse_tables(quick("measured/task_counts.py").stdout)
    check_line_chart(
        table,
        "tasks",
        "seconds",
        "tasks (log scale)",
        "seconds for all the tasks",
        log=True,
    )


def test_timeline_charts_hold_the_runs_numbers() -> None:
    for table in parse_tables(quick("measured/timelines.py").stdout):
        svg = parsed(chart_svg(table, "a caption"))
        axes = [
            g for g in svg.iter(f"{SVG}g") if re.fullmatch(r"axes_\d+", g.get("id", ""))
        ]
        assert len(axes) == len(table.models()), "one panel per model"
        to_ms = ticks(axes[-1], "x")  # the panels share their x axis
        texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
        assert "milliseconds since the tasks were handed over" in texts
        for model in table.models():
            assert model in texts, f"{model}: its panel is labelled"
            for row in table.of(model):
                corners = points(group(svg, f"task-{model}-{row['task']:g}"))
                xs = sorted({px for px, _ in corners})
                assert to_ms(xs[0]) == pytest.approx(
                    row["start_ms"], abs=0.02 * row["end_ms"] + 0.5
                )
                assert to_ms(xs[-1]) == pytest.approx(
                    row["end_ms"], abs=0.02 * row["end_ms"] + 0.5
                )


def test_charts_html_has_a_figure_and_caption_per_table() -> None:
    out = quick("measured/cpu_workers.py").stdout
    figures = charts_html(out, "examples/measured/cpu_workers.py")
    assert figures.count("<figure") == figures.count("<figcaption>") == 2
    captions = re.findall(r"<figcaption>([^<]*)</figcaption>", figures)
    assert len(captions) == 2 and all(
        "Drawn by this build from the table above" in c for c in captions
    )
    assert "*" not in figures, "Markdown would read a * as emphasis"
    with pytest.raises(ChartError, match=r"no table to chart"):
        charts_html("no table here\n", "examples/x.py (docs/x.md:3)")


# --- speed claims (the default configuration) --------------------------------


def best(table: Table, model: str) -> float:
    return max(row["speedup"] for row in table.of(model))


def test_cpu_workers_speed(speed) -> None:
    speed("measured/cpu_workers.py", check_cpu_workers_speed)


def check_cpu_workers_speed(m: Measured) -> None:
    arithmetic, hashing = parse_tables(m.stdout)
    if "BENCHMARK" not in os.environ:
        assert "repeats: 3" in arithmetic.notes[0], "the default configuration"
    gil = interpreter_info(m.run.python)["gil"]  # as the page's stamp says
    # processes run pure Python in parallel; threads under a GIL do not
    assert best(arithmetic, "ProcessPoolExecutor") >= parallel_floor(m), m.stdout
    if gil:
        assert best(arithmetic, "Thread") < 1.4, m.stdout
    # hashlib releases the GIL: threads run it in parallel
    assert best(hashing, "Thread") >= parallel_floor(m, 0.3), m.stdout
    assert best(arithmetic, "asyncio") < 1.4, "one event loop, one thread"


def test_io_workers_speed(speed) -> None:
    speed("measured/io_workers.py", check_io_speed)


def test_http_workers_speed(speed) -> None:
    speed("measured/http_workers.py", check_io_speed)


def check_io_speed(m: Measured) -> None:
    (table,) = parse_tables(m.stdout)
    # eight waits overlap, on any machine: waiting needs no core
    for model in ("asyncio", "ThreadPoolExecutor"):
        assert best(table, model) > 3, (model, m.stdout)


def test_mixed_workers_speed(speed) -> None:
    speed("measured/mixed_workers.py", check_mixed_speed)


def check_mixed_speed(m: Measured) -> None:
    (table,) = parse_tables(m.stdout)
    # the waits overlap under every pool; asyncio's do too
    for model in ("asyncio", "ThreadPoolExecutor", "ProcessPoolExecutor"):
        assert best(table, model) > 1.25, (model, m.stdout)


def test_task_counts_speed(speed) -> None:
    speed("measured/task_counts.py", check_task_counts_speed)


def check_task_counts_speed(m: Measured) -> None:
    (table,) = parse_tables(m.stdout)
    for model in ("asyncio", "Thread"):
        row = table.of(model)[-1]  # the largest count: overlapped, not in turn
        assert row["seconds"] < row["tasks"] * row["ideal"] / 20, (model, m.stdout)
