# /// script
# requires-python = ">=3.11"
# dependencies = ["dask[distributed]"]
# ///
"""Task size and data on Dask: chunk tiny tasks, send big data once.

First the same work, WORK decrements, split two ways on a two-worker
`LocalCluster`: TINY tasks of a fraction of a millisecond each, and CHUNKS
tasks that each run a share of them in a loop. Every task costs the
scheduler the same bookkeeping however small it is; look at the ratio.
Then a DATA_MB megabyte object read by READS tasks: passed as an argument,
it is pickled into every task and sent through the scheduler each time;
`scatter` puts it on one worker once and the tasks get a future that points
at it, so the scheduler runs them where the data is; it may copy it to the other
worker once rather than leave that worker idle (the last line). Each
way runs ROUNDS times; the table shows medians. Timings vary.
"""

import logging
import statistics
import tempfile
import time
from collections.abc import Callable

import dask
from dask.distributed import Client, Future, LocalCluster

WORK = 2_000_000  # decrements in total
TINY = 500
CHUNKS = 8
DATA_MB = 4
READS = 16
ROUNDS = 3


def count_down(n: int) -> int:
    while n > 0:
        n -= 1
    return n


def count_down_many(sizes: list[int]) -> int:
    return sum(count_down(n) for n in sizes)


def count_byte(data: bytes, value: int) -> int:
    return data.count(value)


def median_time(run: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    sizes = [WORK // TINY] * TINY
    chunks = [sizes[i::CHUNKS] for i in range(CHUNKS)]
    data = bytes(range(256)) * (DATA_MB * 4096)
    with (
        tempfile.TemporaryDirectory() as scratch,
        dask.config.set({"temporary-directory": scratch}),
        LocalCluster(
            host="127.0.0.1",
            n_workers=2,
            threads_per_worker=1,
            dashboard_address="127.0.0.1:0",  # loopback only, a free port
            # at exit a worker's heartbeat can race the scheduler's close and
            # log a harmless error; errors that matter reach the client
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        tiny = median_time(
            lambda: client.gather(client.map(count_down, sizes, pure=False))
        )
        chunked = median_time(
            lambda: client.gather(client.map(count_down_many, chunks, pure=False))
        )
        print(f"{f'{TINY} tiny tasks':<20} {tiny:6.3f} s   1.0x")
        print(
            f"{f'{CHUNKS} chunked tasks':<20} {chunked:6.3f} s {tiny / chunked:5.1f}x"
        )

        def reads(arg: object) -> list[int]:
            futures = [
                client.submit(count_byte, arg, i, pure=False) for i in range(READS)
            ]
            return client.gather(futures)

        def holders(future: Future) -> list[str]:
            workers = client.scheduler_info()["workers"]  # address -> facts
            return sorted(
                str(workers[a]["name"]) for a in client.who_has(future)[future.key]
            )

        direct = median_time(lambda: reads(data))
        remote = client.scatter(data)  # a future: the data now lives on a worker
        placed = holders(remote)
        scattered = median_time(lambda: reads(remote))
        print(f"{DATA_MB} MB of data read by {READS} tasks")
        print(f"{'passed each time':<20} {direct:6.3f} s   1.0x")
        print(f"{'scattered once':<20} {scattered:6.3f} s {direct / scattered:5.1f}x")
        print(f"scattered to workers {placed}, after the reads on {holders(remote)}")
