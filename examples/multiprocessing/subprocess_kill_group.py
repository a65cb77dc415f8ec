"""kill() stops the child only: a grandchild keeps the pipe open (POSIX).

A child that starts programs of its own (a shell script, a build tool)
passes them its stdout. proc.kill() ends the child alone; the grandchild
runs on and holds the pipe, so a reader waiting for the end of the output
waits as long as the grandchild lives. On POSIX, start the child with
start_new_session=True: it leads a new process group, which its own
children join, and os.killpg() signals them all. Look at the output: the
child killed and collected, the pipe still open a second later, then
closed once the whole group is killed.
"""

import os
import signal
import subprocess
import sys
import threading

CHILD = """
import subprocess, sys, time
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
print("child: started a grandchild, which shares this stdout", flush=True)
time.sleep(60)
"""


def drain(proc: subprocess.Popen[str], into: list[str]) -> None:
    assert proc.stdout
    into.extend(proc.stdout)  # returns once every holder has closed the pipe


if __name__ == "__main__":
    if sys.platform == "win32":
        print("process groups are POSIX only: on Windows, `taskkill /T` kills a tree")
        sys.exit()
    command = [sys.executable, "-c", CHILD]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, start_new_session=True
    ) as proc:
        try:
            assert proc.stdout
            print(proc.stdout.readline().strip())
            rest: list[str] = []
            reader = threading.Thread(target=drain, args=(proc, rest))
            reader.start()

            proc.kill()
            proc.wait()
            reader.join(timeout=1)
            state = "still open" if reader.is_alive() else "closed"
            print(
                f"kill(): exit status {proc.returncode}; 1 s later the pipe is {state}"
            )
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # the group: the grandchild too
        reader.join(timeout=10)
        state = "still open" if reader.is_alive() else "closed"
        print(f"killpg(): the pipe is {state}")
