"""Output checks for examples/intro/."""

import os

from outputs import GIL, ratios
from speed import Measured, parallel_floor


def test_concurrency_vs_parallelism(speed) -> None:
    speed("intro/concurrency_vs_parallelism.py", check_concurrency_vs_parallelism)


def check_concurrency_vs_parallelism(m: Measured) -> None:
    rows = ratios(m.stdout)
    assert rows["two waits, 2 threads"] > 1.6, m.stdout  # waits overlap: ideal 2.0x
    if GIL:  # one GIL: no parallel Python
        assert rows["two CPU jobs, 2 threads"] < 1.4, m.stdout
    if (os.cpu_count() or 1) >= 2:
        assert rows["two CPU jobs, 2 processes"] > parallel_floor(m), m.stdout
