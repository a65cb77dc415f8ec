"""An exception raised in a worker is re-raised in the parent.

`parse` fails for one input. With a `multiprocessing.Pool` and with a
`ProcessPoolExecutor` the worker pickles the exception, sends it back, and
the parent gets the same exception type from `map` (or `result()`). Its
`__cause__` carries the worker's traceback as text, so you can see where in
the worker it happened. Look at the output: the type and message the parent
caught, and the last lines of the remote traceback.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

INPUTS = ["1", "2", "three", "4"]


def parse(text: str) -> int:
    return int(text)  # int("three") raises ValueError in the worker


def report(where: str, exc: Exception) -> None:
    print(f"{where}: caught {type(exc).__name__}: {exc}")
    here = os.path.dirname(__file__) + os.sep
    remote = str(exc.__cause__).replace(here, "").splitlines()
    remote = [line.strip() for line in remote if line.strip(' "^~')]  # no markers
    print(f"  __cause__ is {type(exc.__cause__).__name__}, ending with:")
    for line in remote[-3:]:
        print(f"    {line}")


if __name__ == "__main__":
    with multiprocessing.Pool(processes=2) as pool:
        try:
            pool.map(parse, INPUTS)
        except ValueError as exc:
            report("Pool.map", exc)
    with ProcessPoolExecutor(max_workers=2) as executor:
        futures = [executor.submit(parse, text) for text in INPUTS]
        for text, future in zip(INPUTS, futures, strict=True):
            try:
                print(f"{text!r} -> {future.result()}")
            except ValueError as exc:
                report(f"future for {text!r}", exc)
