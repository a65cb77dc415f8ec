# /// script
# requires-python = ">=3.11"
# dependencies = ["pytest"]
# ///
"""A race made reproducible: the test fails on every run, not one in a hundred.

`Account.deposit` reads the balance, logs, then writes the balance plus the
amount. The log call is a point where a thread can be switched out, between
its read and its write, so another thread's deposit can be overwritten. Two
things make the test catch it on every run: `sys.setswitchinterval(1e-6)`
(a fixture sets it and puts the default back) makes threads change hands as
often as the interpreter allows, instead of every 5 ms, and a
`threading.Barrier` releases the threads together, so each round they really
deposit at the same time. Each test runs three times, on the racy account
and on `LockedAccount`, which holds a lock from the read to the write. Look
at the letters: the racy account fails all three times, with the number of
deposits lost; the locked one passes all three.
"""

import logging
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

THREADS, DEPOSITS, ROUNDS = 2, 2_000, 100
log = logging.getLogger("bank")


class Account:
    def __init__(self) -> None:
        self.balance = 0

    def deposit(self, amount: int) -> None:
        balance = self.balance  # read
        log.debug("deposit %d onto %d", amount, balance)  # a thread switch here...
        self.balance = balance + amount  # ...and this write loses the other's


class LockedAccount(Account):
    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    def deposit(self, amount: int) -> None:
        with self.lock:  # one thread at a time from the read to the write
            super().deposit(amount)


@pytest.fixture
def switch_often() -> Iterator[None]:
    default = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(default)


def deposit_together(account: Account) -> None:
    start = threading.Barrier(THREADS)

    def work() -> None:
        start.wait()  # every thread starts depositing at the same moment
        for _ in range(DEPOSITS):
            account.deposit(1)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.usefixtures("switch_often")
@pytest.mark.parametrize("attempt", [1, 2, 3])
@pytest.mark.parametrize("kind", [Account, LockedAccount], ids=lambda k: k.__name__)
def test_no_deposit_is_lost(kind: type[Account], attempt: int) -> None:
    lost = 0
    for _ in range(ROUNDS):
        account = kind()
        deposit_together(account)
        lost += THREADS * DEPOSITS - account.balance
    assert lost == 0, f"{lost} deposits lost"


if __name__ == "__main__":
    os.chdir(Path(__file__).parent)  # pytest names this file relative to here
    options = ["-q", "--no-header", "-p", "no:cacheprovider", "--tb=no"]
    sys.exit(pytest.main([Path(__file__).name, *options]))
