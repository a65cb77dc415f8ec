"""Lines that arrive all at once at the end: the child buffers its stdout.

A program whose stdout is a pipe, not a terminal, collects what it prints
in a buffer of several KiB and writes it out when the buffer fills or the
program ends: Python does, and so does C's stdio. Read line by line, such
a child seems silent, then everything comes at once. The same child runs
three times, printing a line every 0.2 s: as is, with -u, and with
PYTHONUNBUFFERED=1 in its environment. Look at the output: when each line
reached the parent, against when the child exited.
"""

import os
import subprocess
import sys
import time

CHILD = """
import time
for n in range(1, 4):
    print(f"line {n}")
    time.sleep(0.2)
"""


def arrivals(flags: list[str], env: dict[str, str]) -> str:
    start = time.perf_counter()
    command = [sys.executable, *flags, "-c", CHILD]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout
        times = [f"{time.perf_counter() - start:.2f}" for _ in proc.stdout]
    exited = time.perf_counter() - start
    return f"lines at {', '.join(times)} s; exit at {exited:.2f} s"


if __name__ == "__main__":
    # A child inherits PYTHONUNBUFFERED: start from an environment without it.
    plain = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    print(f"python -c CHILD:       {arrivals([], plain)}")
    print(f"python -u -c CHILD:    {arrivals(['-u'], plain)}")
    print(f"PYTHONUNBUFFERED=1:    {arrivals([], {**plain, 'PYTHONUNBUFFERED': '1'})}")
