"""The textbook two-thread snippet, completed so that it runs.

`task` stands in for real work: it logs which thread runs it, waits WAIT
seconds (as a network call would) and logs again. Two threads run it; the
main thread starts both, then joins both. Look at the last line: the two
waits overlapped, so the total is close to one WAIT, not two. The order of
the "start" and "done" lines can change from run to run.
"""

import logging
import sys
import threading
import time

WAIT = 0.2  # seconds each task spends waiting


def task() -> None:
    logging.info("start")
    time.sleep(WAIT)  # a blocking call: the GIL is released while it waits
    logging.info("done")


if __name__ == "__main__":
    # logging writes each line in one go; print() from two threads can mix lines
    logging.basicConfig(
        level=logging.INFO, format="%(threadName)s: %(message)s", stream=sys.stdout
    )
    start = time.perf_counter()

    thread1 = threading.Thread(target=task, name="thread-1")
    thread2 = threading.Thread(target=task, name="thread-2")

    # Start the threads
    thread1.start()
    thread2.start()

    # Wait for the threads to finish
    thread1.join()
    thread2.join()

    elapsed = time.perf_counter() - start
    print(f"two tasks of {WAIT:.2f} s each took {elapsed:.2f} s in total")
