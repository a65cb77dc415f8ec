"""A blocking call inside a coroutine freezes every task; to_thread fixes it.

A heartbeat task wants to tick every TICK seconds while a job of JOB seconds
runs. The job is done five ways: awaiting `asyncio.sleep`, calling
`time.sleep` or a busy CPU loop right in the coroutine (both block the event
loop), and handing the same blocking calls to a worker thread with
`asyncio.to_thread` or `loop.run_in_executor`. Look at the lateness column:
the blocking rows delay the heartbeat by about the whole job. The loop runs
in debug mode, which logs "Executing <Task ...> took ... seconds" on stderr
for every step that held the loop longer than 0.1 s: only the two blocking
jobs appear there.
"""

import asyncio
import time
from collections.abc import Callable, Coroutine

TICK = 0.05  # seconds between heartbeats
JOB = 0.3  # seconds each job takes


def busy_cpu(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:  # stands in for parsing, hashing, ...
        pass


async def heartbeat(lateness: list[float]) -> None:
    loop = asyncio.get_running_loop()
    while True:
        due = loop.time() + TICK
        await asyncio.sleep(TICK)
        lateness.append(loop.time() - due)


async def await_sleep() -> None:
    await asyncio.sleep(JOB)


async def call_time_sleep() -> None:
    time.sleep(JOB)  # blocks the event loop: no other task can run


async def call_busy_cpu() -> None:
    busy_cpu(JOB)  # blocks the event loop just the same


async def time_sleep_in_thread() -> None:
    await asyncio.to_thread(time.sleep, JOB)


async def busy_cpu_in_executor() -> None:
    await asyncio.get_running_loop().run_in_executor(None, busy_cpu, JOB)


async def main() -> None:
    print(f"each job takes {JOB} s, the heartbeat should tick every {TICK} s")
    print(f"{'job':<34} worst heartbeat lateness")
    jobs: list[tuple[str, Callable[[], Coroutine[None, None, None]]]] = [
        ("await asyncio.sleep", await_sleep),
        ("time.sleep in the coroutine", call_time_sleep),
        ("CPU loop in the coroutine", call_busy_cpu),
        ("asyncio.to_thread(time.sleep)", time_sleep_in_thread),
        ("run_in_executor(CPU loop)", busy_cpu_in_executor),
    ]
    for label, job in jobs:
        lateness: list[float] = []
        beat = asyncio.create_task(heartbeat(lateness))
        await asyncio.create_task(job(), name=label)  # named for the debug log
        await asyncio.sleep(2 * TICK)  # let a late heartbeat report in
        beat.cancel()
        print(f"{label:<34} {max(lateness) * 1000:7.1f} ms")


if __name__ == "__main__":
    asyncio.run(main(), debug=True)
