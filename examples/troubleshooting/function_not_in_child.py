"""`Can't get attribute ... on <module '__mp_main__'>`, then BrokenProcessPool.

Under spawn (and forkserver) a worker starts a fresh interpreter and imports
the main script as `__mp_main__`, without running the code under its
`if __name__ == "__main__":` guard. A function defined inside the guard
pickles fine in the parent, by name, but the worker cannot find that name:
it fails while reading its task, prints the AttributeError on stderr and
dies, and the executor reports BrokenProcessPool. The script asks for spawn
explicitly, because under fork the child inherits the parent's memory and
the function with it. Look at stderr for the worker's error (its wording
changed in 3.14), and at the last line: the same call with a function
defined at module level works.
"""

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def cube(x: int) -> int:  # module level: the worker's import defines it
    return x**3


def try_map(label: str, function: Callable[[int], int]) -> None:
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as executor:
        try:
            print(f"{label}: {list(executor.map(function, [1, 2, 3]))}")
        except BrokenProcessPool as exc:
            print(f"{label}: BrokenProcessPool: {exc}")


if __name__ == "__main__":

    def square(x: int) -> int:  # only __main__ runs this line, not __mp_main__
        return x**2

    try_map("square, defined under the guard", square)
    try_map("cube, defined at module level", cube)
