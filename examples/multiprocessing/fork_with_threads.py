"""Why fork and threads do not mix: a lock that nobody can release.

A thread takes a lock and holds it while the main thread forks a child with
`multiprocessing.get_context("fork")`. fork copies memory, the lock's
"taken" state included, but only the thread that called fork: in the child
the holder does not exist, so the lock can never be released. Look at the
child's line: its acquire times out (without the timeout it would hang for
ever). Python 3.12 and later also warn in the parent when a process with
several threads forks; the example records that DeprecationWarning and
prints it instead of letting it reach stderr.
"""

import multiprocessing
import threading
import warnings

lock = threading.Lock()
TIMEOUT = 0.5  # seconds the child waits for the lock


def child() -> None:
    acquired = lock.acquire(timeout=TIMEOUT)
    print(f"child: lock acquired within {TIMEOUT} s: {acquired}")


def hold_lock(taken: threading.Event, release: threading.Event) -> None:
    with lock:
        taken.set()
        release.wait()


if __name__ == "__main__":
    if "fork" not in multiprocessing.get_all_start_methods():
        raise SystemExit("this platform has no fork start method")
    taken, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_lock, args=(taken, release))
    holder.start()
    taken.wait()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        process = multiprocessing.get_context("fork").Process(target=child)
        process.start()
    release.set()  # the parent's lock is released; the child's copy is not
    holder.join()
    process.join()
    print(f"parent: lock acquired: {lock.acquire(timeout=TIMEOUT)}")
    for warning in caught:
        print(f"parent: {warning.category.__name__}: {warning.message}")
    if not caught:
        print("parent: no warning (Python 3.11 and earlier do not check)")
