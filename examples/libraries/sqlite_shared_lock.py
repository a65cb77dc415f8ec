"""One sqlite3 connection shared by threads: check_same_thread=False and a lock.

`sqlite3.threadsafety` (set from the SQLite library's build since Python
3.11) says what SQLite itself allows: 3 means threads may share a
connection. What it does not make safe is your transactions, because a
connection has only one: a commit() from any thread commits everything done
on it so far. Here thread A moves 10 from alice to bob: it takes the money
from alice, then the step that pays bob fails and A rolls back. Meanwhile
thread B, on the same connection, writes an audit line and commits. Look at
the balances. Without a lock, B's commit lands in the middle of A's
transfer and commits alice's debit, so the rollback has nothing left to
undo: 10 are gone. With one lock held around each whole transaction, B
waits until A has rolled back, and the books balance.
"""

import sqlite3
import threading
from contextlib import AbstractContextManager, nullcontext

PAUSE = 1.0  # seconds A waits mid-transfer for B (B is quicker unless it waits)


def run(locked: bool) -> str:
    lock: AbstractContextManager[object] = threading.Lock() if locked else nullcontext()
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    connection.execute("CREATE TABLE accounts (name TEXT, balance INTEGER)")
    connection.execute("CREATE TABLE audit (line TEXT)")
    connection.executemany(
        "INSERT INTO accounts VALUES (?, ?)", [("alice", 100), ("bob", 0)]
    )
    connection.commit()
    debited, audited = threading.Event(), threading.Event()

    def transfer() -> None:  # thread A
        with lock:
            connection.execute(
                "UPDATE accounts SET balance = balance - 10 WHERE name = 'alice'"
            )  # the sqlite3 module opened a transaction before this UPDATE
            debited.set()
            audited.wait(PAUSE)  # the window in which B can interfere
            connection.rollback()  # paying bob failed: undo the debit

    def audit() -> None:  # thread B
        debited.wait()
        with lock:
            connection.execute("INSERT INTO audit VALUES ('checked')")
            connection.commit()  # commits whatever is pending on the connection
        audited.set()

    threads = [threading.Thread(target=transfer), threading.Thread(target=audit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    balances = dict(connection.execute("SELECT name, balance FROM accounts"))
    connection.close()
    total = balances["alice"] + balances["bob"]
    return f"alice {balances['alice']}, bob {balances['bob']}, total {total}"


if __name__ == "__main__":
    print(f"sqlite3.threadsafety: {sqlite3.threadsafety}", end=" ")
    print(f"(SQLite {sqlite3.sqlite_version})")
    print(f"no lock:                  {run(locked=False)}")
    print(f"one lock per transaction: {run(locked=True)}")
