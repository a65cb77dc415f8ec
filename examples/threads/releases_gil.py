"""Threads do run in parallel while the code they call releases the GIL.

Three jobs, each made of TASKS equal pieces, run piece after piece in the
main thread, then with one thread per piece: SHA-256 of a CHUNK-sized buffer
and zlib compression (C code that drops the GIL while it crunches a large
buffer), and time.sleep (the GIL is free while a thread waits). Look at the
speedup column next to the ideal one: the C jobs can approach the number of
CPUs this process may use, the sleeps the number of threads. Times are
medians of REPEATS runs in milliseconds with the min-max spread; they vary
with machine load.
"""

import hashlib
import os
import random
import statistics
import threading
import time
import zlib
from collections.abc import Callable

TASKS = 4
CHUNK = 16 * 1024 * 1024  # bytes per hash: large buffers, not many small ones
REPEATS = 5
SLEEP = 0.03  # seconds per sleeping task


def sequential(job: Callable[[], object]) -> float:
    start = time.perf_counter()
    for _ in range(TASKS):
        job()
    return time.perf_counter() - start


def in_threads(job: Callable[[], object]) -> float:
    threads = [threading.Thread(target=job) for _ in range(TASKS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


def summary(runs: list[float]) -> str:
    ms = [1000 * seconds for seconds in runs]
    return f"{statistics.median(ms):4.0f} ms ({min(ms):.0f}-{max(ms):.0f})"


if __name__ == "__main__":
    # the CPUs this process may use (os.process_cpu_count() is new in 3.13)
    cores = getattr(os, "process_cpu_count", os.cpu_count)() or 1
    data = random.Random(0).randbytes(CHUNK)
    text = " ".join(str(i) for i in range(120_000)).encode()  # compressible
    jobs: dict[str, tuple[Callable[[], object], int]] = {
        "sha256": (lambda: hashlib.sha256(data).digest(), min(TASKS, cores)),
        "zlib.compress": (lambda: zlib.compress(text), min(TASKS, cores)),
        "time.sleep": (lambda: time.sleep(SLEEP), TASKS),
    }
    print(f"{TASKS} pieces per job, {TASKS} threads, {cores} CPU cores")
    print(f"{'job':<14} {'sequential':<18} {'threads':<18} speedup  ideal")
    for name, (job, ideal) in jobs.items():
        seq: list[float] = []
        thr: list[float] = []
        for _ in range(REPEATS):  # alternate, so load changes hit both alike
            seq.append(sequential(job))
            thr.append(in_threads(job))
        speedup = statistics.median(seq) / statistics.median(thr)
        row = f"{name:<14} {summary(seq):<18} {summary(thr):<18}"
        print(f"{row} {speedup:6.1f}x  {ideal}x")
