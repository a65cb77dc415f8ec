"""Shared fixtures: run examples the way the site build runs them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from example_runner import Expect, Run, find_fences, run_example


def page_expectations() -> dict[str, Expect]:
    """What the pages promise about each example, keyed by its path."""
    return {fence.path: fence.expect for fence in find_fences()}


@pytest.fixture(scope="session")
def example() -> Callable[[str], Run]:
    """Run ``examples/<path>`` once per session with the build interpreter.

    The run is checked against what its page declares (exit status, stderr,
    time limit, nothing left behind) before the test sees it.
    """
    expectations = page_expectations()
    runs: dict[str, Run] = {}

    def run(path: str) -> Run:
        if path not in runs:
            expect = expectations.get(path, Expect())
            result = run_example(path, timeout=expect.timeout)
            result.check(expect)
            runs[path] = result
        return runs[path]

    return run
