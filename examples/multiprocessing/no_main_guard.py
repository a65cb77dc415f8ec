"""What a missing `if __name__ == "__main__":` guard does under spawn and forkserver.

The script writes the two-process snippet, without the guard, to a temporary
file and runs it once per start method (spawn: the default on macOS and
Windows; forkserver: the default on Linux from 3.14) with this Python. Each
new interpreter imports the unguarded script again, reaches
`process1.start()` at module level and raises the "bootstrapping phase"
RuntimeError. Where that happens differs: under spawn it is the child, which
dies while the script carries on. Under forkserver it depends on the release:
compare the versions' outputs. Look at the exception lines, the script's
stdout and its exit status: 0 means the failure went unnoticed.
"""

import multiprocessing
import re
import subprocess
import sys
import tempfile
from pathlib import Path

UNGUARDED = """\
import multiprocessing


def task() -> None:
    print("task ran")


ctx = multiprocessing.get_context(METHOD)
process1 = ctx.Process(target=task)
process1.start()
process1.join()
print(f"process1.exitcode = {process1.exitcode}")
"""
TIMEOUT = 20  # seconds; subprocess.run kills the script if it hangs
EXCEPTION = re.compile(r"^(\w+(?:Error|Exception)):\s*(.*)$")


def exceptions(stderr: str) -> list[str]:
    """Each exception line of a traceback, with the first sentence of its message."""
    lines = stderr.splitlines()
    found = []
    for i, line in enumerate(lines):
        match = EXCEPTION.match(line)
        if match:
            message = match[2]
            if not message:  # the message is on the lines below, up to a blank one
                below = "\n".join(lines[i + 1 :]).strip().split("\n\n")[0]
                message = " ".join(below.split())
            found.append(f"{match[1]}: {message.split('. ')[0]}")
    return found


if __name__ == "__main__":
    available = multiprocessing.get_all_start_methods()  # Windows: spawn only
    methods = [m for m in ("spawn", "forkserver") if m in available]
    print(f"Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        for method in methods:
            script = Path(tmp) / "unguarded.py"
            script.write_text(UNGUARDED.replace("METHOD", repr(method)))
            print(f"--- {method}")
            try:
                result = subprocess.run(
                    [sys.executable, str(script)],
                    capture_output=True,
                    text=True,
                    timeout=TIMEOUT,
                )
            except subprocess.TimeoutExpired:
                print(f"unguarded.py did not finish in {TIMEOUT} s and was killed")
                continue
            for line in exceptions(result.stderr):
                print(f"stderr: {line}")
            if "process1.start()" in result.stderr:
                print("stderr: raised by process1.start() at the script's top level")
            print(f"stdout: {result.stdout.strip() or '(nothing)'}")
            print(f"exit status of unguarded.py: {result.returncode}")
