"""I/O-bound work under every model: HTTP requests, with more and more workers.

Each of TASKS tasks asks a server on 127.0.0.1 (a process of its own, started
first: nothing is forked while threads run) for a page it sends after DELAY
seconds. Timed REPEATS times, pools started before the clock: the median, and
the speedup's min-max against the sequential run (after a warm-up) in this same
run; ideal: min(workers, TASKS). BENCHMARK=quick|thorough: fewer|more repeats.
"""

import asyncio
import multiprocessing as mp
import os
import platform
import sys
import time
from collections.abc import Callable
from concurrent import futures
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from statistics import median

LEVEL = os.environ.get("BENCHMARK", "standard")
REPEATS = {"quick": 1, "standard": 3, "thorough": 9}[LEVEL]
TASKS, DELAY, WORKERS = 8, 0.01, (1, 2, 4, 8)


class Slow(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(DELAY)
        self.wfile.write(b"HTTP/1.0 200 OK\r\n\r\nok")

    def log_message(self, format: str, *args: object) -> None:
        pass  # no line on stderr per request


def serve(port: "mp.SimpleQueue[int]") -> None:
    ThreadingHTTPServer.request_queue_size = 64  # accept bursts of connects
    with ThreadingHTTPServer(("127.0.0.1", 0), Slow) as server:
        port.put(server.server_address[1])
        server.serve_forever()


def fetch(port: int) -> None:
    connection = HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/")  # blocks on the socket, the GIL released
    assert connection.getresponse().read() == b"ok"
    connection.close()


async def fetch_async(port: int, limit: asyncio.Semaphore) -> None:
    async with limit:  # at most `workers` requests at a time
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET / HTTP/1.0\r\n\r\n")
        assert (await reader.read()).endswith(b"ok")  # the loop runs other tasks
        writer.close()
        await writer.wait_closed()


async def in_tasks(ports: list[int], workers: int) -> None:
    limit = asyncio.Semaphore(workers)
    await asyncio.gather(*(fetch_async(p, limit) for p in ports))


def timed(run: Callable[[], object]) -> list[float]:
    seconds = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return seconds


def sweep(port: int) -> None:
    title = f"HTTP requests to 127.0.0.1, answered in {DELAY * 1000:.0f} ms"
    sizes = [port] * TASKS
    [fetch(s) for s in sizes]  # warm-up
    base = median(timed(lambda: [fetch(s) for s in sizes]))
    print(f"\n{title}, speedup by workers\nsequential baseline: {base:.3f} s")
    print(
        f"{'model':<24}{'workers':>8}{'seconds':>9}{'speedup':>9}{'min-max':>12}"
        f"{'ideal':>7}{'efficiency':>12}"
    )
    for workers in WORKERS:
        runs = {"asyncio": timed(lambda w=workers: asyncio.run(in_tasks(sizes, w)))}
        for pool in (futures.ThreadPoolExecutor, futures.ProcessPoolExecutor):
            with pool(max_workers=workers) as executor:
                list(executor.map(fetch, sizes[:workers]))  # start the workers
                runs[pool.__name__] = timed(lambda: list(executor.map(fetch, sizes)))
        ideal = min(workers, len(sizes))
        for name, seconds in runs.items():
            speedup = base / median(seconds)
            low, high = base / max(seconds), base / min(seconds)
            print(
                f"{name:<24}{workers:>8}{median(seconds):>9.3f}{speedup:>8.2f}x"
                f"{low:>7.2f}-{high:.2f}{ideal:>7}{speedup / ideal:>11.0%}"
            )


if __name__ == "__main__":
    gil = "enabled" if getattr(sys, "_is_gil_enabled", lambda: True)() else "disabled"
    print(f"machine: {platform.system()} {platform.machine()},", end="")
    print(f" {os.cpu_count()} cores, Python {platform.python_version()}, GIL {gil}")
    queue = mp.SimpleQueue()
    server = mp.Process(target=serve, args=(queue,))
    server.start()
    try:
        sweep(queue.get())
    finally:
        server.terminate()
        server.join()
