"""Mixed work: asyncio for the waiting, a process pool for the computing.

Each job downloads a page from a slow local server (I/O-bound), then runs a
pure-Python computation on it (CPU-bound). Three versions: one job after the
other; asyncio with the computation inline, which stalls the event loop; and
asyncio handing the computation to a ProcessPoolExecutor, so downloads and
computations overlap and use both cores. Compare the speedup column. The
pool's workers start first, so that none is forked while other threads run.
"""

import asyncio
import threading
import time
import timeit
import urllib.request
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DELAY, JOBS, WORK = 0.2, 6, 2_000_000


class Server(ThreadingHTTPServer):
    request_queue_size = 64  # the default backlog of 5 drops bursts of connects


class SlowHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(DELAY)
        self.wfile.write(b"HTTP/1.0 200 OK\r\n\r\nok")  # raw: no log line either


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def compute(page: bytes) -> int:
    return sum(i * i for i in range(WORK)) + len(page)


async def job(url: str, pool: ProcessPoolExecutor | None) -> int:
    page = await asyncio.to_thread(fetch, url)  # blocking client off the loop
    if pool is None:
        return compute(page)  # runs on the event loop: nothing else moves
    return await asyncio.get_running_loop().run_in_executor(pool, compute, page)


async def all_jobs(url: str, pool: ProcessPoolExecutor | None) -> None:
    await asyncio.gather(*(job(url, pool) for _ in range(JOBS)))


def timed(label: str, run: Callable[[], object], baseline: float = 0) -> float:
    """Print how long one run took, and its speedup against the baseline."""
    seconds = timeit.timeit(run, number=1)
    print(f"{label:<36} {seconds:5.2f} s  {(baseline or seconds) / seconds:4.1f}x")
    return seconds


if __name__ == "__main__":
    # The pool's workers start before any other thread (the server's, the
    # to_thread pool's): a fork made while threads run can copy a held lock.
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(len, [b"", b""]))  # start both workers, before the clock too
        server = Server(("127.0.0.1", 0), SlowHandler)
        thread = threading.Thread(target=server.serve_forever)
        thread.start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            print(f"{JOBS} jobs: a {DELAY} s download, then a computation")
            in_turn = lambda: [compute(fetch(url)) for _ in range(JOBS)]  # noqa: E731
            base = timed("one after the other", in_turn)
            inline = lambda: asyncio.run(all_jobs(url, None))  # noqa: E731
            timed("asyncio, computation on the loop", inline, base)
            offloaded = lambda: asyncio.run(all_jobs(url, pool))  # noqa: E731
            timed("asyncio + ProcessPoolExecutor(2)", offloaded, base)
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
