"""The example matrix: which examples start processes, and how a start method
is forced on them from outside.

An example that can start a process (it imports ``multiprocessing``, the
process pool, ``subprocess`` or Dask's ``distributed``: read from its code)
runs under each start method; the others run once per interpreter. The test
suite (tests/test_examples.py) and ``python -m example_runner.stress`` both
build their runs from here.

The start method is forced without editing the example (the runner puts
:data:`START_METHOD_DIR` on every example's ``PYTHONPATH``):
:func:`start_method_env` names the method in ``EXAMPLES_START_METHOD``;
the ``sitecustomize`` module there calls
``multiprocessing.set_start_method(method, force=True)`` when Python
starts, in the example and in every Python process it starts, and hands
the same choice to Dask's workers.
"""

from __future__ import annotations

import ast
import multiprocessing
import sys
from pathlib import Path

from .process import STARTUP_DIR

__all__ = [
    "MEASURED",
    "METHODS",
    "PROCESS_MODULES",
    "START_METHOD_DIR",
    "example_env",
    "imports",
    "start_method_env",
    "starts_processes",
    "third_party",
]

#: The start methods of this platform: fork, spawn and forkserver on Linux.
METHODS = multiprocessing.get_all_start_methods()
#: Holds the sitecustomize.py that forces EXAMPLES_START_METHOD.
START_METHOD_DIR = STARTUP_DIR
PROCESS_MODULES = {"multiprocessing", "subprocess"}
#: The benchmarks (the Measured pages): the matrix runs them with BENCHMARK=quick.
MEASURED = "measured/"


def imports(tree: ast.AST) -> set[str]:
    """Every module and name a script imports: "os", "concurrent.futures.X"."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def starts_processes(script: Path) -> bool:
    """Whether a script can start a process, read from its imports."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    imported = imports(tree)
    source = ast.unparse(tree)
    return bool(
        {name.split(".")[0] for name in imported} & PROCESS_MODULES
        or "concurrent.futures.ProcessPoolExecutor" in imported
        or ("concurrent.futures" in imported and "ProcessPoolExecutor" in source)
        # Dask's LocalCluster starts its workers as processes
        or any(n.startswith(("distributed", "dask.distributed")) for n in imported)
    )


def _catches_import_error(node: ast.AST) -> bool:
    if not isinstance(node, ast.Try | ast.TryStar):
        return False
    for handler in node.handlers:
        caught = handler.type
        names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
        if any(
            getattr(name, "id", "") in {"ImportError", "ModuleNotFoundError"}
            for name in names
        ):
            return True
    return False


def third_party(script: Path, *, required: bool = False) -> list[str]:
    """The top-level modules outside the standard library that a script
    imports; ``required``: only those it cannot run without, leaving out what
    it imports in a ``try`` that catches ImportError (uvloop's example runs
    without uvloop, and says so)."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    if required:
        for node in ast.walk(tree):
            if isinstance(node, ast.Try | ast.TryStar) and _catches_import_error(node):
                node.body = []
    modules = {name.split(".")[0] for name in imports(tree)}
    return sorted(modules - sys.stdlib_module_names)


def start_method_env(method: str) -> dict[str, str]:
    """The environment that runs an example under ``method``."""
    # STARTUP_DIR is on every example's PYTHONPATH already (process.clean_env).
    return {"EXAMPLES_START_METHOD": method}


def example_env(path: str, method: str = "") -> dict[str, str] | None:
    """The environment of ``examples/<path>`` in the matrix: its start method
    (none: the interpreter's default), and the benchmarks' quick setting."""
    env = start_method_env(method) if method else {}
    if path.startswith(MEASURED):
        env["BENCHMARK"] = "quick"
    return env or None
