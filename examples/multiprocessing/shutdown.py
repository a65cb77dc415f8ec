"""Leaving the `with` block: a Pool terminates, an executor waits.

Each part queues TASKS slow tasks and leaves at once. `multiprocessing.Pool`
calls `terminate()` when its `with` block ends, so unfinished work is thrown
away; `close()` and then `join()` let it finish first. `ProcessPoolExecutor`
calls `shutdown(wait=True)` when its `with` block ends and runs every
task; `shutdown(cancel_futures=True)` (3.9+) cancels those not yet started.
Look at the output: how many tasks finished in each case.
"""

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

TASKS = 6
DELAY = 0.1  # seconds per task


def slow(x: int) -> int:
    time.sleep(DELAY)
    return x


if __name__ == "__main__":
    with multiprocessing.Pool(processes=2) as pool:
        pending = pool.map_async(slow, range(TASKS))
    print(f"Pool, end of with block:   ready={pending.ready()} (terminated)")

    pool = multiprocessing.Pool(processes=2)
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
