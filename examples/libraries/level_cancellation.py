# /// script
# requires-python = ">=3.11"
# dependencies = ["anyio", "trio"]
# ///
"""Edge- and level-triggered cancellation: what happens after a swallowed cancel.

The same buggy coroutine runs under a deadline three times: with
`asyncio.timeout`, and with AnyIO's `move_on_after` on asyncio and on Trio.
It catches the cancellation without re-raising it, then awaits three more
steps. asyncio delivers a cancellation once (edge-triggered): every step
after it runs, and the deadline is long past when the block ends. AnyIO
(like Trio) cancels a scope until it exits (level-triggered): every await
inside it raises again, so the steps cannot run. Clean-up that must await
inside a cancelled scope says so with a shielded scope: the "shielded" line
of each AnyIO run. Each line starts with the time since that run's start.
"""

import asyncio
import time

import anyio

DEADLINE = 0.1  # seconds
STEP = 0.1


class Clock:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    def log(self, message: str) -> None:
        print(f"{time.perf_counter() - self.start:4.1f} s  {message}")


async def on_asyncio() -> None:
    clock = Clock()
    async with asyncio.timeout(DEADLINE):
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            clock.log("cancelled, swallowed (bug)")
        for step in range(3):
            await asyncio.sleep(STEP)
            clock.log(f"step {step} ran after the cancellation")
    clock.log("block ended")


async def on_anyio() -> None:
    clock = Clock()
    with anyio.move_on_after(DEADLINE):
        try:
            await anyio.sleep(10)
        except anyio.get_cancelled_exc_class():
            clock.log("cancelled, swallowed (bug)")
        try:
            for step in range(3):
                await anyio.sleep(STEP)
                clock.log(f"step {step} ran after the cancellation")
        except anyio.get_cancelled_exc_class():
            clock.log(f"step {step}: cancelled again at its first await")
            with anyio.CancelScope(shield=True):
                await anyio.sleep(STEP)  # e.g. tell a server goodbye
                clock.log("shielded clean-up awaited and ran")
            raise
    clock.log("block ended")


if __name__ == "__main__":
    print("--- asyncio.timeout")
    asyncio.run(on_asyncio())
    for backend in ("asyncio", "trio"):
        print(f"--- anyio.move_on_after, backend: {backend}")
        anyio.run(on_anyio, backend=backend)
