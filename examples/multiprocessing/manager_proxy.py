"""Manager: ordinary Python objects kept in a server process, used by proxy.

`multiprocessing.Manager()` starts a manager process that owns a dict; the
workers and the parent hold proxies, and every operation on a proxy is a
message to that process and back. Look at three things in the output: the
dict the workers filled; a list nested in the dict that `append` does not
change (the proxy handed back a copy), until it is assigned back; and what
one read through the proxy costs against a read of a plain dict (the ratio),
measured over READS reads. Timings vary from run to run.
"""

import multiprocessing
import time
from multiprocessing.managers import DictProxy

WORKERS = 2
READS = 1_000


def record(shared: DictProxy, number: int) -> None:
    shared[multiprocessing.current_process().name] = number * number


def time_reads(mapping: DictProxy | dict[str, object]) -> float:
    start = time.perf_counter()
    for _ in range(READS):
        mapping["items"]
    return time.perf_counter() - start


if __name__ == "__main__":
    with multiprocessing.Manager() as manager:
        shared = manager.dict()
        workers = [
            multiprocessing.Process(target=record, args=(shared, n))
            for n in range(2, 2 + WORKERS)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        print(f"filled by the workers: {dict(sorted(shared.items()))}")

        shared["items"] = []
        shared["items"].append(1)  # appends to a copy in this process
        print(f"after shared['items'].append(1): {shared['items']}")
        items = shared["items"]
        items.append(1)
        shared["items"] = items  # assigning sends the new list to the manager
        print(f"after assigning the list back:   {shared['items']}")

        proxy_time = time_reads(shared)
        plain_time = time_reads(dict(shared))
        print(
            f"{READS} reads: proxy {proxy_time:.4f} s, plain dict {plain_time:.6f} s,"
            f" {proxy_time / plain_time:.0f}x"
        )
