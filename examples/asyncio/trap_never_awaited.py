"""Trap: calling a coroutine function without `await` runs nothing.

`save` appends a record after a short pause. `main` calls it twice: once
without `await` (a one-word slip), once with. The first call only builds a
coroutine object, which is dropped at once: no record is saved, no
exception is raised, and the only trace is a RuntimeWarning "coroutine
'save' was never awaited" on stderr. Look at the two "saved" lines: the
list stays empty after the forgotten await.
"""

import asyncio

saved: list[str] = []


async def save(record: str) -> None:
    await asyncio.sleep(0.01)  # stands in for a database write
    saved.append(record)


async def main() -> None:
    save("first")  # BUG: missing await; the coroutine is built and dropped
    print(f"after save('first') without await: saved = {saved}")
    await save("second")
    print(f"after await save('second'):       saved = {saved}")


if __name__ == "__main__":
    asyncio.run(main())
