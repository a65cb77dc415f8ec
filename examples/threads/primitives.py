"""The other threading primitives: RLock, Condition, Barrier, BoundedSemaphore, Timer.

- RLock: the thread that holds it may take it again (a helper called with
  the lock held); a plain Lock would wait for itself forever.
- Condition: wait until a predicate holds, woken by notify().
- Barrier: N threads wait for each other before the next phase.
- BoundedSemaphore: releasing more than was acquired is a bug, and it says so;
  a plain Semaphore silently grows.
- Timer: call a function after a delay, unless cancelled first.
"""

from __future__ import annotations

import threading


def deposit(lock: threading.Lock | threading.RLock, account: list[int]) -> bool:
    with lock:  # the caller may already hold it
        got = lock.acquire(timeout=0.2)  # a helper taking the same lock again
        if got:
            account[0] += 1
            lock.release()
        return got


def phases(barrier: threading.Barrier, log: list[str]) -> None:
    name = threading.current_thread().name
    log.append(f"{name} phase 1")
    barrier.wait()  # nobody starts phase 2 before all finished phase 1
    log.append(f"{name} phase 2")


if __name__ == "__main__":
    for name, lock in (("Lock", threading.Lock()), ("RLock", threading.RLock())):
        ok = deposit(lock, [0])
        print(f"{name:>5} taken twice by one thread: {ok}")

    items: list[int] = []
    ready = threading.Condition()

    def consume() -> None:
        with ready:
            ready.wait_for(lambda: len(items) >= 3)  # sleeps until notified
            print(f"Condition: consumer woke up with {items}")

    consumer = threading.Thread(target=consume)
    consumer.start()
    for i in range(3):
        with ready:
            items.append(i)
            ready.notify()
    consumer.join()

    log: list[str] = []
    barrier = threading.Barrier(3)
    team = [threading.Thread(target=phases, args=(barrier, log)) for _ in range(3)]
    for thread in team:
        thread.start()
    for thread in team:
        thread.join()
    order = [entry.split()[-1] for entry in log]
    print(f"Barrier: phases in the order they ran: {' '.join(order)}")

    for semaphore in (threading.Semaphore(2), threading.BoundedSemaphore(2)):
        semaphore.acquire()
        semaphore.release()
        try:
            semaphore.release()  # one release too many
            print(f"{type(semaphore).__name__}: extra release accepted")
        except ValueError as error:
            print(f"{type(semaphore).__name__}: ValueError: {error}")

    fired: list[str] = []
    timers = [threading.Timer(0.1, fired.append, args=(name,)) for name in "ab"]
    timers[1].cancel()  # any time before its delay runs out
    for timer in timers:
        timer.start()
    for timer in timers:
        timer.join()
    print(f"Timer: fired {fired}; the cancelled one never ran")
