"""I/O-bound work under every model: waits, with more and more workers.

Each of TASKS tasks waits DELAY seconds (time.sleep in a pool's worker,
asyncio.sleep in a task). Look at the speedup against the ideal, the number
of waits that can overlap: min(workers, TASKS). Pools start before the clock;
each time is the median of REPEATS runs, min-max their spread.
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
TASKS, DELAY, WORKERS = 8, 0.01, (1, 2, 4, 8)


def wait(seconds: float) -> None:
    time.sleep(seconds)  # a blocking call: it releases the GIL while it waits


async def in_tasks(sizes: list[float], workers: int) -> None:
    limit = asyncio.Semaphore(workers)

    async def one(seconds: float) -> None:
        async with limit:
            await asyncio.sleep(seconds)  # the loop runs other tasks meanwhile

    await asyncio.gather(*(one(s) for s in sizes))


if __name__ == "__main__":
    sizes = [DELAY] * TASKS
    [wait(s) for s in sizes]  # warm-up
    base = median(timed(lambda: [wait(s) for s in sizes]))
    print(f"Waits of {DELAY * 1000:.0f} ms, speedup by workers")
    print(f"sequential baseline: {base:.3f} s; repeats: {REPEATS}")
    print(f"{'model':<24}{'workers':>8}{'seconds':>9}{'speedup':>9}", end="")
    print(f"{'min-max':>12}{'ideal':>7}{'efficiency':>12}")
    for workers in WORKERS:
        runs = {"asyncio": timed(lambda w=workers: asyncio.run(in_tasks(sizes, w)))}
        for pool in (futures.ThreadPoolExecutor, futures.ProcessPoolExecutor):
            with pool(max_workers=workers) as executor:
                list(executor.map(wait, [0] * workers))  # start the workers
                runs[pool.__name__] = timed(lambda: list(executor.map(wait, sizes)))
        for name, seconds in runs.items():
            speedup, ideal = base / median(seconds), min(workers, TASKS)
            low, high = base / max(seconds), base / min(seconds)
            print(
                f"{name:<24}{workers:>8}{median(seconds):>9.3f}{speedup:>8.2f}x"
                f"{low:>7.2f}-{high:.2f}{ideal:>7}{speedup / ideal:>11.0%}"
            )
