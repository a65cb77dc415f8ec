"""Passing several arguments to a pool, and what pickles.

map() hands each task one argument. For more: executor.map(f, xs, ys) zips
several iterables; Pool.starmap() unpacks tuples; functools.partial fixes
the arguments that stay the same. Everything sent to a worker process is
pickled, the function included, and a function pickles by its name: a
module-level function or class works, and so does a bound method of a
picklable instance (it pickles the instance too). A lambda or a function
defined inside another has no importable name, so it cannot be sent.
"""

import functools
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor


def power(base: int, exponent: int) -> int:
    return base**exponent


class Scaler:
    def __init__(self, factor: int) -> None:
        self.factor = factor

    def scale(self, value: int) -> int:
        return value * self.factor


def make_local() -> object:
    def local(value: int) -> int:
        return value

    return local


if __name__ == "__main__":
    bases, exponents = [2, 3, 4], [3, 2, 1]
    with ProcessPoolExecutor(max_workers=2) as pool:
        print(
            f"executor.map(power, bases, exponents): "
            f"{list(pool.map(power, bases, exponents))}"
        )
        square = functools.partial(power, exponent=2)
        print(f"functools.partial(power, exponent=2): {list(pool.map(square, bases))}")
        print(
            f"a bound method, Scaler(10).scale: "
            f"{list(pool.map(Scaler(10).scale, bases))}"
        )
    with multiprocessing.Pool(2) as mp_pool:
        pairs = list(zip(bases, exponents, strict=True))
        print(f"Pool.starmap(power, {pairs}): {mp_pool.starmap(power, pairs)}")
        for name, function in [
            ("a lambda", lambda v: v),
            ("a local function", make_local()),
        ]:
            try:
                mp_pool.apply(function, (1,))
            except (pickle.PicklingError, AttributeError) as error:
                print(f"{name}: {type(error).__name__}: {error}")
