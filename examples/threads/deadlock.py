"""A deadlock: two threads take the same two locks in opposite orders.

thread-1 takes lock A, then wants lock B; thread-2 takes lock B, then wants
lock A. A barrier makes sure each holds its first lock before either asks
for its second, so the deadlock happens on every run. Each thread asks for
its second lock with a TIMEOUT instead of waiting forever, so the script
reports the deadlock instead of hanging. Look at the output: both threads
give up. See lock_order.py for the fix.
"""

import threading

TIMEOUT = 0.5  # seconds to wait for the second lock before giving up
LOCKS = {"A": threading.Lock(), "B": threading.Lock()}
barrier = threading.Barrier(2)


def worker(order: str, report: list[str]) -> None:
    first, second = order  # thread-1 gets "AB", thread-2 gets "BA"
    me = threading.current_thread().name
    with LOCKS[first]:
        barrier.wait()  # from here on, each thread holds one lock
        # A plain acquire() would block here forever: neither lock is released.
        got_second = LOCKS[second].acquire(timeout=TIMEOUT)
        if got_second:
            LOCKS[second].release()
        barrier.wait()  # keep the first lock until the other thread gave up too
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
