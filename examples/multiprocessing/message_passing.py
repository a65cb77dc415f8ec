"""Message passing: a Queue for many workers, a Pipe between two processes.

WORKERS processes take numbers from a task `multiprocessing.Queue` until they
get the `None` sentinel and put (worker, number, square) on a result queue;
the parent reads exactly one result per task *before* it joins the workers:
a process does not exit while items it put on a queue still wait to be
flushed into the underlying pipe, so joining first can deadlock.
Then a `multiprocessing.Pipe` connects the parent to one child that answers
each message until it receives `None`. Every message is pickled. Look at the
output: each number came back once, done by one of the workers; which one
varies from run to run.
"""

import multiprocessing
from multiprocessing.connection import Connection
from multiprocessing.queues import Queue

WORKERS = 2
NUMBERS = 6


def square_worker(tasks: Queue, results: Queue) -> None:
    name = multiprocessing.current_process().name
    for number in iter(tasks.get, None):  # until the sentinel
        results.put((name, number, number * number))


def shout(connection: Connection) -> None:
    for message in iter(connection.recv, None):
        connection.send(message.upper() + "!")
    connection.close()


if __name__ == "__main__":
    tasks: Queue = multiprocessing.Queue()
    results: Queue = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=square_worker, args=(tasks, results))
        for _ in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    for number in range(NUMBERS):
        tasks.put(number)
    for _ in workers:
        tasks.put(None)  # one sentinel per worker
    # Nothing more to put: flush the queue and stop its feeder thread, so
    # that the process started below is not forked while that thread runs.
    tasks.close()
    tasks.join_thread()
    done = sorted((results.get() for _ in range(NUMBERS)), key=lambda r: r[1])
    for worker in workers:
        worker.join()
    for name, number, square in done:
        print(f"Queue: {name} squared {number} -> {square}")

    parent_end, child_end = multiprocessing.Pipe()
    child = multiprocessing.Process(target=shout, args=(child_end,))
    child.start()
    for word in ["ping", "pipe"]:
        parent_end.send(word)
        print(f"Pipe: sent {word!r}, received {parent_end.recv()!r}")
    parent_end.send(None)
    child.join()
    parent_end.close()
