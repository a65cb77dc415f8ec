"""Timeouts and cancellation: the cancelled code cleans up, then re-raises.

`download` stands in for a slow network call; its `finally` block closes
the "connection" however the call ends. First `asyncio.timeout` (Python
3.11+) gives up on it after TIMEOUT seconds: inside, the coroutine sees
CancelledError, cleans up, and the caller gets TimeoutError. Then a task is
cancelled by hand with `task.cancel()`. Last, the same timeout around a
coroutine that swallows CancelledError: look at the last line, no
TimeoutError comes and the caller takes a made-up result for a real one.
"""

import asyncio

TIMEOUT = 0.2  # seconds


async def download(name: str, seconds: float) -> str:
    print(f"{name}: open connection")
    try:
        await asyncio.sleep(seconds)  # the slow part
        return f"{name}: complete data"
    except asyncio.CancelledError:
        print(f"{name}: cancelled, re-raising")
        raise  # let the cancellation through
    finally:
        print(f"{name}: close connection")  # runs on every way out


async def stubborn_download(name: str, seconds: float) -> str:
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"{name}: cancelled, but swallowed it (bug)")
    return f"{name}: half the data"


async def main() -> None:
    try:
        async with asyncio.timeout(TIMEOUT):
            await download("slow", 10)
    except TimeoutError:
        print(f"caller: TimeoutError after {TIMEOUT} s")

    task = asyncio.create_task(download("background", 10))
    await asyncio.sleep(0.1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(f"caller: task.cancelled() is {task.cancelled()}")

    try:
        async with asyncio.timeout(TIMEOUT):
            result = await stubborn_download("stubborn", 10)
        print(f"caller: no TimeoutError, got {result!r}")
    except TimeoutError:
        print(f"caller: TimeoutError after {TIMEOUT} s")


if __name__ == "__main__":
    asyncio.run(main())
