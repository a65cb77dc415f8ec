# /// script
# requires-python = ">=3.11"
# dependencies = ["pytest"]
# ///
"""Testing code that starts processes: under spawn the target must be importable.

Each test starts a child process that squares a number and sends it back,
once with each start method this platform has. Under fork the child is a
copy of the test process and needs nothing sent to it. Under spawn (and
forkserver) it is a fresh interpreter: `start()` pickles the target by name
(module and qualified name) and the child imports it. `square_into` is
defined at the top of this test module, which the child can import: it
passes with every method. The second test defines its target inside the
test body, a name that exists only while the test runs: it passes under
fork and fails under spawn and forkserver, where pickle refuses it ("Can't
pickle local object"). Look at which start methods fail, and at the error.
"""

from __future__ import annotations  # Queue[int]: Queue is generic only from 3.12

import multiprocessing
import os
import sys
from multiprocessing.queues import Queue
from pathlib import Path

import pytest

METHODS = sorted(multiprocessing.get_all_start_methods())  # spawn only, on Windows


def square_into(results: Queue[int], x: int) -> None:  # importable: module level
    results.put(x * x)


@pytest.mark.parametrize("method", METHODS)
def test_module_level_target(method: str) -> None:
    context = multiprocessing.get_context(method)
    results: Queue[int] = context.Queue()
    child = context.Process(target=square_into, args=(results, 7))
    child.start()
    assert results.get(timeout=30) == 49
    child.join()


@pytest.mark.parametrize("method", METHODS)
def test_target_defined_in_the_test(method: str) -> None:
    def cube_into(results: Queue[int], x: int) -> None:  # local: not importable
        results.put(x**3)

    context = multiprocessing.get_context(method)
    results: Queue[int] = context.Queue()
    child = context.Process(target=cube_into, args=(results, 3))
    child.start()  # spawn and forkserver pickle the target here
    assert results.get(timeout=30) == 27
    child.join()


if __name__ == "__main__":
    os.chdir(Path(__file__).parent)  # pytest names this file relative to here
    options = ["-q", "--no-header", "-p", "no:cacheprovider", "--tb=line"]
    sys.exit(pytest.main([Path(__file__).name, *options]))
