"""Where is a hung program stuck? faulthandler prints every thread's stack.

A program that hangs prints nothing, and a debugger may not be at hand (a
server, a CI job). faulthandler writes the Python traceback of every thread
straight to a file descriptor, even while the threads are blocked:
- dump_traceback_later(seconds) arms a watchdog: if the program is still
  running after that long, it dumps (and with exit=True, ends the process).
  Cancel it once the risky part is over.
- register(signal.SIGUSR1) dumps whenever the process gets that signal, so
  `kill -USR1 <pid>` shows a live program's stacks (POSIX only).
Here two threads wait on each other's lock, and the watchdog shows where.
"""

import faulthandler
import os
import signal
import sys
import threading
import time

a, b = threading.Lock(), threading.Lock()
release = threading.Event()


def take(first: threading.Lock, second: threading.Lock) -> None:
    with first:
        time.sleep(0.1)
        while not second.acquire(timeout=0.05):  # stuck, in real code: forever
            if release.is_set():
                return
        second.release()


if __name__ == "__main__":
    threads = [
        threading.Thread(target=take, args=(a, b), name="takes-a-then-b"),
        threading.Thread(target=take, args=(b, a), name="takes-b-then-a"),
    ]
    for thread in threads:
        thread.start()
    sys.stdout.flush()  # faulthandler writes to the descriptor directly
    faulthandler.dump_traceback_later(0.5, file=sys.stdout)
    time.sleep(0.8)  # the watchdog fires while both threads are stuck
    faulthandler.cancel_dump_traceback_later()
    if hasattr(signal, "SIGUSR1"):
        print("\n--- on SIGUSR1: ---", flush=True)
        faulthandler.register(signal.SIGUSR1, file=sys.stdout)  # all threads
        os.kill(os.getpid(), signal.SIGUSR1)
        faulthandler.unregister(signal.SIGUSR1)
    else:
        print("no SIGUSR1 on this platform: use dump_traceback_later")
    release.set()
    for thread in threads:
        thread.join()
