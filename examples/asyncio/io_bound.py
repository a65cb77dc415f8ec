"""Asyncio speeds up I/O-bound work: fetching pages from a slow local server.

The script starts the same slow HTTP server as threads/io_bound.py (it waits
DELAY seconds before it answers) and fetches PAGES pages three ways: one
after another with urllib, with a `ThreadPoolExecutor`, and in one thread
with an asyncio client built on `asyncio.open_connection` and
`asyncio.gather`. Look at the speedup column: while a coroutine waits on its
socket the event loop runs the others, so one thread overlaps the waits as
well as twenty threads do. Timings vary from run to run.
"""

import asyncio
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

DELAY = 0.1  # seconds the server waits before each answer
PAGES = 20


class SlowHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(DELAY)  # stands in for a slow database or remote service
        body = f"page {self.path}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the output to our own prints


class SlowServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # listen backlog; the default 5 can drop a burst


def fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return len(response.read())


async def fetch_async(url: str) -> int:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write(f"GET {parts.path} HTTP/1.0\r\nHost: {parts.netloc}\r\n\r\n".encode())
    await writer.drain()
    response = await reader.read()  # HTTP/1.0: the server closes when done
    writer.close()
    await writer.wait_closed()
    head, _, body = response.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.0 200"):
        raise OSError(f"{url}: {head.splitlines()[0]!r}")
    return len(body)


def sequential(urls: list[str]) -> None:
    for url in urls:
        fetch(url)


def thread_pool(urls: list[str]) -> None:
    with ThreadPoolExecutor(max_workers=PAGES) as pool:
        list(pool.map(fetch, urls))


async def gather_all(urls: list[str]) -> None:
    await asyncio.gather(*(fetch_async(url) for url in urls))


def timed(run: Callable[[list[str]], None], urls: list[str]) -> float:
    start = time.perf_counter()
    run(urls)
    return time.perf_counter() - start


if __name__ == "__main__":
    server = SlowServer(("127.0.0.1", 0), SlowHandler)
    server_thread = threading.Thread(target=server.serve_forever)
    server_thread.start()
    port = server.server_address[1]
    urls = [f"http://127.0.0.1:{port}/{i}" for i in range(PAGES)]
    try:
        baseline = timed(sequential, urls)
        print(f"{PAGES} pages, server delay {DELAY:.2f} s each")
        print(f"{'sequential':<20} {baseline:6.2f} s   1.0x")
        for name, run in [
            ("ThreadPoolExecutor", thread_pool),
            ("asyncio.gather", lambda urls: asyncio.run(gather_all(urls))),
        ]:
            seconds = timed(run, urls)
            print(f"{name:<20} {seconds:6.2f} s  {baseline / seconds:4.1f}x")
    finally:
        server.shutdown()
        server.server_close()
        server_thread.join()
