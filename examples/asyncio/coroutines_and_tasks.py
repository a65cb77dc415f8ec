"""Coroutines run only when awaited; tasks run concurrently; gather collects.

`brew` is a coroutine function: calling it only builds a coroutine object.
The script then runs three brews of different lengths three ways: awaiting
each coroutine in turn, wrapping each in a task with `asyncio.create_task`,
and passing them to `asyncio.gather`. Look at the times and speedups:
awaiting one after another adds the waits up, tasks overlap them (the total
is the longest wait). The "done" lines come in order of finishing, but `gather` returns
its results in the order of its arguments.
"""

import asyncio
import time

WAITS = {"tea": 0.3, "coffee": 0.1, "cocoa": 0.2}  # seconds each drink takes


async def brew(drink: str) -> str:
    await asyncio.sleep(WAITS[drink])  # stands in for a network call
    print(f"  {drink} done")
    return drink


async def one_after_another() -> list[str]:
    return [await brew(drink) for drink in WAITS]


async def with_tasks() -> list[str]:
    tasks = [asyncio.create_task(brew(drink)) for drink in WAITS]  # all start now
    return [await task for task in tasks]


async def with_gather() -> list[str]:
    return await asyncio.gather(*(brew(drink) for drink in WAITS))


async def main() -> None:
    coroutine = brew("tea")
    print(f"calling brew() returned {type(coroutine).__name__}, nothing ran yet")
    coroutine.close()  # we never await it; close() avoids a "never awaited" warning
    baseline = 0.0
    for name, run in [
        ("await one after another", one_after_another),
        ("create_task", with_tasks),
        ("gather", with_gather),
    ]:
        print(f"{name}:")
        start = time.perf_counter()
        results = await run()
        elapsed = time.perf_counter() - start
        baseline = baseline or elapsed
        print(f"  results {results} in {elapsed:.2f} s, {baseline / elapsed:.1f}x")


if __name__ == "__main__":
    print(f"waits: {WAITS} (sum {sum(WAITS.values()):.1f} s)")
    asyncio.run(main())
