# /// script
# requires-python = ">=3.11"
# dependencies = ["dask[distributed]"]
# ///
"""The CPU-bound job of the multiprocessing chapter, on Dask and on a pool.

The countdown, WORK decrements split into TASKS tasks, runs sequentially, on
a `ProcessPoolExecutor` and on a Dask `LocalCluster` with as many worker
processes (one thread each), started on 127.0.0.1 before the clock, as the
pool is. The ways take turns for ROUNDS rounds; the table shows the median,
the min-max spread and the speedup against the sequential median. Then the
cost of a task itself: NOOPS tasks that do nothing, sent through each, the
median time divided by NOOPS. Look at the last two lines: Dask's scheduler
makes a decision for every task, and that costs more per task than the
pool's pipe does. Timings vary from run to run.
"""

import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import dask
from dask.distributed import Client, LocalCluster

WORK = 10_000_000  # decrements in total
TASKS = 8
CPUS = getattr(os, "process_cpu_count", os.cpu_count)() or 1
WORKERS = min(TASKS, CPUS)
ROUNDS = 3
NOOPS = 500


def count_down(n: int) -> int:
    while n > 0:
        n -= 1
    return n


def noop(x: int) -> int:
    return x


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def on_pool(pool: ProcessPoolExecutor, tasks: list[int]) -> list[int]:
    return list(pool.map(count_down, tasks))


def on_dask(client: Client, tasks: list[int]) -> list[int]:
    return client.gather(client.map(count_down, tasks, pure=False))


def noops_on_dask(client: Client) -> list[int]:
    return client.gather(client.map(noop, range(NOOPS), pure=False))


if __name__ == "__main__":
    tasks = [WORK // TASKS] * TASKS
    noops = range(NOOPS)
    print(f"{CPUS} CPUs, {WORKERS} workers, {TASKS} tasks")
    times: dict[str, list[float]] = {"sequential": [], "pool": [], "dask": []}
    overhead: dict[str, list[float]] = {"pool": [], "dask": []}
    with (
        tempfile.TemporaryDirectory() as scratch,
        dask.config.set({"temporary-directory": scratch}),
        LocalCluster(
            host="127.0.0.1",
            n_workers=WORKERS,
            threads_per_worker=1,
            dashboard_address="127.0.0.1:0",  # loopback only, a free port
            # at exit a worker's heartbeat can race the scheduler's close and
            # log a harmless error; errors that matter reach the client
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
        ProcessPoolExecutor(WORKERS) as pool,
    ):
        on_pool(pool, [0] * WORKERS)  # start the pool's workers before the clock
        for _ in range(ROUNDS):  # interleaved, so a busy moment hits every way
            times["sequential"].append(timed(lambda: list(map(count_down, tasks))))
            times["pool"].append(timed(lambda: on_pool(pool, tasks)))
            times["dask"].append(timed(lambda: on_dask(client, tasks)))
            overhead["pool"].append(timed(lambda: list(pool.map(noop, noops))))
            overhead["dask"].append(timed(lambda: noops_on_dask(client)))
    baseline = statistics.median(times["sequential"])
    for name, seconds in times.items():
        median = statistics.median(seconds)
        spread = f"({min(seconds):.2f}-{max(seconds):.2f})"
        print(f"{name:<12} {median:5.2f} s {spread}  {baseline / median:4.1f}x")
    for name, seconds in overhead.items():
        per_task = statistics.median(seconds) / NOOPS * 1e6
        print(f"per task, {name}: {per_task:6.0f} us")
