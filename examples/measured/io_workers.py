"""I/O-bound work under every model: waits, with more and more workers.

Each of TASKS tasks waits DELAY seconds (time.sleep; asyncio.sleep in a
task). The ideal speedup is the number of waits that can overlap,
min(workers, TASKS). Each run is timed REPEATS times, its pool's workers
started before the clock: the median, and the speedup's min-max against the
sequential run (after a warm-up) in this same run. BENCHMARK=quick or
BENCHMARK=thorough: fewer or more repeats.
"""

import asyncio
import os
import platform
import sys
import threading
import time
from collections.abc import Callable
from concurrent import futures
from statistics import median

LEVEL = os.environ.get("BENCHMARK", "standard")
REPEATS = {"quick": 1, "standard": 3, "thorough": 9}[LEVEL]
TASKS, DELAY, WORKERS = 8, 0.01, (1, 2, 4, 8)
CPUS = getattr(os, "process_cpu_count", os.cpu_count)() or 1


def wait(seconds: float) -> None:
    time.sleep(seconds)  # a blocking call: it releases the GIL while it waits


def in_threads(sizes: list[float], workers: int) -> None:
    threads = [
        threading.Thread(target=lambda part: [wait(s) for s in part], args=(part,))
        for part in (sizes[i::workers] for i in range(workers))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


async def in_tasks(sizes: list[float], workers: int) -> None:
    limit = asyncio.Semaphore(workers)

    async def one(seconds: float) -> None:
        async with limit:
            await asyncio.sleep(seconds)  # the loop runs other tasks meanwhile

    await asyncio.gather(*(one(s) for s in sizes))


def timed(run: Callable[[], object]) -> list[float]:
    seconds = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return seconds


def sweep(title: str, sizes: list[float]) -> None:
    [wait(s) for s in sizes]  # warm-up
    base = median(timed(lambda: [wait(s) for s in sizes]))
    print(f"\n{title}, speedup by workers\nsequential baseline: {base:.3f} s")
    print(
        f"{'model':<24}{'workers':>8}{'seconds':>9}{'speedup':>9}{'min-max':>12}"
        f"{'ideal':>7}{'efficiency':>12}"
    )
    pools = {
        "ThreadPoolExecutor": futures.ThreadPoolExecutor,
        "ProcessPoolExecutor": futures.ProcessPoolExecutor,
    }
    for workers in WORKERS:
        runs = {
            "Thread": timed(lambda w=workers: in_threads(sizes, w)),
            "asyncio": timed(lambda w=workers: asyncio.run(in_tasks(sizes, w))),
        }
        for name, pool in pools.items():
            with pool(max_workers=workers) as executor:
                list(executor.map(wait, [0] * workers))  # start the workers
                runs[name] = timed(lambda: list(executor.map(wait, sizes)))
        ideal = min(workers, len(sizes))
        for name, seconds in runs.items():
            speedup = base / median(seconds)
            low, high = base / max(seconds), base / min(seconds)
            print(
                f"{name:<24}{workers:>8}{median(seconds):>9.3f}{speedup:>8.2f}x"
                f"{low:>7.2f}-{high:.2f}{ideal:>7}{speedup / ideal:>11.0%}"
            )


if __name__ == "__main__":
    gil = "enabled" if getattr(sys, "_is_gil_enabled", lambda: True)() else "disabled"
    print(f"machine: {platform.system()} {platform.machine()}, {CPUS} cores,", end="")
    print(f" Python {platform.python_version()}, GIL {gil}; repeats: {REPEATS}")
    sweep(f"Waits of {DELAY * 1000:.0f} ms", [DELAY] * TASKS)
