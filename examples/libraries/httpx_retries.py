# /// script
# requires-python = ">=3.11"
# dependencies = ["httpx"]
# ///
"""Retries with exponential backoff, waiting with await asyncio.sleep.

A server in a thread on 127.0.0.1 answers 503 Service Unavailable to the
first FAILURES requests of each run, then 200. `get_with_retries` tries
again on a 5xx status or a transport error, waiting BACKOFF, then twice as
long, and so on, up to ATTEMPTS tries. A ticker task runs beside it and
records the longest gap between its ticks: how long the event loop was kept
from running anything else. The same retry loop runs twice, waiting with
`await asyncio.sleep` and then with `time.sleep`. Look at the gaps: with
asyncio.sleep the loop stays free while the client waits; time.sleep freezes
it for the whole backoff, and every other task of the program with it.
"""

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

FAILURES = 2  # the server's first answers of each run are 503
ATTEMPTS = 4
BACKOFF = 0.1  # seconds before the first retry; doubles after each
TICK = 0.02  # seconds between the ticker's ticks


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    served = 0

    def do_GET(self) -> None:
        Handler.served += 1
        status = 503 if Handler.served <= FAILURES else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log on stderr


async def get_with_retries(
    client: httpx.AsyncClient, url: str, *, blocking: bool
) -> httpx.Response:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            response = await client.get(url)
        except httpx.TransportError as error:  # refused, reset, timed out
            outcome = type(error).__name__
        else:
            if response.status_code < 500:  # success, or a 4xx a retry won't fix
                print(f"  attempt {attempt}: {response.status_code}")
                return response
            outcome = str(response.status_code)
        if attempt == ATTEMPTS:
            break
        delay = BACKOFF * 2 ** (attempt - 1)
        print(f"  attempt {attempt}: {outcome}, next try in {delay:.1f} s")
        if blocking:
            time.sleep(delay)  # the mistake: it holds the whole event loop
        else:
            await asyncio.sleep(delay)  # other tasks run while this one waits
    raise RuntimeError(f"gave up after {ATTEMPTS} attempts")


async def ticker(gaps: list[float]) -> None:
    while True:
        start = time.perf_counter()
        await asyncio.sleep(TICK)
        gaps.append(time.perf_counter() - start)


async def main(url: str) -> None:
    async with httpx.AsyncClient() as client:
        await client.get(url)  # untimed: the first request imports the rest of httpx
        for blocking in (False, True):
            Handler.served = 0
            print("waiting with " + ("time.sleep" if blocking else "asyncio.sleep"))
            gaps: list[float] = []
            ticks = asyncio.create_task(ticker(gaps))
            await asyncio.sleep(TICK * 2)  # the ticker is running
            await get_with_retries(client, url, blocking=blocking)
            ticks.cancel()
            print(f"  the event loop's longest pause: {max(gaps):.2f} s")


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = False  # server_close() waits for every handler
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    try:
        asyncio.run(main(f"http://127.0.0.1:{server.server_address[1]}/"))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
