"""What each start method costs: start and join a trivial process, REPEAT times.

`multiprocessing.get_context(method)` picks a start method for the processes
made from it, without changing the global default. fork copies the running
parent; spawn starts a fresh interpreter that imports this file; forkserver
asks a server process, started on first use, to fork a clean copy of itself.
Each method gets one untimed warm-up run (which starts the fork server).
Look at the median column and the ratio to the fastest method; the first
line shows this interpreter's default. Timings vary from run to run.
"""

import multiprocessing
import statistics
import time

REPEAT = 7


def nothing() -> None:
    pass


def start_and_join(method: str) -> float:
    ctx = multiprocessing.get_context(method)
    start = time.perf_counter()
    process = ctx.Process(target=nothing)
    process.start()
    process.join()
    return time.perf_counter() - start


if __name__ == "__main__":
    print(f"default start method here: {multiprocessing.get_start_method()}")
    results: dict[str, list[float]] = {}
    for method in multiprocessing.get_all_start_methods():
        start_and_join(method)  # warm-up
        results[method] = [start_and_join(method) for _ in range(REPEAT)]
    fastest = min(statistics.median(times) for times in results.values())
    print(f"start + join of one process, median of {REPEAT} (min-max):")
    for method, times in results.items():
        median = statistics.median(times)
        spread = f"({min(times) * 1000:.1f}-{max(times) * 1000:.1f})"
        ratio = median / fastest
        print(f"{method:<11} {median * 1000:6.1f} ms {spread:<14} {ratio:5.1f}x")
