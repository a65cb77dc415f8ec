"""Threads speed up I/O-bound work: fetching pages from a slow local server.

The script starts its own HTTP server on 127.0.0.1 that waits DELAY seconds
before it answers, then fetches PAGES pages three ways: one after another,
with one `threading.Thread` per page, and with a `ThreadPoolExecutor`.
Look at the speedup column: while a thread waits on its socket it releases
the GIL, so the waits overlap. Timings vary from run to run.
"""

import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DELAY = 0.1  # seconds the server waits before each answer
PAGES = 20


class Server(ThreadingHTTPServer):
    request_queue_size = 64  # the default backlog of 5 drops bursts of connects


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


def fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return len(response.read())


def sequential(urls: list[str]) -> None:
    for url in urls:
        fetch(url)


def one_thread_per_url(urls: list[str]) -> None:
    threads = [threading.Thread(target=fetch, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def thread_pool(urls: list[str]) -> None:
    with ThreadPoolExecutor(max_workers=PAGES) as pool:
        list(pool.map(fetch, urls))


def timed(run: Callable[[list[str]], None], urls: list[str]) -> float:
    start = time.perf_counter()
    run(urls)
    return time.perf_counter() - start


if __name__ == "__main__":
    server = Server(("127.0.0.1", 0), SlowHandler)
    server_thread = threading.Thread(target=server.serve_forever)
    server_thread.start()
    port = server.server_address[1]
    urls = [f"http://127.0.0.1:{port}/{i}" for i in range(PAGES)]
    try:
        baseline = timed(sequential, urls)
        print(f"{PAGES} pages, server delay {DELAY:.2f} s each")
        print(f"{'sequential':<20} {baseline:6.2f} s   1.0x")
        for name, run in [
            ("thread per page", one_thread_per_url),
            ("ThreadPoolExecutor", thread_pool),
        ]:
            seconds = timed(run, urls)
            print(f"{name:<20} {seconds:6.2f} s  {baseline / seconds:4.1f}x")
    finally:
        server.shutdown()
        server.server_close()
        server_thread.join()
