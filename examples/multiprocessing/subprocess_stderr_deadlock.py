"""Read only stdout, and a child that writes a lot to stderr hangs for good.

A pipe holds a limited amount (64 KiB on Linux). This child writes 240 KB
of warnings to stderr, then its result to stdout. A parent that reads
stdout line by line and never stderr waits for a line that never comes:
the child is blocked on its write to the full stderr pipe, the parent on
the empty stdout pipe. Once the child has begun to write, the read here
runs in a thread given 1 s, so the script can show the hang instead of
hanging; kill() then ends the child, and the read with it. Then the same
child with two fixes: stderr merged into stdout, and stderr thrown away.
Look at the output: nothing read after 1 s and the child still alive, then
the result, reached both ways.
"""

import subprocess
import sys
import threading

CHILD = "import sys; sys.stderr.write('warning\\n' * 30_000); print('result: 42')"
COMMAND = [sys.executable, "-c", CHILD]


def read_lines(proc: subprocess.Popen[str], into: list[str]) -> None:
    assert proc.stdout
    into.extend(line.rstrip("\n") for line in proc.stdout)


if __name__ == "__main__":
    pipe = subprocess.PIPE
    with subprocess.Popen(COMMAND, stdout=pipe, stderr=pipe, text=True) as proc:
        assert proc.stderr
        proc.stderr.readline()  # the child has started writing to stderr
        lines: list[str] = []
        reader = threading.Thread(target=read_lines, args=(proc, lines))
        reader.start()
        reader.join(timeout=1)
        alive = proc.poll() is None
        print(f"stdout only, after 1 s: {len(lines)} lines read; child alive: {alive}")
        proc.kill()  # end the blocked child; its pipes close, the read ends
        reader.join()
        proc.wait()
        print(f"after kill(): exit status {proc.returncode}")

    merged = subprocess.STDOUT
    with subprocess.Popen(COMMAND, stdout=pipe, stderr=merged, text=True) as proc:
        lines = []
        read_lines(proc, lines)
    print(f"stderr=STDOUT:  {len(lines):,} lines, the last {lines[-1]!r}")

    gone = subprocess.DEVNULL
    with subprocess.Popen(COMMAND, stdout=pipe, stderr=gone, text=True) as proc:
        lines = []
        read_lines(proc, lines)
    print(f"stderr=DEVNULL: {len(lines):,} line, {lines[-1]!r}")
