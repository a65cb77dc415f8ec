"""When does an interpreter import your script again? (Python 3.14+)

Interpreter.call() and InterpreterPoolExecutor send a function to another
interpreter in one of two ways. A function that uses no module globals, has
no default arguments and is no closure is "stateless": its code is copied
across as it is. Any other function is pickled, which stores its module and
name, and the other interpreter must import that module to find it: for a
function of your script, that means running the script's top level again,
under another __name__. The top-level print below says each time it runs.
"""

import sys

print(f"  (the script's top level runs, __name__ = {__name__!r})", flush=True)
LIMIT = 10


def stateless(n: int) -> int:
    return n * 2  # only its argument and builtins


def uses_a_global(n: int) -> int:
    return min(n, LIMIT)  # reads the module global LIMIT


def has_a_default(n: int, step: int = 1) -> int:
    return n + step


if __name__ == "__main__":
    try:
        import concurrent.interpreters as interpreters
        from concurrent.futures import InterpreterPoolExecutor
    except ImportError as error:
        print(f"Python {sys.version.split()[0]}: {error} (new in 3.14)")
        sys.exit(0)
    print(f"Python {sys.version.split()[0]}")
    for function in (stateless, uses_a_global, has_a_default):
        interp = interpreters.create()
        print(f"{function.__name__} through Interpreter.call():", flush=True)
        print(f"  returned {interp.call(function, 21)}", flush=True)
        interp.close()
    for function in (stateless, uses_a_global):
        print(f"{function.__name__} through InterpreterPoolExecutor:", flush=True)
        with InterpreterPoolExecutor(1) as pool:
            print(f"  returned {pool.submit(function, 21).result()}", flush=True)
