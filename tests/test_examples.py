"""Every example: on a page, written to the house rules, and runnable everywhere.

The matrix runs each file as a script under each multiprocessing start method
(chosen from outside through tests/startmethod/sitecustomize.py, the example
is not edited) and on each Python from 3.11 to 3.13 that this machine has.
"""

from __future__ import annotations

import ast
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest
from example_runner import EXAMPLES, REPO, Expect, find_fences, run_example
from interpreters import VERSIONS, find_python

SCRIPTS = sorted(p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*.py"))
FENCES = find_fences()
EXPECT = {fence.path: fence.expect for fence in FENCES}
METHODS = multiprocessing.get_all_start_methods()  # fork, spawn, forkserver on Linux
STARTMETHOD_DIR = Path(__file__).parent / "startmethod"
MAX_LINES = 110


def test_examples_exist() -> None:
    assert len(SCRIPTS) >= 10, "the examples/ folder is unexpectedly empty"


@pytest.mark.parametrize("fence", FENCES, ids=lambda f: f"{f.page}:{f.line}")
def test_every_fence_names_an_existing_example(fence) -> None:
    assert (EXAMPLES / fence.path).is_file(), (
        f"docs/{fence.page}:{fence.line} includes examples/{fence.path}, which does not exist"
    )


@pytest.mark.parametrize("path", SCRIPTS)
def test_every_example_is_on_a_page(path: str) -> None:
    pages = [f"docs/{f.page}:{f.line}" for f in FENCES if f.path == path]
    assert pages, (
        f"examples/{path} is not included by any page; add an ```example fence or delete it"
    )


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
    imports = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    third_party = sorted(imports - sys.stdlib_module_names)
    assert not third_party, (
        f"examples/{path} imports {third_party}; examples use the standard library only"
    )


def test_examples_are_ruff_clean() -> None:
    for args in (["check", "examples"], ["format", "--check", "--diff", "examples"]):
        out = subprocess.run(
            [sys.executable, "-m", "ruff", *args],
            cwd=REPO,
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
        for method in METHODS:
            for path in SCRIPTS:
                marks = (
                    []
                    if python
                    else [
                        pytest.mark.skip(reason=f"no Python {version} on this machine")
                    ]
                )
                params.append(
                    pytest.param(
                        path,
                        python,
                        method,
                        id=f"{path}-py{version}-{method}",
                        marks=marks,
                    )
                )
    return params


@pytest.mark.parametrize(("path", "python", "method"), _matrix())
def test_example_runs(path: str, python: str, method: str) -> None:
    expect = EXPECT.get(path, Expect())
    env = {"PYTHONPATH": str(STARTMETHOD_DIR), "EXAMPLES_START_METHOD": method}
    run = run_example(path, python=python, timeout=expect.timeout, env=env)
    run.check(expect, where=f"start method {method}, {python}")
    assert run.stdout.strip(), (
        f"examples/{path} printed nothing; an example shows its result"
    )


def test_other_pythons_found() -> None:
    """CI must test more than the build interpreter (see .ci/run)."""
    found = {version: find_python(version) for version in VERSIONS}
    missing = [version for version, python in found.items() if python is None]
    if os.environ.get("REQUIRE_ALL_PYTHONS") == "1":
        assert not missing, (
            f"Python {', '.join(missing)} not found; install them (pyenv install) for CI"
        )
    elif missing:
        pytest.skip(f"Python {', '.join(missing)} not found on this machine")


CHAPTER_TESTS = Path(__file__).parent / "examples"


@pytest.mark.parametrize("path", SCRIPTS)
def test_every_example_has_output_checks(path: str) -> None:
    """tests/examples/ mirrors examples/: one module per chapter, naming each file."""
    chapter = path.split("/")[0]
    module = CHAPTER_TESTS / f"test_{chapter}.py"
    assert module.is_file(), (
        f"add {module.relative_to(REPO)} with output checks for examples/{chapter}/"
    )
    assert f'"{path}"' in module.read_text(encoding="utf-8"), (
        f"{module.relative_to(REPO)} does not check examples/{path}; add a test of its output"
    )
