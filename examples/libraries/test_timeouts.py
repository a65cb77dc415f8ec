# /// script
# requires-python = ">=3.11"
# dependencies = ["pytest", "pytest-asyncio", "pytest-timeout"]
# ///
"""Time limits on tests that might hang: each hang becomes a failure.

Two tests that would wait forever. The first deadlocks: `transfer` holds a
`threading.Lock` and calls `withdraw`, which takes the same lock again.
`@pytest.mark.timeout(1)` (pytest-timeout) stops it after a second and fails
it with "Timeout (>1.0s) from pytest-timeout". The second awaits a reply that
never comes; `async with asyncio.timeout(0.5)` (Python 3.11+) cancels the
wait and raises TimeoutError, which pytest reports as the test's failure.
The third test runs the same transfer with an RLock, which the thread that
holds it may take again, and passes. Look at each failure's last lines, and
at the times: the run ends in well under two seconds instead of never.
"""

import asyncio
import os
import sys
import threading
from pathlib import Path

import pytest

# The plugins behind the marks below: a missing one fails here, not in a hang.
import pytest_asyncio  # noqa: F401
import pytest_timeout  # noqa: F401


class Account:
    def __init__(self, lock: threading.Lock | threading.RLock) -> None:
        self.balance = 100
        self.lock = lock

    def withdraw(self, amount: int) -> None:
        with self.lock:
            self.balance -= amount

    def transfer(self, amount: int, to: "Account") -> None:
        with self.lock:
            self.withdraw(amount)  # takes self.lock again
            to.balance += amount


@pytest.mark.timeout(1)
def test_transfer_deadlocks() -> None:
    a, b = Account(threading.Lock()), Account(threading.Lock())
    a.transfer(30, b)  # hangs: a Lock cannot be taken twice
    assert b.balance == 130


@pytest.mark.timeout(1)
def test_transfer_with_rlock() -> None:
    a, b = Account(threading.RLock()), Account(threading.RLock())
    a.transfer(30, b)
    assert (a.balance, b.balance) == (70, 130)


@pytest.mark.asyncio
async def test_reply_never_comes() -> None:
    reply: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    async with asyncio.timeout(0.5):  # nobody sets the reply
        assert await reply == "pong"


if __name__ == "__main__":
    os.chdir(Path(__file__).parent)  # pytest names this file relative to here
    options = ["-q", "--no-header", "-p", "no:cacheprovider", "--tb=short"]
    options += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]  # imported above
    sys.exit(pytest.main([Path(__file__).name, *options, "--durations=2"]))
