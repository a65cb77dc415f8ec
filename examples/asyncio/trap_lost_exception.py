"""Trap: an exception in a task that nobody awaits is reported late, or never.

`check_disk` raises OSError. `main` starts it with `create_task` and never
awaits it (fire and forget), so nothing stops `main`: it carries on and the
script exits with status 0. The error surfaces only as "Task exception was
never retrieved" on stderr, when the finished task is garbage-collected
(forced here with `gc.collect()`; in a long-running program that may be
much later, or at exit). Look at the last line: in a TaskGroup the same
error reaches the caller, which can handle it.
"""

import asyncio
import gc


async def check_disk() -> None:
    await asyncio.sleep(0.01)
    raise OSError("disk full")


async def main() -> None:
    asyncio.create_task(check_disk())  # noqa: RUF006 (the trap)
    await asyncio.sleep(0.1)
    print("fire and forget: main carried on, no exception reached it")
    gc.collect()  # the lost error is logged now, on stderr
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(check_disk())
    except* OSError as errors:
        print(f"TaskGroup: the caller caught {errors.exceptions[0]!r}")


if __name__ == "__main__":
    asyncio.run(main())
