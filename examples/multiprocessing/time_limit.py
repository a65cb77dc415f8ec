"""A time limit on a blocking function: stop waiting, or stop the work?

future.result(timeout=...) only stops *waiting*: the call raises
TimeoutError, but the function keeps running in its thread or process, and
a thread cannot be stopped from outside at all. To stop the work itself,
run it in a process of its own, and terminate() that process when the
limit passes. That is safe for pure computation; a process killed halfway
through writing a file or holding a lock leaves that half-done.
"""

import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor

LIMIT = 0.3


def stubborn(seconds: float, done: "multiprocessing.Value[float]") -> None:
    time.sleep(seconds)  # a call you cannot interrupt, like a C library's
    done.value = seconds


if __name__ == "__main__":
    finished = multiprocessing.Value("d", 0.0)
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(stubborn, 1.0, finished)
        start = time.perf_counter()
        try:
            future.result(timeout=LIMIT)
        except TimeoutError:
            print(
                f"result(timeout={LIMIT}): gave up waiting after "
                f"{time.perf_counter() - start:.1f} s"
            )
        print(f"  but the thread is still running: {future.running()}")
    print(
        f"  leaving the pool waited for it anyway: {time.perf_counter() - start:.1f} s,"
        f" and it finished its work ({finished.value} s)"
    )

    finished.value = 0.0
    start = time.perf_counter()
    worker = multiprocessing.Process(target=stubborn, args=(1.0, finished))
    worker.start()
    worker.join(timeout=LIMIT)
    if worker.is_alive():
        worker.terminate()  # SIGTERM on POSIX, TerminateProcess on Windows
        worker.join()
    print(
        f"a process, terminated at the limit: stopped after "
        f"{time.perf_counter() - start:.1f} s, exit code {worker.exitcode}, "
        f"work finished: {finished.value != 0.0}"
    )
