# /// script
# requires-python = ">=3.11"
# dependencies = ["pytest"]
# ///
"""Async tests with the standard library: IsolatedAsyncioTestCase and AsyncMock.

`latest_price` awaits an HTTP client's `get` and retries once after a
timeout. The tests replace the client with an `AsyncMock`, whose methods are
async functions: `side_effect` makes the first call raise TimeoutError and
the second return a reply, and `assert_awaited_with` checks how it was
awaited. `IsolatedAsyncioTestCase` runs each `async def test_...` (and
`asyncSetUp`) on an event loop of its own, made for that test and closed
after it; no plugin is needed. The third test uses a plain `Mock`, the usual
mistake: its method returns a value, not an awaitable, and `await` raises
TypeError (its wording changed in Python 3.14). The script runs the tests
with unittest, then with pytest where it is installed; compare the two.
"""

import os
import sys
import unittest
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, Mock


async def latest_price(client: Any, symbol: str) -> float:
    """The code under test: one retry after a timeout."""
    try:
        reply = await client.get(f"/price/{symbol}")
    except TimeoutError:
        reply = await client.get(f"/price/{symbol}")
    return reply["price"]


class LatestPriceTest(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self) -> None:
        self.client = AsyncMock()  # every method of it is an async function

    async def test_returns_the_price(self) -> None:
        self.client.get.return_value = {"price": 9.5}
        self.assertEqual(await latest_price(self.client, "ACME"), 9.5)
        self.client.get.assert_awaited_once_with("/price/ACME")

    async def test_retries_once_after_a_timeout(self) -> None:
        self.client.get.side_effect = [TimeoutError(), {"price": 9.5}]
        self.assertEqual(await latest_price(self.client, "ACME"), 9.5)
        self.assertEqual(self.client.get.await_count, 2)

    async def test_with_a_plain_mock(self) -> None:
        client = Mock()  # the mistake: client.get() returns a plain value
        client.get.return_value = {"price": 9.5}
        self.assertEqual(await latest_price(client, "ACME"), 9.5)


if __name__ == "__main__":
    print("--- unittest", flush=True)
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2)
    passed = unittest.main(testRunner=runner, exit=False).result.wasSuccessful()
    status = 0 if passed else 1
    try:
        import pytest
    except ImportError:  # on an interpreter without it, unittest alone
        print("--- pytest: not installed for this Python")
        sys.exit(status)
    print("--- pytest", flush=True)
    os.chdir(Path(__file__).parent)  # pytest names this file relative to here
    options = ["-q", "--no-header", "-p", "no:cacheprovider", "--tb=short"]
    sys.exit(pytest.main([Path(__file__).name, *options]))
