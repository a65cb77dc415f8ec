"""How the cost of waiting grows with the number of tasks, per model.

N waits of DELAY seconds at once: asyncio tasks, or one thread or process per
task. The ideal is one DELAY; the rest is the model's cost. KiB/task: private
memory (USS, from Linux's /proc; "nan" elsewhere) while all of them wait. Times:
median and min-max of REPEATS runs. Past MOST tasks, the machine sets the limit.
"""

import asyncio
import multiprocessing as mp
import os
import threading
import time
from statistics import median

LEVEL = os.environ.get("BENCHMARK", "standard")  # or quick, or thorough
REPEATS = {"quick": 1, "standard": 3, "thorough": 9}[LEVEL]
DELAY = 0.05
MOST = {
    "quick": {"Process": 10, "asyncio": 1_000, "Thread": 100},
    "standard": {"Process": 10, "asyncio": 10_000, "Thread": 1_000},
    "thorough": {"Process": 100, "asyncio": 10_000, "Thread": 1_000},
}[LEVEL]


def uss_kib(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return sum(int(n.split()[1]) for n in f if n.startswith("Private_"))
    except OSError:
        return float("nan")  # no /proc: not Linux


async def in_tasks(n: int) -> float:
    before = uss_kib()
    tasks = [asyncio.create_task(asyncio.sleep(DELAY)) for _ in range(n)]
    await asyncio.sleep(0)  # every task starts waiting: none ends before we measure
    kib = uss_kib() - before
    await asyncio.gather(*tasks)
    return kib


def hold(ready: threading.Semaphore, go: threading.Event) -> None:
    ready.release()  # "I am running"
    go.wait()  # every worker is up: memory is measured before this returns
    time.sleep(DELAY)


def in_workers(kind: str, n: int) -> float:
    if kind == "Thread":
        ready, go, make = threading.Semaphore(0), threading.Event(), threading.Thread
    else:
        ready, go, make = mp.Semaphore(0), mp.Event(), mp.Process  # type: ignore[assignment]
    before = uss_kib()
    workers = [make(target=hold, args=(ready, go)) for _ in range(n)]
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
            kib.append(asyncio.run(in_tasks(n)))
        else:
            kib.append(in_workers(model, n))
        seconds.append(time.perf_counter() - start)
    return seconds, max(kib) / n  # later runs reuse memory the first one freed


if __name__ == "__main__":
    print(f"Waits of {DELAY * 1e3:.0f} ms all at once, cost by task count")
    print(f"{'model':<10}{'tasks':>8}{'seconds':>9}{'min-max':>13}{'ideal':>7}", end="")
    print(f"{'KiB/task':>10}")
    for model in ("Process", "asyncio", "Thread"):  # no thread runs at a fork
        n = 10
        while n <= MOST[model]:
            seconds, kib = measure(model, n)
            print(f"{model:<10}{n:>8}{median(seconds):>9.3f}", end="")
            print(f"{min(seconds):>7.3f}-{max(seconds):.3f}{DELAY:>7.3f}{kib:>10.1f}")
            n *= 10
