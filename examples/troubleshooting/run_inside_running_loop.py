"""`asyncio.run() cannot be called from a running event loop`.

`fetch_sync` is a synchronous wrapper that calls `asyncio.run(fetch())`, as
a library might offer for scripts. Called from a coroutine, it fails: a
thread runs one event loop at a time, and this one is already running
`main` (in Jupyter, one is always running). The coroutine object handed to
`asyncio.run` never starts, so a "was never awaited" warning on stderr
comes with the error. The fixes in the last lines: inside a coroutine,
`await fetch()` itself; if only the synchronous wrapper is available, run
it in a worker thread with `asyncio.to_thread`, where `asyncio.run` starts
a second loop of its own.
"""

import asyncio


async def fetch() -> str:
    await asyncio.sleep(0.01)  # stands in for a network call
    return "data"


def fetch_sync() -> str:
    return asyncio.run(fetch())


async def main() -> None:
    try:
        print(f"fetch_sync(): {fetch_sync()}")
    except RuntimeError as error:
        print(f"fetch_sync(): RuntimeError: {error}")
    print(f"await fetch(): {await fetch()}")
    print(f"await asyncio.to_thread(fetch_sync): {await asyncio.to_thread(fetch_sync)}")


if __name__ == "__main__":
    asyncio.run(main())
