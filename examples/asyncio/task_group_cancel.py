"""Stop a whole TaskGroup early, on purpose: TaskGroup.cancel() (Python 3.15).

Three mirrors race to fetch one file, and the first to get it stops the
group from inside; then a watchdog stops a group of endless workers from
outside. On 3.15 `group.cancel()` cancels the group's tasks and its body,
and `async with` exits without an exception. Python 3.11-3.14 have no
cancel(): there the example does what code for them does, the documented
recipe: add a task that raises an exception of your own, and catch it with
`except*`. Look at the output: the same tasks are cancelled on every
version; the last line of each part says how the group ended.
"""

import asyncio

MIRRORS = {"mirror-a": 0.3, "mirror-b": 0.1, "mirror-c": 0.2}  # seconds to answer


class StopGroup(Exception):
    """Raised into a TaskGroup to stop it, where TaskGroup.cancel() is missing."""


async def raise_stop() -> None:
    raise StopGroup


def stop(group: asyncio.TaskGroup) -> None:
    """Cancel every task of `group` and its body, from any task of the loop."""
    if hasattr(group, "cancel"):  # Python 3.15+
        group.cancel()
    else:  # 3.11-3.14: a task that fails makes the group cancel the others
        group.create_task(raise_stop())


async def job(name: str, seconds: float, group: asyncio.TaskGroup) -> None:
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"  {name}: cancelled")
        raise
    print(f"  {name}: done, stopping the group")
    stop(group)


async def watchdog(group: asyncio.TaskGroup, seconds: float) -> None:
    await asyncio.sleep(seconds)
    print(f"  watchdog: {seconds} s are up, stopping the group from outside")
    stop(group)


async def main() -> None:
    print("--- from inside: the first mirror to answer wins")
    try:
        async with asyncio.TaskGroup() as group:
            for name, seconds in MIRRORS.items():
                group.create_task(job(name, seconds, group))
        print("  async with exited normally")
    except* StopGroup:
        print("  caught StopGroup with except*")

    print("--- from outside: a watchdog stops two endless workers")
    group = asyncio.TaskGroup()
    guard = asyncio.create_task(watchdog(group, 0.2))
    try:
        async with group:
            for name in ("worker-1", "worker-2"):
                group.create_task(job(name, 3600, group))  # would run for ever
            await asyncio.sleep(3600)  # the body is cancelled too
            print("  (never printed)")
        print("  async with exited normally")
    except* StopGroup:
        print("  caught StopGroup with except*")
    await guard


if __name__ == "__main__":
    print(f"TaskGroup.cancel() exists here: {hasattr(asyncio.TaskGroup, 'cancel')}")
    asyncio.run(main())
