"""What the missing `if __name__ == "__main__":` guard does under spawn.

The script writes the two-process snippet, without the guard, to a temporary file
and runs it with the same Python in a subprocess. The snippet asks for the
spawn start method (the default on macOS and Windows; forkserver, the default
on Linux from 3.14, behaves the same). The spawned child imports the script
again, reaches `process1.start()` at module level and refuses to start a
grandchild. Look at the output: the child's RuntimeError, the line of the
script that raised it, the child's exit code, and the script's own exit
status, which is 0: nothing stops the script, it just never ran `task`.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

UNGUARDED = """\
import multiprocessing


def task() -> None:
    print("task ran")


ctx = multiprocessing.get_context("spawn")
process1 = ctx.Process(target=task)
process1.start()
process1.join()
print(f"process1.exitcode = {process1.exitcode}")
"""
TIMEOUT = 20  # seconds; subprocess.run kills the script if it hangs


def error_report(stderr: str, script: Path) -> list[str]:
    """The lines of the child's traceback a reader needs to see."""
    lines = stderr.rstrip().splitlines()
    where = [i for i, line in enumerate(lines) if str(script) in line]
    errors = [i for i, line in enumerate(lines) if line.startswith("RuntimeError")]
    if not where or not errors:
        return lines[-10:]  # an unexpected failure: show its end as it is
    return [
        lines[where[-1]].replace(str(script), script.name),
        lines[where[-1] + 1],
        *lines[errors[-1] :],
    ]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "unguarded.py"
        script.write_text(UNGUARDED)
        try:
            result = subprocess.run(
                [sys.executable, str(script)],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            print(f"unguarded.py did not finish in {TIMEOUT} s and was killed")
        else:
            print("stderr of the spawned child:")
            for line in error_report(result.stderr, script):
                print(f"    {line}".rstrip())
            print(f"stdout of unguarded.py: {result.stdout.strip()}")
            print(f"exit status of unguarded.py: {result.returncode}")
