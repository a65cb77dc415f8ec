"""MkDocs hook: render the notebook with this site's trimmed nbconvert template.

mkdocs-jupyter has no option for its template or for the JupyterLab CSS
(about 590 KB) that its template inlines into the page, and reads its
templates from ``mkdocs_jupyter.config.settings.templates_dir``. That
setting is pointed at docs/overrides/nbconvert, which holds the same
``mkdocs_html`` template without the CSS and the unused scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


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
