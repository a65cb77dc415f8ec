"""Processes speed up CPU-bound Python code; threads do not (with the GIL).

The countdown from the threads chapter, WORK decrements split into TASKS
tasks, runs five ways: sequentially, on a thread pool, on WORKERS new
`Process` objects (each runs its share sequentially), on a
`multiprocessing.Pool` and on a `ProcessPoolExecutor`. Each process has its
own interpreter and GIL, so the processes keep every core busy; the threads
take turns on one GIL. Look at the speedup column and the ideal above it,
min(workers, CPUs). The Process times include starting the processes; the
pools start their workers before the clock. The ways take turns for ROUNDS
rounds; the table shows the median time, the min-max spread and the speedup
against the sequential median.
"""

import multiprocessing
import os
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial

WORK = 10_000_000  # decrements in total
TASKS = 8
# The CPUs this process may use: what the pools size themselves from by default
# (os.process_cpu_count() on 3.13+, os.cpu_count() before)
CPUS = getattr(os, "process_cpu_count", os.cpu_count)() or 1
WORKERS = min(TASKS, CPUS)  # one worker per CPU
ROUNDS = 3


def count_down(n: int) -> None:
    while n > 0:
        n -= 1


def sequential(tasks: list[int]) -> None:
    for n in tasks:
        count_down(n)


def processes(tasks: list[int]) -> None:
    shares = [tasks[i::WORKERS] for i in range(WORKERS)]  # one share per worker
    workers = [multiprocessing.Process(target=sequential, args=(s,)) for s in shares]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def on(executor: Executor, tasks: list[int]) -> None:
    list(executor.map(count_down, tasks))


def timed(run: Callable[[list[int]], object]) -> float:
    start = time.perf_counter()
    run([WORK // TASKS] * TASKS)
    return time.perf_counter() - start


if __name__ == "__main__":
    cpus = CPUS
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    print(f"{cpus} CPUs, {WORKERS} workers, {TASKS} tasks, GIL enabled: {gil}")
    print(f"ideal speedup = min(workers, CPUs) = {min(WORKERS, cpus)}.0x")
    names = ["sequential", "ThreadPoolExecutor", "Process", "Pool"]
    times: dict[str, list[float]] = {n: [] for n in [*names, "ProcessPoolExecutor"]}
    for _ in range(ROUNDS):  # interleaved, so a busy moment hits every way
        times["sequential"].append(timed(sequential))
        with ThreadPoolExecutor(max_workers=WORKERS) as threads:
            times["ThreadPoolExecutor"].append(timed(partial(on, threads)))
        times["Process"].append(timed(processes))
        with multiprocessing.Pool(processes=WORKERS) as pool:
            pool.map(count_down, [0] * WORKERS)  # start the workers before the clock
            times["Pool"].append(timed(partial(pool.map, count_down)))
        with ProcessPoolExecutor(max_workers=WORKERS) as executor:
            on(executor, [0] * WORKERS)  # start the workers before the clock
            times["ProcessPoolExecutor"].append(timed(partial(on, executor)))
    baseline = statistics.median(times["sequential"])
    for name, seconds in times.items():
        median = statistics.median(seconds)
        spread = f"({min(seconds):.2f}-{max(seconds):.2f})"
        print(f"{name:<20} {median:5.2f} s {spread}  {baseline / median:4.1f}x")
