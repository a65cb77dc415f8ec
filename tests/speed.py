"""Speed claims on a shared, noisy machine, through one mechanism.

A claim gets the whole run of an example (stdout and stderr) and the
parallelism that the machine really offered next to that run: two trivial
CPU-bound processes counting at once, against one counting alone, measured
right after the example (twice, averaged) when a claim asks for it. On two
idle cores that ceiling is about 2; with another job on one core it falls
towards 1. A claim about CPU
parallelism is stated against the ceiling, so a busy machine lowers the bar
instead of failing the test, and a claim that does not hold at the ceiling
still fails. The claim must hold in one of three fresh runs of the example.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

from example_runner import Run

TRIES = 3
COUNT_FOR = 0.2  # seconds each probe counts
_PROBE = """
import sys, time
start = float(sys.argv[1])
time.sleep(max(0.0, start - time.time()))
n, end = 0, start + float(sys.argv[2])
while time.time() < end:
    n += 1
print(n)
"""


def _count(processes: int) -> list[int]:
    start = str(time.time() + 0.3)  # after every probe has started up
    probes = [
        subprocess.Popen(
            [sys.executable, "-c", _PROBE, start, str(COUNT_FOR)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    return [int(probe.communicate(timeout=30)[0]) for probe in probes]


def parallelism() -> float:
    """How many cores' worth of pure-Python work two processes get right now."""
    (alone,) = _count(1)
    return sum(_count(2)) / alone


class Measured:
    """One fresh run of an example, and the parallelism the machine offered."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.stdout, self.stderr = run.stdout, run.stderr
        self._ceiling: float | None = None

    @property
    def ceiling(self) -> float:
        """1.0 to about 2.0 on two cores; measured right after the run, on
        first use (only claims about CPU parallelism need it)."""
        if self._ceiling is None:
            self._ceiling = (parallelism() + parallelism()) / 2
        return self._ceiling


def check_speed(
    run_fresh: Callable[[], Run], claim: Callable[[Measured], None]
) -> None:
    """``claim`` must hold in one of three fresh runs; the last failure is raised."""
    for attempt in range(TRIES):
        measured = Measured(run_fresh())
        try:
            claim(measured)
            return
        except AssertionError as error:
            if measured._ceiling is not None:
                error.add_note(f"parallelism offered: {measured.ceiling:.2f}")
            error.add_note(f"attempt {attempt + 1} of {TRIES}")
            if attempt == TRIES - 1:
                raise


def parallel_floor(measured: Measured, share: float = 0.5) -> float:
    """The least speedup a parallel CPU job must show: ``share`` of what the
    machine offered beyond one core (1 + share * (ceiling - 1))."""
    return 1 + share * (measured.ceiling - 1)
