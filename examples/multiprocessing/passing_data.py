"""Arguments and return values cross the process boundary as pickles.

A worker gets a copy of its arguments: look at the first line, the worker's
change never reaches the parent's list. What cannot be pickled cannot be
sent: a lambda as the function, an open file as an argument, a generator as
the result. The pool pickles the task in the parent and the result in the
worker, and `pool.apply` re-raises the error in the parent; the output shows
the type and message of each. `pickle.dumps` shows the rule for a socket.
"""

import multiprocessing
import pickle
import socket
from collections.abc import Callable, Iterator
from typing import TextIO


def append_and_return(items: list[int]) -> list[int]:
    items.append(4)  # changes the worker's copy only
    return items


def count_lines(file: TextIO) -> int:
    return len(file.readlines())  # never runs: the file cannot be sent


def squares(n: int) -> Iterator[int]:
    return (i * i for i in range(n))  # runs, but a generator cannot be sent back


def show(label: str, call: Callable[..., object], *args: object) -> None:
    try:
        result = call(*args)
    except Exception as exc:
        print(f"{label:<30} -> {type(exc).__name__}: {exc}")
    else:
        print(f"{label:<30} -> {result!r}")


if __name__ == "__main__":
    with multiprocessing.Pool(processes=1) as pool:
        items = [1, 2, 3]
        returned = pool.apply(append_and_return, (items,))
        print(f"worker returned {returned}, parent still has {items}")
        show("pool.apply(lambda: 42)", pool.apply, lambda: 42)
        with open(__file__) as file:
            show("pool.apply(count_lines, file)", pool.apply, count_lines, (file,))
        show("pool.apply(squares, (3,))", pool.apply, squares, (3,))
    with socket.socket() as sock:
        show("pickle.dumps(socket)", pickle.dumps, sock)
