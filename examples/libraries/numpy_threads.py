# /// script
# requires-python = ">=3.11"
# dependencies = ["numpy", "threadpoolctl"]
# ///
"""Threads speed up the NumPy calls that release the GIL, and nothing else.

Six jobs of TASKS equal pieces run on a ThreadPoolExecutor with one thread,
then with one thread per core. The first three spend their time in NumPy's
C loops over large float arrays, without the GIL: arithmetic, a matrix
multiply (BLAS pinned to one thread with threadpoolctl, so that only our
threads share it), a sort. The last three do the same arithmetic while the
interpreter stays busy: a Python loop over arrays of 100 floats, an array
of dtype object, a list. Look at the speedup column: the first three can
approach the number of threads, the last three stay near 1.0x. Medians of
ROUNDS runs with the min-max spread; they vary with the machine's load.
"""

import os
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

TASKS = 8
ROUNDS = 5
CORES = getattr(os, "process_cpu_count", os.cpu_count)() or 1  # 3.13+
THREADS = min(TASKS, CORES)


def cubic(x: np.ndarray) -> np.ndarray:
    return x * x * x - 2.0 * x + 1.0  # each operation: one C loop over x


def small_arrays(arrays: list[np.ndarray]) -> list[np.ndarray]:
    return [cubic(a) for a in arrays]  # under 500 items NumPy keeps the GIL


def python_loop(values: list[float]) -> list[float]:
    return [v * v * v - 2.0 * v + 1.0 for v in values]


def pieces() -> dict[str, tuple[Callable[..., object], list]]:
    """Each job: a function, and the TASKS pieces of data it runs on."""
    rng = np.random.default_rng(0)
    floats = [rng.random(1_000_000) for _ in range(TASKS)]
    small = [[rng.random(100) for _ in range(4000)] for _ in floats]
    return {
        "arithmetic, 1M floats": (cubic, floats),
        "matmul, 600x600": (lambda x: x @ x, [rng.random((600, 600)) for _ in floats]),
        "sort, 1M floats": (np.sort, floats),
        "4000 arrays of 100": (small_arrays, small),
        "object dtype, 100k": (cubic, [x[:100_000].astype(object) for x in floats]),
        "Python list, 200k": (python_loop, [x[:200_000].tolist() for x in floats]),
    }


def timed(pool: ThreadPoolExecutor, job: Callable[..., object], data: list) -> float:
    start = time.perf_counter()
    list(pool.map(job, data))
    return time.perf_counter() - start


def summary(runs: list[float]) -> str:
    ms = [1000 * seconds for seconds in runs]
    return f"{statistics.median(ms):4.0f} ms ({min(ms):.0f}-{max(ms):.0f})"


if __name__ == "__main__":
    jobs = pieces()
    print(f"{CORES} cores, {TASKS} pieces per job, 1 thread against {THREADS}")
    with (
        threadpool_limits(limits=1, user_api="blas"),  # BLAS starts no threads
        ThreadPoolExecutor(1) as one,
        ThreadPoolExecutor(THREADS) as many,
    ):
        for lib in threadpool_info():
            print(f"{lib['internal_api']}: {lib['num_threads']} thread")
        print(f"{'job':<22} {'1 thread':<18} {f'{THREADS} threads':<18} speedup")
        for name, (job, data) in jobs.items():
            alone: list[float] = []
            shared: list[float] = []
            for _ in range(ROUNDS):  # alternate, so load changes hit both alike
                alone.append(timed(one, job, data))
                shared.append(timed(many, job, data))
            ratio = statistics.median(alone) / statistics.median(shared)
            print(f"{name:<22} {summary(alone):<18} {summary(shared):<18} {ratio:.1f}x")
