"""A program that hangs at exit: joining a process before draining its Queue.

`produce` puts a result of SIZE bytes on a `multiprocessing.Queue`. The
queue sends it through a pipe from a background thread, and a process that
put something on a queue does not exit until all of it has gone into the
pipe. A pipe holds far less than SIZE, so the child waits for the parent to
read, while the parent waits in `join()` for the child to exit: a deadlock,
which is why a program whose workers report through a queue can hang at
the end. The example joins with a timeout instead of for ever: look at the
first line, the child is still alive. The fix is the order: `get()` every
result first, then `join()`.
"""

import multiprocessing
import time

SIZE = 1_000_000  # bytes: far more than a pipe holds
TIMEOUT = 1.0  # seconds join() waits before the example gives up


def produce(queue: multiprocessing.Queue) -> None:
    queue.put(b"x" * SIZE)


if __name__ == "__main__":
    queue: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=produce, args=(queue,))
    process.start()
    process.join(timeout=TIMEOUT)  # BUG: join before get
    alive = process.is_alive()
    print(f"join() before get(): child still alive after {TIMEOUT} s: {alive}")
    size = len(queue.get())  # drains the pipe, and the child can exit
    process.join()
    print(f"  then get() took {size:,} bytes and join() returned", end="")
    print(f", exit code {process.exitcode}")

    process = multiprocessing.Process(target=produce, args=(queue,))
    process.start()
    start = time.perf_counter()
    size = len(queue.get())  # the fix: drain the queue first
    process.join()
    took = time.perf_counter() - start
    print(f"get() before join(): {size:,} bytes, both done in {took:.2f} s", end="")
    print(f", exit code {process.exitcode}")
