"""When each task ran: start and end of every task, under every model.

TASKS tasks on WORKERS workers, once waiting (I/O-bound) and once computing
pure-Python arithmetic (CPU-bound). Each task reads time.perf_counter() as it
starts and ends, in the worker that runs it; the times printed are offsets
from the moment the model was handed the tasks (pools were started before).
Processes read the same clock: perf_counter is system-wide on Linux, macOS
and Windows. Workers are numbered in the order they first ran a task.
"""

import asyncio
import os
import threading
import time
from collections.abc import Callable
from concurrent import futures

TASKS, WORKERS, WAIT, COUNT = 4, 2, 0.03, 300_000
POOLS = [futures.ThreadPoolExecutor, futures.ProcessPoolExecutor]
if hasattr(futures, "InterpreterPoolExecutor"):  # 3.14+: sub-interpreters
    POOLS.append(futures.InterpreterPoolExecutor)
Span = tuple[str, float, float]  # worker, start, end


def worker() -> str:
    return f"{os.getpid()}/{threading.get_ident()}"


def wait(seconds: float) -> Span:
    start = time.perf_counter()
    time.sleep(seconds)
    return worker(), start, time.perf_counter()


def compute(n: int) -> Span:
    start = time.perf_counter()
    sum(i * i for i in range(n))
    return worker(), start, time.perf_counter()


async def in_tasks(work: Callable[[float], Span], arg: float) -> list[Span]:
    async def one() -> Span:
        start = time.perf_counter()
        if work is wait:
            await asyncio.sleep(arg)  # the loop starts the other tasks meanwhile
        else:
            work(arg)  # no await: the other tasks wait for this one
        return worker(), start, time.perf_counter()

    return await asyncio.gather(*(one() for _ in range(TASKS)))


def timeline(title: str, work: Callable[[float], Span], arg: float) -> None:
    runs: dict[str, tuple[float, list[Span]]] = {}
    work(arg)  # warm-up
    start = time.perf_counter()
    runs["sequential"] = start, [work(arg) for _ in range(TASKS)]
    start = time.perf_counter()
    runs["asyncio"] = start, asyncio.run(in_tasks(work, arg))
    for pool in POOLS:
        with pool(max_workers=WORKERS) as executor:
            list(executor.map(wait, [0.1] * WORKERS))  # each worker takes one
            start = time.perf_counter()
            runs[pool.__name__] = start, list(executor.map(work, [arg] * TASKS))
    print(f"Timeline: {title}, {TASKS} tasks, {WORKERS} workers")
    print(f"{'model':<24}{'task':>5}{'worker':>7}{'start_ms':>10}{'end_ms':>8}")
    for name, (start, spans) in runs.items():
        lanes: dict[str, int] = {}
        for task, (who, begin, end) in enumerate(spans, 1):
            lane = lanes.setdefault(who, len(lanes) + 1)
            begin_ms, end_ms = (begin - start) * 1e3, (end - start) * 1e3
            print(f"{name:<24}{task:>5}{lane:>7}{begin_ms:>10.1f}{end_ms:>8.1f}")


if __name__ == "__main__":
    timeline(f"I/O-bound, waits of {WAIT * 1e3:.0f} ms", wait, WAIT)
    print()
    timeline(f"CPU-bound, sums of {COUNT:,} squares", compute, COUNT)
