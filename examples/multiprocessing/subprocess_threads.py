"""A child's stdout and stderr, line by line while it runs: a thread per pipe.

`for line in proc.stdout` reads one pipe until the child closes it. With
both pipes captured, that shows nothing of stderr until the end, and it
can hang if the child fills the pipe nobody reads (as
subprocess_stderr_deadlock.py shows). Here one reader thread per pipe puts
each line on a queue as it arrives; the main thread prints them in the
order they came, while the child is still running. The child writes a line
every 0.15 s, to stdout and stderr in turn; -u makes it send each line at
once (subprocess_buffering.py shows why that matters). Look at the output:
the time each line arrived, both streams in the order the child wrote
them, then its exit.
"""

import queue
import subprocess
import sys
import threading
import time
from typing import IO

CHILD = """
import sys, time
for step in range(1, 4):
    print(f"step {step} of 3")
    time.sleep(0.15)
    print(f"warning after step {step}", file=sys.stderr)
    time.sleep(0.15)
"""
Line = tuple[str, str | None]  # (which pipe, the line; None when it closed)


def pump(name: str, pipe: IO[str], lines: queue.Queue[Line]) -> None:
    """Reader thread: every line of one pipe onto the queue, then None."""
    with pipe:
        for line in pipe:
            lines.put((name, line.rstrip("\n")))
    lines.put((name, None))


if __name__ == "__main__":
    start = time.perf_counter()
    command = [sys.executable, "-u", "-c", CHILD]
    pipe = subprocess.PIPE
    with subprocess.Popen(command, stdout=pipe, stderr=pipe, text=True) as proc:
        assert proc.stdout and proc.stderr
        lines: queue.Queue[Line] = queue.Queue()
        readers = [
            threading.Thread(target=pump, args=("stdout", proc.stdout, lines)),
            threading.Thread(target=pump, args=("stderr", proc.stderr, lines)),
        ]
        for reader in readers:
            reader.start()
        still_open = len(readers)
        while still_open:
            name, line = lines.get()
            if line is None:
                still_open -= 1
            else:
                print(f"{time.perf_counter() - start:5.2f} s  {name}: {line}")
        for reader in readers:
            reader.join()
    seconds = time.perf_counter() - start  # the with block waited for the exit
    print(f"{seconds:5.2f} s  the child exited with status {proc.returncode}")
