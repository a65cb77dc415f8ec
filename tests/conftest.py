"""Fixtures: run examples the way the site build runs them, build the site.

Helpers live in modules: project.py (paths, fences, builds), outputs.py
(reading printed tables), speed.py (speed claims).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from project import (
    EXAMPLES,
    FENCE_OF,
    ROOT,
    Build,
    exclusive,
    python_or_skip,
    site_build,
)
from speed import Measured, check_speed

from example_runner import Run, cached_run, find_python, run_example

FREE_THREADED = "3.14t"


@pytest.fixture(scope="session")
def examples_cache(tmp_path_factory) -> Path:
    """Runs of the build interpreter, shared by the output checks and the site
    build (and by the pytest-xdist workers): the first run of an example
    fills it and the others reuse it."""
    root = tmp_path_factory.getbasetemp()
    shared = root.parent if root.name.startswith("popen-gw") else root
    path = shared / "examples-cache"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def example(examples_cache: Path) -> Callable[..., Run]:
    """``example(path)``: run ``examples/<path>`` as its page does, once a session.

    It runs on the first interpreter its fence names (the build's if none),
    or on ``version``; it is checked against what the fence promises (exit
    status, stderr, time limit, nothing left behind) before the test sees
    it. ``fresh=True`` runs it again.
    """

    def run(path: str, *, version: str | None = None, fresh: bool = False) -> Run:
        if path not in FENCE_OF:
            pytest.fail(f"examples/{path} is on no page; include it with a fence")
        fence = FENCE_OF[path]
        if version is None:
            version = fence.pythons[0] if fence.pythons else ""
        python = python_or_skip(version)
        if fresh:
            result = run_example(
                EXAMPLES / path, path=path, python=python, timeout=fence.expect.timeout
            )
        else:
            result = cached_run(
                EXAMPLES / path, path, python, fence.expect, examples_cache
            )
        result.check(fence.expect, f"included from {fence.where}")
        return result

    return run


@pytest.fixture(scope="session")
def speed(example) -> Callable[..., None]:
    """``speed(path, claim, version=None)``: a speed claim, checked as
    speed.py explains, on the interpreter ``example`` would use."""

    def check(
        path: str, claim: Callable[[Measured], None], version: str | None = None
    ) -> None:
        check_speed(lambda: example(path, version=version, fresh=True), claim)

    return check


@pytest.fixture(scope="session")
def free_threaded() -> str:
    """The free-threaded interpreter's version ("3.14t"), checked to run with
    the GIL off. Tests that hold only without a GIL take this fixture (and
    carry the ``free_threaded`` mark). Missing, they skip; with
    REQUIRE_FREE_THREADED=1 (the CI job on 3.14t) a missing interpreter, or
    one that has the GIL on, fails them instead."""
    required = os.environ.get("REQUIRE_FREE_THREADED") == "1"
    python = find_python(FREE_THREADED)
    if python is None:
        message = f"python{FREE_THREADED} is not on this machine"
        if required:
            pytest.fail(f"{message}, and REQUIRE_FREE_THREADED=1 requires it")
        pytest.skip(message)
    # The probe inherits this environment, PYTHON_GIL included, where the
    # runner strips PYTHON* variables from the examples': it catches a CI
    # setting that turns the GIL on; the examples' own output (each prints
    # "GIL enabled: ...") catches one that turns it on while they run.
    probe = "import sys; print(sys._is_gil_enabled())"
    state = subprocess.run(
        [python, "-c", probe], capture_output=True, text=True, timeout=60
    )
    if state.stdout.strip() != "False":
        pytest.fail(
            f"{python} has the GIL on (sys._is_gil_enabled() printed "
            f"{state.stdout.strip() or state.stderr.strip()!r}): the checks that "
            "hold only without a GIL cannot run; unset PYTHON_GIL or -X gil"
        )
    return FREE_THREADED


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--speed",
        choices=("all", "skip", "only"),
        default="all",
        help="run the speed claims too (all), leave them out (skip), or run "
        "only them (only); `make test` runs skip in parallel, then only",
    )
    parser.addoption(
        "--matrix",
        choices=("all", "skip", "only"),
        default="all",
        help="the example matrix (every example on every Python, under every "
        "start method): with the rest (all), left out (skip: `make test`), or "
        "alone (only: `make matrix`)",
    )


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Tests that measure speed carry the ``speed`` mark: `make test` runs
    them on their own, after the parallel part of the suite."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "speed" in fixtures:
            item.add_marker(pytest.mark.speed)
        if "free_threaded" in fixtures:
            item.add_marker(pytest.mark.free_threaded)
    for option, mark in (("--speed", "speed"), ("--matrix", "matrix")):
        mode = config.getoption(option)
        if mode != "all":
            keep = [i for i in items if (mode == "only") == (mark in i.keywords)]
            config.hook.pytest_deselected(items=[i for i in items if i not in keep])
            items[:] = keep


@pytest.fixture(scope="session")
def built_site(examples_cache: Path) -> Build:
    """The site, built once per session with every example executed.

    Under pytest-xdist the first worker that needs it builds it while the
    others wait on a lock, then read the same result.
    """
    shared = examples_cache.parent
    result = shared / "site-build.json"
    with exclusive(shared / "site-build.lock"):
        if not result.is_file():
            # The examples run a few at once before the pages render (the
            # published build runs them one at a time, for its timings).
            jobs = os.environ.get("EXAMPLES_JOBS", "3")
            build = site_build(
                ROOT, shared / "site", examples_cache, EXAMPLES_JOBS=jobs
            )
            result.write_text(json.dumps([build.returncode, build.log]))
        returncode, log = json.loads(result.read_text())
    return Build(shared / "site", returncode, log)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One summary of the interpreters the pages name that this machine lacks."""
    from example_runner.pythons import missing_summary, named_versions

    missing = [v for v in named_versions(ROOT) if find_python(v) is None]
    if missing:
        terminalreporter.write_sep("=", "interpreters the pages name, missing here")
        terminalreporter.write_line(missing_summary(missing))
