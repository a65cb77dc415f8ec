"""What only MkDocs needs: publish the examples and watch them.

``docs/hooks/examples.py`` re-exports these events. Zensical has no
hooks; there the pages still run and show every example, without the
download links (each script, and ``downloads/examples.zip`` of them all).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

__all__ = ["on_config", "on_files", "on_post_build", "on_pre_build"]


def _examples(config: MkDocsConfig) -> Path:
    return Path(config.docs_dir).parent / "examples"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """`mkdocs serve` rebuilds when an example changes."""
    config.watch.append(str(_examples(config)))
    return config


#: The archive of every example, as the site publishes it, and the one
#: folder that holds them in it (``examples/<chapter>/<name>.py``).
ZIP = "downloads/examples.zip"
ZIP_FOLDER = "examples"


def examples_zip(examples: Path) -> bytes:
    """Every example in one zip archive, one folder per chapter: in name
    order, with fixed dates and modes, so the same examples give the same
    bytes."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for script in sorted(examples.rglob("*.py"), key=lambda p: p.as_posix()):
            if "__pycache__" in script.parts:
                continue
            name = f"{ZIP_FOLDER}/{script.relative_to(examples).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, script.read_bytes())
    return buffer.getvalue()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Publish each example at site/examples/..., for the download links,
    and all of them as site/downloads/examples.zip (a file MkDocs knows, so
    the pages' links to it are checked like any other)."""
    from mkdocs.structure.files import File

    examples = _examples(config)
    for script in sorted(examples.rglob("*.py")):
        uri = "examples/" + script.relative_to(examples).as_posix()
        files.append(File.generated(config, uri, abs_src_path=str(script)))
    files.append(File.generated(config, ZIP, content=examples_zip(examples)))
    return files


def on_pre_build(config: MkDocsConfig) -> None:
    """With EXAMPLES_JOBS=N (N > 1), run every example N at once before the
    pages render; they then read the runs from the cache. Most examples
    wait more than they compute, so the tests' build takes a fraction of
    the time. Left unset, as for the published site, each example runs alone
    as its page renders."""
    import os

    from .cache import JOBS_ENV, prefetch
    from .fences import find_fences

    value = os.environ.get(JOBS_ENV, "1")
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(
            f"{JOBS_ENV}={value!r}: give a number of examples to run at once, such as 4"
        )
    if int(value) > 1:
        docs = Path(config.docs_dir)
        prefetch(find_fences(docs), docs.parent, int(value))


def on_post_build(config: MkDocsConfig) -> None:
    """One summary of the interpreters the pages named that this build lacked."""
    import logging

    from .execute import MISSING
    from .pythons import missing_summary

    if MISSING:
        logging.getLogger("mkdocs.plugins.example_runner").info(
            "%s", missing_summary(sorted(MISSING))
        )
