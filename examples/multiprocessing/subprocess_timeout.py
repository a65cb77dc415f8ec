"""A time limit on a child: kill() it when the time is up, then wait() for it.

The child prints a line every 0.1 s and never stops. subprocess.run() with
timeout= kills it for you and raises TimeoutExpired. When you read its
output as it comes, with Popen or asyncio, the limit is yours to enforce:
kill() the child when the time is up, then wait() for it, which collects
its exit status (until then it is a zombie: finished, but still taking a
slot in the process table). Look at the output: the lines each way read
within the limit, and the exit status of the killed child (minus the
signal number, SIGKILL, on POSIX).
"""

import asyncio
import subprocess
import sys
import threading

CHILD = """
import itertools, time
for n in itertools.count():
    print(f"line {n}", flush=True)
    time.sleep(0.1)
"""
COMMAND = [sys.executable, "-c", CHILD]
LIMIT = 1.0  # seconds


def with_popen() -> None:
    with subprocess.Popen(COMMAND, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout
        lines: list[str] = []
        reader = threading.Thread(target=lines.extend, args=(proc.stdout,))
        reader.start()
        try:
            proc.wait(timeout=LIMIT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join()  # the pipe closed with the child: the reader is done
    print(f"Popen + wait(timeout=):  {len(lines)} lines; exit {proc.returncode}")


async def with_asyncio() -> None:
    proc = await asyncio.create_subprocess_exec(*COMMAND, stdout=subprocess.PIPE)
    assert proc.stdout
    lines = 0
    try:
        async with asyncio.timeout(LIMIT):
            async for _ in proc.stdout:
                lines += 1
    except TimeoutError:
        pass  # the limit: the child is killed below
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()
    print(f"asyncio.timeout():       {lines} lines; exit {proc.returncode}")


if __name__ == "__main__":
    try:
        subprocess.run(COMMAND, capture_output=True, timeout=LIMIT)
    except subprocess.TimeoutExpired as exc:
        got = (exc.stdout or b"").count(b"\n")  # what it printed before the kill
        print(f"run(timeout=): TimeoutExpired, {got} lines, the child killed")
    with_popen()
    asyncio.run(with_asyncio())
