"""Calling async code from sync code, and back, without get_event_loop().

- asyncio.Runner (3.11+) keeps one loop for several calls from synchronous
  code; asyncio.run() would make a new loop for each, and objects tied to a
  loop (connections, locks, queues) would not survive between calls.
- A loop running in a thread of its own serves the rest of a synchronous
  program: asyncio.run_coroutine_threadsafe() hands it a coroutine and
  returns a concurrent.futures.Future to wait on; loop.call_soon_threadsafe()
  hands it a plain callback. These are the only thread-safe ways in.
- Inside a coroutine, asyncio.get_running_loop() finds the loop; the old
  asyncio.get_event_loop() is on its way out (see the page).
"""

import asyncio
import threading


class Client:
    """Something bound to the loop it first waits in, like a connection."""

    def __init__(self) -> None:
        self.reply = asyncio.Event()  # a real client waits for the server
        self.calls = 0

    async def fetch(self, n: int) -> int:
        try:
            async with asyncio.timeout(0.01):
                await self.reply.wait()  # binds the Event to this loop
        except TimeoutError:
            pass
        self.calls += 1
        return n * n


async def make_client() -> Client:
    return Client()


if __name__ == "__main__":
    with asyncio.Runner() as runner:  # one loop for the whole block
        client = runner.run(make_client())
        results = [runner.run(client.fetch(n)) for n in range(3)]
    print(f"Runner: {results}, {client.calls} calls through one client and loop")
    client = Client()
    asyncio.run(client.fetch(1))
    try:
        asyncio.run(client.fetch(2))  # a second asyncio.run(): a new loop
    except RuntimeError as error:
        tail = str(error).split(">")[-1].strip()  # without the object's address
        print(f"asyncio.run() twice: RuntimeError: <asyncio.Event> {tail}")

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="event-loop")
    thread.start()
    try:
        client = asyncio.run_coroutine_threadsafe(make_client(), loop).result()
        futures = [
            asyncio.run_coroutine_threadsafe(client.fetch(n), loop) for n in range(3)
        ]
        print(f"run_coroutine_threadsafe: {[f.result(timeout=5) for f in futures]}")
        seen = threading.Event()

        def report() -> None:
            print(f"call_soon_threadsafe: ran in {threading.current_thread().name}")
            seen.set()

        loop.call_soon_threadsafe(report)
        seen.wait(timeout=5)

        async def same_loop() -> bool:
            return asyncio.get_running_loop() is loop

        same = asyncio.run_coroutine_threadsafe(same_loop(), loop).result(timeout=5)
        print(f"inside, get_running_loop() is the thread's loop: {same}")
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
