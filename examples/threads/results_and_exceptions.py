"""Getting results and exceptions back from threads.

Thread.join() returns None: a thread's target has nowhere to return a value
to, and an exception it raises ends that thread only. Python hands the
exception to threading.excepthook, which prints it on stderr (here caught in
a buffer to show it), and the main thread carries on as if all was well.
An executor's future is the way back: result() returns the value, or
re-raises the worker's exception in the caller. And a future whose result
nobody asks for keeps its exception to itself: nothing is printed at all.
"""

import contextlib
import io
import threading
from concurrent.futures import ThreadPoolExecutor


def parse(text: str) -> int:
    return int(text)


if __name__ == "__main__":
    results: dict[str, int] = {}
    thread = threading.Thread(target=lambda: results.update(answer=parse("42")))
    thread.start()
    returned = thread.join()
    print(f"join() returned {returned!r}; the value came back in a dict: {results}")

    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        failing = threading.Thread(target=parse, args=("forty-two",), name="parser")
        failing.start()
        failing.join()
    lines = stderr.getvalue().splitlines()
    print(
        f"the thread died; the main thread carried on. excepthook wrote "
        f"{len(lines)} lines to stderr, first and last:"
    )
    print(f"  {lines[0]}\n  {lines[-1]}")

    caught: list[str] = []
    threading.excepthook = lambda args: caught.append(
        f"{args.thread.name if args.thread else '?'}: {args.exc_value!r}"
    )
    failing = threading.Thread(target=parse, args=("x",), name="parser-2")
    failing.start()
    failing.join()
    threading.excepthook = threading.__excepthook__
    print(f"a threading.excepthook of our own collected: {caught}")

    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), ThreadPoolExecutor() as executor:
        good, bad = executor.submit(parse, "42"), executor.submit(parse, "x")
        forgotten = executor.submit(parse, "never read")
        print(f"future.result() returned {good.result()!r}")
        try:
            bad.result()
        except ValueError as error:
            print(f"future.result() re-raised ValueError: {error}")
    # leaving the with block waited for all three
    held = type(forgotten.exception()).__name__
    print(
        f"nobody read the third future: stderr got {len(stderr.getvalue())} "
        f"characters about it, and it holds a {held} for whoever asks"
    )
