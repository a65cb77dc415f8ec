"""When one task fails, cancel the tasks that have not started.

A failure does not stop the other tasks of a pool. wait() with
return_when=FIRST_EXCEPTION returns at the first one; then Future.cancel()
on each future cancels it if it is still waiting (it returns False for one
that has started or finished), or executor.shutdown(cancel_futures=True)
cancels every waiting task at once. A task that has started runs to its
end, and a process pool starts a few more than it has workers: it hands
the next tasks to its workers' queue ahead of time. Look at the output: for
each way, which tasks ran, which one failed, and which were cancelled.
"""

import time
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait

TASKS = 12
FAILING = 1  # this task fails at once; the others take a while


def work(n: int) -> int:
    if n == FAILING:
        raise ValueError(f"task {n} failed")
    time.sleep(0.3)
    return n


def report(futures: list[Future[int]]) -> None:
    ran = [n for n, f in enumerate(futures) if not f.cancelled() and not f.exception()]
    failed = [n for n, f in enumerate(futures) if not f.cancelled() and f.exception()]
    cancelled = [n for n, f in enumerate(futures) if f.cancelled()]
    print(f"  ran to the end: {ran}")
    print(f"  failed:         {failed}")
    print(f"  cancelled:      {cancelled}")


if __name__ == "__main__":
    print("Future.cancel() on each future, after the first failure:")
    with ProcessPoolExecutor(2) as executor:
        futures = [executor.submit(work, n) for n in range(TASKS)]
        wait(futures, return_when=FIRST_EXCEPTION)
        accepted = sum(future.cancel() for future in futures)
        print(f"  cancel() returned True {accepted} times")
    report(futures)  # the `with` block waited for the tasks that had started

    print("executor.shutdown(cancel_futures=True), after the first failure:")
    with ProcessPoolExecutor(2) as executor:
        futures = [executor.submit(work, n) for n in range(TASKS)]
        wait(futures, return_when=FIRST_EXCEPTION)
        executor.shutdown(cancel_futures=True)  # waits for the started ones
    report(futures)
