"""Output checks for examples/intro/."""

import os
import re
import sys

# The examples run under this interpreter; a free-threaded build runs threads in parallel.
GIL = getattr(sys, "_is_gil_enabled", lambda: True)()


def ratio(stdout: str, label: str) -> float:
    match = re.search(rf"^{re.escape(label)}:\s+(\d+\.\d)x$", stdout, re.M)
    assert match, f"no line {label!r} in:\n{stdout}"
    return float(match[1])


def test_concurrency_vs_parallelism(timing) -> None:
    def check(out: str) -> None:
        assert ratio(out, "two waits, 2 threads") > 1.6  # waits overlap: ideal 2.0x
        if GIL:  # one GIL: no parallel Python
            assert ratio(out, "two CPU jobs, 2 threads") < 1.4
        if (os.cpu_count() or 1) >= 2:
            assert ratio(out, "two CPU jobs, 2 processes") > 1.3

    timing("intro/concurrency_vs_parallelism.py", check)
