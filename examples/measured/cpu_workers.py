"""CPU-bound work under every model, from one worker to one more than the cores.

Pure-Python arithmetic holds the GIL; SHA-256 (hashlib) releases it. Look at the
speedup against the ideal, min(workers, cores), and its min-max over REPEATS
runs: pools start before the clock, the sequential run is timed again each row.
"""

import asyncio
import hashlib
import os
import threading
import timeit
from collections.abc import Callable
from concurrent import futures
from functools import partial
from statistics import median

LEVEL = os.environ.get("BENCHMARK", "standard")  # or quick, or thorough
REPEATS, SCALE = {"quick": (1, 4), "standard": (3, 1), "thorough": (9, 1)}[LEVEL]
timed = partial(timeit.repeat, number=1, repeat=REPEATS)  # seconds of each run
CPUS = getattr(os, "process_cpu_count", os.cpu_count)() or 1
POOLS = [futures.ThreadPoolExecutor, futures.ProcessPoolExecutor]
if hasattr(futures, "InterpreterPoolExecutor"):  # 3.14+: sub-interpreters
    POOLS.append(futures.InterpreterPoolExecutor)


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


async def in_tasks(work: Callable[[int], int], sizes: list[int]) -> None:
    async def one(n: int) -> None:
        work(n)  # no await inside: the loop runs nothing else meanwhile

    await asyncio.gather(*(one(n) for n in sizes))


def sweep(title: str, work: Callable[[int], int], sizes: list[int]) -> None:
    [work(n) for n in sizes]  # warm-up
    print(f"{title}, speedup by workers")
    print(f"sequential: one thread, timed again per worker count; repeats: {REPEATS}")
    print(f"{'model':<24}{'workers':>8}{'sequential':>11}{'seconds':>9}", end="")
    print(f"{'speedup':>9}{'min-max':>12}{'ideal':>7}{'efficiency':>12}")
    for workers in range(1, CPUS + 2):  # a busy machine slows the baseline too
        base = median(timed(lambda: [work(n) for n in sizes]))
        runs = {"Thread": timed(lambda w=workers: in_threads(work, sizes, w))}
        runs["asyncio"] = timed(lambda: asyncio.run(in_tasks(work, sizes)))  # 1 thread
        for pool in POOLS:
            with pool(max_workers=workers) as executor:
                list(executor.map(work, [1] * workers))  # start the workers
                runs[pool.__name__] = timed(lambda: list(executor.map(work, sizes)))
        for name, seconds in runs.items():
            speedup, ideal = base / median(seconds), min(workers, CPUS)
            low, high = base / max(seconds), base / min(seconds)
            print(
                f"{name:<24}{workers:>8}{base:>11.3f}{median(seconds):>9.3f}{speedup:>8.2f}x"
                f"{low:>7.2f}-{high:.2f}{ideal:>7}{speedup / ideal:>11.0%}"
            )


if __name__ == "__main__":
    sweep("Pure-Python arithmetic (holds the GIL)", arithmetic, [150_000 // SCALE] * 6)
    print()
    mib = 12 // SCALE  # BENCHMARK=quick hashes smaller buffers
    sweep(f"SHA-256 of {mib} MiB buffers (releases the GIL)", sha256, [mib << 20] * 6)
