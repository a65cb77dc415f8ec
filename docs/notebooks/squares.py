"""A function for the worker processes of asyncio-in-jupyter.ipynb.

A spawned or forkserver worker imports the module that defines the function
it runs. A function defined in a notebook cell lives in the kernel's
``__main__``, which a worker cannot import; a function in this file can.
"""


def square(n: int) -> int:
    return n * n
