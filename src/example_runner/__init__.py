"""Run the site's examples, from the MkDocs or Zensical build and from the tests.

A page includes ``examples/<path>`` with an ``example`` fence (see
:mod:`example_runner.fences` for its options). The build runs the file as a
script in its own process, once per interpreter the fence names, and renders
its source, its output and a stamp saying where it ran. Anything unexpected
(exit status, stderr, time limit, a process or file left behind, a missing
file or interpreter, an unknown option) fails the build, naming the example,
the page line and what to do. The tests import the same functions, so the
site and the suite judge an example by the same rules.

Modules, one job each: :mod:`.process` runs and judges a process,
:mod:`.interpreters` finds interpreters and their facts, :mod:`.fences` reads
fences, :mod:`.cache` reuses unchanged runs, :mod:`.render` is the
superfences fence, :mod:`.mkdocs_hook` the MkDocs-only part.
"""

from .cache import CACHE_ENV, cache_dir, cached_run
from .fences import OPTIONS, Fence, FenceError, find_fences, parse_fences
from .interpreters import find_python, interpreter_info, this_version
from .process import (
    DEFAULT_TIMEOUT,
    ExampleError,
    Expect,
    Run,
    failure_message,
    run_example,
)
from .render import (
    REQUIRE_ENV,
    Outcome,
    format,
    makeExtension,
    page_context,
    run_fence,
    stamp,
    validate,
)

__all__ = [
    "CACHE_ENV",
    "DEFAULT_TIMEOUT",
    "OPTIONS",
    "REQUIRE_ENV",
    "ExampleError",
    "Expect",
    "Fence",
    "FenceError",
    "Outcome",
    "Run",
    "cache_dir",
    "cached_run",
    "failure_message",
    "find_fences",
    "find_python",
    "format",
    "interpreter_info",
    "makeExtension",
    "page_context",
    "parse_fences",
    "run_example",
    "run_fence",
    "stamp",
    "this_version",
    "validate",
]
