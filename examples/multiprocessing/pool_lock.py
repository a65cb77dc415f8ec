"""One Lock for every pool worker: inherit it at start-up, or use a Manager's.

A multiprocessing.Lock cannot travel as a task argument: pickling it for a
task raises RuntimeError, under every start method, because a lock may only
reach another process as that process starts ("through inheritance"). Two
ways work: hand it to each worker once, through initializer=/initargs=, and
keep it in a global; or use a Manager's Lock, a proxy that pickles (each
acquire and release is then a round trip to the manager's process). Each
task holds the lock for a moment; look at the output: the error, then, for
each fix, how many tasks held the lock at the same time as another (none).
"""

import itertools
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager
from functools import partial
from typing import Any

TASKS = 6
HOLD = 0.05  # seconds each task holds the lock
Lock = AbstractContextManager[Any]  # what the tasks need of a lock: `with`

inherited: Lock | None = None  # set in each worker by remember()


def remember(lock: Lock) -> None:  # the initializer: once per worker
    global inherited
    inherited = lock


def hold(lock: Lock | None, n: int) -> tuple[float, float]:
    """Task n: hold the given lock (or the inherited one) for HOLD seconds."""
    lock = lock if lock is not None else inherited
    assert lock is not None, "no lock given, and no initializer ran"
    with lock:
        start = time.perf_counter()
        time.sleep(HOLD)
        return start, time.perf_counter()


def overlapping(turns: list[tuple[float, float]]) -> int:
    """How many turns with the lock began before the one before them ended."""
    turns.sort()
    return sum(nxt[0] < prev[1] for prev, nxt in itertools.pairwise(turns))


if __name__ == "__main__":
    lock = multiprocessing.Lock()
    with ProcessPoolExecutor(2) as executor:
        try:
            executor.submit(hold, lock, 0).result()
        except RuntimeError as exc:
            print(f"Lock as a task argument: RuntimeError: {exc}")

    with ProcessPoolExecutor(2, initializer=remember, initargs=(lock,)) as executor:
        turns = list(executor.map(partial(hold, None), range(TASKS)))
        print(f"initializer=/initargs=: {overlapping(turns)} of {TASKS} overlapped")

    with multiprocessing.Manager() as manager, ProcessPoolExecutor(2) as executor:
        turns = list(executor.map(partial(hold, manager.Lock()), range(TASKS)))
        print(f"Manager().Lock():       {overlapping(turns)} of {TASKS} overlapped")
