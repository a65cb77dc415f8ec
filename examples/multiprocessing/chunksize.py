"""Many tiny tasks: chunksize decides how many trips between processes they cost.

`map` on a pool sends the tasks to the workers in chunks; each chunk is one
pickled message out and one back. With chunksize=1 every tiny task pays that
trip on its own; with a larger chunksize many tasks share it. `Pool.map`
picks about four chunks per worker by default (the output shows the size);
`ProcessPoolExecutor.map` defaults to chunksize=1. The pools start before the
clock does, so only the maps are timed. Look at the ratio column, against
chunksize=1, and at the last line: for tasks this small, plain `map()` in the
parent beats every pool. Timings vary from run to run.
"""

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

TASKS = 10_000
WORKERS = min(4, os.cpu_count() or 1)


def tiny(x: int) -> int:
    return x * x


def timed(run: Callable[[], list[int]]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


if __name__ == "__main__":
    numbers = range(TASKS)
    default = -(-TASKS // (WORKERS * 4))  # ceil, as Pool.map computes it
    print(f"{TASKS} tiny tasks on {WORKERS} workers")
    with multiprocessing.Pool(WORKERS) as pool:
        pool.map(tiny, range(WORKERS))  # start the workers before timing
        times = {
            "Pool.map chunksize=1": timed(lambda: pool.map(tiny, numbers, 1)),
            f"Pool.map default ({default})": timed(lambda: pool.map(tiny, numbers)),
            "Pool.map chunksize=1000": timed(lambda: pool.map(tiny, numbers, 1000)),
        }
    with ProcessPoolExecutor(WORKERS) as executor:
        list(executor.map(tiny, range(WORKERS)))
        times["executor.map default (1)"] = timed(
            lambda: list(executor.map(tiny, numbers))
        )
        times["executor.map chunksize=1000"] = timed(
            lambda: list(executor.map(tiny, numbers, chunksize=1000))
        )
    times["map() in the parent"] = timed(lambda: list(map(tiny, numbers)))
    baseline = times["Pool.map chunksize=1"]
    for name, seconds in times.items():
        print(f"{name:<28} {seconds:7.4f} s {baseline / seconds:7.1f}x")
