"""concurrent.futures beyond map(): progress, first failure, timeouts, cancel.

- as_completed() yields futures as they finish, not in the order submitted:
  the way to show progress. Pool.imap_unordered() does the same for a Pool.
- wait(return_when=FIRST_EXCEPTION) returns as soon as one task fails.
- result(timeout=...) stops waiting, with TimeoutError; the task runs on.
- cancel() only works on a task that has not started yet.
- With no max_workers, a process pool starts one worker per CPU, and a
  thread pool min(32, CPUs + 4) (os.process_cpu_count() from 3.13).
"""

import multiprocessing
import os
import threading
import time
from concurrent.futures import (
    FIRST_EXCEPTION,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
    wait,
)


def work(seconds: float) -> float:
    time.sleep(seconds)
    if seconds < 0.05:
        raise ValueError(f"task of {seconds} s failed")
    return seconds


if __name__ == "__main__":
    sizes = [0.4, 0.1, 0.3, 0.2]
    with ProcessPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(work, s) for s in sizes]
        for done, future in enumerate(as_completed(futures), start=1):
            print(
                f"as_completed: {done}/{len(futures)} done ({future.result()} s task)"
            )
    with multiprocessing.Pool(4) as mp_pool:
        order = list(mp_pool.imap_unordered(work, sizes))
        print(f"imap_unordered: results in finishing order {order}")

    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [pool.submit(work, s) for s in (0.5, 0.01, 0.5)]
        start = time.perf_counter()
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        failed = next(f for f in done if f.exception())
        print(
            f"wait(FIRST_EXCEPTION): back after {time.perf_counter() - start:.2f} s "
            f"with {failed.exception()!r}; {len(pending)} still running"
        )
        try:
            futures[0].result(timeout=0.1)
        except TimeoutError:
            print(
                f"result(timeout=0.1): TimeoutError; task still running: "
                f"{futures[0].running()}"
            )

    started = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        running = pool.submit(lambda: started.set() or work(0.2))
        queued = pool.submit(work, 0.2)
        started.wait()  # the first has started, the second waits its turn
        print(
            f"cancel(): running task {running.cancel()}, queued task {queued.cancel()}"
        )

    cpus = getattr(os, "process_cpu_count", os.cpu_count)()
    with ProcessPoolExecutor() as processes, ThreadPoolExecutor() as threads:
        print(
            f"defaults on {cpus} CPUs: ProcessPoolExecutor "
            # _max_workers is private: read here only to show the default
            f"{processes._max_workers} workers, ThreadPoolExecutor "
            f"{threads._max_workers}"
        )
