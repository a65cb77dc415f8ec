"""The same single-threaded loops, to compare one build with another.

Free-threaded CPython pays for its thread safety even when only one thread
runs: reference counts and containers take more care. This script times a
few everyday operations in one thread, REPEATS times each after a warm-up,
and prints nanoseconds per operation (median, min-max). Run it on a GIL build
and on python3.14t on the same machine and compare the two tables row by
row; the ratio between builds is the single-thread overhead.
"""

import os
import statistics
import sys
import sysconfig
import time
from collections.abc import Callable

N = 300_000
REPEATS = 7


class Point:
    def __init__(self, x: int) -> None:
        self.x = x


def loop(n: int) -> None:
    while n > 0:
        n -= 1


def calls(n: int) -> None:
    for i in range(n):
        abs(i)


def attributes(n: int) -> None:
    point = Point(0)
    for _ in range(n):
        point.x = point.x + 1


def containers(n: int) -> None:
    items: list[int] = []
    index: dict[int, int] = {}
    for i in range(n):
        items.append(i)
        index[i] = i


def objects(n: int) -> None:
    for i in range(n):
        Point(i)


def per_op_ns(work: Callable[[int], None]) -> list[float]:
    runs = []
    for round_ in range(REPEATS + 1):
        start = time.perf_counter()
        work(N)
        if round_ > 0:  # round 0 warms up
            runs.append((time.perf_counter() - start) / N * 1e9)
    return runs


if __name__ == "__main__":
    cores = getattr(os, "process_cpu_count", os.cpu_count)()  # 3.13+
    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(
        f"free-threaded build: {'yes' if free else 'no'}, GIL enabled: "
        f"{'yes' if gil else 'no'}, CPU cores: {cores}"
    )
    print(f"one thread, {N:,} operations, median of {REPEATS} runs")
    print("operation                     ns per op (min-max)")
    for name, work in {
        "while loop, n -= 1": loop,
        "call a built-in": calls,
        "read and write an attribute": attributes,
        "list.append + dict set": containers,
        "create an object": objects,
    }.items():
        runs = per_op_ns(work)
        spread = f"({min(runs):.1f}-{max(runs):.1f})"
        print(f"{name:<29} {statistics.median(runs):6.1f} {spread}")
