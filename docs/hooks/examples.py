"""MkDocs hook: publish the examples for their download links, watch them.

The ``example`` fence itself is declared in mkdocs.yml; see example_runner.
"""

from example_runner.mkdocs_hook import on_config, on_files

__all__ = ["on_config", "on_files"]
