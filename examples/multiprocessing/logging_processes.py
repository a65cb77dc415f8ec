"""Logging from several processes: one QueueHandler per worker, one listener.

Handlers configured in the parent (a file, a format) exist in a forked child
only by accident: fork copies the parent's memory. A spawned or forkserver
child starts a fresh interpreter, imports your module and runs the task: it
has no handlers at all, so its records fall through to logging's "last
resort" (warnings and above, bare, on stderr) and its info lines vanish.
The fix works under every start method: each worker sends its records
through a multiprocessing queue (QueueHandler, set up by the pool's
initializer), and one QueueListener in the parent hands them to the real
handlers, in one place, one record at a time.
"""

import io
import logging
import logging.handlers
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.queues import Queue

log = logging.getLogger("app")


def task(n: int) -> int:
    log.info("task %d done", n)
    return n * n


def send_logs_to(queue: "Queue[logging.LogRecord]") -> None:
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(queue)]
    root.setLevel(logging.INFO)


if __name__ == "__main__":
    collected = io.StringIO()
    handler = logging.StreamHandler(collected)
    handler.setFormatter(logging.Formatter("%(processName)s %(levelname)s %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])

    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        list(pool.map(task, range(2)))
    lines = len(collected.getvalue().splitlines())
    print(f"spawned workers, with the parent's handlers only: {lines} lines logged")

    queue = spawn.Queue()
    listener = logging.handlers.QueueListener(queue, handler)
    listener.start()
    with ProcessPoolExecutor(
        2, mp_context=spawn, initializer=send_logs_to, initargs=(queue,)
    ) as pool:
        list(pool.map(task, range(4)))
    listener.stop()  # handles every record still queued
    print("through a QueueHandler and one QueueListener:")
    for line in sorted(collected.getvalue().splitlines()):
        print(f"  {line}")
