"""Free-threading does not make `counter += 1` safe.

`counter += 1` is three steps: read the global, add one, write it back. Two
threads that read the same value both write value + 1, and one increment is
lost. With the GIL, a thread switch can only happen at certain points in the
bytecode, and in this tight loop they rarely fall inside the three steps, so
the race stays hidden; the Threads chapter needs time.sleep(0) to show it.
Without the GIL, threads really run at the same moment and it shows at once.
The same count under a Lock is exact on every build.
"""

import os
import sys
import sysconfig
import threading
from collections.abc import Callable

THREADS = 4
PER_THREAD = 200_000
ROUNDS = 3
counter = 0
lock = threading.Lock()


def unprotected() -> None:
    global counter
    for _ in range(PER_THREAD):
        counter += 1


def locked() -> None:
    global counter
    for _ in range(PER_THREAD):
        with lock:
            counter += 1


def count_with(work: Callable[[], None]) -> int:
    global counter
    counter = 0
    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counter


if __name__ == "__main__":
    cores = getattr(os, "process_cpu_count", os.cpu_count)()  # 3.13+
    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(
        f"free-threaded build: {'yes' if free else 'no'}, GIL enabled: "
        f"{'yes' if gil else 'no'}, CPU cores: {cores}"
    )
    expected = THREADS * PER_THREAD
    print(f"{THREADS} threads x {PER_THREAD:,} increments: expected {expected:,}")
    for round_ in range(1, ROUNDS + 1):
        for name, work in (("no lock", unprotected), ("with Lock", locked)):
            got = count_with(work)
            lost = expected - got
            print(f"round {round_}, {name:<9}: got {got:>9,}, lost {lost:>7,}")
