"""Value and Array: ctypes numbers in shared memory, and the lock they need.

WORKERS processes add 1 to a shared `multiprocessing.Value` TIMES times each,
first without and then with `counter.get_lock()`. Each addition reads the
value, works a little (a short sleep, so that the race shows every time) and
writes the result back, as `counter.value += 1` does in one line: the
Value's built-in lock guards the read and the write separately, not the
pair. Look at the "lost" column: without the lock the processes overwrite
each other's updates. The last line shows an `Array` that the workers fill
without a lock, because each one writes only its own indices.
"""

import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.sharedctypes import Synchronized, SynchronizedArray
from multiprocessing.synchronize import Barrier

TIMES = 50
WORKERS = 2


def add(counter: "Synchronized[int]", use_lock: bool, start: Barrier) -> None:
    start.wait()  # all workers begin together
    for _ in range(TIMES):
        if use_lock:
            with counter.get_lock():
                value = counter.value
                time.sleep(0.001)
                counter.value = value + 1
        else:
            value = counter.value
            time.sleep(0.001)  # another process may write in between
            counter.value = value + 1


def fill(squares: "SynchronizedArray[int]", worker: int) -> None:
    for i in range(worker, len(squares), WORKERS):  # this worker's indices only
        squares[i] = i * i


def run_workers(target: Callable[..., None], args: list[tuple[object, ...]]) -> None:
    processes = [multiprocessing.Process(target=target, args=a) for a in args]
    for process in processes:
        process.start()
    for process in processes:
        process.join()


if __name__ == "__main__":
    expected = WORKERS * TIMES
    for use_lock in (False, True):
        counter = multiprocessing.Value("i", 0)
        start = multiprocessing.Barrier(WORKERS)
        run_workers(add, [(counter, use_lock, start)] * WORKERS)
        label = "with get_lock()" if use_lock else "without a lock"
        lost = expected - counter.value
        print(f"{label:<16} expected {expected}, got {counter.value}, lost {lost}")
    squares = multiprocessing.Array("i", 10)
    run_workers(fill, [(squares, worker) for worker in range(WORKERS)])
    print(f"Array filled by {WORKERS} workers: {squares[:]}")
