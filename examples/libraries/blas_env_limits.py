# /// script
# requires-python = ">=3.11"
# dependencies = ["numpy", "threadpoolctl"]
# ///
"""One BLAS thread per process, set in the environment before NumPy loads.

The script sets OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS to
1 before its first `import numpy`: a BLAS library reads them once, when it
is loaded. Children inherit the environment, so a pool's workers start with
one BLAS thread under every start method: spawn children run the top of
this script again and load NumPy afresh, forkserver children come from a
server process started with the same environment, fork children inherit the
parent's library as it was loaded. Each worker reports from the pool's
initializer. Look at the thread counts: 1 in the parent and in every
worker. The last line sets a variable after the import: the library that is
loaded does not look again.
"""

import os

# before numpy is imported, in this process (children inherit os.environ)
os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")

import multiprocessing
from multiprocessing.queues import SimpleQueue

import numpy as np
from threadpoolctl import threadpool_info

CORES = getattr(os, "process_cpu_count", os.cpu_count)() or 1  # 3.13+


def blas_threads() -> list[int]:
    """The thread count of each BLAS or OpenMP library loaded here."""
    return [lib["num_threads"] for lib in threadpool_info()]


def report(reports: SimpleQueue) -> None:
    """The pool's initializer: each worker runs it once, when it starts."""
    reports.put((os.getpid(), blas_threads()))


if __name__ == "__main__":
    method = multiprocessing.get_start_method()
    for lib in threadpool_info():
        print(f"numpy {np.__version__}: {lib['internal_api']} {lib['version']}")
    print(f"{CORES} cores; parent: BLAS threads {blas_threads()}")
    reports = multiprocessing.SimpleQueue()
    pool = multiprocessing.Pool(CORES, initializer=report, initargs=(reports,))
    seen = [reports.get() for _ in range(CORES)]  # Pool starts every worker
    pool.close()
    pool.join()
    for pid, threads in sorted(seen):
        print(f"worker {pid} ({method}): BLAS threads {threads}")
    os.environ["OPENBLAS_NUM_THREADS"] = str(2 * CORES)  # too late for this process
    print(f"after setting OPENBLAS_NUM_THREADS={2 * CORES}: {blas_threads()}")
