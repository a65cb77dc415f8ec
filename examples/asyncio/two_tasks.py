"""The textbook asyncio snippet, completed so that it runs.

`task` stands in for real work: it prints which task runs it, waits WAIT
seconds with `await asyncio.sleep` (as a network call would) and prints
again. `main` wraps two calls in tasks and gathers them; `asyncio.run`
starts the event loop. Look at the last line: the two waits overlapped in
one thread, so the total is close to one WAIT, not two.
"""

import asyncio
import threading
import time

WAIT = 0.2  # seconds each task spends waiting


async def task() -> None:
    name = asyncio.current_task().get_name()
    print(f"{name}: start in {threading.current_thread().name}")
    await asyncio.sleep(WAIT)  # non-blocking wait: the loop runs other tasks
    print(f"{name}: done")


async def main() -> None:
    task1 = asyncio.create_task(task(), name="task-1")
    task2 = asyncio.create_task(task(), name="task-2")

    await asyncio.gather(task1, task2)


if __name__ == "__main__":
    start = time.perf_counter()

    # Run the event loop
    asyncio.run(main())

    elapsed = time.perf_counter() - start
    print(f"two tasks of {WAIT:.2f} s each took {elapsed:.2f} s in total")
