"""apply_async(): an error stays silent until you ask for it.

pool.apply_async() returns an AsyncResult at once. If the task raises, the
exception is kept inside that result: nothing is printed, and a program
that never calls get() carries on as if all went well. error_callback= is
called in the parent (in a thread of the pool) with the exception as soon
as it comes back; get() raises it. Either way the worker's own traceback is
attached as its __cause__, a RemoteTraceback, and
traceback.format_exception() prints both: the worker's lines, then the
parent's. Look at the output: no trace of the forgotten task's error, the
callback's line, then the full traceback, down to the line in the worker
that failed.
"""

import multiprocessing
import traceback


def parse(text: str) -> int:
    return int(text)  # fails for anything but digits, in the worker


def report(exc: BaseException) -> None:
    """The error_callback: log the error where the parent can see it."""
    print(f"error_callback: {type(exc).__name__}: {exc}")
    print(f"  its __cause__ is a {type(exc.__cause__).__name__}")


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        forgotten = pool.apply_async(parse, ("one",))
        forgotten.wait()  # done, failed, and nobody was told
        print(
            f"no get(), no error_callback: ready={forgotten.ready()}, "
            f"successful={forgotten.successful()}, nothing printed"
        )

        pool.apply_async(parse, ("two",), error_callback=report).wait()

        result = pool.apply_async(parse, ("three",))
        try:
            result.get(timeout=30)
        except ValueError as exc:
            print("get() raised; traceback.format_exception(exc):")
            print("".join(traceback.format_exception(exc)), end="")
        pool.close()  # let the workers finish: the block's terminate() then
        pool.join()  # has nothing left to interrupt
