"""Leaving the `with` block: a Pool terminates, an executor waits.

`multiprocessing.Pool` calls `terminate()` when its `with` block ends: the
workers are killed and unfinished work is thrown away. A worker killed while
it sends a result can leave `terminate()` waiting forever (a CPython race,
python/cpython#96995), so the first block ends while every task is still
asleep: none can send a result before terminate() has killed it. The safe
form is the second: `close()` then `join()` inside the block, so the work is
done and `terminate()` has nothing to kill. `ProcessPoolExecutor` calls
`shutdown(wait=True)` when its block ends and runs every task;
`shutdown(cancel_futures=True)` (3.9+) cancels those not yet started.
Look at the output: how many tasks finished in each case.
"""

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

TASKS = 6
DELAY = 0.1  # seconds per task
MINUTE = 60.0  # a task that outlasts the whole example


def slow(x: int, seconds: float = DELAY) -> int:
    time.sleep(seconds)
    return x


if __name__ == "__main__":
    start = time.perf_counter()
    with multiprocessing.Pool(processes=2) as pool:
        pending = pool.starmap_async(slow, [(x, MINUTE) for x in range(TASKS)])
    took = time.perf_counter() - start
    print(f"Pool, end of with block:   ready={pending.ready()} after {took:.1f} s")

    with multiprocessing.Pool(processes=2) as pool:
        pending = pool.map_async(slow, range(TASKS))
        pool.close()  # no new tasks
        pool.join()  # wait for the workers to finish the queued ones
    print(f"Pool, close() then join(): ready={pending.ready()}, {pending.get()}")

    with ProcessPoolExecutor(max_workers=2) as executor:
        futures = [executor.submit(slow, x) for x in range(TASKS)]
    done = sum(f.done() and not f.cancelled() for f in futures)
    print(f"executor, end of with block: {done} of {TASKS} tasks done")

    with ProcessPoolExecutor(max_workers=2) as executor:
        futures = [executor.submit(slow, x) for x in range(TASKS)]
        executor.shutdown(cancel_futures=True)
    cancelled = sum(f.cancelled() for f in futures)
    print(f"executor, cancel_futures=True: {cancelled} of {TASKS} tasks cancelled")
