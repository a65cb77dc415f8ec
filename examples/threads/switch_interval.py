"""Shake out a race in a test: a tiny switch interval makes it show.

With the GIL, a thread that wants to run asks the running one to let go
once the switch interval has passed (5 ms by default). A race whose window
is a few bytecodes wide then shows up only now and then, so a test passes
most of the time. sys.setswitchinterval(1e-6) makes threads change hands as often as
the interpreter allows, and the race shows on most runs. (On a
free-threaded build threads run at once, and the race shows anyway.)
Set it back afterwards: constant switching costs speed.
"""

import sys
import threading

THREADS = 4
PER_THREAD = 50_000
balance = 0


def add(value: int, amount: int) -> int:
    return value + amount  # a call: the thread may be switched out here


def deposit() -> None:
    global balance
    for _ in range(PER_THREAD):
        balance = add(balance, 1)  # read... call... write: a race


def lost_with(interval: float) -> int:
    global balance
    balance = 0
    sys.setswitchinterval(interval)
    threads = [threading.Thread(target=deposit) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return THREADS * PER_THREAD - balance


if __name__ == "__main__":
    default = sys.getswitchinterval()
    print(f"{THREADS} threads x {PER_THREAD:,} deposits, updates lost per run:")
    try:
        for interval in (default, 1e-6):
            runs = [lost_with(interval) for _ in range(5)]
            print(f"  switch interval {interval:g} s: {runs}")
    finally:
        sys.setswitchinterval(default)
