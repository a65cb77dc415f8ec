"""asyncio.Semaphore caps how many coroutines are inside a block at once.

REQUESTS requests of WORK seconds each start together, first unlimited,
then behind `asyncio.Semaphore(LIMIT)`, as you would do to spare a server,
respect a rate limit or stay under the open-file limit. Every request
counts itself in and out of the critical block. Look at the "max in flight"
column: without a limit all of them are in flight at once; with the
semaphore never more than LIMIT, and the total time grows to match.
"""

import asyncio
import contextlib
import time

REQUESTS = 20
LIMIT = 5
WORK = 0.1  # seconds each request takes


class InFlight:
    """Counts the requests running right now and the most seen at once."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0

    async def request(self, limit: contextlib.AbstractAsyncContextManager) -> None:
        async with limit:
            self.now += 1
            self.most = max(self.most, self.now)
            await asyncio.sleep(WORK)  # stands in for a network call
            self.now -= 1


async def run(limit: contextlib.AbstractAsyncContextManager) -> tuple[int, float]:
    counter = InFlight()
    start = time.perf_counter()
    await asyncio.gather(*(counter.request(limit) for _ in range(REQUESTS)))
    return counter.most, time.perf_counter() - start


async def main() -> None:
    print(f"{REQUESTS} requests of {WORK} s each")
    print(f"{'limit':<14} {'max in flight':>13} {'time':>8}")
    for name, limit in [
        ("none", contextlib.nullcontext()),
        (f"Semaphore({LIMIT})", asyncio.Semaphore(LIMIT)),
    ]:
        most, seconds = await run(limit)
        print(f"{name:<14} {most:>13} {seconds:>6.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
