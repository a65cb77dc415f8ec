"""Concurrency is not parallelism: two jobs, three ways, timed.

Two waits (time.sleep) overlap in threads: that is concurrency, and it halves
the wall time. Two pure-Python CPU jobs do not overlap in threads, because
the GIL lets one thread run Python bytecode at a time; in two processes they
do, given two free cores: that is parallelism. Compare each ratio to 2.0x.
"""

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

WAIT = 0.3
WORK = 1_500_000


def wait() -> None:
    time.sleep(WAIT)  # blocks without holding the GIL


def compute(n: int = WORK) -> int:
    return sum(i * i for i in range(n))  # holds the GIL while it runs


def in_threads(job: Callable[[], object]) -> None:
    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


if __name__ == "__main__":
    print(f"{os.cpu_count()} CPUs; ratio = one after the other / two at once")
    sequential = timed(lambda: (wait(), wait()))
    threaded = timed(lambda: in_threads(wait))
    print(f"two waits, 2 threads:      {sequential / threaded:.1f}x")
    sequential = timed(lambda: (compute(), compute()))
    threaded = timed(lambda: in_threads(compute))
    print(f"two CPU jobs, 2 threads:   {sequential / threaded:.1f}x")
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(compute, [1, 1]))  # start both workers before timing
        parallel = timed(lambda: list(pool.map(compute, [WORK, WORK])))
    print(f"two CPU jobs, 2 processes: {sequential / parallel:.1f}x")
