"""The textbook two-process snippet, completed and with its missing guard.

Each `multiprocessing.Process` runs `task` in a new operating-system process:
look at the pids in the output, every child has its own. Under the fork and
spawn start methods the children's parent pid is the main process; under
forkserver it is the fork server, a helper process that forks the children.
The `if __name__ == "__main__":` guard is what makes this safe under spawn
and forkserver, where another process imports this file again (each child
under spawn; under forkserver the fork server or each child, depending on
the release); without the guard that import would start processes of its
own and fail (see no_main_guard.py).
The order of the two child lines may vary from run to run.
"""

import multiprocessing
import os


def task() -> None:
    name = multiprocessing.current_process().name
    print(f"{name}: pid {os.getpid()}, parent pid {os.getppid()}")


if __name__ == "__main__":
    print(f"start method: {multiprocessing.get_start_method()}")
    print(f"MainProcess: pid {os.getpid()}")
    process1 = multiprocessing.Process(target=task)
    process2 = multiprocessing.Process(target=task)

    # Start the processes
    process1.start()
    process2.start()

    # Wait for the processes to finish
    process1.join()
    process2.join()
    print(f"exit codes: {process1.exitcode}, {process2.exitcode}")
