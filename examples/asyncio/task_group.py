"""When one task fails: gather leaves the others running, TaskGroup cancels them.

Three jobs run together; job "a" raises ValueError after 0.1 s, "b" and "c"
would finish after 0.2 and 0.3 s. With `asyncio.gather` the error reaches
the caller at once, but look at the lines after it: "b" and "c" go on and
finish unsupervised. With `asyncio.TaskGroup` (Python 3.11+) the group
cancels its other tasks, waits for them, and raises an ExceptionGroup,
which `except*` takes apart. Each line starts with the time since the start.
"""

import asyncio
import time

START = time.perf_counter()


def log(message: str) -> None:
    print(f"{time.perf_counter() - START:4.1f} s  {message}")


async def job(name: str, seconds: float, fail: bool = False) -> str:
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        log(f"{name}: cancelled")
        raise  # always let the cancellation through
    if fail:
        raise ValueError(f"{name} failed")
    log(f"{name}: done")
    return name


async def with_gather() -> None:
    try:
        await asyncio.gather(job("a", 0.1, fail=True), job("b", 0.2), job("c", 0.3))
    except ValueError as error:
        log(f"gather raised {error!r}")
    await asyncio.sleep(0.3)  # meanwhile "b" and "c" keep running


async def with_task_group() -> None:
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(job("a", 0.1, fail=True))
            group.create_task(job("b", 0.2))
            group.create_task(job("c", 0.3))
    except* ValueError as errors:
        log(f"TaskGroup raised {errors!r}")


if __name__ == "__main__":
    log("--- asyncio.gather")
    asyncio.run(with_gather())
    log("--- asyncio.TaskGroup")
    asyncio.run(with_task_group())
