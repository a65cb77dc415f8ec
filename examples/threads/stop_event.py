"""Stopping a background worker with a threading.Event.

A worker does a small job every INTERVAL seconds until the main thread sets
a `stop` event. It waits with `stop.wait(INTERVAL)` rather than
`time.sleep(INTERVAL)`: the wait returns early, and True, as soon as the
event is set, so the worker stops at once instead of finishing its nap.
Look at the last line: the delay between set() and the end of the worker is
far below INTERVAL. The number of ticks can vary by one between runs.
"""

import threading
import time

INTERVAL = 0.5  # seconds between two ticks of the worker
RUN_FOR = 1.2  # seconds the main thread lets the worker run


def worker(stop: threading.Event, ticks: list[float]) -> None:
    while True:
        ticks.append(time.perf_counter())  # stands in for a periodic job
        if stop.wait(INTERVAL):  # True: the event was set, so stop
            return


if __name__ == "__main__":
    stop = threading.Event()
    ticks: list[float] = []
    thread = threading.Thread(target=worker, args=(stop, ticks))
    thread.start()
    time.sleep(RUN_FOR)
    signalled = time.perf_counter()
    stop.set()
    thread.join()
    stopped_after = time.perf_counter() - signalled
    print(f"worker ticked {len(ticks)} times, every {INTERVAL} s, for {RUN_FOR} s")
    print(f"worker alive after join: {thread.is_alive()}")
    print(f"stopped {stopped_after * 1000:.1f} ms after stop.set()")
