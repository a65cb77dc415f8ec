"""Two workers on pure-Python jobs: thread, interpreter and process pools.

The three executors of concurrent.futures take the same code: submit the
same function with the same arguments, get futures back. What differs is
where the function runs. ThreadPoolExecutor runs it in threads of this
interpreter, so on a GIL build they take turns. InterpreterPoolExecutor
(3.14+) runs each worker thread in its own interpreter with its own GIL,
and ProcessPoolExecutor in other processes: both run in parallel. The
speedups are against one thread doing the same jobs; median of REPEATS.
"""

import os
import statistics
import sys
import sysconfig
import time
from concurrent import futures

JOBS = 4
WORK = 3_000_000  # decrements per job
REPEATS = 5


def count_down(n: int) -> int:
    while n > 0:
        n -= 1
    return n


if __name__ == "__main__":
    cores = getattr(os, "process_cpu_count", os.cpu_count)()  # 3.13+
    pools: dict[str, type[futures.Executor]] = {
        "ThreadPoolExecutor": futures.ThreadPoolExecutor,
        "ProcessPoolExecutor": futures.ProcessPoolExecutor,
    }
    if hasattr(futures, "InterpreterPoolExecutor"):
        pools["InterpreterPoolExecutor"] = futures.InterpreterPoolExecutor
    build = "yes" if sysconfig.get_config_var("Py_GIL_DISABLED") else "no"
    gil = "yes" if getattr(sys, "_is_gil_enabled", lambda: True)() else "no"
    print(f"free-threaded build: {build}, GIL enabled: {gil}, CPU cores: {cores}")
    if "InterpreterPoolExecutor" not in pools:
        print(
            f"Python {sys.version.split()[0]} has no InterpreterPoolExecutor"
            " (it is new in 3.14)"
        )
    times: dict[str, list[float]] = {"one thread": [], **{name: [] for name in pools}}
    executors = {name: pool(max_workers=2) for name, pool in pools.items()}
    try:
        for round_ in range(REPEATS + 1):
            for name in times:
                start = time.perf_counter()
                if name == "one thread":
                    results = [count_down(WORK) for _ in range(JOBS)]
                else:
                    results = list(executors[name].map(count_down, [WORK] * JOBS))
                assert results == [0] * JOBS
                if round_ > 0:  # round 0 warms up, and starts the workers
                    times[name].append(time.perf_counter() - start)
    finally:
        for executor in executors.values():
            executor.shutdown()
    baseline = statistics.median(times["one thread"])
    print(f"{JOBS} jobs of {WORK:,} decrements on 2 workers, median (min-max)")
    for name, runs in times.items():
        median = statistics.median(runs)
        spread = (
            f"{1000 * median:5.0f} ms ({1000 * min(runs):.0f}-{1000 * max(runs):.0f})"
        )
        print(f"{name:<24} {spread:<18} {baseline / median:5.2f}x")
