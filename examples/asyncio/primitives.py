"""The rest of asyncio's toolbox: Lock, Condition, Barrier, shield and wait.

- Lock: only needed when an update spans an `await`; between two awaits a
  task is never interrupted.
- Condition: wait for a predicate, woken by notify().
- Barrier (3.11+): N tasks wait for each other.
- shield(): the inner task keeps running when the outer wait is cancelled
  (here by a timeout); you can still await its result later.
- wait(): a set of tasks, returning when the first one is done (or all, or
  the first exception), without cancelling the rest: that is up to you.
"""

import asyncio


async def transfer(lock: asyncio.Lock | None, account: dict[str, int]) -> None:
    async def update() -> None:
        balance = account["balance"]
        await asyncio.sleep(0)  # an await in the middle of the update
        account["balance"] = balance + 1

    if lock is None:
        await update()
    else:
        async with lock:
            await update()


async def main() -> None:
    for lock in (None, asyncio.Lock()):
        account = {"balance": 0}
        await asyncio.gather(*(transfer(lock, account) for _ in range(100)))
        name = "with a Lock" if lock else "no lock"
        print(f"{name:<11}: 100 transfers, balance {account['balance']}")

    items: list[int] = []
    ready = asyncio.Condition()

    async def consume() -> None:
        async with ready:
            await ready.wait_for(lambda: len(items) >= 3)
            print(f"Condition: consumer woke up with {items}")

    consumer = asyncio.create_task(consume())
    for i in range(3):
        await asyncio.sleep(0.01)
        async with ready:
            items.append(i)
            ready.notify()
    await consumer

    log: list[str] = []
    barrier = asyncio.Barrier(3)

    async def phases(name: str) -> None:
        log.append(f"{name}:1")
        await barrier.wait()
        log.append(f"{name}:2")

    await asyncio.gather(*(phases(name) for name in "abc"))
    print(f"Barrier: {' '.join(log)}")

    slow = asyncio.create_task(asyncio.sleep(0.2, result="saved"))
    try:
        await asyncio.wait_for(asyncio.shield(slow), timeout=0.05)
    except TimeoutError:
        print(f"shield: the wait timed out, the task did not: {await slow!r}")

    tasks = {asyncio.create_task(asyncio.sleep(t, result=t)) for t in (0.05, 0.3)}
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(f"wait: {[t.result() for t in done]} done, {len(pending)} still pending")
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
