"""Several children at once, both pipes read line by line, with asyncio.

asyncio.create_subprocess_exec() starts a child and returns at once; its
stdout and stderr are StreamReaders, and `async for line in stream` reads
one line at a time without blocking the loop. One task per pipe drains
both as they fill, and a TaskGroup runs three children side by side from
one thread. Each child prints three lines on stdout, at its own pace, then
one on stderr. Look at the output: the lines of the three children mixed
as they arrived, each pipe's lines tagged, and every exit status.
"""

import asyncio
import sys
import time

CHILD = """
import sys, time
pause = float(sys.argv[1])
for n in range(1, 4):
    print(f"line {n}")
    time.sleep(pause)
print("finished", file=sys.stderr)
"""
PAUSES = {"a": 0.3, "b": 0.4, "c": 0.5}  # seconds between one child's lines


async def pump(child: str, name: str, stream: asyncio.StreamReader) -> None:
    async for raw in stream:
        line = raw.decode().rstrip("\n")
        print(f"{time.perf_counter() - START:5.2f} s  {child} {name}: {line}")


async def run(child: str, pause: float) -> int:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-u", "-c", CHILD, str(pause),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout and proc.stderr
    async with asyncio.TaskGroup() as pipes:  # both pipes, at the same time
        pipes.create_task(pump(child, "stdout", proc.stdout))
        pipes.create_task(pump(child, "stderr", proc.stderr))
    return await proc.wait()  # both pipes are at their end: collect the exit


async def main() -> None:
    async with asyncio.TaskGroup() as children:
        runs = {c: children.create_task(run(c, p)) for c, p in PAUSES.items()}
    statuses = {child: task.result() for child, task in runs.items()}
    print(f"{time.perf_counter() - START:5.2f} s  exit statuses: {statuses}")


if __name__ == "__main__":
    START = time.perf_counter()
    asyncio.run(main())
