"""Ctrl-C and a process pool: let only the parent handle it.

In a terminal, Ctrl-C sends SIGINT to every process in the foreground
group: the parent and every pool worker at once. Each worker then raises
KeyboardInterrupt in the middle of its task and prints a traceback, and the
parent gets one too. Have the workers ignore SIGINT from the start (the
pool's initializer), and the parent alone decides: here it cancels what has
not started, lets the running tasks finish, and leaves cleanly. The script
sends SIGINT to its whole process group, as the terminal would (POSIX; on
Windows, Ctrl-C reaches the workers through the console instead).
"""

import contextlib
import multiprocessing
import multiprocessing.synchronize
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, wait


def ignore_sigint(ready: "multiprocessing.synchronize.Barrier") -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ready.wait(timeout=30)  # tell the parent: this worker is protected


def task(n: int) -> int:
    time.sleep(0.3)
    return n


def ctrl_c_to_the_group() -> None:
    os.killpg(os.getpgid(0), signal.SIGINT)  # every process in the group


if __name__ == "__main__":
    if sys.platform == "win32":
        print("os.killpg is POSIX only: on Windows, see the page")
        sys.exit(0)
    with contextlib.suppress(PermissionError):  # already a group leader
        os.setpgid(0, 0)  # a group of our own: the signal must not reach our parent
    ready = multiprocessing.Barrier(3)  # two workers and the parent
    with ProcessPoolExecutor(2, initializer=ignore_sigint, initargs=(ready,)) as pool:
        futures = [pool.submit(task, n) for n in range(6)]
        ready.wait(timeout=30)  # a worker still starting up would not be
        ctrl_c = threading.Timer(0.15, ctrl_c_to_the_group)
        ctrl_c.start()
        try:
            wait(futures)
            print("finished before the interrupt")
        except KeyboardInterrupt:
            cancelled = sum(future.cancel() for future in futures)
            print(f"parent: KeyboardInterrupt; {cancelled} queued tasks cancelled")
        ctrl_c.join()
    done = [f.result() for f in futures if f.done() and not f.cancelled()]
    print(f"workers ignored it and finished their tasks: {done}")
