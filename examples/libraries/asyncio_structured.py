"""The standard library's structured concurrency: TaskGroup and timeout.

The twin of anyio_structured.py, line for line where it can be, so the two
can be compared. Four jobs, each with the time since its start:
the first of three mirrors to answer wins and the others are cancelled; a
slow call is given up after DEADLINE seconds and the code carries on; a
stalled call is an error after DEADLINE seconds; a blocking function runs in
a worker thread while the loop goes on. Before Python 3.15, `TaskGroup` has
no method to cancel the whole group, so the winner raises an exception of
its own and `except*` catches it; giving up on a call means catching the
TimeoutError of `asyncio.timeout`. Needs Python 3.11+.
"""

import asyncio
import time

DEADLINE = 0.3  # seconds
START = time.perf_counter()


def log(message: str) -> None:
    print(f"{time.perf_counter() - START:4.1f} s  {message}")


class Answered(Exception):
    """Raised by the first mirror to answer, to stop the group."""


async def mirror(name: str, seconds: float) -> None:
    try:
        await asyncio.sleep(seconds)  # stands in for a request
    except asyncio.CancelledError:
        log(f"{name}: cancelled")
        raise
    raise Answered(name)


def blocking_call() -> str:
    time.sleep(0.2)  # a library call that blocks its thread
    return "done in a worker thread"


async def tick() -> None:
    for _ in range(2):
        await asyncio.sleep(0.08)
        log("loop: tick")  # the loop runs while the thread blocks


async def main() -> None:
    try:
        async with asyncio.TaskGroup() as group:
            for name, seconds in [("a", 0.3), ("b", 0.1), ("c", 0.5)]:
                group.create_task(mirror(f"mirror {name}", seconds))
    except* Answered as answered:
        log(f"first answer: {answered.exceptions[0]}")

    try:
        async with asyncio.timeout(DEADLINE):
            await asyncio.sleep(1)  # a slow call
        log("slow call: done")
    except TimeoutError:
        log(f"slow call: gave up after {DEADLINE} s, carrying on")

    try:
        async with asyncio.timeout(DEADLINE):
            await asyncio.sleep(1)  # a stalled call
    except TimeoutError:
        log("stalled call: TimeoutError")

    async with asyncio.TaskGroup() as group:
        call = group.create_task(asyncio.to_thread(blocking_call))
        group.create_task(tick())
    log(f"blocking call: {call.result()}")


if __name__ == "__main__":
    asyncio.run(main())
