"""A pool inside a pool: a Pool worker may not start one, an executor's may.

multiprocessing.Pool makes its workers daemonic, and a daemonic process may
not have children: a task that opens a Pool, or a ProcessPoolExecutor, of
its own fails with AssertionError. ProcessPoolExecutor's workers are not
daemonic, so nesting works under one, but it multiplies processes (each
outer worker starts its own inner pool). Flattening the two levels into one
list of tasks for one pool gives the same answer with no nesting at all.
Look at the output: the daemon flag of each kind of worker, which nestings
fail, and the flattened result, equal to the nested one.
"""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

GROUPS = [range(0, 4), range(4, 8)]  # two levels: groups, and items in each


def square(x: int) -> int:
    return x * x


def sum_with_pool(items: range) -> int:
    with multiprocessing.Pool(2) as inner:
        return sum(inner.map(square, items))


def sum_with_executor(items: range) -> int:
    with ProcessPoolExecutor(2) as inner:
        return sum(inner.map(square, items))


def daemonic(_: object) -> bool:
    return multiprocessing.current_process().daemon


if __name__ == "__main__":
    inners = (sum_with_pool, sum_with_executor)
    pool = multiprocessing.Pool(2)
    try:
        print(f"Pool workers daemonic: {pool.apply(daemonic, (None,))}")
        for inner in inners:
            try:
                print(f"  Pool task runs {inner.__name__}: {pool.map(inner, GROUPS)}")
            except AssertionError as exc:
                print(f"  Pool task runs {inner.__name__}: AssertionError: {exc}")
    finally:
        # close() and join(), not terminate() (what `with` does): each worker
        # exits normally and frees what the inner pool made before it failed.
        pool.close()
        pool.join()

    with ProcessPoolExecutor(2) as executor:
        flag = executor.submit(daemonic, None).result()
        print(f"ProcessPoolExecutor workers daemonic: {flag}")
        for inner in inners:
            sums = list(executor.map(inner, GROUPS))
            print(f"  executor task runs {inner.__name__}: {sums}")

    with ProcessPoolExecutor(2) as executor:  # flattened: one pool, every item
        tasks = [(g, x) for g, group in enumerate(GROUPS) for x in group]
        squares = executor.map(square, [x for _, x in tasks])
        sums = [0] * len(GROUPS)
        for (g, _), value in zip(tasks, squares, strict=True):
            sums[g] += value
        print(f"flattened into one pool of 2 workers: {sums}")
