"""Shared fixtures: run examples the way the site build runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from example_runner import REPO, Expect, Run, cached_run, find_fences, run_example


def page_expectations() -> dict[str, Expect]:
    """What the pages promise about each example, keyed by its path."""
    return {fence.path: fence.expect for fence in find_fences()}


@pytest.fixture(scope="session")
def example(examples_cache: Path) -> Callable[..., Run]:
    """Run ``examples/<path>`` once per session with the build interpreter.

    The run goes through the build's own cache, so the session's site build
    reuses it rather than running the example again. It is checked against
    what its page declares (exit status, stderr, time limit, nothing left
    behind) before the test sees it. ``fresh=True`` runs it again.
    """
    expectations = page_expectations()

    def run(path: str, *, fresh: bool = False) -> Run:
        expect = expectations.get(path, Expect())
        if fresh:
            result = run_example(path, timeout=expect.timeout)
        else:
            result = cached_run(path, expect, cache=examples_cache)
        result.check(expect)
        return result

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
    """Starts empty: the first run of each example, by a test or by the
    session's site build, fills it and the other reuses it."""
    return tmp_path_factory.mktemp("examples-cache")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, examples_cache) -> Build:
    """The site, built once per session with every example executed."""
    return mkdocs_build(REPO, tmp_path_factory.mktemp("site"), examples_cache)
