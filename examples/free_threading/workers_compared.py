"""What a thread, a sub-interpreter and a process cost as workers (3.14+).

Start-up: create one worker, run a trivial call in it, wait for the answer.
Memory: the private memory (USS: pages no other process maps) a worker
adds, read from /proc (Linux only; elsewhere it prints nan). Threads and
interpreters live inside this process, so the script measures how much this
process grows per worker; a process worker reports its own. Start-up times
are medians of REPEATS runs, with min-max.
"""

import multiprocessing
import os
import statistics
import sys
import sysconfig
import threading
import time
from concurrent.futures import ProcessPoolExecutor

REPEATS = 5
HOLD = 4  # workers kept alive at once for the memory figure


def noop(n: int = 0) -> int:
    return n


def uss_mib() -> float:
    """This process's private memory now (Linux); nan elsewhere."""
    try:
        with open("/proc/self/smaps_rollup") as smaps:
            kib = sum(int(n.split()[1]) for n in smaps if n.startswith("Private_"))
    except OSError:
        return float("nan")
    return kib / 1024


def start_one(kind: str) -> float:
    """Seconds to create a worker of this kind and get an answer from it."""
    start = time.perf_counter()
    if kind == "interpreter":
        interp = interpreters.create()
        interp.call(noop)
        interp.close()
    else:
        make = threading.Thread if kind == "thread" else multiprocessing.Process
        worker = make(target=noop)
        worker.start()
        worker.join()
    return time.perf_counter() - start


def threads_growth() -> float:
    release = threading.Event()
    before = uss_mib()
    held = [threading.Thread(target=release.wait) for _ in range(HOLD)]
    for thread in held:
        thread.start()
    grown = uss_mib() - before
    release.set()
    for thread in held:
        thread.join()
    return grown / HOLD


def interpreters_growth() -> float:
    before = uss_mib()
    held = [interpreters.create() for _ in range(HOLD)]
    for interp in held:
        interp.call(noop)  # loads this script and its imports in each
    grown = uss_mib() - before
    for interp in held:
        interp.close()
    return grown / HOLD


if __name__ == "__main__":
    cores = getattr(os, "process_cpu_count", os.cpu_count)()  # 3.13+
    try:
        import concurrent.interpreters as interpreters
    except ModuleNotFoundError as error:
        print(f"Python {sys.version.split()[0]}: {error} (it is new in 3.14)")
        sys.exit(0)
    build = "yes" if sysconfig.get_config_var("Py_GIL_DISABLED") else "no"
    gil = "yes" if sys._is_gil_enabled() else "no"
    method = multiprocessing.get_start_method()
    print(
        f"free-threaded build: {build}, GIL enabled: {gil}, "
        f"CPU cores: {cores}, start method: {method}"
    )
    print("Start-up per worker, ms, median (min-max):")
    for kind in ("thread", "interpreter", "process"):
        runs = [1000 * start_one(kind) for _ in range(REPEATS)]
        median = statistics.median(runs)
        print(f"  {kind:<12} {median:6.1f} ({min(runs):.1f}-{max(runs):.1f})")
    print("Private memory per worker, MiB:")
    print(f"  thread       {threads_growth():6.1f} more in this process")
    print(f"  interpreter  {interpreters_growth():6.1f} more in this process")
    with ProcessPoolExecutor(1) as pool:
        print(f"  process      {pool.submit(uss_mib).result():6.1f} of its own")
