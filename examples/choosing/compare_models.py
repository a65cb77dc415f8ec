"""What one worker costs in each model, measured on this machine.

For threads, processes (default start method) and asyncio tasks: the time to
start one worker and see it run, the memory an idle worker adds (resident set
size, Linux only: "nan" elsewhere; a forked child's RSS counts pages it shares
with its parent), and the speedup of two workers on pure-Python CPU work.
"""

import asyncio
import multiprocessing as mp
import os
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from statistics import mean

WORK = 1_000_000


def cpu_task(n: int) -> int:
    return sum(i * i for i in range(n))


def rss_kib(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024
    except OSError:
        return float("nan")  # no /proc: not Linux


def idle(ready: threading.Semaphore, stop: threading.Event) -> None:
    ready.release()  # "I am running"
    stop.wait()


def start_workers(kind: str, n: int) -> tuple[float, float]:
    """Start n idle workers: (seconds per worker, KiB per worker)."""
    if kind == "thread":
        ready, stop, make = threading.Semaphore(0), threading.Event(), threading.Thread
    else:
        ready, stop, make = mp.Semaphore(0), mp.Event(), mp.Process  # type: ignore[assignment]
    before, start = rss_kib(), time.perf_counter()
    workers = [make(target=idle, args=(ready, stop)) for _ in range(n)]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.acquire()
    seconds = (time.perf_counter() - start) / n
    pids = [w.pid for w in workers if isinstance(w, mp.Process) and w.pid]
    kib = mean(map(rss_kib, pids)) if pids else (rss_kib() - before) / n
    stop.set()
    for worker in workers:
        worker.join()
    return seconds, kib


async def start_tasks(n: int) -> tuple[float, float]:
    stop, before, start = asyncio.Event(), rss_kib(), time.perf_counter()
    tasks = [asyncio.create_task(stop.wait()) for _ in range(n)]
    await asyncio.sleep(0)  # every task starts and blocks on the event
    seconds, kib = (time.perf_counter() - start) / n, (rss_kib() - before) / n
    stop.set()
    await asyncio.gather(*tasks)
    return seconds, kib


async def two_coroutines() -> None:
    async def work() -> int:
        return cpu_task(WORK)  # no await inside: nothing else runs meanwhile

    await asyncio.gather(work(), work())


def speedup(pool: Executor | None) -> str:
    """Two tasks one after the other vs two at once: median (min-max) of 3."""
    ratios = []
    for _ in range(3):
        start = time.perf_counter()
        cpu_task(WORK), cpu_task(WORK)
        middle = time.perf_counter()
        if pool is None:
            asyncio.run(two_coroutines())
        else:
            list(pool.map(cpu_task, [WORK, WORK]))
        ratios.append((middle - start) / (time.perf_counter() - middle))
    low, median, high = sorted(ratios)
    return f"{median:.1f}x ({low:.1f}-{high:.1f})"


if __name__ == "__main__":
    with ThreadPoolExecutor(2) as threads, ProcessPoolExecutor(2) as processes:
        list(processes.map(cpu_task, [1, 1]))  # start the workers before timing
        rows: dict[str, tuple[tuple[float, float], Executor | None]] = {
            "thread": (start_workers("thread", 200), threads),
            f"process ({mp.get_start_method()})": (
                start_workers("process", 8),
                processes,
            ),
            "asyncio task": (asyncio.run(start_tasks(10_000)), None),
        }
        print(f"{os.cpu_count()} CPUs; CPU speedup: 2 workers vs 1, ideal 2.0x")
        print(f"{'model':<20} {'start-up':>10} {'memory':>14}  CPU speedup")
        for name, ((seconds, kib), pool) in rows.items():
            line = f"{name:<20} {seconds * 1e3:7.3f} ms {kib:10,.1f} KiB"
            print(f"{line}  {speedup(pool)}")
