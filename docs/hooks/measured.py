"""MkDocs hook: this build's benchmark results, for the analysis notebook.

The Measured page's fences (``charts="1"``) store each run's tables in the
JSON file that ``MEASURED_RESULTS`` names (example_runner.charts). This hook
points that variable at a fresh file for each build, renders the analysis
notebook after every other page (so after the runs it reads), and publishes
the file beside it as ``notebooks/measured-results.json``, which a reader
downloads with the notebook. The notebook's kernel inherits the variable.

A notebook's output shows the paths of the interpreter that ran its kernel
(a worker's traceback): the page shows them as ``<python>/...``, as the
examples' output does, and files of the project relative to it.

It also sets PYTHONDONTWRITEBYTECODE for the notebooks' kernels and their
worker processes, which import ``docs/notebooks/squares.py``: the build leaves
no ``__pycache__`` in docs/.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

NOTEBOOK = "notebooks/measured-analysis.ipynb"
PUBLISHED = "notebooks/measured-results.json"
_work: dict[str, Path] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    from example_runner.charts import RESULTS_ENV

    if "dir" in _work:  # `mkdocs serve`: a rebuild starts afresh
        shutil.rmtree(_work["dir"], ignore_errors=True)
    _work["dir"] = Path(tempfile.mkdtemp(prefix="measured-results-"))
    results = _work["dir"] / "measured-results.json"
    results.write_text("[]\n", encoding="utf-8")
    os.environ[RESULTS_ENV] = str(results)
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Pages render in the order of ``files``: the notebook goes last."""
    from mkdocs.structure.files import Files as FilesClass

    notebook = [file for file in files if file.src_uri == NOTEBOOK]
    return FilesClass([f for f in files if f.src_uri != NOTEBOOK] + notebook)


def on_post_build(config: MkDocsConfig) -> None:
    target = Path(config.site_dir) / PUBLISHED
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_work["dir"] / "measured-results.json", target)


def on_shutdown() -> None:
    if "dir" in _work:
        shutil.rmtree(_work.pop("dir"), ignore_errors=True)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A notebook's output without this machine's paths."""
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    project = Path(config.docs_dir).parent
    python = "&lt;python&gt;"  # in HTML
    paths = {p: python for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    paths |= {os.path.realpath(p): python for p in list(paths)}
    home = str(Path.home())  # IPython's tracebacks write it as ~
    paths |= {"~" + p[len(home) :]: python for p in list(paths) if p.startswith(home)}
    paths |= {str(project): "", os.path.realpath(project): ""}
    found = sorted((p for p in paths if len(p) > 1), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.~-])(" + "|".join(map(re.escape, found)) + r")/")
    return pattern.sub(lambda m: paths[m[1]] + "/" if paths[m[1]] else "", html)
