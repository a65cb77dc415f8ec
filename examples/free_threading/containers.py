"""What built-in containers guarantee when threads share them, and what not.

Guaranteed on every build: one operation on a list or dict, such as
list.append or d[key] = value with keys of built-in types (these tuples of
ints), happens whole. With the GIL that came for free; free-threaded CPython
gives each container its own lock instead.
Not guaranteed: anything made of two operations. "Check, then set" lets two
threads both see the key missing, and a Python loop over a dict can see
another thread add a key between two steps. The fixes are one operation
(setdefault) or a snapshot (copy) taken in one step.
"""

import os
import sys
import sysconfig
import threading
import time
from collections.abc import Callable

THREADS = 4
N = 50_000
SECONDS = 0.3  # how long the dict keeps changing under the loops
items: list[int] = []
table: dict[tuple[int, int], int] = {}


def in_threads(work: Callable[[int], None]) -> None:
    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def append_and_set(me: int) -> None:
    for i in range(N):
        items.append(i)
        table[me, i] = i


def claims(use_setdefault: bool) -> int:
    """Each thread claims every key it sees free; returns the claims made."""
    owners: dict[int, int] = {}
    made = [0] * THREADS

    def claim(me: int) -> None:
        for key in range(N):
            if use_setdefault:
                made[me] += owners.setdefault(key, me) == me
            elif key not in owners:  # check...
                owners[key] = me  # ...then set: another thread may be here too
                made[me] += 1

    in_threads(claim)
    return sum(made)


def iteration_errors(snapshot: bool) -> int:
    """Threads loop over a dict while another keeps adding and removing a key."""
    shared = {i: i for i in range(10_000)}
    errors, done = [0] * THREADS, threading.Event()

    def reader(me: int) -> None:
        while not done.is_set():
            try:
                for _key in shared.copy() if snapshot else shared:
                    pass
            except RuntimeError:  # dictionary changed size during iteration
                errors[me] += 1

    def writer(_: int) -> None:
        deadline = time.perf_counter() + SECONDS
        while time.perf_counter() < deadline:
            if shared.pop(-1, None) is None:  # one key out, or in:
                shared[-1] = -1  # the size changes on every pass
        done.set()

    in_threads(lambda me: (writer if me == 0 else reader)(me))
    return sum(errors)


if __name__ == "__main__":
    cores = getattr(os, "process_cpu_count", os.cpu_count)()  # 3.13+
    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(
        f"free-threaded build: {'yes' if free else 'no'}, GIL enabled: "
        f"{'yes' if gil else 'no'}, CPU cores: {cores}"
    )
    in_threads(append_and_set)
    print(f"list.append from {THREADS} threads: {len(items):,} of {THREADS * N:,}")
    print(f"d[key] = value from {THREADS} threads: {len(table):,} of {THREADS * N:,}")
    print(f"check-then-set: {claims(False):,} claims for {N:,} keys")
    print(f"setdefault:     {claims(True):,} claims for {N:,} keys")
    print(f"looping over the dict itself: {iteration_errors(False)} RuntimeErrors")
    print(f"looping over d.copy():        {iteration_errors(True)} RuntimeErrors")
