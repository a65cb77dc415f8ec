"""One sqlite3 connection per thread, on one database file.

WRITERS threads each open their own connection to the same file (in a
temporary directory), insert ROWS rows in one transaction, and close the
connection. Nothing is shared between the threads but the file, so
check_same_thread never fires. SQLite lets one connection write at a time:
the others wait for the lock, up to the connection's `timeout` (5 seconds
unless you pass another), and then raise "database is locked". WAL mode lets
readers go on while a writer writes. Look at the counts: every thread's rows
arrived. The last lines show a trap: `with connection:` commits or rolls
back a transaction, and does not close the connection: call close(), in a
`finally` or through contextlib.closing.
"""

import sqlite3
import tempfile
import threading
from contextlib import closing
from pathlib import Path

WRITERS = 4
ROWS = 500


def write(path: Path, writer: int) -> None:
    connection = sqlite3.connect(path, timeout=5)  # this thread's own
    try:
        with connection:  # one transaction: commit at the end, rollback on error
            connection.executemany(
                "INSERT INTO rows (writer, n) VALUES (?, ?)",
                [(writer, n) for n in range(ROWS)],
            )
    finally:
        connection.close()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shared.db"
        with closing(sqlite3.connect(path)) as setup:
            setup.execute("PRAGMA journal_mode=WAL")  # readers don't block writers
            setup.execute("CREATE TABLE rows (writer INTEGER, n INTEGER)")
        threads = [
            threading.Thread(target=write, args=(path, writer))
            for writer in range(WRITERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with closing(sqlite3.connect(path)) as reader:
            counts = reader.execute(
                "SELECT writer, COUNT(*) FROM rows GROUP BY writer ORDER BY writer"
            ).fetchall()
            for writer, count in counts:
                print(f"writer {writer}: {count} rows")
            total = sum(count for _, count in counts)
            print(f"total: {total} rows of {WRITERS} x {ROWS}")
        with sqlite3.connect(path) as connection:
            connection.execute("SELECT 1")
        print("after `with connection:` it still answers: ", end="")
        print(connection.execute("SELECT 1").fetchone()[0])
        connection.close()  # the close that `with` did not do
        try:
            connection.execute("SELECT 1")
        except sqlite3.ProgrammingError as error:
            print(f"after connection.close(): {type(error).__name__}: {error}")
