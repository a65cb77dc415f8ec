# /// script
# requires-python = ">=3.11"
# dependencies = ["anyio", "trio"]
# ///
"""AnyIO's structured concurrency, on asyncio and on Trio.

The twin of asyncio_structured.py: the same four jobs, with the time since
each start. The first of three mirrors to answer cancels the rest through
the task group's cancel scope; `move_on_after` gives up on a slow call and
carries on; `fail_after` turns a stalled call into TimeoutError;
`to_thread.run_sync` runs a blocking function in a worker thread while the
loop goes on. The same code runs twice, `anyio.run(main, backend=...)` on
asyncio and on Trio: look at the two halves of the output.
"""

import time

import anyio

DEADLINE = 0.3  # seconds
START = time.perf_counter()


def log(message: str) -> None:
    print(f"{time.perf_counter() - START:4.1f} s  {message}")


async def mirror(name: str, seconds: float, group: anyio.abc.TaskGroup) -> None:
    try:
        await anyio.sleep(seconds)  # stands in for a request
    except anyio.get_cancelled_exc_class():
        log(f"{name}: cancelled")
        raise
    log(f"first answer: {name}")
    group.cancel_scope.cancel()  # stop the whole group, the caller carries on


def blocking_call() -> str:
    time.sleep(0.2)  # a library call that blocks its thread
    return "done in a worker thread"


async def tick() -> None:
    for _ in range(2):
        await anyio.sleep(0.08)
        log("loop: tick")  # the loop runs while the thread blocks


async def main() -> None:
    global START
    START = time.perf_counter()  # each backend's run starts at 0.0 s
    async with anyio.create_task_group() as group:
        for name, seconds in [("a", 0.3), ("b", 0.1), ("c", 0.5)]:
            group.start_soon(mirror, f"mirror {name}", seconds, group)

    with anyio.move_on_after(DEADLINE) as scope:
        await anyio.sleep(1)  # a slow call
        log("slow call: done")
    if scope.cancelled_caught:
        log(f"slow call: gave up after {DEADLINE} s, carrying on")

    try:
        with anyio.fail_after(DEADLINE):
            await anyio.sleep(1)  # a stalled call
    except TimeoutError:
        log("stalled call: TimeoutError")

    async with anyio.create_task_group() as group:
        group.start_soon(tick)
        result = await anyio.to_thread.run_sync(blocking_call)
    log(f"blocking call: {result}")


if __name__ == "__main__":
    for backend in ("asyncio", "trio"):
        print(f"--- backend: {backend}")
        anyio.run(main, backend=backend)
