"""`Can't pickle <lambda>`, `Can't pickle local object`: functions pickle by name.

A process pool sends the function to its workers by pickling it, and pickle
stores a function as its module and name only: the worker imports the
module and looks the name up. A lambda has no name to look up, and a
function defined inside another function is not reachable from its module,
so neither can be sent. The wording of the error changed in 3.13 and 3.14:
compare the tabs. Look at the last line: a module-level function, with
`functools.partial` to fix its second argument, goes through on every
version.
"""

import multiprocessing
import traceback
from collections.abc import Callable
from functools import partial

NUMBERS = [1, 2, 3]


def multiply(x: int, factor: int) -> int:
    return x * factor


def make_scaler(factor: int) -> Callable[[int], int]:
    def scale(x: int) -> int:  # a local function: make_scaler.<locals>.scale
        return x * factor

    return scale


def try_map(label: str, function: Callable[[int], int]) -> None:
    with multiprocessing.Pool(processes=1) as pool:
        try:
            print(f"{label}: {pool.map(function, NUMBERS)}")
        except Exception as exc:
            # the exception line, as the end of a traceback shows it
            print(f"{label}:\n  {traceback.format_exception_only(exc)[0].strip()}")


if __name__ == "__main__":
    try_map("a lambda", lambda x: x * 10)
    try_map("a closure from make_scaler(10)", make_scaler(10))
    try_map("partial(multiply, factor=10)", partial(multiply, factor=10))
