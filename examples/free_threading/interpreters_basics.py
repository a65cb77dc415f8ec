"""Sub-interpreters (Python 3.14+): create, exec, call, queues, what crosses.

An interpreter is a second, isolated Python inside the same process: its own
modules, its own globals, its own GIL. Nothing is shared unless you pass it
across, and only some objects can cross: shareable ones (None, bool, int,
float, str, bytes, tuples of those, queues, memoryviews) cross as they are,
most others are pickled into a copy, and some (locks, generators, closures)
cannot cross at all. The interpreter gives isolation; running several of
them at once needs threads (call_in_thread, or InterpreterPoolExecutor).
"""

import sys
import threading
from collections.abc import Callable

SEEN: list[str] = []


def where(tag: str) -> str:
    """Runs in whichever interpreter calls it, with that interpreter's globals."""
    import concurrent.interpreters as interpreters

    SEEN.append(tag)
    return f"interpreter {interpreters.get_current().id}, __name__ {__name__!r}"


def make_adder(n: int) -> Callable[[int], int]:
    return lambda x: x + n  # a closure: it holds n


if __name__ == "__main__":
    try:
        import concurrent.interpreters as interpreters
    except ModuleNotFoundError as error:
        print(f"Python {sys.version.split()[0]}: {error}")
        print("concurrent.interpreters is new in Python 3.14.")
        sys.exit(0)

    interp = interpreters.create()
    interp.exec("greeting = 'hello'")  # state stays in that interpreter
    interp.exec("print(greeting, 'from the interpreter', flush=True)")
    print(f"main has a global 'greeting': {'greeting' in globals()}")

    print(f"call(where) returned: {interp.call(where, 'sub')}")
    print(f"here where() says:    {where('main')}")
    print(f"SEEN in main: {SEEN} (the interpreter appended to its own copy)")

    queue = interpreters.create_queue()
    interp.prepare_main(queue=queue)
    interp.exec("queue.put(('a tuple', 42, 1.5, None))")
    interp.exec("queue.put({'a dict': [1, 2]})")  # not shareable: pickled
    print(f"from the queue: {queue.get()} and {queue.get()}")

    attempts: dict[str, Callable[[], object]] = {
        "a list as an argument": lambda: interp.call(repr, [1, 2]),
        "a lock as an argument": lambda: interp.call(repr, threading.Lock()),
        "a closure as the function": lambda: interp.call(make_adder(1), 1),
    }
    for name, attempt in attempts.items():
        try:
            print(f"{name}: crossed, returned {attempt()!r}")
        except interpreters.NotShareableError as error:
            print(f"{name}: NotShareableError: {error}")

    try:
        interp.exec("raise ValueError('inside the interpreter')")
    except interpreters.ExecutionFailed as error:
        print(f"ExecutionFailed: {error.excinfo.type.__name__}: {error.excinfo.msg}")

    thread = interp.call_in_thread(where, "thread")
    thread.join()
    interp.close()
    print(f"interpreters left open: {len(interpreters.list_all()) - 1}")
