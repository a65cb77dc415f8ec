"""What only MkDocs needs: publish the examples and watch them.

``docs/hooks/examples.py`` re-exports these two events. Zensical has no
hooks; there the pages still run and show every example, without the
download link.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

__all__ = ["on_config", "on_files", "on_post_build"]


def _examples(config: MkDocsConfig) -> Path:
    return Path(config.docs_dir).parent / "examples"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """`mkdocs serve` rebuilds when an example changes."""
    config.watch.append(str(_examples(config)))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Publish each example at site/examples/..., for the download links."""
    from mkdocs.structure.files import File

    examples = _examples(config)
    for script in sorted(examples.rglob("*.py")):
        uri = "examples/" + script.relative_to(examples).as_posix()
        files.append(File.generated(config, uri, abs_src_path=str(script)))
    return files


def on_post_build(config: MkDocsConfig) -> None:
    """One summary of the interpreters the pages named that this build lacked."""
    import logging

    from .execute import MISSING
    from .pythons import missing_summary

    if MISSING:
        logging.getLogger("mkdocs.plugins.example_runner").info(
            "%s", missing_summary(sorted(MISSING))
        )
