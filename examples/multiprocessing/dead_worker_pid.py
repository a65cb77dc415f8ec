"""Which worker died? Python 3.15's BrokenProcessPool can name it.

A pool of one worker runs `whoami`, which returns the worker's pid, then
`die`, which kills that worker with SIGKILL, as the out-of-memory killer
would (Windows has no SIGKILL: there it exits with code 9). The task fails
with BrokenProcessPool. On 3.15 the exception's `__cause__` can say which
process ended and with what exit code (a negative one is the signal's
number); on 3.11-3.14 it is None, and the pid the task reported itself is
all there is. The cause is there only if the pool already has the dead
worker's exit status when it notices the death: the first kill uses
forkserver where there is one, then the example tries TRIES times under
each start method and counts. Look at the output: the message and its
cause, then how often the cause named the right pid.
"""

import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

TRIES = 5


def whoami() -> int:
    return os.getpid()


def die() -> None:
    if hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no result
    os._exit(9)  # Windows


def kill_a_worker(method: str) -> tuple[int, BrokenProcessPool]:
    """The pid of a worker started with `method`, and the error its death gave."""
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as executor:
        pid = executor.submit(whoami).result()
        try:
            executor.submit(die).result()
        except BrokenProcessPool as error:
            return pid, error
    raise AssertionError("the worker did not die")


if __name__ == "__main__":
    methods = multiprocessing.get_all_start_methods()
    first = "forkserver" if "forkserver" in methods else methods[0]
    pid, error = kill_a_worker(first)
    print(f"{first} worker {pid} killed; the task raised BrokenProcessPool:")
    print(f"  {error}")
    cause = error.__cause__
    if cause is None:
        print("__cause__: None")
    else:
        print(f"__cause__: {type(cause).__name__}: {str(cause).strip()}")
    print(f"the cause named the dead worker's pid, out of {TRIES} tries:")
    for method in methods:
        named = 0
        for _ in range(TRIES):
            pid, error = kill_a_worker(method)
            named += f"Process {pid} " in str(error.__cause__)
        print(f"  {method:<10} {named} of {TRIES}")
