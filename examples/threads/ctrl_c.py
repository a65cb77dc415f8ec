"""Ctrl-C with threads: only the main thread hears it, so it tells the rest.

Python runs signal handlers in the main thread only: Ctrl-C (SIGINT) never
interrupts a worker. If the main thread just dies, non-daemon workers keep
the program running. The pattern: the workers check a stop Event; a SIGINT
handler in the main thread sets it; the main thread waits with
join(timeout) in a loop, so it gets back to Python, where handlers run,
often enough on every platform. The handler sets the event instead of
raising KeyboardInterrupt: on 3.11 and 3.12 an exception that lands inside
join(timeout) can make a later join() return early, with the thread running.
The script sends itself SIGINT after DELAY seconds, as if someone pressed
Ctrl-C.
"""

import signal
import threading
import time
from types import FrameType

DELAY = 0.3


def worker(stop: threading.Event, log: list[str]) -> None:
    steps = 0
    while not stop.wait(0.05):  # one step of work, then check the event
        steps += 1
    log.append(f"{threading.current_thread().name} stopped after {steps} steps")


if __name__ == "__main__":
    stop = threading.Event()
    start = time.perf_counter()

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        where = threading.current_thread().name
        print(f"SIGINT handled in {where} after {time.perf_counter() - start:.1f} s")
        stop.set()

    signal.signal(signal.SIGINT, on_sigint)
    log: list[str] = []
    workers = [
        threading.Thread(target=worker, args=(stop, log), name=f"worker-{i}")
        for i in range(2)
    ]
    for thread in workers:
        thread.start()
    ctrl_c = threading.Timer(DELAY, signal.raise_signal, args=(signal.SIGINT,))
    ctrl_c.start()
    while any(thread.is_alive() for thread in workers):
        for thread in workers:
            thread.join(timeout=0.1)
    ctrl_c.join()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    print("\n".join(sorted(log)))
    print(f"every worker stopped; threads left: {threading.active_count() - 1}")
