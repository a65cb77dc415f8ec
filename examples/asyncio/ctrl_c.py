"""Ctrl-C and other signals in asyncio.

asyncio.run() (3.11+) turns the first Ctrl-C (SIGINT) into a cancellation
of the main task: every `await` in it raises CancelledError, `finally`
blocks and `async with` exits run, a TaskGroup cancels its children, and
then asyncio.run() raises KeyboardInterrupt to its caller. For a graceful
stop on SIGTERM (what `kill` and container runtimes send), register a
handler on the loop with loop.add_signal_handler(); it runs as a normal
callback in the loop. That method exists on POSIX only: on Windows it
raises NotImplementedError. The script sends itself both signals.
"""

import asyncio
import os
import signal
import sys


async def worker(name: str, log: list[str]) -> None:
    try:
        await asyncio.sleep(10)  # a long job
    finally:
        log.append(f"{name}: cleaned up")  # runs when it is cancelled


async def interrupted(log: list[str]) -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.2, signal.raise_signal, signal.SIGINT)  # "Ctrl-C"
    async with asyncio.TaskGroup() as group:
        for name in ("worker-1", "worker-2"):
            group.create_task(worker(name, log))


async def graceful() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.call_later(0.2, os.kill, os.getpid(), signal.SIGTERM)
    await stop.wait()  # the server's main loop would run here
    loop.remove_signal_handler(signal.SIGTERM)
    print("SIGTERM: the handler set the stop event; shutting down cleanly")


if __name__ == "__main__":
    # asyncio.run() only takes over SIGINT when it has Python's default handler;
    # a job started in the background (`cmd &`) begins with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    log: list[str] = []
    try:
        asyncio.run(interrupted(log))
    except KeyboardInterrupt:
        print("asyncio.run() raised KeyboardInterrupt after cancelling the main task")
    print("\n".join(sorted(log)))
    if sys.platform == "win32":
        print("loop.add_signal_handler() is not available on Windows")
    else:
        asyncio.run(graceful())
