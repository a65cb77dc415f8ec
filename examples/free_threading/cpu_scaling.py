"""Pure-Python CPU work over 1..N threads, against the ideal speedup.

A fixed amount of work (WORK decrements) is split evenly over 1, 2, 3...
threads, up to one more thread than the machine has cores. Each variant runs
REPEATS times after an untimed warm-up, taking turns with the others; the
table gives the median time with its min-max spread, the speedup against one
thread, the ideal speedup (one per core, at most one per thread) and the
efficiency: speedup / ideal. Run it on a GIL build and on python3.14t.
"""

import os
import statistics
import sys
import sysconfig
import threading
import time

WORK = 6_000_000
REPEATS = 5


def count_down(n: int) -> None:
    while n > 0:
        n -= 1


def timed(n_threads: int) -> float:
    chunk = WORK // n_threads
    threads = [
        threading.Thread(target=count_down, args=(chunk,)) for _ in range(n_threads)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


if __name__ == "__main__":
    cores = getattr(os, "process_cpu_count", os.cpu_count)() or 1
    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(
        f"free-threaded build: {'yes' if free else 'no'}, GIL enabled: "
        f"{'yes' if gil else 'no'}, CPU cores: {cores}"
    )
    counts = list(range(1, min(max(4, cores + 1), 8) + 1))
    times: dict[int, list[float]] = {n: [] for n in counts}
    for round_ in range(REPEATS + 1):
        for n in counts:
            seconds = timed(n)
            if round_ > 0:  # round 0 warms up
                times[n].append(seconds)
    baseline = statistics.median(times[1])
    print(f"{WORK:,} decrements, median of {REPEATS} runs")
    print("threads  time ms (min-max)   speedup  ideal  efficiency")
    for n, runs in times.items():
        median = statistics.median(runs)
        ms = f"{1000 * median:5.0f} ({1000 * min(runs):.0f}-{1000 * max(runs):.0f})"
        speedup, ideal = baseline / median, min(n, cores)
        efficiency = speedup / ideal
        print(f"{n:>7}  {ms:<18} {speedup:6.2f}x {ideal:5}x {efficiency:10.0%}")
