"""Per-task state: contextvars, not threading.local.

All the tasks of an event loop run in one thread, so a threading.local value
set by one task is seen, and overwritten, by every other: the last writer
wins. A contextvars.ContextVar is per task: each task starts with a copy of
the context it was created in, and what it sets stays its own.
asyncio.to_thread() carries that copy into the worker thread;
loop.run_in_executor() and a bare ThreadPoolExecutor.submit() do not (wrap
the function in contextvars.copy_context().run to carry it yourself). On a
free-threaded build, new threads start from a copy of the context of the
thread that started them (sys.flags.thread_inherit_context), so the first
submit may leak its value. Look at which request id each line shows.
"""

import asyncio
import contextvars
import sys
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
    loop = asyncio.get_running_loop()
    in_thread = await asyncio.to_thread(log_line, "to_thread")
    executor = await loop.run_in_executor(pool, log_line, "run_in_executor")
    carried = contextvars.copy_context().run
    copied = await loop.run_in_executor(pool, carried, log_line, "copy_context")
    return [
        f"{rid}: ContextVar={request_id.get()} threading.local={local.rid}",
        f"{rid}: {in_thread}",
        f"{rid}: {executor}",
        f"{rid}: {copied}",
    ]


async def main() -> None:
    inherit = getattr(sys.flags, "thread_inherit_context", 0)  # 3.14+
    print(f"new threads inherit the context: {bool(inherit)}")
    with ThreadPoolExecutor(max_workers=1) as pool:
        requests = (handle(f"req-{n}", pool) for n in range(3))
        results = await asyncio.gather(*requests)
    for lines in results:
        print("\n".join(lines))
    print(f"main task, after them all: ContextVar={request_id.get()}")


if __name__ == "__main__":
    asyncio.run(main())
