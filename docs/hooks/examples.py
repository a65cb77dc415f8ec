"""MkDocs hook: publish the examples for their download links, watch them,
and end the build with a summary of the interpreters it lacked.

The ``example`` fence itself is declared in mkdocs.yml; see example_runner.
"""

from example_runner.mkdocs_hook import on_config, on_files, on_post_build, on_pre_build

__all__ = ["on_config", "on_files", "on_post_build", "on_pre_build"]
