"""Where is each task waiting? The call graph of a running program (3.14+).

A stuck asyncio program shows no useful stack: the thread sits in the event
loop's select(), and the tasks are suspended coroutines. Python 3.14 can
print who awaits whom: asyncio.format_call_graph(task) (and
print_call_graph) walks from a task through the coroutines it is suspended
in and the tasks awaiting it. From outside, `python -m asyncio ps PID` and
`python -m asyncio pstree PID` show the same for another process (they need
permission to read its memory). Here a watchdog task prints the graph of
the main task while its two children wait for a reply that never comes.
"""

import asyncio
import sys


async def fetch(reply: asyncio.Event) -> None:
    await reply.wait()  # a server that never answers


async def watchdog(reply: asyncio.Event) -> None:
    await asyncio.sleep(0.1)
    for child in sorted(asyncio.all_tasks(), key=lambda t: t.get_name()):
        if child.get_name().startswith("fetch"):
            print(asyncio.format_call_graph(child, depth=1))  # type: ignore[attr-defined]
    reply.set()  # unstick them, so the example ends


async def main() -> None:
    reply = asyncio.Event()
    async with asyncio.TaskGroup() as group:
        group.create_task(watchdog(reply), name="watchdog")
        group.create_task(fetch(reply), name="fetch-1")
        group.create_task(fetch(reply), name="fetch-2")


if __name__ == "__main__":
    if sys.version_info < (3, 14):
        print(
            f"Python {sys.version.split()[0]}: asyncio.format_call_graph and "
            "python -m asyncio ps are new in 3.14"
        )
        sys.exit(0)
    asyncio.run(main())
