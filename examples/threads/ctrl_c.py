"""Ctrl-C with threads: only the main thread hears it, so it tells the rest.

Python runs signal handlers in the main thread only: KeyboardInterrupt
(Ctrl-C, SIGINT) is raised there, never in a worker. If the main thread just
dies, non-daemon workers keep the program running. The pattern: the workers
check a stop Event; the main thread waits with join(timeout) in a loop, so it
comes back to Python often enough to see the interrupt on every platform;
on KeyboardInterrupt it sets the event and joins the workers, which finish
their current step and return. The script sends itself SIGINT after
DELAY seconds, as if someone pressed Ctrl-C.
"""

import signal
import threading
import time

DELAY = 0.3


def worker(stop: threading.Event, log: list[str]) -> None:
    steps = 0
    while not stop.wait(0.05):  # one step of work, then check the event
        steps += 1
    log.append(f"{threading.current_thread().name} stopped after {steps} steps")


if __name__ == "__main__":
    stop = threading.Event()
    log: list[str] = []
    workers = [
        threading.Thread(target=worker, args=(stop, log), name=f"worker-{i}")
        for i in range(2)
    ]
    for thread in workers:
        thread.start()
    start = time.perf_counter()
    ctrl_c = threading.Timer(DELAY, signal.raise_signal, args=(signal.SIGINT,))
    ctrl_c.start()
    try:
        while any(thread.is_alive() for thread in workers):
            for thread in workers:
                thread.join(timeout=0.1)
    except KeyboardInterrupt:
        elapsed = time.perf_counter() - start
        where = threading.current_thread().name
        print(f"KeyboardInterrupt raised in {where} after {elapsed:.1f} s")
        stop.set()
        for thread in workers:
            thread.join()
    ctrl_c.join()
    print("\n".join(sorted(log)))
    print(f"every worker stopped; threads left: {threading.active_count() - 1}")
