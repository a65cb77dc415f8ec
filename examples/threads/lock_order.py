"""Avoiding the deadlock of deadlock.py: take locks in one global order.

The threads still ask for the same two locks in opposite orders ("AB" and
"BA"), but each sorts its locks first, so both take A before B. Whichever
thread gets A first also gets B; the other waits for A and then gets both.
A barrier starts both threads at the same moment, and the second lock still
has a TIMEOUT, so a mistake would be reported instead of hanging. Look at
the output: both threads took both locks and none deadlocked.
"""

import threading

TIMEOUT = 0.5  # seconds to wait for the second lock before giving up
LOCKS = {"A": threading.Lock(), "B": threading.Lock()}
start_together = threading.Barrier(2)


def worker(order: str, report: list[str]) -> None:
    first, second = sorted(order)  # the fix: every thread takes A before B
    me = threading.current_thread().name
    start_together.wait()
    with LOCKS[first]:
        got_second = LOCKS[second].acquire(timeout=TIMEOUT)
        if got_second:
            LOCKS[second].release()
    if got_second:
        report.append(f"{me}: took {first}, then {second}")
    else:
        report.append(f"{me}: held {first}, gave up waiting for {second}")


if __name__ == "__main__":
    report: list[str] = []
    threads = [
        threading.Thread(target=worker, args=("AB", report), name="thread-1"),
        threading.Thread(target=worker, args=("BA", report), name="thread-2"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("\n".join(sorted(report)))
    deadlocked = sum("gave up" in line for line in report)
    print(f"deadlocked threads: {deadlocked} of {len(threads)}")
