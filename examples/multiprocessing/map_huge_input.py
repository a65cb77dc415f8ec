"""Executor.map() over a huge or endless input, and how to bound it.

map() takes every item of its input and submits a task for each before it
hands back the first result: a huge input becomes a huge heap of pending
futures, and an endless one never returns. Python 3.14 added buffersize=:
map() then keeps that many tasks submitted ahead of the results you have
taken, and reads the input only as you go. Before 3.14, bounded_map() below
does the same with wait(FIRST_COMPLETED): at most `limit` tasks in flight,
results in the order they finish. Look at the output: how many items each
way took from its input before the first result, then an endless input.
"""

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_for

ITEMS = 10_000
AHEAD = 4  # tasks submitted ahead of the consumer
HAS_BUFFERSIZE = sys.version_info >= (3, 14)


class Counted:
    """An input that counts the items taken from it."""

    def __init__(self, items: Iterable[int]) -> None:
        self.items, self.taken = items, 0

    def __iter__(self) -> Iterator[int]:
        for item in self.items:
            self.taken += 1
            yield item


def square(x: int) -> int:
    return x * x


def bounded_map(
    executor: Executor, fn: Callable[[int], int], items: Iterable[int], limit: int
) -> Iterator[int]:
    """map() with at most `limit` tasks in flight; results as they finish."""
    source, pending = iter(items), set[Future[int]]()
    try:
        while True:
            for item in itertools.islice(source, limit - len(pending)):  # refill
                pending.add(executor.submit(fn, item))
            if not pending:
                return
            done, pending = wait_for(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)
    finally:
        for future in pending:  # the consumer stopped early: drop the rest
            future.cancel()


if __name__ == "__main__":
    with ProcessPoolExecutor(2) as executor:
        ways: dict[str, Callable[[Iterable[int]], Iterator[int]]] = {}
        ways["map()"] = lambda items: executor.map(square, items)
        if HAS_BUFFERSIZE:
            ways[f"map(buffersize={AHEAD})"] = lambda items: executor.map(
                square, items, buffersize=AHEAD
            )
        ways[f"bounded_map(limit={AHEAD})"] = lambda items: bounded_map(
            executor, square, items, AHEAD
        )
        print(f"{ITEMS:,} items, 2 workers: items taken before the first result")
        for name, way in ways.items():
            source = Counted(range(ITEMS))
            results = way(source)
            next(results)
            print(f"  {name:22} {source.taken:>6,}")
            del results  # stop early: each way cancels the tasks not yet started
        if not HAS_BUFFERSIZE:
            print(f"  (map(buffersize=) needs 3.14; this is {sys.version.split()[0]})")

        print("an endless input, itertools.count(): the first 10 results")
        del ways["map()"]  # it would read the input forever, and never return
        for name, way in ways.items():
            source = Counted(itertools.count())
            results = way(source)
            first = list(itertools.islice(results, 10))
            del results
            print(f"  {name:22} {first}, {source.taken} items taken")
