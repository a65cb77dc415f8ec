"""Every example: on a page, written to the house rules, and runnable everywhere.

The matrix runs each file as a script on every Python from 3.11 to 3.15 that
this machine has. An example that can start a process (it imports
multiprocessing, the process pool or subprocess) runs under each start
method, chosen from outside without editing the example (through the
sitecustomize.py of src/example_runner/startup/; the example_runner.matrix
module, which ``python -m example_runner.stress`` shares); the others run once
per Python.

Only the examples of the Libraries chapter (examples/libraries/) may import
third-party packages. Each names them in a PEP 723 block at its top, and
they are in pyproject.toml's ``examples`` dependency group, which `make`
installs into .venv only: on the other interpreters of the matrix such an
example is skipped, saying which package that interpreter lacks.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest
from project import (
    EXAMPLES,
    FENCE_OF,
    FENCES,
    REQUIRE_ALL_ENV,
    ROOT,
    SCRIPTS,
    VERSIONS,
    declared_distributions,
    examples_group,
    normalize,
    requirement_name,
    script_dependencies,
)

from example_runner import Expect, find_python, matrix, run_example

METHODS = matrix.METHODS  # fork, spawn, forkserver on Linux
MAX_LINES = 110
#: The one chapter whose examples may import packages outside the stdlib.
LIBRARIES = "libraries/"


@pytest.mark.parametrize("fence", FENCES, ids=lambda f: f.where)
def test_every_fence_is_valid_and_names_an_existing_example(fence) -> None:
    fence.check()
    assert (EXAMPLES / fence.path).is_file(), (
        f"{fence.where} includes examples/{fence.path}, which does not exist"
    )


@pytest.mark.parametrize("path", SCRIPTS)
def test_every_example_is_on_a_page(path: str) -> None:
    assert path in FENCE_OF, (
        f"examples/{path} is not included by any page; add an ```example fence or delete it"
    )


def starts_processes(path: str) -> bool:
    """Whether an example can start a process, read from its imports."""
    return matrix.starts_processes(EXAMPLES / path)


def third_party(path: str, *, required: bool = False) -> list[str]:
    """The modules outside the standard library that an example imports
    (``required``: those it cannot run without; see matrix.third_party)."""
    return matrix.third_party(EXAMPLES / path, required=required)


def test_process_examples_are_found() -> None:
    found = {path for path in SCRIPTS if starts_processes(path)}
    assert "multiprocessing/two_processes.py" in found
    assert "threads/two_threads.py" not in found
    assert "libraries/dask_futures.py" in found  # a Dask cluster's workers


@pytest.mark.parametrize("path", SCRIPTS)
def test_example_follows_house_rules(path: str) -> None:
    source = (EXAMPLES / path).read_text(encoding="utf-8")
    tree = ast.parse(source, filename=f"examples/{path}")
    assert ast.get_docstring(tree), (
        f"examples/{path}: add a module docstring saying what it shows"
    )
    guards = [
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and "__name__" in ast.unparse(node.test)
        and "__main__" in ast.unparse(node.test)
    ]
    assert guards, (
        f'examples/{path}: put the top-level code under if __name__ == "__main__":'
    )
    lines = len(source.splitlines())
    assert lines <= MAX_LINES, (
        f"examples/{path} has {lines} lines; keep an example to one screen (<= {MAX_LINES})"
    )
    imported = third_party(path)
    assert not imported or path.startswith(LIBRARIES), (
        f"examples/{path} imports {imported}; examples use the standard library "
        f"only, except those of examples/{LIBRARIES}"
    )


@pytest.mark.parametrize(
    "path", [path for path in SCRIPTS if path.startswith(LIBRARIES)]
)
def test_library_example_declares_what_it_imports(path: str) -> None:
    """A reader who copies the file learns what to install from its top."""
    imported = third_party(path)
    if not imported:
        return  # a standard-library twin of a library example
    dependencies = script_dependencies(EXAMPLES / path)
    assert dependencies is not None, (
        f"examples/{path} imports {imported}: list them at its top in a PEP 723 "
        '"# /// script" block with dependencies = [...]'
    )
    declared = declared_distributions(dependencies)
    distributions = importlib.metadata.packages_distributions()
    for module in imported:
        # the distributions that provide the module (its own name if none is
        # installed here, as for uvloop on Windows)
        provided = {normalize(d) for d in distributions.get(module, [module])}
        assert provided & declared, (
            f"examples/{path} imports {module} but its PEP 723 dependencies "
            f"{dependencies} do not name {sorted(provided)}; add it there"
        )
    group = {requirement_name(r) for r in examples_group()}
    for dependency in dependencies:
        assert requirement_name(dependency) in group, (
            f"examples/{path} depends on {dependency!r}, which is not in the "
            "'examples' dependency group of pyproject.toml, so `make` does not "
            "install it; add it there and run `make lock`"
        )


def test_examples_are_ruff_clean() -> None:
    for args in (["check", "examples"], ["format", "--check", "--diff", "examples"]):
        out = subprocess.run(
            [sys.executable, "-m", "ruff", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, (
            f"ruff {' '.join(args)} failed:\n{out.stdout}{out.stderr}"
        )


def _matrix() -> list:
    params = []
    for version in VERSIONS:
        python = find_python(version)
        marks = (
            []
            if python
            else [pytest.mark.skip(reason=f"python{version} is not on this machine")]
        )
        for path in SCRIPTS:
            for method in METHODS if starts_processes(path) else [""]:
                params.append(
                    pytest.param(
                        path,
                        python,
                        method,
                        id=f"{path}-py{version}" + (f"-{method}" if method else ""),
                        marks=marks,
                    )
                )
    return params


def lacks_packages(python: str, path: str) -> str | None:
    """Why ``python`` cannot run a library example: the first module it lacks."""
    if python == sys.executable:
        return None  # the build's interpreter: make installed them; none may lack
    for module in third_party(path, required=True):
        found = subprocess.run(
            [python, "-c", f"import {module}"], capture_output=True, timeout=60
        )
        if found.returncode:
            return (
                f"{python} cannot import {module}: the packages of examples/"
                f"{LIBRARIES} are installed (by make, from the 'examples' "
                f"dependency group) only for the build's interpreter, "
                f"{sys.executable}, which runs this example in this matrix"
            )
    return None


@pytest.mark.matrix
@pytest.mark.parametrize(("path", "python", "method"), _matrix())
def test_example_runs(path: str, python: str, method: str) -> None:
    if path.startswith(LIBRARIES) and (reason := lacks_packages(python, path)):
        pytest.skip(reason)
    fence = FENCE_OF.get(path)
    expect = fence.expect if fence else Expect()
    run = run_example(
        EXAMPLES / path,
        path=path,
        python=python,
        timeout=expect.timeout,
        env=matrix.example_env(path, method),  # its start method; quick benchmarks
    )
    where = f"included from {fence.where}, " if fence else ""
    run.check(
        expect, where=where + (f"start method {method}, " if method else "") + python
    )
    assert run.stdout.strip(), (
        f"examples/{path} printed nothing; an example shows its result"
    )


def test_other_pythons_found() -> None:
    """CI must test every version, not just the build interpreter (see .ci/run)."""
    missing = [version for version in VERSIONS if find_python(version) is None]
    if os.environ.get(REQUIRE_ALL_ENV) == "1":
        assert not missing, (
            f"python{', python'.join(missing)} not found; `make` installs every "
            "version the pages name (src/example_runner/pythons.py): run make venv"
        )
    if missing:
        pytest.skip(f"not found on this machine: python{', python'.join(missing)}")


CHAPTER_TESTS = Path(__file__).parent / "examples"


@pytest.mark.parametrize("path", SCRIPTS)
def test_every_example_has_output_checks(path: str) -> None:
    """tests/examples/ mirrors examples/: one module per chapter, naming each file."""
    chapter = path.split("/")[0]
    module = CHAPTER_TESTS / f"test_{chapter}.py"
    assert module.is_file(), (
        f"add {module.relative_to(ROOT)} with output checks for examples/{chapter}/"
    )
    assert f'"{path}"' in module.read_text(encoding="utf-8"), (
        f"{module.relative_to(ROOT)} does not check examples/{path}; add a test of its output"
    )
