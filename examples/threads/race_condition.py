"""A race condition: threads that read, then write, a shared counter lose updates.

THREADS threads each add 1 to a shared counter INCREMENTS times, in three
steps: read the value, pause, write the value plus one. The pause
(time.sleep(0)) releases the GIL and lets another thread run between the
read and the write, as a log call or an I/O wait can in real code; that
thread reads the same old value, and one of the two writes is lost. Without
the pause, a GIL build (3.10 and later) switches threads only at loop ends
and calls, almost never inside this gap, so the race would rarely show; a
free-threaded build would lose updates even so. Look at the last lines: the
count falls short of the expected total on every run, by a different amount
each time. See race_fixed_with_lock.py for the fix.
"""

import threading
import time

THREADS = 4
INCREMENTS = 1_000


class Counter:
    def __init__(self) -> None:
        self.value = 0

    def increment(self) -> None:
        value = self.value  # 1. read
        time.sleep(0)  # 2. another thread may run here and read the same value
        self.value = value + 1  # 3. write: may overwrite that thread's update


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
