"""The Measured pages and the notebooks, as built: charts beside their tables.

The built site (the ``built_site`` fixture) shows, in each output tab of a
``charts="1"`` fence, the run's output and then one figure per table, whose
SVG holds that run's numbers. The analysis notebook ran in the same build and
read that build's results; the Jupyter page shows the real multiprocessing
error and its fix. A cell that raises without the ``raises-exception`` tag
fails the notebook's conversion, as the build runs it.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from project import DOCS, FENCES, ROOT

from example_runner import find_python, parse_fences
from example_runner.charts import parse_tables

pytestmark = pytest.mark.slow

CHARTED = [fence for fence in FENCES if fence.charts]
PAGES = sorted({fence.page for fence in CHARTED})


def built_page(site: Path, page: str) -> str:
    return (site / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")


def tabs_of(page_html: str, path: str) -> list[str]:
    """The outputs of the example block that shows ``path``: one per
    interpreter, each a tab where there are several."""
    block = page_html.split(f'data-example="{path}"', 1)[1]
    block = block.split('<div class="example"', 1)[0]
    output = block.split('<div class="example-output">', 1)[1]
    return output.split('<div class="tabbed-block">')[1:] or [output]


def ran_on(fence) -> list[str]:
    """The versions of a fence this machine has (its tabs with an output)."""
    return [v for v in fence.pythons or ("",) if find_python(v)]


def output_text(tab: str) -> str:
    code = re.search(
        r'<div class="language-text highlight"><pre>(.*?)</pre>', tab, re.S
    )
    assert code, "no output block in the tab"
    return html.unescape(re.sub(r"<[^>]+>", "", code[1]))


def test_charted_fences_exist() -> None:
    assert {"measured.md", "measured-timelines.md"} <= set(PAGES), PAGES
    assert len(CHARTED) >= 5


def test_charts_option_is_checked() -> None:
    (good,) = parse_fences('```example charts="1"\nmeasured/io_workers.py\n```\n')
    assert good.charts and not good.errors
    (bad,) = parse_fences(
        '```example charts="yes"\nmeasured/io_workers.py\n```\n', "x.md"
    )
    with pytest.raises(
        ValueError, match=r'docs/x\.md:1: .*charts=\'yes\' is neither "1" nor "0"'
    ):
        bad.check()


def test_charts_of_an_output_without_a_table_fail_naming_the_fence() -> None:
    from example_runner import ExampleError
    from example_runner.superfences import _Page, _show

    text = '```example charts="1"\nthreads/two_threads.py\n```\n'
    (fence,) = parse_fences(text, "threads.md")
    with pytest.raises(
        ExampleError,
        match=r"examples/threads/two_threads\.py \(docs/threads\.md:1\): "
        r'charts="1" is set, but the output holds no table',
    ):
        _show(fence, ROOT, _Page(None, {}))


def test_measured_pages_are_in_the_navigation(built_site) -> None:
    assert built_site.returncode == 0, built_site.log[-3000:]
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    for target in ("measured/", "measured-timelines/", "notebooks/measured-analysis/"):
        assert f'href="{target}"' in home, f"{target} is not in the navigation"


def test_each_output_shows_its_charts_beside_its_tables(built_site) -> None:
    assert built_site.returncode == 0, built_site.log[-3000:]
    kinds: dict[str, int] = {}
    for fence in CHARTED:
        page_html = built_page(built_site.site, fence.page)
        ran = ran_on(fence)
        outputs = [
            tab for tab in tabs_of(page_html, fence.path) if "Not run here" not in tab
        ]
        assert len(outputs) == len(ran), fence.where
        for tab in outputs:
            tables = [t for t in parse_tables(output_text(tab)) if t.kind]
            assert tables, f"{fence.where}: the output holds no table"
            # after the output, one figure per table, in the order printed
            after = tab.split("</pre>", 1)[1]
            figures = re.findall(
                r"<figure class=\"measured-figure\">(.*?)</figure>", after, re.S
            )
            assert len(figures) == len(tables), fence.where
            for table, figure in zip(tables, figures, strict=True):
                kinds[table.kind] = kinds.get(table.kind, 0) + 1
                desc = html.unescape(
                    re.search(r"<desc[^>]*>(.*?)</desc>", figure, re.S)[1]
                )
                caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S)[1]
                assert html.unescape(caption).startswith(table.title), caption
                assert "<svg" in figure and 'role="img"' in figure
                for row in table.rows:  # the run's own numbers, as it printed them
                    if table.kind == "speedup":
                        wanted = f"{row['workers']:g} workers {row['speedup']:.2f}x"
                    elif table.kind == "tasks":
                        wanted = f"{row['tasks']:g} tasks {row['seconds']:.3f} s"
                    else:
                        wanted = f"task {row['task']:g} {row['start_ms']:.1f}-{row['end_ms']:.1f} ms"
                    assert wanted in desc, f"{fence.where}: {wanted!r} not in the chart"
    assert kinds.get("speedup", 0) + kinds.get("tasks", 0) >= 4, kinds
    assert kinds.get("timeline", 0) >= 2, kinds


def test_the_analysis_notebook_read_this_builds_results(built_site) -> None:
    assert built_site.returncode == 0, built_site.log[-3000:]
    site = built_site.site
    results = json.loads((site / "notebooks/measured-results.json").read_text())
    printed = {}
    for fence in CHARTED:
        page_html = built_page(site, fence.page)
        ran = ran_on(fence)
        tabs = [t for t in tabs_of(page_html, fence.path) if "Not run here" not in t]
        for version, tab in zip(ran, tabs, strict=False):
            printed[fence.path, version] = [
                t.title for t in parse_tables(output_text(tab))
            ]
    stored = {
        (r["example"], r["python"]): [t["title"] for t in r["tables"]] for r in results
    }
    assert stored == printed, "the published results are not the runs the pages show"
    notebook = (site / "notebooks/measured-analysis/index.html").read_text(
        encoding="utf-8"
    )
    text = html.unescape(re.sub(r"<[^>]+>", "", notebook))
    tables = sum(len(r["tables"]) for r in results)
    assert f"{len(results)} runs, {tables} tables" in text, "the notebook's load cell"
    assert "<svg" in notebook, "the notebook's plot"
    for result in results:  # each best speedup it printed is one the run printed
        for table in result["tables"]:
            if table["rows"] and "speedup" in table["columns"]:
                top = max(table["rows"], key=lambda row: row["speedup"])
                assert f"{top['speedup']:5.2f}x with {top['workers']:g} workers" in text
    assert 'href="../measured-results.json"' in notebook
    # a download button for the notebook, which is published beside the page
    assert '<a href="measured-analysis.ipynb" download' in notebook
    assert (site / "notebooks/measured-analysis/measured-analysis.ipynb").is_file()


def test_the_jupyter_page_shows_the_error_and_the_fix(built_site) -> None:
    assert built_site.returncode == 0, built_site.log[-3000:]
    page = built_site.site / "notebooks/asyncio-in-jupyter/index.html"
    text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    # The failing cell raised BrokenProcessPool. (The workers' own traceback
    # is not in this build's page: ipykernel does not forward the workers'
    # stderr when PYTEST_CURRENT_TEST is set, as it is for this build. The
    # next test converts the notebook without it, as `make build` does.)
    cell = text.index("time.sleep(1)  # a moment for ipykernel")
    assert (
        "BrokenProcessPool: A process in the process pool was terminated" in text[cell:]
    )
    fixed = text.index("from squares import square")
    assert "[0, 1, 4, 9, 16]" in text[fixed:], "the fixed cell's output"
    assert "~/" not in text, "a path under the home directory"
    assert (built_site.site / "notebooks/squares.py").is_file(), (
        "the module to download"
    )
    leftovers = list((DOCS / "notebooks").rglob("__pycache__"))
    assert not leftovers, f"the notebook left {leftovers} behind"


def test_an_untagged_failing_cell_fails_the_conversion(
    tmp_path: Path, monkeypatch
) -> None:
    """mkdocs-jupyter as configured (allow_errors false): the tagged cell
    shows the worker's error and the broken pool, and the build goes on; the
    same cell without its tag stops the build."""
    from mkdocs_jupyter.nbconvert2 import nb2html
    from nbclient.exceptions import CellExecutionError

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")  # as docs/hooks/measured.py

    for name in ("asyncio-in-jupyter.ipynb", "squares.py"):
        shutil.copy(DOCS / "notebooks" / name, tmp_path / name)
    notebook = tmp_path / "asyncio-in-jupyter.ipynb"
    monkeypatch.delenv(
        "PYTEST_CURRENT_TEST"
    )  # ipykernel forwards stderr, as in a build
    body = nb2html(
        str(notebook), execute=True, kernel_name="python3", allow_errors=False
    )
    text = html.unescape(re.sub(r"<[^>]+>", "", body))
    worker = text.index("Process SpawnProcess-")  # a worker's stderr, as it printed it
    error = text.index("BrokenProcessPool: A process in the process pool", worker)
    assert re.search(
        r"AttributeError: (Can't get attribute 'square' on <module '__main__'"
        r"|module '__main__' has no attribute 'square')",  # the wording of 3.14+
        text[worker:error],
    ), text[worker:error]
    assert "[0, 1, 4, 9, 16]" in text[error:], "the fixed cell ran"
    data = json.loads(notebook.read_text(encoding="utf-8"))
    (cell,) = [
        c for c in data["cells"] if "raises-exception" in c["metadata"].get("tags", [])
    ]
    cell["metadata"]["tags"].remove("raises-exception")
    notebook.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(
        CellExecutionError, match=r"BrokenProcessPool|terminated abruptly"
    ):
        nb2html(str(notebook), execute=True, kernel_name="python3", allow_errors=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "asyncio-in-jupyter.ipynb",
        "squares.py",
    ]
