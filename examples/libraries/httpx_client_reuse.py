# /// script
# requires-python = ">=3.11"
# dependencies = ["httpx"]
# ///
"""One httpx.AsyncClient for the whole program, against one client per request.

A small HTTP/1.1 server runs in a thread on 127.0.0.1 and counts the TCP
connections it accepts. The same REQUESTS GET requests are sent twice: through
one `AsyncClient` that lives for the whole job, and through a new client for
each request (`async with httpx.AsyncClient() as client:` around every call).
The two take turns for ROUNDS rounds; the table shows the median time, the
min-max spread, requests per second, and how many times faster the shared
client was. Look at the connections: the shared client keeps one open and
reuses it, the other opens one per request. The last line times building a
client alone: httpx prepares a TLS context with its CA certificates for every
client, even when the URLs are plain http://.
"""

import asyncio
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

REQUESTS = 20
ROUNDS = 5


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a connection serves many requests
    disable_nagle_algorithm = True  # headers and body go out without delay
    connections = 0

    def setup(self) -> None:
        super().setup()
        Handler.connections += 1  # one handler per TCP connection

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log on stderr


async def shared_client(url: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(REQUESTS):
            (await client.get(url)).raise_for_status()


async def client_per_request(url: str) -> None:
    for _ in range(REQUESTS):
        async with httpx.AsyncClient() as client:
            (await client.get(url)).raise_for_status()


def timed(job: str, url: str) -> tuple[float, int]:
    """Seconds for REQUESTS requests, and the connections the server accepted."""
    before = Handler.connections
    start = time.perf_counter()
    asyncio.run(shared_client(url) if job == "one client" else client_per_request(url))
    return time.perf_counter() - start, Handler.connections - before


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = False  # server_close() waits for every handler
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    jobs = ["one client", "client per request"]
    times: dict[str, list[float]] = {job: [] for job in jobs}
    try:
        opened = {job: timed(job, url)[1] for job in jobs}  # untimed warm-up
        for _ in range(ROUNDS):  # interleaved, so a busy moment hits both
            for job in jobs:
                times[job].append(timed(job, url)[0])
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    print(f"httpx {httpx.__version__}, {REQUESTS} GET requests, {ROUNDS} rounds")
    slowest = statistics.median(times["client per request"])
    for job in jobs:
        median = statistics.median(times[job])
        spread = f"({min(times[job]):.3f}-{max(times[job]):.3f})"
        rate = f"{REQUESTS / median:6.0f} req/s"
        print(f"{job:<20} {median:.3f} s {spread}  {rate}  {slowest / median:4.1f}x")
    for job in jobs:
        print(f"connections, {job}: {opened[job]}")
    builds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        httpx.AsyncClient()  # never used: no connection to close
        builds.append(time.perf_counter() - start)
    print(f"AsyncClient() alone: {statistics.median(builds) * 1000:.1f} ms (median)")
