"""Per-task state: contextvars, not threading.local.

All the tasks of an event loop run in one thread, so a threading.local value
set by one task is seen, and overwritten, by every other: the last writer
wins. A contextvars.ContextVar is per task: each task starts with a copy of
the context it was created in, and what it sets stays its own. The same copy
travels to a thread with asyncio.to_thread() (and loop.run_in_executor());
a function handed straight to a ThreadPoolExecutor gets the worker thread's
context instead, so it does not see the value. Look at which request ids
each line shows.
"""

import asyncio
import contextvars
import threading
from concurrent.futures import ThreadPoolExecutor

request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default="-"
)
local = threading.local()


def log_line(where: str) -> str:
    return f"{where}: ContextVar={request_id.get()}"


async def handle(rid: str, pool: ThreadPoolExecutor) -> list[str]:
    request_id.set(rid)
    local.rid = rid
    await asyncio.sleep(0.01)  # the other requests run meanwhile
    in_thread = await asyncio.to_thread(log_line, "to_thread")
    submitted = await asyncio.wrap_future(pool.submit(log_line, "pool.submit"))
    return [
        f"{rid}: ContextVar={request_id.get()} threading.local={local.rid}",
        f"{rid}: {in_thread}",
        f"{rid}: {submitted}",
    ]


async def main() -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        requests = (handle(f"req-{n}", pool) for n in range(3))
        results = await asyncio.gather(*requests)
    for lines in results:
        print("\n".join(lines))
    print(f"main task, after them all: ContextVar={request_id.get()}")


if __name__ == "__main__":
    asyncio.run(main())
