"""What one worker costs in each model, measured on this machine.

Threads, processes (default start method), asyncio tasks: the time to start one
and see it run, the private memory an idle one adds (USS from Linux's /proc, or
"nan"), and the speedup of two on two pure-Python jobs: median (min-max) of 3.
"""

import asyncio
import multiprocessing as mp
import threading
import time
import timeit
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing.synchronize import Event, Semaphore

WORK = 1_000_000


def cpu_task(n: int) -> int:
    return sum(i * i for i in range(n))


def uss_kib(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return sum(int(n.split()[1]) for n in f if n.startswith("Private_"))
    except OSError:
        return float("nan")  # no /proc: not Linux


def idle(ready: Semaphore, stop: Event) -> None:
    ready.release()  # "I am running"
    stop.wait()


def start_workers(kind: str, n: int) -> tuple[float, float]:
    ready, stop = mp.Semaphore(0), mp.Event()  # they work between threads too
    make = threading.Thread if kind == "thread" else mp.Process
    base, start = uss_kib(), time.perf_counter()
    workers = [make(target=idle, args=(ready, stop)) for _ in range(n)]
    for worker in workers:
        worker.start()
        ready.acquire()  # it runs: start the next one
    seconds = (time.perf_counter() - start) / n
    kib = [uss_kib() - base] if kind == "thread" else [uss_kib(w.pid) for w in workers]
    stop.set()
    for worker in workers:
        worker.join()
    return seconds, sum(kib) / n  # per worker: a child's own memory, or our growth


async def start_tasks(n: int) -> tuple[float, float]:
    base, start = uss_kib(), time.perf_counter()
    tasks = [asyncio.create_task(asyncio.sleep(0.1)) for _ in range(n)]
    await asyncio.sleep(0)  # every task starts waiting: none ends before we measure
    seconds, kib = (time.perf_counter() - start) / n, (uss_kib() - base) / n
    await asyncio.gather(*tasks)
    return seconds, kib


async def two_coroutines() -> None:
    async def work() -> int:
        return cpu_task(WORK)  # no await inside: nothing else runs meanwhile

    await asyncio.gather(work(), work())


def speedup(two_at_once: Callable[[], object]) -> str:
    ratios = []
    for _ in range(3):  # in turn, then at once: a busier machine slows both
        alone = timeit.timeit(lambda: (cpu_task(WORK), cpu_task(WORK)), number=1)
        ratios.append(alone / timeit.timeit(two_at_once, number=1))
    low, median, high = sorted(ratios)
    return f"{median:.1f}x ({low:.1f}-{high:.1f})"


if __name__ == "__main__":
    # Processes first, while no other thread runs that a fork could copy mid-lock
    costs = {f"process ({mp.get_start_method()})": start_workers("process", 8)}
    costs["thread"] = start_workers("thread", 200)  # joined before the pools start
    costs["asyncio task"] = asyncio.run(start_tasks(10_000))
    with ProcessPoolExecutor(2) as processes, ThreadPoolExecutor(2) as threads:
        list(processes.map(cpu_task, [1, 1]))  # start the workers before timing
        speedups = [speedup(lambda: list(processes.map(cpu_task, [WORK, WORK])))]
        speedups.append(speedup(lambda: list(threads.map(cpu_task, [WORK, WORK]))))
    speedups.append(speedup(lambda: asyncio.run(two_coroutines())))
    print(f"{'model':<20} {'start-up':>10} {'private memory':>14}  CPU speedup")
    for (name, (seconds, kib)), ratio in zip(costs.items(), speedups, strict=True):
        print(f"{name:<20} {seconds * 1e3:7.3f} ms {kib:10,.1f} KiB  {ratio}")
