"""Ctrl-C does not stop the program: the executor waits for its queued jobs.

A `ThreadPoolExecutor` in a `with` block works through JOBS downloads, two
at a time, submitted up front and collected with `as_completed`. After the
second result the script sends itself SIGINT with
`signal.raise_signal`, which is what pressing Ctrl-C does (so no one has to
press a key, on any system). KeyboardInterrupt is raised in the main thread
at once, but leaving the `with` block calls `shutdown(wait=True)`, which
waits for every job already submitted: the program only ends when all the
work is done. The fix catches KeyboardInterrupt and calls
`shutdown(cancel_futures=True)`, which drops the jobs that have not started
and waits only for the two running ones. Compare the two lines: how long
after Ctrl-C each program let go, and how many jobs it still ran.
"""

import signal
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed

JOBS = 20
SECONDS = 0.1  # per job


def download(n: int, done: list[int]) -> int:
    time.sleep(SECONDS)  # stands in for a network call
    done.append(n)
    return n


def submit_all(executor: ThreadPoolExecutor, done: list[int]) -> list[Future[int]]:
    return [executor.submit(download, n, done) for n in range(JOBS)]


def report(label: str, pressed: float, done: list[int]) -> None:
    waited = time.perf_counter() - pressed
    print(
        f"{label}: let go {waited:.2f} s after Ctrl-C, {len(done)} of {JOBS} jobs ran"
    )


def with_block() -> None:
    done: list[int] = []
    pressed = 0.0
    try:
        with ThreadPoolExecutor(max_workers=2) as executor:
            for i, _ in enumerate(as_completed(submit_all(executor, done))):
                if i == 1:
                    pressed = time.perf_counter()
                    signal.raise_signal(signal.SIGINT)  # Ctrl-C: KeyboardInterrupt
    except KeyboardInterrupt:
        report("with block", pressed, done)


def cancel_on_interrupt() -> None:
    done: list[int] = []
    pressed = 0.0
    executor = ThreadPoolExecutor(max_workers=2)
    try:
        for i, _ in enumerate(as_completed(submit_all(executor, done))):
            if i == 1:
                pressed = time.perf_counter()
                signal.raise_signal(signal.SIGINT)
    except KeyboardInterrupt:
        executor.shutdown(wait=True, cancel_futures=True)  # drop what has not started
        report("cancel_futures", pressed, done)  # a program would exit here
    else:
        executor.shutdown()


if __name__ == "__main__":
    with_block()
    cancel_on_interrupt()
