"""Ten thousand waits: asyncio tasks against threads, in time and memory.

For each N in SIZES the script starts N waiters that each wait WAIT seconds
at the same time, as asyncio tasks (`await asyncio.sleep`) and as threads
(`time.sleep`). Both kinds first block on an Event, so all N exist at once
when the memory is measured. "time" runs from creating the first waiter to
the end of the last, so it includes starting and waking them; "memory" is
how much the resident set size (RSS, from /proc/self/statm on Linux) grew
with all N alive. A thread's cost is mostly its stack, outside the Python
heap, where tracemalloc would not see it. Threads stop at MAX_THREADS, to
keep the run short on a small machine. Look at the per-waiter column and at
how the time grows with N.
"""

import asyncio
import os
import threading
import time

SIZES = [10, 100, 1_000, 10_000]
WAIT = 0.1  # seconds every waiter waits
MAX_THREADS = 1_000


def rss() -> int:
    """Resident memory now, in bytes (Linux); elsewhere the peak so far."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource  # macOS: ru_maxrss is the peak, in bytes

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def task_waiter(go: asyncio.Event) -> None:
    await go.wait()
    await asyncio.sleep(WAIT)


async def with_tasks(n: int) -> tuple[float, int]:
    before, start = rss(), time.perf_counter()
    go = asyncio.Event()
    tasks = [asyncio.create_task(task_waiter(go)) for _ in range(n)]
    await asyncio.sleep(0)  # let every task start and block in go.wait()
    used = rss() - before
    go.set()
    await asyncio.gather(*tasks)
    return time.perf_counter() - start, used


def thread_waiter(go: threading.Event) -> None:
    go.wait()
    time.sleep(WAIT)


def with_threads(n: int) -> tuple[float, int]:
    before, start = rss(), time.perf_counter()
    go = threading.Event()
    threads = [threading.Thread(target=thread_waiter, args=(go,)) for _ in range(n)]
    for thread in threads:
        thread.start()  # returns once the thread runs, so all block in go.wait()
    used = rss() - before
    go.set()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, used


if __name__ == "__main__":
    print(f"N waiters, each waits {WAIT} s; memory = growth of RSS with all alive")
    print(f"{'N':>6}  {'model':<8} {'time':>7} {'memory':>10} {'per waiter':>11}")
    results: dict[tuple[str, int], tuple[float, int]] = {}
    for n in SIZES:
        for model, run in [
            ("asyncio", lambda n: asyncio.run(with_tasks(n))),
            ("threads", with_threads),
        ]:
            if model == "threads" and n > MAX_THREADS:
                print(f"{n:>6}  {model:<8} skipped: more than {MAX_THREADS:,}")
                continue
            seconds, used = results[model, n] = run(n)
            print(
                f"{n:>6}  {model:<8} {seconds:5.2f} s {used / 2**20:6.1f} MiB"
                f" {used / n / 1024:7.1f} KiB"
            )
    (t_time, t_used), (a_time, a_used) = (
        results["threads", MAX_THREADS],
        results["asyncio", MAX_THREADS],
    )
    print(
        f"{MAX_THREADS:,} threads against {MAX_THREADS:,} tasks: "
        f"{t_time / a_time:.1f}x the time, {t_used / max(a_used, 1):.0f}x the memory"
    )
