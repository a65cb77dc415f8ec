"""Run examples many times at once, under load: the ones that hang now and then.

    python -m example_runner.stress [-n RUNS] [-j JOBS] [--pythons 3.12 3.13]
        [--methods fork spawn] [--load N] [--timeout SECONDS] [GLOB ...]

Not part of the test suite: a hang that shows once in a few hundred runs
needs hundreds of runs. Each run is the runner's own
(:func:`~.process.run_example`), judged by what the example's first fence
promises (:meth:`~.process.Run.problems`). The matrix is the test suite's:
by default every example that can start a process
(:func:`~.matrix.starts_processes`), on every version the pages name that
this machine has (:func:`~.interpreters.find_python`), under each start
method of this platform, forced from outside as the tests force it
(:func:`~.matrix.start_method_env`: a ``sitecustomize`` on ``PYTHONPATH``
calls ``multiprocessing.set_start_method``). Globs (``multiprocessing/*``)
choose examples instead; one that starts no process runs once per Python.

A run past its time limit is a hang: the runner stops its process group and
has each process write every thread's stack (faulthandler), and that dump is
printed here as soon as the run ends. ``--load N`` keeps N busy processes
beside the runs, the load of a full test suite on a small machine. At the end
comes a table, one row per example, Python and method: runs, passes, hangs,
other failures, and the slowest run. The exit status is 1 if any run hung or
failed.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from . import matrix
from .fences import find_fences
from .interpreters import find_python
from .process import Expect, Run, failure_message, run_example

__all__ = ["Case", "Tally", "cases", "main", "stress", "summary"]

PROJECT = Path(__file__).resolve().parents[2]
#: The default versions: 3.11 to 3.15, as the test suite's matrix runs them.
DEFAULT_VERSIONS = ("3.11", "3.12", "3.13", "3.14", "3.15")
LOAD = "while True: pass"


@dataclass(frozen=True)
class Case:
    """One cell of the matrix: an example, an interpreter, a start method."""

    path: str  # relative to examples/
    version: str
    python: str
    method: str  # "" for an example that starts no process
    expect: Expect = field(default_factory=Expect)


@dataclass
class Tally:
    """What the runs of one case came to."""

    runs: int = 0
    passed: int = 0
    hung: int = 0
    failed: int = 0
    slowest: float = 0.0
    seconds: float = 0.0


def _versions(project: Path) -> list[str]:
    """The GIL builds the pages name (make installs them), else 3.11-3.15."""
    try:
        from .pythons import named_versions

        named = [v for v in named_versions(project) if not v.endswith("t")]
    except (ImportError, OSError, KeyError, ValueError):
        named = []
    return named or list(DEFAULT_VERSIONS)


def _lacks(python: str, modules: list[str]) -> str:
    """The first of ``modules`` that ``python`` cannot import, or ""."""
    for module in modules:
        probe = subprocess.run(
            [python, "-c", f"import {module}"], capture_output=True, timeout=120
        )
        if probe.returncode:
            return module
    return ""


def cases(
    project: Path,
    globs: list[str],
    versions: list[str],
    methods: list[str],
    *,
    say: Callable[[str], None] = print,
) -> list[Case]:
    """The matrix to run: each chosen example on each version found, under
    each method if it starts processes; what is missing is said, not run."""
    examples = project / "examples"
    paths = sorted(p.relative_to(examples).as_posix() for p in examples.rglob("*.py"))
    if globs:
        paths = [p for p in paths if any(fnmatch.fnmatch(p, g) for g in globs)]
    else:
        paths = [p for p in paths if matrix.starts_processes(examples / p)]
    promised: dict[str, Expect] = {}
    with contextlib.suppress(OSError):
        for fence in find_fences(project / "docs"):
            promised.setdefault(fence.path, fence.expect)
    found = []
    for version in versions:
        python = find_python(version)
        if python is None:
            say(f"python{version}: not on this machine, left out")
            continue
        for path in paths:
            needed = matrix.third_party(examples / path, required=True)
            if needed and (missing := _lacks(python, needed)):
                say(f"{path} on python{version}: cannot import {missing}, left out")
                continue
            starts = matrix.starts_processes(examples / path)
            for method in methods if starts else [""]:
                expect = promised.get(path, Expect())
                found.append(Case(path, version, python, method, expect))
    return found


@contextlib.contextmanager
def load(processes: int) -> Iterator[None]:
    """``processes`` busy loops beside the runs, stopped at the end."""
    hogs = [
        subprocess.Popen([sys.executable, "-c", LOAD], stdin=subprocess.DEVNULL)
        for _ in range(processes)
    ]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


def _where(case: Case) -> str:
    method = f"start method {case.method}, " if case.method else ""
    return f"{method}python{case.version}, stress run"


def _one(project: Path, case: Case, timeout: float | None) -> Run:
    return run_example(
        project / "examples" / case.path,
        path=case.path,
        python=case.python,
        timeout=timeout or case.expect.timeout,
        env=matrix.example_env(case.path, case.method),
    )


def stress(
    project: Path,
    found: list[Case],
    runs: int,
    jobs: int,
    *,
    timeout: float | None = None,
    seed: int = 0,
    say: Callable[[str], None] = print,
) -> dict[Case, Tally]:
    """Run every case ``runs`` times, ``jobs`` at once, in a shuffled order;
    each hang or failure is said (with its stacks) as soon as it ends."""
    order = [case for case in found for _ in range(runs)]
    random.Random(seed).shuffle(order)
    tallies = {case: Tally() for case in found}
    lock = threading.Lock()
    start = time.monotonic()
    done = 0
    step = max(1, len(order) // 20)

    def judge(case: Case, run: Run) -> None:
        nonlocal done
        expect = case.expect
        if timeout is not None:
            expect = Expect(expect.returncode, expect.stderr, timeout)
        problems = run.problems(expect)
        with lock:
            tally = tallies[case]
            tally.runs += 1
            tally.seconds += run.seconds
            tally.slowest = max(tally.slowest, run.seconds)
            if run.timed_out:
                tally.hung += 1
            elif problems:
                tally.failed += 1
            else:
                tally.passed += 1
            done += 1
            if problems:
                kind = "HANG" if run.timed_out else "FAILURE"
                say(f"\n{kind} {done}/{len(order)}:")
                say(failure_message(run, problems, _where(case)))
            elif done % step == 0 or done == len(order):
                hung = sum(t.hung for t in tallies.values())
                failed = sum(t.failed for t in tallies.values())
                minutes = (time.monotonic() - start) / 60
                say(
                    f"[{done}/{len(order)}] {hung} hung, {failed} failed, "
                    f"{minutes:.1f} min"
                )

    pool = ThreadPoolExecutor(max_workers=jobs)
    pending: set[Future[Run]] = set()
    owner: dict[Future[Run], Case] = {}
    queue = iter(order)
    try:
        while True:
            for case in queue:
                future = pool.submit(_one, project, case, timeout)
                owner[future] = case
                pending.add(future)
                if len(pending) >= jobs:
                    break
            if not pending:
                break
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                judge(owner.pop(future), future.result())
    except KeyboardInterrupt:
        say("\ninterrupted: waiting for the runs under way, then the summary")
        for future in wait(pending).done:
            with contextlib.suppress(Exception):
                judge(owner.pop(future), future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return tallies


def summary(tallies: dict[Case, Tally]) -> str:
    """The table: example x python x method, with runs, passes, hangs."""
    header = ("example", "python", "method", "runs", "passed", "hung", "failed")
    rows = [
        (
            case.path,
            case.version,
            case.method or "-",
            str(t.runs),
            str(t.passed),
            str(t.hung),
            str(t.failed),
            f"{t.seconds / t.runs:.2f} s" if t.runs else "-",
            f"{t.slowest:.2f} s",
        )
        for case, t in sorted(
            tallies.items(), key=lambda kv: (kv[0].path, kv[0].version, kv[0].method)
        )
    ]
    total = list(tallies.values())
    rows.append(
        (
            "total",
            "",
            "",
            str(sum(t.runs for t in total)),
            str(sum(t.passed for t in total)),
            str(sum(t.hung for t in total)),
            str(sum(t.failed for t in total)),
            "",
            "",
        )
    )
    columns = (*header, "mean", "slowest")
    widths = [max(len(r[i]) for r in [columns, *rows]) for i in range(len(columns))]
    lines = []
    for row in [columns, *rows]:
        cells = [
            cell.ljust(width) if i < 3 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m example_runner.stress",
        description="Run examples many times in parallel, under load, and report "
        "each hang with the stacks of its processes, then a table of the runs.",
    )
    parser.add_argument(
        "globs",
        nargs="*",
        metavar="GLOB",
        help="examples to run, relative to examples/ (default: every example "
        "that starts processes)",
    )
    parser.add_argument("-n", "--runs", type=int, default=20, help="runs per case")
    parser.add_argument(
        "-j", "--jobs", type=int, default=4, help="runs at once (default 4)"
    )
    parser.add_argument(
        "--pythons",
        nargs="+",
        metavar="VERSION",
        help="versions to run on (default: those the pages name, 3.11-3.15)",
    )
    parser.add_argument(
        "--methods",
        nargs="+",
        choices=matrix.METHODS,
        default=matrix.METHODS,
        help="start methods (default: all of this platform's)",
    )
    parser.add_argument(
        "--load",
        type=int,
        default=0,
        metavar="N",
        help="busy processes to keep beside the runs (default 0)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="time limit of each run (default: its fence's, 30 s unless it says)",
    )
    parser.add_argument("--seed", type=int, default=0, help="of the shuffled order")
    parser.add_argument(
        "--list", action="store_true", help="list the cases and run nothing"
    )
    parser.add_argument("--project", type=Path, default=PROJECT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    def say(text: str) -> None:
        print(text, flush=True)

    versions = args.pythons or _versions(args.project)
    found = cases(args.project, args.globs, versions, args.methods, say=say)
    if not found:
        say("nothing to run")
        return 1
    if args.list:
        for case in found:
            say(f"{case.path}  python{case.version}  {case.method or '-'}")
        say(f"{len(found)} cases, {len(found) * args.runs} runs")
        return 0
    say(
        f"{len(found)} cases x {args.runs} runs, {args.jobs} at once, "
        f"{args.load} busy processes beside them"
    )
    start = time.monotonic()
    with load(args.load):
        tallies = stress(
            args.project,
            found,
            args.runs,
            args.jobs,
            timeout=args.timeout,
            seed=args.seed,
            say=say,
        )
    wall = time.monotonic() - start
    runs = sum(t.runs for t in tallies.values())
    say("\n" + summary(tallies))
    say(f"\n{runs} runs in {wall / 60:.1f} min ({wall / max(runs, 1):.2f} s per run)")
    bad = sum(t.hung + t.failed for t in tallies.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
