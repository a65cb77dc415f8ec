# /// script
# requires-python = ">=3.11"
# dependencies = ["httpx"]
# ///
"""One httpx.AsyncClient for the whole program, against one client per request.

A server in a thread on 127.0.0.1 counts the TCP connections it accepts. The
same REQUESTS GET requests go through one `AsyncClient` kept for the whole
job, then through a new client per request, taking turns for ROUNDS rounds:
median time, min-max spread, requests per second, and the ratio to the
slower way. Look at the connections: one, reused, against one per request.
The last line times building a client alone (httpx builds a TLS context
with its CA certificates for each client, even for http:// URLs).
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


JOBS = {"one client": shared_client, "client per request": client_per_request}


def timed(job: str, url: str) -> tuple[float, int]:
    """Seconds for REQUESTS requests, and the connections the server accepted."""
    before = Handler.connections
    start = time.perf_counter()
    asyncio.run(JOBS[job](url))
    return time.perf_counter() - start, Handler.connections - before


if __name__ == "__main__":
    times: dict[str, list[float]] = {job: [] for job in JOBS}
    with ThreadingHTTPServer(("127.0.0.1", 0), Handler) as server:
        server.daemon_threads = False  # closing waits for every handler
        thread = threading.Thread(target=server.serve_forever, args=(0.05,))
        thread.start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            opened = {job: timed(job, url)[1] for job in JOBS}  # untimed warm-up
            for _ in range(ROUNDS):  # interleaved, so a busy moment hits both
                for job in JOBS:
                    times[job].append(timed(job, url)[0])
        finally:
            server.shutdown()
            thread.join()
    print(f"httpx {httpx.__version__}, {REQUESTS} GET requests, {ROUNDS} rounds")
    slowest = statistics.median(times["client per request"])
    for job in JOBS:
        median = statistics.median(times[job])
        spread = f"({min(times[job]):.3f}-{max(times[job]):.3f})"
        rate = f"{REQUESTS / median:6.0f} req/s"
        print(f"{job:<20} {median:.3f} s {spread}  {rate}  {slowest / median:4.1f}x")
    for job in JOBS:
        print(f"connections, {job}: {opened[job]}")
    builds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        httpx.AsyncClient()  # never used: no connection to close
        builds.append(time.perf_counter() - start)
    print(f"AsyncClient() alone: {statistics.median(builds) * 1000:.1f} ms (median)")
