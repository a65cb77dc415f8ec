"""Feeding an asyncio.Queue from a thread: put_nowait loses items, put waits.

A worker thread hands ITEMS items to a consumer task on the event loop,
through an asyncio.Queue bounded to MAXSIZE items; the thread produces them
faster than the consumer handles them. The first way schedules
`queue.put_nowait(item)` on the loop with `loop.call_soon_threadsafe`: the
call returns at once, the put runs later in the loop, and when the queue is
full it raises QueueFull there. The thread never learns of it; the loop
hands the error to its exception handler (by default a log line on stderr,
here a list that the script prints) and the item is gone. The second way
runs the coroutine `queue.put(item)` on the loop with
`asyncio.run_coroutine_threadsafe` and waits for it with `.result()`: while
the queue is full the thread waits, so it slows down to the consumer's pace
and every item arrives. Compare the `received` lines, and how long the
thread took each time.
"""

import asyncio
import time
from collections.abc import Callable
from typing import Any

ITEMS = 10
MAXSIZE = 2
PRODUCE = 0.005  # seconds the thread takes to make one item
CONSUME = 0.05  # seconds the consumer spends on one item

Loop = asyncio.AbstractEventLoop
HandOver = Callable[[Loop, "asyncio.Queue[int]", int], None]


def put_nowait_soon(loop: Loop, queue: "asyncio.Queue[int]", item: int) -> None:
    loop.call_soon_threadsafe(queue.put_nowait, item)  # returns before the put


def put_and_wait(loop: Loop, queue: "asyncio.Queue[int]", item: int) -> None:
    asyncio.run_coroutine_threadsafe(queue.put(item), loop).result()


def produce(hand_over: HandOver, loop: Loop, queue: "asyncio.Queue[int]") -> float:
    """Runs in a worker thread; returns how long handing over took."""
    start = time.perf_counter()
    for item in range(ITEMS):
        time.sleep(PRODUCE)  # stands in for reading the item from somewhere
        hand_over(loop, queue, item)
    return time.perf_counter() - start


async def consume(queue: "asyncio.Queue[int]", received: list[int]) -> None:
    while True:
        received.append(await queue.get())
        await asyncio.sleep(CONSUME)  # stands in for real work on the item
        queue.task_done()


async def run(label: str, hand_over: HandOver, errors: list[str]) -> None:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=MAXSIZE)
    received: list[int] = []
    errors.clear()
    consumer = asyncio.create_task(consume(queue, received))
    seconds = await asyncio.to_thread(produce, hand_over, loop, queue)
    await queue.join()  # the consumer has handled every item that arrived
    consumer.cancel()
    await asyncio.gather(consumer, return_exceptions=True)
    print(label)
    print(f"  thread: handed over {ITEMS} items in {seconds:.2f} s, no exception")
    if errors:
        print(f"  loop's exception handler: {len(errors)} calls, first: {errors[0]}")
    else:
        print("  loop's exception handler: no calls")
    print(f"  received: {received} ({ITEMS - len(received)} lost)")


async def main() -> None:
    errors: list[str] = []

    def handler(loop: Loop, context: dict[str, Any]) -> None:
        exception = context.get("exception")
        errors.append(f"{context['message']}: {type(exception).__name__}")

    asyncio.get_running_loop().set_exception_handler(handler)
    print(f"{ITEMS} items, queue maxsize {MAXSIZE}, consumer {CONSUME} s per item")
    await run("call_soon_threadsafe(queue.put_nowait, item)", put_nowait_soon, errors)
    await run("run_coroutine_threadsafe(queue.put(item), loop)", put_and_wait, errors)


if __name__ == "__main__":
    asyncio.run(main())
