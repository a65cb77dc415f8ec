"""MkDocs hook: render the notebook with this site's trimmed nbconvert template.

mkdocs-jupyter has no option for its template or for the JupyterLab CSS
(about 590 KB) that its template inlines into the page, and reads its
templates from ``mkdocs_jupyter.config.settings.templates_dir``. That
setting is pointed at docs/overrides/nbconvert, which holds the same
``mkdocs_html`` template without the CSS and the unused scripts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

#: A Markdown cell whose rendered text opens with a heading: the cell's
#: wrapping <div>s (group 1), then the heading (group 2).
CELL_HEADING = re.compile(
    r'(<div class="jp-Cell jp-MarkdownCell(?:(?!<div class="jp-Cell ).)*?'
    r'data-mime-type="text/markdown">\s*)(<h([1-6]) id="[^"]+">.*?</h\3>)',
    re.S,
)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    from mkdocs_jupyter.config import settings

    templates = Path(config.docs_dir) / "overrides" / "nbconvert"
    if not (templates / "mkdocs_html" / "notebook.html.j2").is_file():
        raise FileNotFoundError(
            f"{templates}/mkdocs_html/notebook.html.j2 is missing; the notebook "
            "page needs it (restore it from git)"
        )
    settings.templates_dir = str(templates)
    return config


def on_page_content(html: str, page: Page, **_: object) -> str:
    """Lift each heading of a notebook out of its Markdown cell, so that it
    is a sibling of the cells after it, as a heading of a Markdown page is.

    Material's search index gives a section what follows its heading inside
    the heading's parent. Nested in its cell, a notebook heading owned only
    its own cell: the code and output of every later cell went to the page's
    entry, and that one long entry, scored as a whole page, came first for
    queries it had nothing to do with ("kill a thread"). Lifted, each
    section holds its own cells, as on the site's other pages.
    """
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    return CELL_HEADING.sub(lambda m: m[2] + m[1], html)
