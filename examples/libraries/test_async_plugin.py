# /// script
# requires-python = ">=3.11"
# dependencies = ["pytest", "pytest-asyncio"]
# ///
"""An async test needs a plugin: without one, pytest does not run its body.

Two tests of the same coroutine, `fetch_answer`, which has a bug the tests
should catch. The unmarked `async def` test is left to pytest itself, which
cannot run a coroutine: since pytest 8.4 it fails with "async def functions
are not natively supported" (before 8.4 it was skipped with a warning), and
its assertion never runs. The test marked `@pytest.mark.asyncio` runs on an
event loop that pytest-asyncio starts, and its assertion catches the bug.
The script runs pytest on itself twice: in pytest-asyncio's default strict
mode, then with `asyncio_mode=auto`, which treats every `async def` test as
marked. The first line names the versions. Look at each failure's message.
"""

import asyncio
import os
import sys
from pathlib import Path

import pytest
import pytest_asyncio


async def fetch_answer() -> int:
    await asyncio.sleep(0.01)  # stands in for a request
    return 41  # the bug: should be 42


async def test_unmarked() -> None:
    assert await fetch_answer() == 42


@pytest.mark.asyncio
async def test_marked() -> None:
    assert await fetch_answer() == 42


if __name__ == "__main__":
    print(f"pytest {pytest.__version__}, pytest-asyncio {pytest_asyncio.__version__}")
    os.chdir(Path(__file__).parent)  # pytest names this file relative to here
    options = [Path(__file__).name, "-q", "--no-header", "-p", "no:cacheprovider"]
    options += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]  # imported above
    for mode in ("strict", "auto"):
        print(f"--- asyncio_mode={mode}", flush=True)
        status = pytest.main([*options, "-o", f"asyncio_mode={mode}"])
    sys.exit(status)
