"""What one worker costs in each model, measured on this machine.

For threads, processes (default start method) and asyncio tasks: the time to
start one worker and see it run, the private memory (USS) an idle worker
adds, and the speedup of two workers on pure-Python CPU work. USS counts the
pages no other process maps (Linux /proc/PID/smaps_rollup; "nan" elsewhere):
a child's own, or this process's growth per thread or task. A forked child's
RSS would also count the pages it still shares with its parent.
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


def uss_kib(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return sum(int(n.split()[1]) for n in f if n.startswith("Private_"))
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
    before, start = uss_kib(), time.perf_counter()
    workers = [make(target=idle, args=(ready, stop)) for _ in range(n)]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.acquire()
    seconds = (time.perf_counter() - start) / n
    pids = [w.pid for w in workers if isinstance(w, mp.Process) and w.pid]
    kib = mean(map(uss_kib, pids)) if pids else (uss_kib() - before) / n
    stop.set()
    for worker in workers:
        worker.join()
    return seconds, kib


async def start_tasks(n: int) -> tuple[float, float]:
    stop, before, start = asyncio.Event(), uss_kib(), time.perf_counter()
    tasks = [asyncio.create_task(stop.wait()) for _ in range(n)]
    await asyncio.sleep(0)  # every task starts and blocks on the event
    seconds, kib = (time.perf_counter() - start) / n, (uss_kib() - before) / n
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
    # Processes first, while no other thread runs that a fork could copy mid-lock
    process = start_workers("process", 8)
    thread = start_workers("thread", 200)  # joined before the pools start
    task = asyncio.run(start_tasks(10_000))
    with ProcessPoolExecutor(2) as processes, ThreadPoolExecutor(2) as threads:
        list(processes.map(cpu_task, [1, 1]))  # start the workers before timing
        rows: dict[str, tuple[tuple[float, float], Executor | None]] = {
            "thread": (thread, threads),
            f"process ({mp.get_start_method()})": (process, processes),
            "asyncio task": (task, None),
        }
        cpus = getattr(os, "process_cpu_count", os.cpu_count)()  # what pools use
        print(f"{cpus} CPUs; CPU speedup: 2 workers vs 1, ideal 2.0x")
        print(f"{'model':<20} {'start-up':>10} {'private memory':>14}  CPU speedup")
        for name, ((seconds, kib), pool) in rows.items():
            line = f"{name:<20} {seconds * 1e3:7.3f} ms {kib:10,.1f} KiB"
            print(f"{line}  {speedup(pool)}")
