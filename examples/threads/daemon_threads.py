"""Daemon threads are stopped abruptly when the interpreter exits.

Two threads start the same job: wait a while, then print "finished". The
joined one is an ordinary thread that the main thread waits for. The daemon
one (daemon=True) needs longer, and nobody joins it: when the main thread
reaches the end of the script, Python exits without waiting for daemon
threads, and the operating system ends them mid-sleep. Look at the output:
"joined: finished" is there, "daemon: finished" never is. A daemon thread
gets no chance to flush a file, release a lock or clean up.
"""

import threading
import time


def job(name: str, seconds: float) -> None:
    print(f"{name}: started, needs {seconds} s")
    time.sleep(seconds)
    print(f"{name}: finished")  # the daemon thread never gets here


if __name__ == "__main__":
    joined = threading.Thread(target=job, args=("joined", 0.2))
    daemon = threading.Thread(target=job, args=("daemon", 1.0), daemon=True)
    daemon.start()
    time.sleep(0.05)  # let the daemon print its first line before the other
    joined.start()
    joined.join()
    print(f"main: exiting, daemon still running: {daemon.is_alive()}")
