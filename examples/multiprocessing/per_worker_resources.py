"""Open a resource once per worker, not once per task: initializer=.

A database connection, a loaded model, a big lookup table: building it for
every task wastes the pool. initializer= runs once in each worker as it
starts, and can keep what it builds in a module-level global that the tasks
read. Here the "resource" is an SQLite database in memory: the tasks report
which worker served them and how many times each built its resource.
Pool(maxtasksperchild=) replaces a worker after that many tasks, to bound
leaks; each new worker runs the initializer again. ProcessPoolExecutor's
max_tasks_per_child= (3.11+) does the same but refuses the fork start
method, and older releases of it can hang (see the page).
"""

import multiprocessing
import os
import sqlite3
from concurrent.futures import ProcessPoolExecutor

connection: sqlite3.Connection | None = None
opened = 0


def open_resource() -> None:
    global connection, opened
    connection = sqlite3.connect(":memory:")  # a real one would be a server
    connection.execute("CREATE TABLE squares (n INTEGER, square INTEGER)")
    connection.executemany("INSERT INTO squares VALUES (?, ?)",
                           [(n, n * n) for n in range(100)])  # fmt: skip
    opened += 1


def lookup(n: int) -> tuple[int, int, int]:
    assert connection is not None, "the initializer did not run"
    (square,) = connection.execute(
        "SELECT square FROM squares WHERE n = ?", (n,)
    ).fetchone()
    return square, os.getpid(), opened


def report(name: str, rows: list[tuple[int, int, int]]) -> None:
    workers = {pid for _, pid, _ in rows}
    print(f"{name}: squares {[square for square, _, _ in rows]}")
    print(
        f"  worker processes used: {len(workers)}; each opened its resource "
        f"{sorted({count for _, _, count in rows})} time(s)"
    )


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2, initializer=open_resource) as pool:
        report("ProcessPoolExecutor(initializer=)", list(pool.map(lookup, range(8))))
    with multiprocessing.Pool(2, initializer=open_resource, maxtasksperchild=2) as p:
        report("Pool(maxtasksperchild=2)", p.map(lookup, range(8), chunksize=1))
    try:
        ProcessPoolExecutor(
            max_tasks_per_child=2, mp_context=multiprocessing.get_context("fork")
        )
    except ValueError as error:  # (on Windows: there is no fork at all)
        print(f"with fork: {type(error).__name__}: {error}")
