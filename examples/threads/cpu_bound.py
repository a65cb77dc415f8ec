"""Threads do not speed up pure-Python CPU work while the GIL is on.

The same countdown (WORK decrements in total) runs in the main thread, then
split into equal chunks over 2 and 4 threads. The variants take turns for
REPEATS rounds, after one untimed warm-up round; the table shows each
variant's median time, its min-max spread and the speedup against the
sequential median. Look at the speedup column: with the GIL only one thread
runs bytecode at a time, so it stays near 1.0x however many cores there are.
On a free-threaded build (python3.13t, "GIL enabled: no") it does not.
"""

import os
import statistics
import sys
import threading
import time

WORK = 4_000_000  # decrements in total, split over the threads
REPEATS = 5
VARIANTS = {"sequential": 0, "2 threads": 2, "4 threads": 4}


def count_down(n: int) -> None:
    while n > 0:
        n -= 1


def timed(n_threads: int) -> float:
    """Seconds to do WORK in n_threads threads (0: in the main thread)."""
    start = time.perf_counter()
    if n_threads == 0:
        count_down(WORK)
    else:
        chunk = WORK // n_threads
        threads = [
            threading.Thread(target=count_down, args=(chunk,)) for _ in range(n_threads)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return time.perf_counter() - start


if __name__ == "__main__":
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    print(f"GIL enabled: {'yes' if gil else 'no'}, CPU cores: {os.cpu_count()}")
    print(f"{WORK:,} decrements, median of {REPEATS} runs in ms (min-max)")
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for round_ in range(REPEATS + 1):
        for name, n_threads in VARIANTS.items():
            seconds = timed(n_threads)
            if round_ > 0:  # round 0 only warms up the interpreter
                times[name].append(seconds)
    baseline = statistics.median(times["sequential"])
    for name, runs in times.items():
        median = statistics.median(runs)
        ms = f"{1000 * median:4.0f} ms ({1000 * min(runs):.0f}-{1000 * max(runs):.0f})"
        print(f"{name:<11} {ms:<18} {baseline / median:4.1f}x")
