# /// script
# requires-python = ">=3.11"
# dependencies = ["dask[distributed]"]
# ///
"""Dask's futures: the executor API on a cluster that the script starts.

A `LocalCluster` starts a scheduler and WORKERS worker processes (one thread
each) on 127.0.0.1, the dashboard's web server too, and its files in a
temporary directory; a `Client` sends it work. `submit` returns a future at once, `map`
one future per input, `as_completed` yields them in the order they finish
(look: not the order they were sent) and `gather` collects the results. A
lambda goes through, because Dask pickles functions with cloudpickle; plain
pickle, which multiprocessing uses, refuses it. Last, a second client
connects by the scheduler's address, as it would to a scheduler on another
machine, and runs the same call. Exiting the `with` blocks stops it all.
"""

import logging
import os
import pickle
import tempfile
import time

import dask
from dask.distributed import Client, LocalCluster, as_completed, get_worker

WORKERS = 2


def square(x: int) -> int:
    return x * x


def nap(seconds: float) -> str:
    time.sleep(seconds)  # stands in for work of that length
    return f"nap({seconds}) on worker {get_worker().name}"


if __name__ == "__main__":
    method = dask.config.get("distributed.worker.multiprocessing-method")
    with (
        tempfile.TemporaryDirectory() as scratch,
        dask.config.set({"temporary-directory": scratch}),  # every server's files
        LocalCluster(
            host="127.0.0.1",
            n_workers=WORKERS,
            threads_per_worker=1,
            dashboard_address="127.0.0.1:0",  # loopback only, a free port
            # at exit a worker's heartbeat can race the scheduler's close and
            # log a harmless error; errors that matter reach the client
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        pids = client.run(os.getpid)  # worker address -> its process id
        print(f"{len(pids)} worker processes, started with {method}")
        print(f"worker pids: {sorted(pids.values())}, this one: {os.getpid()}")
        future = client.submit(square, 7)
        print(f"submit(square, 7)         -> {future!r}")
        print(f"future.result()           -> {future.result()}")
        futures = client.map(square, range(8))
        print(f"gather(map(square, 0..7)) -> {client.gather(futures)}")
        naps = client.map(nap, [1.0, 0.2, 0.1])
        for done in as_completed(naps):
            print(f"as_completed              -> {done.result()}")
        adder = client.submit(lambda x: x + 1, 41)
        print(f"submit(lambda x: x + 1)   -> {adder.result()}")
        try:
            pickle.dumps(lambda x: x + 1)
        except (pickle.PicklingError, AttributeError) as error:
            print(f"pickle.dumps(lambda)      -> {type(error).__name__}")
        address = cluster.scheduler_address  # tcp://127.0.0.1:<port>
        with Client(address) as remote:
            print(f"Client('{address.rsplit(':', 1)[0]}:<port>')")
            print(f"  .submit(square, 8)      -> {remote.submit(square, 8).result()}")
