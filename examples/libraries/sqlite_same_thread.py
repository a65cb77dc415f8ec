"""A sqlite3 connection used by a thread that did not create it.

The main thread opens a connection, then hands it to a worker thread,
which runs a query on it and then tries to close it. With the default
`check_same_thread=True`, each call from the worker raises
sqlite3.ProgrammingError before it reaches SQLite; the script prints each
real message. Look at the two thread ids in the message: they are the ones
printed at the top, the creator and the caller. The connection still works
in the thread that made it, which is also the one that closes it.
"""

import sqlite3
import threading


def use_from_another_thread(connection: sqlite3.Connection) -> None:
    print(f"worker thread:  id {threading.get_ident()}")
    for name, call in [
        ("execute", lambda: connection.execute("SELECT 1")),
        ("close", connection.close),
    ]:
        try:
            call()
        except sqlite3.ProgrammingError as error:
            print(f"{name}() from the worker raised {type(error).__name__}:")
            print(f"  {error}")


if __name__ == "__main__":
    print(f"Python's sqlite3 module, SQLite {sqlite3.sqlite_version}")
    print(f"main thread:    id {threading.get_ident()}")
    connection = sqlite3.connect(":memory:")  # check_same_thread=True by default
    worker = threading.Thread(target=use_from_another_thread, args=(connection,))
    worker.start()
    worker.join()
    (answer,) = connection.execute("SELECT 1").fetchone()
    print(f"execute() from the main thread: {answer}")
    connection.close()
