# /// script
# requires-python = ">=3.11"
# dependencies = ["numpy", "threadpoolctl"]
# ///
"""A process pool whose workers each start a BLAS thread per core.

WORKERS processes, one per core, multiply matrices. NumPy's BLAS (OpenBLAS
in its wheels) starts a pool of threads of its own in each process, one per
core, so WORKERS x cores threads take turns on the cores. First, what a
worker of each pool sees (threadpoolctl.threadpool_info()): a plain pool,
and one whose initializer calls threadpool_limits(1). Then the same job runs
on both, taking turns for ROUNDS rounds: the median in seconds, the min-max
spread, and the ratio against the plain pool. Compare the two rows; timings
vary with the machine's load.
"""

import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

CORES = getattr(os, "process_cpu_count", os.cpu_count)() or 1  # 3.13+
WORKERS = CORES
TASKS = 4 * WORKERS
SIZE = 400  # each task: PRODUCTS products of SIZE x SIZE matrices
PRODUCTS = 4
ROUNDS = 5
VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    threadpool_limits(limits=1)  # called, not a with block: it stays in force


def native_threads() -> dict[str, int]:
    """The thread pools of the native libraries loaded in this process."""
    return {lib["internal_api"]: lib["num_threads"] for lib in threadpool_info()}


def task(seed: int) -> float:
    rng = np.random.default_rng(seed)
    a, b = rng.random((SIZE, SIZE)), rng.random((SIZE, SIZE))
    for _ in range(PRODUCTS):
        a = a @ b / SIZE
    return float(a.sum())


def job(pool: ProcessPoolExecutor) -> float:
    start = time.perf_counter()
    list(pool.map(task, range(TASKS)))
    return time.perf_counter() - start


if __name__ == "__main__":
    set_here = {name: os.environ[name] for name in VARIABLES if name in os.environ}
    print(f"{CORES} cores, {WORKERS} workers, {TASKS} tasks; set: {set_here or 'none'}")
    with (
        ProcessPoolExecutor(WORKERS) as plain,
        ProcessPoolExecutor(WORKERS, initializer=one_blas_thread) as limited,
    ):
        pools = {"plain pool": plain, "threadpool_limits(1)": limited}
        for name, pool in pools.items():
            seen = pool.submit(native_threads).result()
            most = max(seen.values())
            total = f"{WORKERS} workers x {most} = {WORKERS * most} threads"
            print(f"{name}, in a worker: {seen}; {total}")
            job(pool)  # start every worker before the clock
        times: dict[str, list[float]] = {name: [] for name in pools}
        for _ in range(ROUNDS):  # take turns, so a busy moment hits both
            for name, pool in pools.items():
                times[name].append(job(pool))
    baseline = statistics.median(times["plain pool"])
    for name, seconds in times.items():
        median = statistics.median(seconds)
        spread = f"({min(seconds):.2f}-{max(seconds):.2f})"
        print(f"{name:<22} {median:5.2f} s {spread}  {baseline / median:4.2f}x")
