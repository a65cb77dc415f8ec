"""I/O-bound work under every model: HTTP requests, with more and more workers.

TASKS requests to a server on 127.0.0.1 (a process of its own, started first),
which answers each after DELAY seconds. Look at the speedup against the ideal,
min(workers, TASKS): pools start before the clock; min-max spans REPEATS runs.
"""

import asyncio
import multiprocessing as mp
import os
import time
import timeit
from concurrent import futures
from functools import partial
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from statistics import median

LEVEL = os.environ.get("BENCHMARK", "standard")  # or quick, or thorough
REPEATS = {"quick": 1, "standard": 3, "thorough": 9}[LEVEL]
timed = partial(timeit.repeat, number=1, repeat=REPEATS)  # seconds of each run
TASKS, DELAY, WORKERS = 8, 0.01, (1, 2, 4, 8)


class Slow(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(DELAY)
        self.wfile.write(b"HTTP/1.0 200 OK\r\n\r\nok")  # raw: no log line either


def serve(port: "mp.SimpleQueue[int]") -> None:
    ThreadingHTTPServer.request_queue_size = 64  # accept bursts of connects
    with ThreadingHTTPServer(("127.0.0.1", 0), Slow) as server:
        port.put(server.server_address[1])
        server.serve_forever()


def fetch(port: int) -> None:
    connection = HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/")  # blocks on the socket, the GIL released
    assert connection.getresponse().read() == b"ok"  # HTTP/1.0: then it closes


async def in_tasks(ports: list[int], workers: int) -> None:
    limit = asyncio.Semaphore(workers)

    async def one(port: int) -> None:
        async with limit:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET / HTTP/1.0\r\n\r\n")
            assert (await reader.read()).endswith(b"ok")  # the loop runs others
            writer.close()
            await writer.wait_closed()

    await asyncio.gather(*(one(p) for p in ports))


if __name__ == "__main__":
    queue = mp.SimpleQueue()
    server = mp.Process(target=serve, args=(queue,), daemon=True)  # ends with us
    server.start()
    ports = [queue.get()] * TASKS
    [fetch(p) for p in ports]  # warm-up
    base = median(timed(lambda: [fetch(p) for p in ports]))
    print(f"Local HTTP requests answered in {DELAY * 1000:.0f} ms, speedup by workers")
    print(f"sequential baseline: {base:.3f} s; repeats: {REPEATS}")
    print(f"{'model':<24}{'workers':>8}{'seconds':>9}{'speedup':>9}", end="")
    print(f"{'min-max':>12}{'ideal':>7}{'efficiency':>12}")
    for workers in WORKERS:
        runs = {"asyncio": timed(lambda w=workers: asyncio.run(in_tasks(ports, w)))}
        for pool in (futures.ThreadPoolExecutor, futures.ProcessPoolExecutor):
            with pool(max_workers=workers) as executor:
                list(executor.map(fetch, ports[:workers]))  # start the workers
                runs[pool.__name__] = timed(lambda: list(executor.map(fetch, ports)))
        for name, seconds in runs.items():
            speedup, ideal = base / median(seconds), min(workers, TASKS)
            low, high = base / max(seconds), base / min(seconds)
            print(
                f"{name:<24}{workers:>8}{median(seconds):>9.3f}{speedup:>8.2f}x"
                f"{low:>7.2f}-{high:.2f}{ideal:>7}{speedup / ideal:>11.0%}"
            )
    server.terminate()
    server.join()
