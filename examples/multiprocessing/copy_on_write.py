"""Why a forked child copies the parent's objects anyway, and gc.freeze().

After fork, parent and child share memory pages until one of them writes to
a page; then that page is copied. Python writes to objects it only reads:
touching an object changes its reference count, and a garbage collection
writes to the header of every object it scans. So a child that just reads a
big structure, or collects garbage, ends up copying the pages it lives on.
gc.freeze() (3.7+) before the fork moves every object to a permanent
generation the collector skips: that avoids the collector's copies, but not
the reference counts'. The private memory (USS) of each child shows it
(Linux only; fork does not exist on Windows).
"""

import gc
import multiprocessing
import sys

OBJECTS = 300_000


def private_mib() -> float:
    with open("/proc/self/smaps_rollup") as smaps:
        return sum(int(n.split()[1]) for n in smaps if n.startswith("Private_")) / 1024


def child(
    action: str, data: list[list[int]], out: "multiprocessing.Queue[float]"
) -> None:
    before = private_mib()
    if action == "read every object":
        total = sum(len(item) for item in data)  # incref, decref: a write
        assert total == len(data)
    elif action == "collect garbage":
        gc.collect()  # scans (and writes to) every tracked object
    out.put(private_mib() - before)


if __name__ == "__main__":
    if sys.platform != "linux":
        print("this measurement needs fork and /proc (Linux)")
        sys.exit(0)
    fork = multiprocessing.get_context("fork")
    data = [[i] for i in range(OBJECTS)]  # many small tracked objects
    print(f"{OBJECTS:,} small lists in the parent; private MiB each child added:")
    for freeze in (False, True):
        if freeze:
            gc.freeze()  # everything so far: never scanned again
        for action in ("nothing", "read every object", "collect garbage"):
            out = fork.SimpleQueue()
            process = fork.Process(target=child, args=(action, data, out))
            process.start()
            grown = out.get()
            process.join()
            label = f"{'after gc.freeze(), ' if freeze else ''}{action}"
            print(f"  {label:<40} {grown:6.1f}")
    gc.unfreeze()
