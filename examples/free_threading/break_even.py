"""The free-threaded build's cost on one thread, against its gain on several.

The same pure-Python countdown, WORK decrements split over 1, 2, 3...
threads, is timed on this interpreter. On a free-threaded build the script
also times the regular build of the same version (python3.X on PATH), as a
child process. Every speedup is against one thread of the regular build, so
at one thread the free-threaded line shows what the build costs, and
further right what its threads gain. Medians of REPEATS runs after a
warm-up, with the min-max of the speedups; the ideal is one core per thread.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import threading
import time

WORK = 4_000_000
REPEATS = 3
VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"


def count_down(n: int) -> None:
    while n > 0:
        n -= 1


def times_for(counts: list[int]) -> dict[int, list[float]]:
    runs: dict[int, list[float]] = {n: [] for n in counts}
    for round_ in range(REPEATS + 1):  # round 0 warms up
        for n in counts:  # the counts take turns: a busy moment hits them all
            threads = [
                threading.Thread(target=count_down, args=(WORK // n,)) for _ in range(n)
            ]
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            if round_ > 0:
                runs[n].append(time.perf_counter() - start)
    return runs


def regular_build() -> str | None:
    """A python3.X on PATH that is this version's GIL build, if there is one."""
    probe = "import sys, sysconfig as c; print(sys.version_info[:2], c.get_config_var("
    probe += "'Py_GIL_DISABLED'))"
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        found = shutil.which(f"python{VERSION}", path=folder)
        if found:
            said = subprocess.run(
                [found, "-c", probe], capture_output=True, text=True, timeout=30
            )
            if said.stdout.strip() == f"{sys.version_info[:2]} 0":
                return found
    return None


if __name__ == "__main__":
    if sys.argv[1:2] == ["--times"]:  # the child: time these counts, print JSON
        print(json.dumps(times_for([int(n) for n in sys.argv[2].split(",")])))
        sys.exit(0)
    cores = getattr(os, "process_cpu_count", os.cpu_count)() or 1
    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    counts = list(range(1, min(max(4, cores + 1), 8) + 1))
    print(f"Python {sys.version.split()[0]}, {cores} CPU cores, {WORK:,} decrements")
    lines = {"free-threaded" if free else "GIL": times_for(counts)}
    regular = regular_build() if free else None
    if regular:
        child = [regular, __file__, "--times", ",".join(map(str, counts))]
        out = subprocess.run(child, capture_output=True, text=True, check=True).stdout
        lines["GIL"] = {int(n): runs for n, runs in json.loads(out).items()}
    elif free:
        print(f"no python{VERSION} GIL build on PATH: against this build's one thread")
    baseline = statistics.median((lines.get("GIL") or lines["free-threaded"])[1])
    against = "GIL" if "GIL" in lines else "free-threaded"
    print(f"\nCountdown on threads, speedup against one thread of the {against} build")
    print(f"baseline: {baseline:.3f} s, median of {REPEATS} runs")
    print("model          workers  seconds  speedup    min-max  ideal")
    for model, runs in lines.items():
        for n, times in runs.items():
            median = statistics.median(times)
            spread = f"{baseline / max(times):.2f}-{baseline / min(times):.2f}"
            row = f"{model:<14} {n:>7} {median:8.3f} {baseline / median:7.2f}x"
            print(f"{row} {spread:>10} {min(n, cores):>6}")
