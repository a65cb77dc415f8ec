"""A worker that dies, and how to stop workers on purpose.

`crash` ends its worker process at once with `os._exit`, as a segfault or
the out-of-memory killer would: there is no exception to send back.
`ProcessPoolExecutor` notices and fails the task with BrokenProcessPool, and
the whole executor with it. `multiprocessing.Pool` replaces the dead worker
but never gets the task's result, so `get()` would wait for ever; the
example passes a timeout. Last, a `Process` that would run for ever is
stopped with `terminate()`; its negative exit code is the signal number.
Look at the output: what the parent sees in each case.
"""

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

TIMEOUT = 1.0  # seconds to wait for the Pool's lost result


def crash() -> None:
    os._exit(1)  # no cleanup, no exception, no result


def square(x: int) -> int:
    return x * x


def forever() -> None:
    while True:
        time.sleep(0.1)


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as executor:
        future = executor.submit(crash)
        try:
            future.result()
        except BrokenProcessPool as exc:
            print(f"executor, crashed task: {type(exc).__name__}: {exc}")
        try:
            executor.submit(square, 3)
        except BrokenProcessPool as exc:
            print(f"executor, next submit:  {type(exc).__name__}: {exc}")

    with multiprocessing.Pool(processes=2) as pool:  # leaving it calls terminate()
        lost = pool.apply_async(crash)
        try:
            lost.get(timeout=TIMEOUT)
        except multiprocessing.TimeoutError:
            print(f"Pool, crashed task: no result after {TIMEOUT} s (TimeoutError)")
        print(f"Pool, next task still works: square(3) = {pool.apply(square, (3,))}")

    process = multiprocessing.Process(target=forever)
    process.start()
    process.terminate()  # SIGTERM on POSIX; process.kill() sends SIGKILL
    process.join()
    print(
        f"Process after terminate(): alive={process.is_alive()}, "
        f"exitcode={process.exitcode}"
    )
