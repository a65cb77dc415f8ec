# /// script
# requires-python = ">=3.11"
# dependencies = ["pytest", "pytest-asyncio"]
# ///
"""Async fixtures: `@pytest_asyncio.fixture`, not `@pytest.fixture`.

The `echo_server` fixture starts a TCP echo server on 127.0.0.1 (port 0: the
system picks a free one), yields its port to the test, and closes the server
after it, on the same event loop as the test. `--setup-show` prints each
fixture's SETUP and TEARDOWN around the test that uses it. The `greeting`
fixture is an `async def` under pytest's own `@pytest.fixture`: in
pytest-asyncio's default strict mode no plugin runs it, and pytest 9 stops
the test that asks for it with an error at setup (pytest 8.4 warned, and
handed the test an unawaited coroutine). Look for the SETUP and TEARDOWN
lines around the echo test, and for the ERROR at the end.
"""

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(await reader.readline())
    await writer.drain()
    writer.close()
    await writer.wait_closed()


@pytest_asyncio.fixture
async def echo_server() -> AsyncIterator[int]:
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]  # the test runs here
    server.close()
    await server.wait_closed()


@pytest.mark.asyncio
async def test_echo(echo_server: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", echo_server)
    writer.write(b"ping\n")
    assert await reader.readline() == b"ping\n"
    writer.close()
    await writer.wait_closed()


@pytest.fixture  # the mistake: an async fixture needs @pytest_asyncio.fixture
async def greeting() -> str:
    await asyncio.sleep(0)
    return "hello"


@pytest.mark.asyncio
async def test_greeting(greeting: str) -> None:
    assert greeting == "hello"


if __name__ == "__main__":
    os.chdir(Path(__file__).parent)  # pytest names this file relative to here
    options = ["-q", "--no-header", "-p", "no:cacheprovider", "--setup-show"]
    options += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]  # imported above
    sys.exit(pytest.main([Path(__file__).name, *options]))
