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
fences, :mod:`.cache` reuses unchanged runs, :mod:`.superfences` is
the fence's glue, :mod:`.execute` runs a fence, :mod:`.render` turns runs into
Markdown, :mod:`.mkdocs_hook` is the MkDocs-only part, :mod:`.pythons`
installs the interpreters the pages name, :mod:`.matrix` is the example
matrix (which examples start processes, forcing a start method) and
:mod:`.stress` runs it many times under load.
"""

from importlib import import_module
from typing import Any

# Names load on first use, so that `python -m example_runner.pythons` runs on
# the standard library alone, before the virtual environment exists.
_WHERE = {
    "CACHE_ENV": "cache",
    "cache_dir": "cache",
    "cached_run": "cache",
    "OPTIONS": "fences",
    "Fence": "fences",
    "FenceError": "fences",
    "find_fences": "fences",
    "parse_fences": "fences",
    "find_python": "interpreters",
    "interpreter_info": "interpreters",
    "this_version": "interpreters",
    "DEFAULT_TIMEOUT": "process",
    "ExampleError": "process",
    "Expect": "process",
    "Run": "process",
    "failure_message": "process",
    "run_example": "process",
    "REQUIRE_ENV": "execute",
    "Outcome": "execute",
    "run_fence": "execute",
    "stamp": "render",
    "formatter": "superfences",
    "makeExtension": "superfences",
    "page_context": "superfences",
    "validator": "superfences",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'example_runner' has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


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
    "formatter",
    "interpreter_info",
    "makeExtension",
    "page_context",
    "parse_fences",
    "run_example",
    "run_fence",
    "stamp",
    "this_version",
    "validator",
]
