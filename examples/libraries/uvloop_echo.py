# /// script
# requires-python = ">=3.11"
# dependencies = ['uvloop; sys_platform != "win32"']
# ///
"""The same asyncio program on the default event loop and on uvloop.

An echo server on 127.0.0.1 and CLIENTS clients in one event loop: each
client sends REQUESTS short messages, one at a time, and waits for each
echo, so the loop does little but move small messages between sockets:
where the loop's own speed shows. The program runs on asyncio's default loop
and on uvloop's, taking turns for ROUNDS rounds; the table shows the median,
the min-max spread and the ratio against the default loop. This is a
measurement of this machine and this program, not of your application.
uvloop has no build for Windows (nor, at times, for the newest Python):
where it cannot be imported, the script says so and stops.
"""

import asyncio
import statistics
import sys
import time
from collections.abc import Callable

try:
    import uvloop
except ImportError:
    uvloop = None

CLIENTS = 10
REQUESTS = 1_000  # per client
ROUNDS = 5
MESSAGE = b"ping\n"


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while line := await reader.readline():
        writer.write(line)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def client(port: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for _ in range(REQUESTS):
        writer.write(MESSAGE)
        await writer.drain()
        assert await reader.readline() == MESSAGE
    writer.close()
    await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server, asyncio.TaskGroup() as group:
        for _ in range(CLIENTS):
            group.create_task(client(port))


def timed(loop_factory: Callable[[], asyncio.AbstractEventLoop]) -> float:
    start = time.perf_counter()
    if sys.version_info >= (3, 12):
        asyncio.run(main(), loop_factory=loop_factory)
    else:  # asyncio.run has loop_factory from 3.12 on
        with asyncio.Runner(loop_factory=loop_factory) as runner:
            runner.run(main())
    return time.perf_counter() - start


if __name__ == "__main__":
    if uvloop is None:
        here = f"Python {sys.version.split()[0]} on {sys.platform}"
        print(f"uvloop cannot be imported here ({here}): nothing to compare.")
        print("Install it with `pip install uvloop`; it has no build for Windows.")
        sys.exit(0)
    print(f"{CLIENTS} clients x {REQUESTS} round trips, uvloop {uvloop.__version__}")
    loops = {"default loop": asyncio.new_event_loop, "uvloop": uvloop.new_event_loop}
    times: dict[str, list[float]] = {name: [] for name in loops}
    for factory in loops.values():
        timed(factory)  # once each, untimed: first-run imports and caches
    for _ in range(ROUNDS):  # interleaved, so a busy moment hits both
        for name, factory in loops.items():
            times[name].append(timed(factory))
    baseline = statistics.median(times["default loop"])
    for name, seconds in times.items():
        median = statistics.median(seconds)
        spread = f"({min(seconds):.2f}-{max(seconds):.2f})"
        print(f"{name:<14} {median:5.2f} s {spread}  {baseline / median:4.1f}x")
