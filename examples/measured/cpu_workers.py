"""CPU-bound work under every model, from one worker to one more than the cores.

Pure-Python arithmetic holds the GIL; SHA-256 of large buffers (hashlib)
releases it. Each model runs the same tasks with 1 to cores+1 workers, its
pool started before the clock. Each run is timed REPEATS times: the median,
and the speedup's min-max against the sequential run timed right before (after
a warm-up) in this same run; the ideal is min(workers, cores). BENCHMARK=quick or
BENCHMARK=thorough: fewer or more repeats.
"""

import asyncio
import hashlib
import os
import platform
import sys
import threading
import time
from collections.abc import Callable
from concurrent import futures
from statistics import median

LEVEL = os.environ.get("BENCHMARK", "standard")
REPEATS, SCALE = {"quick": (1, 4), "standard": (3, 1), "thorough": (9, 1)}[LEVEL]
TASKS = 6
CPUS = getattr(os, "process_cpu_count", os.cpu_count)() or 1


def arithmetic(n: int) -> int:
    return sum(i * i for i in range(n))


def sha256(n: int) -> int:
    return len(hashlib.sha256(bytes(n)).digest())  # n zero bytes, GIL released


def in_threads(work: Callable[[int], int], sizes: list[int], workers: int) -> None:
    threads = [
        threading.Thread(target=lambda part: [work(n) for n in part], args=(part,))
        for part in (sizes[i::workers] for i in range(workers))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


async def in_tasks(work: Callable[[int], int], sizes: list[int], workers: int) -> None:
    limit = asyncio.Semaphore(workers)

    async def one(n: int) -> None:
        async with limit:
            work(n)  # no await inside: the loop runs nothing else meanwhile

    await asyncio.gather(*(one(n) for n in sizes))


def timed(run: Callable[[], object]) -> list[float]:
    seconds = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return seconds


def sweep(title: str, work: Callable[[int], int], size: int) -> None:
    sizes = [size // SCALE] * TASKS
    [work(n) for n in sizes]  # warm-up
    print(f"\n{title}, speedup by workers")
    print("sequential: the same tasks in one thread, timed again for each row group")
    print(
        f"{'model':<24}{'workers':>8}{'sequential':>11}{'seconds':>9}{'speedup':>9}"
        f"{'min-max':>12}{'ideal':>7}{'efficiency':>12}"
    )
    pools: dict[str, type[futures.Executor]] = {
        "ThreadPoolExecutor": futures.ThreadPoolExecutor,
        "ProcessPoolExecutor": futures.ProcessPoolExecutor,
    }
    if hasattr(futures, "InterpreterPoolExecutor"):  # 3.14+: sub-interpreters
        pools["InterpreterPoolExecutor"] = futures.InterpreterPoolExecutor
    for workers in range(1, CPUS + 2):  # a busy machine slows the baseline too
        base = median(timed(lambda: [work(n) for n in sizes]))
        runs = {
            "Thread": timed(lambda w=workers: in_threads(work, sizes, w)),
            "asyncio": timed(lambda w=workers: asyncio.run(in_tasks(work, sizes, w))),
        }
        for name, pool in pools.items():
            with pool(max_workers=workers) as executor:
                list(executor.map(work, [1] * workers))  # start the workers
                runs[name] = timed(lambda: list(executor.map(work, sizes)))
        ideal = min(workers, CPUS)
        for name, seconds in runs.items():
            speedup = base / median(seconds)
            low, high = base / max(seconds), base / min(seconds)
            print(
                f"{name:<24}{workers:>8}{base:>11.3f}{median(seconds):>9.3f}{speedup:>8.2f}x"
                f"{low:>7.2f}-{high:.2f}{ideal:>7}{speedup / ideal:>11.0%}"
            )


if __name__ == "__main__":
    gil = "enabled" if getattr(sys, "_is_gil_enabled", lambda: True)() else "disabled"
    print(f"machine: {platform.system()} {platform.machine()}, {CPUS} cores,", end="")
    print(f" Python {platform.python_version()}, GIL {gil}; repeats: {REPEATS}")
    sweep("Pure-Python arithmetic (holds the GIL)", arithmetic, 150_000)
    sweep("SHA-256 of 12 MiB buffers (releases the GIL)", sha256, 12 << 20)
