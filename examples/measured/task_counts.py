"""How the cost of waiting grows with the number of tasks, per model.

TASKS waits of DELAY seconds, all at once: asyncio tasks, one thread per task,
one process per task. Where the waits overlap perfectly the run takes DELAY
(the ideal); what it takes beyond that is the cost of the model. Memory per
task is measured with every worker started and waiting: private memory (USS,
Linux /proc/PID/smaps_rollup, "nan" elsewhere) of this process's growth, plus
each child process's own. Threads stop at 1,000 and processes at 10 (100 with
BENCHMARK=thorough): past that the machine, not the model, sets the limit.
Times: median and min-max of REPEATS runs.
BENCHMARK=quick or BENCHMARK=thorough: fewer or more repeats.
"""

import asyncio
import multiprocessing as mp
import os
import platform
import sys
import threading
import time
from statistics import median

LEVEL = os.environ.get("BENCHMARK", "standard")
REPEATS = {"quick": 1, "standard": 3, "thorough": 9}[LEVEL]
DELAY = 0.05
COUNTS = {"asyncio": 10_000, "Thread": 1_000, "Process": 10}
COUNTS |= {
    "quick": {"asyncio": 1_000, "Thread": 100},
    "thorough": {"Process": 100},
}.get(LEVEL, {})


def uss_kib(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return sum(int(n.split()[1]) for n in f if n.startswith("Private_"))
    except OSError:
        return float("nan")  # no /proc: not Linux


def hold(ready: threading.Semaphore, go: threading.Event, seconds: float) -> None:
    ready.release()  # "I am running"
    go.wait()  # every worker is up: memory is measured before this returns
    time.sleep(seconds)


async def in_tasks(n: int, seconds: float) -> float:
    go, before = asyncio.Event(), uss_kib()

    async def one() -> None:
        await go.wait()
        await asyncio.sleep(seconds)

    tasks = [asyncio.create_task(one()) for _ in range(n)]
    await asyncio.sleep(0)  # every task starts and waits for `go`
    kib = uss_kib() - before
    go.set()
    await asyncio.gather(*tasks)
    return kib


def in_workers(kind: str, n: int, seconds: float) -> float:
    if kind == "Thread":
        ready, go, make = threading.Semaphore(0), threading.Event(), threading.Thread
    else:
        ready, go, make = mp.Semaphore(0), mp.Event(), mp.Process  # type: ignore[assignment]
    before = uss_kib()
    workers = [make(target=hold, args=(ready, go, seconds)) for _ in range(n)]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.acquire()
    pids = [w.pid for w in workers if isinstance(w, mp.Process)]
    kib = uss_kib() - before + sum(uss_kib(pid) for pid in pids if pid)
    go.set()
    for worker in workers:
        worker.join()
    return kib


def measure(model: str, n: int) -> tuple[list[float], float]:
    seconds, kib = [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        if model == "asyncio":
            kib.append(asyncio.run(in_tasks(n, DELAY)))
        else:
            kib.append(in_workers(model, n, DELAY))
        seconds.append(time.perf_counter() - start)
    return seconds, max(kib) / n  # later runs reuse memory the first one freed


if __name__ == "__main__":
    gil = "enabled" if getattr(sys, "_is_gil_enabled", lambda: True)() else "disabled"
    print(f"machine: {platform.system()} {platform.machine()},", end="")
    print(f" {os.cpu_count()} cores, Python {platform.python_version()}, GIL {gil}")
    print(f"\nWaits of {DELAY * 1e3:.0f} ms all at once, cost by task count")
    print(f"{'model':<10}{'tasks':>8}{'seconds':>9}{'min-max':>13}{'ideal':>7}", end="")
    print(f"{'KiB/task':>10}")
    for model in ("Process", "asyncio", "Thread"):  # no thread runs at a fork
        n = 10
        while n <= COUNTS[model]:
            seconds, kib = measure(model, n)
            print(
                f"{model:<10}{n:>8}{median(seconds):>9.3f}"
                f"{min(seconds):>7.3f}-{max(seconds):.3f}{DELAY:>7.3f}{kib:>10.1f}"
            )
            n *= 10
