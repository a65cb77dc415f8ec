"""Mixed work under every model: each task waits, then computes.

Each of TASKS tasks waits DELAY seconds (an I/O call) and then sums squares in
pure Python. Waits overlap under every model; the computing runs in parallel
only in processes (or threads without a GIL). So the ideal for N workers is
measured, not assumed: the sequential time over the longer of (sequential
time / N) and (computing time alone / min(N, cores)). Pools start before the
clock; min-max spans the REPEATS runs of which the median is shown.
"""

import asyncio
import os
import time
import timeit
from concurrent import futures
from functools import partial
from statistics import median

LEVEL = os.environ.get("BENCHMARK", "standard")  # or quick, or thorough
REPEATS = {"quick": 1, "standard": 3, "thorough": 9}[LEVEL]
timed = partial(timeit.repeat, number=1, repeat=REPEATS)  # seconds of each run
TASKS, DELAY, COUNT = 6, 0.01, 100_000
CPUS = getattr(os, "process_cpu_count", os.cpu_count)() or 1


def compute(n: int) -> int:
    return sum(i * i for i in range(n))


def task(n: int) -> int:
    time.sleep(DELAY)  # the I/O part: the GIL is released while it waits
    return compute(n)


async def in_tasks(pool: futures.Executor | None, workers: int) -> None:
    limit, loop = asyncio.Semaphore(workers), asyncio.get_running_loop()

    async def one() -> None:
        async with limit:
            await asyncio.sleep(DELAY)
            if pool is None:
                compute(COUNT)  # on the event loop: nothing else runs meanwhile
            else:
                await loop.run_in_executor(pool, compute, COUNT)

    await asyncio.gather(*(one() for _ in range(TASKS)))


if __name__ == "__main__":
    sizes = [COUNT] * TASKS
    [task(n) for n in sizes]  # warm-up
    base = median(timed(lambda: [task(n) for n in sizes]))
    cpu = median(timed(lambda: [compute(n) for n in sizes]))
    print(f"{TASKS} tasks that wait {DELAY * 1e3:.0f} ms, then compute")
    print(f"sequential baseline: {base:.3f} s, of which computing: {cpu:.3f} s", end="")
    print(f"; repeats: {REPEATS}")
    print(f"{'model':<24}{'workers':>8}{'seconds':>9}{'speedup':>9}", end="")
    print(f"{'min-max':>12}{'ideal':>7}{'efficiency':>12}")
    for workers in range(1, CPUS + 2):
        runs = {"asyncio": timed(lambda w=workers: asyncio.run(in_tasks(None, w)))}
        for pool in (futures.ThreadPoolExecutor, futures.ProcessPoolExecutor):
            with pool(max_workers=workers) as executor:
                list(executor.map(compute, [1] * workers))  # start the workers
                runs[pool.__name__] = timed(lambda: list(executor.map(task, sizes)))
                if pool is futures.ProcessPoolExecutor:  # asyncio hands it the CPU
                    both = timed(lambda w=workers: asyncio.run(in_tasks(executor, w)))
                    runs["asyncio+ProcessPool"] = both
        ideal = base / max(base / workers, cpu / min(workers, CPUS))
        for name, seconds in runs.items():
            speedup = base / median(seconds)
            low, high = base / max(seconds), base / min(seconds)
            print(
                f"{name:<24}{workers:>8}{median(seconds):>9.3f}{speedup:>8.2f}x"
                f"{low:>7.2f}-{high:.2f}{ideal:>7.2f}{speedup / ideal:>11.0%}"
            )
