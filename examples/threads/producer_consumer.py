"""Producer and consumers connected by a queue.Queue, shut down with sentinels.

One producer puts ITEMS numbers on a bounded queue (at most MAXSIZE waiting,
so a fast producer blocks instead of filling memory); CONSUMERS threads take
them off and square them. To shut down, the producer puts one sentinel
(None) per consumer; a consumer that takes it stops. Queue handles all the
locking, so the results list needs no lock of its own (list.append is
thread-safe). Look at the output: every item was handled exactly once and
the work was shared between the consumers; the split varies per run.
"""

import queue
import threading
import time
from collections import Counter

ITEMS = 20
CONSUMERS = 3
MAXSIZE = 5
SENTINEL = None  # "no more work"; Python 3.13+ can use Queue.shutdown() instead


def produce(tasks: queue.Queue[int | None]) -> None:
    for item in range(ITEMS):
        tasks.put(item)  # blocks while the queue holds MAXSIZE items
    for _ in range(CONSUMERS):
        tasks.put(SENTINEL)


def consume(tasks: queue.Queue[int | None], results: list[tuple[str, int]]) -> None:
    me = threading.current_thread().name
    while (item := tasks.get()) is not SENTINEL:
        time.sleep(0.01)  # stands in for real work on the item
        results.append((me, item * item))


if __name__ == "__main__":
    tasks: queue.Queue[int | None] = queue.Queue(maxsize=MAXSIZE)
    results: list[tuple[str, int]] = []
    threads = [threading.Thread(target=produce, args=(tasks,), name="producer")]
    threads += [
        threading.Thread(target=consume, args=(tasks, results), name=f"consumer-{n}")
        for n in range(1, CONSUMERS + 1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    squares = sorted(square for _, square in results)
    expected = [item * item for item in range(ITEMS)]
    print(f"{ITEMS} items, {CONSUMERS} consumers, queue size {MAXSIZE}")
    print(f"results: {len(squares)}, all correct: {squares == expected}")
    for name, count in sorted(Counter(name for name, _ in results).items()):
        print(f"{name} handled {count} items")
    print(f"threads still running: {threading.active_count() - 1}")
