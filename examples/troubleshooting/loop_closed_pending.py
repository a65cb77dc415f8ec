"""`Task was destroyed but it is pending!`: a loop closed with a task still running.

Old-style code drives the loop by hand: `new_event_loop()`,
`run_until_complete(main())`, `close()`. `run_until_complete` returns as
soon as `main` is done, and `close()` does not cancel the other tasks: the
`heartbeat` task is left pending on a closed loop. When it is
garbage-collected (forced here with `gc.collect()`; otherwise at some later
moment, or at exit) asyncio reports it on stderr, and its `finally` block
runs outside any loop, where it could not await anything. `asyncio.run()`
cancels every task left when `main` returns and waits for it: look at the
last lines, the heartbeat sees CancelledError and cleans up in the loop.
"""

import asyncio
import gc

BEAT = 0.05  # seconds between two beats


async def heartbeat() -> None:
    try:
        while True:
            await asyncio.sleep(BEAT)
    except asyncio.CancelledError:
        print("heartbeat: cancelled, cleaning up in the loop")
        raise
    finally:
        print("heartbeat: finally block ran")


async def main() -> None:
    asyncio.create_task(heartbeat(), name="heartbeat")  # noqa: RUF006
    await asyncio.sleep(2.5 * BEAT)  # the real work
    print("main: done")


if __name__ == "__main__":
    print("--- new_event_loop, run_until_complete, close")
    loop = asyncio.new_event_loop()
    loop.run_until_complete(main())
    loop.close()  # the heartbeat task is still pending
    gc.collect()  # the task is destroyed now, and reported on stderr
    print("--- asyncio.run")
    asyncio.run(main())  # cancels the heartbeat task before closing the loop
