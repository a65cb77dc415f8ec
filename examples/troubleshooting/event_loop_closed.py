"""`RuntimeError: Event loop is closed`: a thread calls back into a finished loop.

`report` runs in a thread and hands its result to the event loop with
`call_soon_threadsafe`, the one loop method that is safe to call from
another thread. In `forgets_the_thread` the coroutine returns before the
thread is done, so `asyncio.run()` closes the loop; when the thread calls
back, the loop refuses, and the thread dies with the traceback on stderr.
`waits_for_the_thread` awaits the thread's end (without blocking the loop,
through `asyncio.to_thread`) before returning: look at its line, the result
arrived.
"""

import asyncio
import threading
import time

WORK = 0.2  # seconds the thread works before it reports


def report(loop: asyncio.AbstractEventLoop, results: list[str]) -> None:
    time.sleep(WORK)  # stands in for blocking work
    loop.call_soon_threadsafe(results.append, "report")


async def forgets_the_thread() -> threading.Thread:
    loop = asyncio.get_running_loop()
    thread = threading.Thread(target=report, args=(loop, []), name="reporter")
    thread.start()
    await asyncio.sleep(WORK / 4)  # the loop's own, shorter work
    print("forgets_the_thread: returning, the loop closes")
    return thread


async def waits_for_the_thread() -> None:
    loop = asyncio.get_running_loop()
    results: list[str] = []
    thread = threading.Thread(target=report, args=(loop, results), name="reporter")
    thread.start()
    await asyncio.to_thread(thread.join)  # its callback was queued before this
    print(f"waits_for_the_thread: results = {results}")


if __name__ == "__main__":
    thread = asyncio.run(forgets_the_thread())
    thread.join()  # its RuntimeError is printed on stderr
    asyncio.run(waits_for_the_thread())
