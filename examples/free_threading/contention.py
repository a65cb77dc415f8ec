"""Threads that share one object scale worse than threads on their own data.

The same work (appending to lists, or counting) is split into THREADS equal
chunks, run one after another in the main thread, then in THREADS threads
at once. "own" variants give every chunk its own list or counter; "shared"
ones make every chunk append to the same list, or count in one counter
behind one Lock. Free-threaded CPython locks a list for each append, and a
shared object's memory moves from core to core, so sharing eats into the
speedup. With the GIL nothing runs in parallel anyway. Median of REPEATS
runs, min-max, and the speedup of the threads over the sequential run.
"""

import os
import statistics
import sys
import sysconfig
import threading
import time
from collections.abc import Callable

THREADS = 4
CHUNK = 250_000  # appends or increments per chunk
REPEATS = 5
lock = threading.Lock()
shared_list: list[int] = []
shared_count = [0]


def own_list() -> None:
    mine: list[int] = []
    for i in range(CHUNK):
        mine.append(i)


def one_list() -> None:
    for i in range(CHUNK):
        shared_list.append(i)


def own_counter() -> None:
    mine = [0]
    for _ in range(CHUNK):
        mine[0] += 1


def one_locked_counter() -> None:
    for _ in range(CHUNK):
        with lock:
            shared_count[0] += 1


def timed(chunk: Callable[[], None], threaded: bool) -> float:
    shared_list.clear()
    start = time.perf_counter()
    if threaded:
        threads = [threading.Thread(target=chunk) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for _ in range(THREADS):
            chunk()
    return time.perf_counter() - start


def ms(runs: list[float]) -> str:
    median = statistics.median(runs)
    return f"{1000 * median:4.0f} ({1000 * min(runs):.0f}-{1000 * max(runs):.0f})"


if __name__ == "__main__":
    cores = getattr(os, "process_cpu_count", os.cpu_count)()  # 3.13+
    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(
        f"free-threaded build: {'yes' if free else 'no'}, GIL enabled: "
        f"{'yes' if gil else 'no'}, CPU cores: {cores}"
    )
    print(f"{THREADS} chunks of {CHUNK:,}, median of {REPEATS} runs in ms (min-max)")
    print(f"{'data':<20} {'sequential':<14} {f'{THREADS} threads':<14} speedup")
    for chunk in (own_list, one_list, own_counter, one_locked_counter):
        runs: dict[bool, list[float]] = {False: [], True: []}
        for round_ in range(REPEATS + 1):
            for threaded in (False, True):
                seconds = timed(chunk, threaded)
                if round_ > 0:  # round 0 warms up
                    runs[threaded].append(seconds)
        speedup = statistics.median(runs[False]) / statistics.median(runs[True])
        name = chunk.__name__.replace("_", " ")
        print(f"{name:<20} {ms(runs[False]):<14} {ms(runs[True]):<14} {speedup:5.2f}x")
