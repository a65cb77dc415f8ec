"""Trap: a task that nothing references can be destroyed before it is done.

The event loop keeps only weak references to tasks. `listen` waits for a
reply on a future that only it holds, as a task waiting on some callback
might. The "forgotten" task is created and dropped; the "kept" one goes into
a set, as the asyncio docs advise. After `gc.collect()` (called here so that
it happens now rather than at a random later moment) the forgotten task is
gone: look at the task list, at its `finally` line printed during the
collection, and at "Task was destroyed but it is pending!" on stderr.
"""

import asyncio
import gc

background: set[asyncio.Task[None]] = set()


async def listen() -> None:
    name = asyncio.current_task().get_name()
    reply = asyncio.get_running_loop().create_future()
    try:
        await reply  # stands in for a reply that is still on its way
    finally:
        print(f"{name}: finally block ran")


def others() -> list[str]:
    tasks = asyncio.all_tasks() - {asyncio.current_task()}
    return sorted(task.get_name() for task in tasks)


async def main() -> None:
    asyncio.create_task(listen(), name="forgotten")  # noqa: RUF006 (the trap)
    task = asyncio.create_task(listen(), name="kept")
    background.add(task)  # a strong reference until the task is done
    task.add_done_callback(background.discard)
    del task
    await asyncio.sleep(0)  # both tasks start and wait for their reply
    print(f"tasks besides main before gc.collect(): {others()}")
    gc.collect()
    print(f"tasks besides main after gc.collect():  {others()}")
    for task in list(background):
        task.cancel()  # clean up the kept task
    await asyncio.gather(*background, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
