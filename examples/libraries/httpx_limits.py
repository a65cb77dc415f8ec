# /// script
# requires-python = ">=3.11"
# dependencies = ["httpx"]
# ///
"""httpx.Limits caps how many connections a client opens; the rest wait.

A server in a thread on 127.0.0.1 answers each request after DELAY seconds
and records how many requests it is serving at once. TASKS requests are
started together (a TaskGroup) on a client with
`httpx.Limits(max_connections=2)`. Look at the peak: never more than two at
the server, however many tasks; the others wait inside the client for a free
connection, so the batch takes about TASKS / 2 rounds of DELAY. The second
batch gives that wait a bound, `httpx.Timeout(5, pool=...)`: a request that
gets no connection in time fails with httpx.PoolTimeout instead of queueing.
"""

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

DELAY = 0.2  # seconds the server takes per request
TASKS = 6
LIMITS = httpx.Limits(max_connections=2)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    lock = threading.Lock()
    busy = peak = 0

    def do_GET(self) -> None:
        with Handler.lock:
            Handler.busy += 1
            Handler.peak = max(Handler.peak, Handler.busy)
        time.sleep(DELAY)  # the server's work: it blocks this handler's thread
        with Handler.lock:
            Handler.busy -= 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log on stderr


async def fetch(client: httpx.AsyncClient, url: str) -> str:
    try:
        return str((await client.get(url)).status_code)
    except httpx.PoolTimeout:
        return "PoolTimeout"


async def batch(url: str, timeout: httpx.Timeout) -> None:
    async with httpx.AsyncClient(limits=LIMITS, timeout=timeout) as client:
        Handler.peak = 0
        start = time.perf_counter()
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(fetch(client, url)) for _ in range(TASKS)]
        elapsed = time.perf_counter() - start
    results = sorted(task.result() for task in tasks)
    print(f"  results: {', '.join(results)}")
    print(f"  at the server at once: {Handler.peak}, took {elapsed:.2f} s")


async def main(url: str) -> None:
    async with httpx.AsyncClient() as client:  # untimed: the first request
        await client.get(url)  # imports the rest of httpx's network code
    print(f"{TASKS} requests at once, max_connections=2, server takes {DELAY} s")
    await batch(url, httpx.Timeout(5))
    wait = DELAY / 2
    print(f"the same, with a pool timeout of {wait} s")
    await batch(url, httpx.Timeout(5, pool=wait))


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
