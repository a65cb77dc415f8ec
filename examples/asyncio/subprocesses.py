"""Several subprocesses at once with asyncio.create_subprocess_exec.

Running other programs is waiting, like network I/O, so asyncio can run
many at once from one thread: create_subprocess_exec() starts one and
returns at once, and `await proc.communicate()` collects its output without
blocking the loop. Here JOBS child Pythons each work for DELAY seconds, one
after another and then all at once (capped by a Semaphore, as you would cap
a real batch). The total is about one DELAY instead of JOBS of them.
"""

import asyncio
import sys
import time

JOBS = 6
DELAY = 0.3
CHILD = "import sys, time; time.sleep(float(sys.argv[1])); print('done', sys.argv[2])"


async def run_child(n: int, limit: asyncio.Semaphore) -> str:
    async with limit:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", CHILD, str(DELAY), str(n),
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        stdout, _ = await proc.communicate()  # reads all output, then waits
        return f"{stdout.decode().strip()} (exit {proc.returncode})"


async def main() -> None:
    for limit in (1, JOBS):
        start = time.perf_counter()
        semaphore = asyncio.Semaphore(limit)
        results = await asyncio.gather(*(run_child(n, semaphore) for n in range(JOBS)))
        seconds = time.perf_counter() - start
        print(f"{JOBS} children, {limit} at a time: {seconds:.2f} s; {results[-1]}")


if __name__ == "__main__":
    asyncio.run(main())
