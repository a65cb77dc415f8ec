"""One generator, four threads: "generator already executing", and the fix.

`records()` stands for a generator that reads a slow source, one record per
`next()`. Four threads start together and take records from the same
generator. While one thread is inside it, another's `next()` fails at once
with ValueError: a generator runs in one thread at a time, and does not
wait its turn; the example lets that error end the thread, as it would.
Python 3.15 adds `threading.serialize_iterator()`, which wraps any
iterator in a lock so that each `next()` waits for the one before it (and
`threading.synchronized_iterator`, the same as a decorator for a generator
function). On 3.11-3.14 the example uses the few lines it replaces. Look
at the output: threads lost to the error, then every thread working and
every record handed out exactly once.
"""

import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
RECORDS = 12
THREADS = 4


def records() -> Iterator[int]:
    for number in range(RECORDS):
        threading.Event().wait(0.01)  # reading the source: other threads run
        yield number


class Serialized(Iterator[T]):
    """What threading.serialize_iterator does, for Python 3.11-3.14."""

    def __init__(self, iterator: Iterator[T]) -> None:
        self._iterator, self._lock = iterator, threading.Lock()

    def __next__(self) -> T:
        with self._lock:
            return next(self._iterator)


def consume(
    source: Iterator[int], start: threading.Barrier, got: list[int], errors: list[str]
) -> None:
    start.wait()  # all threads call next() at the same moment
    try:
        for record in source:
            got.append(record)
    except ValueError as error:  # another thread is inside the generator
        errors.append(str(error))


def share(source: Iterator[int]) -> tuple[list[int], list[str]]:
    got: list[int] = []
    errors: list[str] = []
    start = threading.Barrier(THREADS)
    threads = [
        threading.Thread(target=consume, args=(source, start, got, errors))
        for _ in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return got, errors


if __name__ == "__main__":
    helpers = ("serialize_iterator", "synchronized_iterator", "concurrent_tee")
    print(f"threading has: {[n for n in helpers if hasattr(threading, n)] or None}")
    got, errors = share(records())
    print(f"shared as is: {len(errors)} of {THREADS} threads ended by ValueError")
    print(f"  {errors[0]!r}; records the others got: {len(got)} of {RECORDS}")
    wrap: Callable[[Iterator[int]], Iterator[int]]
    wrap = getattr(threading, "serialize_iterator", Serialized)
    got, errors = share(wrap(records()))
    print(f"shared through {wrap.__name__}: {len(errors)} threads ended by ValueError")
    print(f"  records handed out: {len(got)} of {RECORDS}, sorted: {sorted(got)}")
