"""The race from race_condition.py, fixed with a threading.Lock.

Same counter, same threads, same pause between the read and the write; the
only change is that `increment` holds a lock around its read-modify-write,
so no other thread can read the counter until the new value is written.
Look at the last lines: the count matches the expected total on every run.
"""

import threading
import time

THREADS = 4
INCREMENTS = 1_000


class Counter:
    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def increment(self) -> None:
        with self._lock:  # one thread at a time from here...
            value = self.value  # 1. read
            time.sleep(0)  # 2. other threads may run, but wait for the lock
            self.value = value + 1  # 3. write
        # ...to here: the lock is released even if the block raises


def work(counter: Counter) -> None:
    for _ in range(INCREMENTS):
        counter.increment()


if __name__ == "__main__":
    counter = Counter()
    threads = [threading.Thread(target=work, args=(counter,)) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = THREADS * INCREMENTS
    print(f"{THREADS} threads x {INCREMENTS} increments")
    print(f"expected: {expected}")
    print(f"got:      {counter.value}")
    print(f"lost:     {expected - counter.value} updates")
