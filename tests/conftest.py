"""Shared fixtures: run examples the way the site build runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from example_runner import REPO, Expect, Run, find_fences, run_example


def page_expectations() -> dict[str, Expect]:
    """What the pages promise about each example, keyed by its path."""
    return {fence.path: fence.expect for fence in find_fences()}


@pytest.fixture(scope="session")
def example() -> Callable[..., Run]:
    """Run ``examples/<path>`` once per session with the build interpreter.

    The run is checked against what its page declares (exit status, stderr,
    time limit, nothing left behind) before the test sees it. ``fresh=True``
    runs it again instead of reusing the session's run.
    """
    expectations = page_expectations()
    runs: dict[str, Run] = {}

    def run(path: str, *, fresh: bool = False) -> Run:
        if fresh or path not in runs:
            expect = expectations.get(path, Expect())
            result = run_example(path, timeout=expect.timeout)
            result.check(expect)
            runs[path] = result
        return runs[path]

    return run


TIMING_TRIES = 3


@pytest.fixture(scope="session")
def timing(example) -> Callable[[str, Callable[[str], None]], None]:
    """Check a claim about speed that a shared, noisy machine can upset once.

    ``check(stdout)`` asserts the claim; it must hold in one of three fresh
    runs of the example, and the last failure is reported if it never does.
    """

    def check_timing(path: str, check: Callable[[str], None]) -> None:
        for attempt in range(TIMING_TRIES):
            stdout = example(path, fresh=attempt > 0).stdout
            try:
                check(stdout)
                return
            except AssertionError:
                if attempt == TIMING_TRIES - 1:
                    raise

    return check_timing


MKDOCS = [sys.executable, "-m", "mkdocs"]


@dataclass
class Build:
    site: Path
    returncode: int
    log: str


def mkdocs_build(project: Path, site: Path, cache: Path) -> Build:
    """``mkdocs build --strict`` of ``project`` into ``site``, as `make build` does.

    ``cache`` holds the runs of unchanged examples (the EXAMPLES_CACHE of
    `make serve`), so a copy of the project only re-runs what it changed.
    """
    env = {**os.environ, "EXAMPLES_CACHE": str(cache), "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run(
        [
            *MKDOCS,
            "build",
            "--strict",
            "--config-file",
            str(project / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return Build(site, out.returncode, out.stdout + out.stderr)


@pytest.fixture(scope="session")
def examples_cache(tmp_path_factory) -> Path:
    """Starts empty: the first build runs every example afresh."""
    return tmp_path_factory.mktemp("examples-cache")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, examples_cache) -> Build:
    """The site, built once per session with every example executed."""
    return mkdocs_build(REPO, tmp_path_factory.mktemp("site"), examples_cache)
