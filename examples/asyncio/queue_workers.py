"""Producer and consumers with asyncio.Queue, and a clean shutdown.

A producer puts ITEMS jobs on a bounded queue (at most MAXSIZE waiting: a
full queue makes `put` wait, which slows the producer down to the pace of
the workers: see when the producer finishes). WORKERS worker tasks take
jobs off the queue and call `task_done()` for each. The shutdown:
`queue.join()` waits until every job is done, then the workers, idle in
`queue.get()`, are cancelled and gathered. Look at the last lines: every
job was handled and no task is left running. (Python 3.13 adds
`Queue.shutdown()` as another way to stop the workers.)
"""

import asyncio
import time
from collections import defaultdict

ITEMS = 12
WORKERS = 3
MAXSIZE = 4
WORK = 0.05  # seconds each job takes


async def producer(queue: asyncio.Queue[int], start: float) -> None:
    for item in range(ITEMS):
        await queue.put(item)  # waits while the queue is full
    elapsed = time.perf_counter() - start
    print(f"producer: all {ITEMS} jobs queued after {elapsed:.2f} s")


async def worker(name: str, queue: asyncio.Queue[int], done: list[str]) -> None:
    while True:
        item = await queue.get()
        try:
            await asyncio.sleep(WORK)  # stands in for real work on item
            done[item] = name
        finally:
            queue.task_done()  # even if the work failed


async def main() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=MAXSIZE)
    done = [""] * ITEMS  # which worker handled each job
    start = time.perf_counter()
    workers = [
        asyncio.create_task(worker(f"worker-{i}", queue, done)) for i in range(WORKERS)
    ]
    await producer(queue, start)
    await queue.join()  # every job got its task_done()
    print(f"queue.join(): all jobs done after {time.perf_counter() - start:.2f} s")
    for task in workers:
        task.cancel()  # they would wait in queue.get() forever
    await asyncio.gather(*workers, return_exceptions=True)

    by_worker: defaultdict[str, list[int]] = defaultdict(list)
    for item, name in enumerate(done):
        by_worker[name].append(item)
    for name, items in sorted(by_worker.items()):
        print(f"{name}: jobs {items}")
    print(f"jobs not handled: {done.count('')}")
    others = asyncio.all_tasks() - {asyncio.current_task()}
    print(f"tasks still running besides main: {len(others)}")


if __name__ == "__main__":
    asyncio.run(main())
