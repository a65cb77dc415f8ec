"""Reuse the run of an unchanged example (``make serve``).

A stored run is keyed on everything that can change its output: the
example's path and bytes, the interpreter and its facts, the fence's
promises, the variables examples read, and the code that runs and judges a
process. Runs are written atomically; a stored
file that cannot be read is a miss, not an error.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from functools import cache
from pathlib import Path

from .fences import Fence
from .interpreters import interpreter_info
from .process import Expect, Run, run_example

__all__ = ["CACHE_ENV", "JOBS_ENV", "cache_dir", "cached_run", "prefetch"]

#: Set to a directory (or "1" for <project>/.cache/examples) to reuse the
#: output of an unchanged example; `make serve` does, `make build` does not.
CACHE_ENV = "EXAMPLES_CACHE"
#: Variables of the build's environment that examples read (the benchmarks'
#: BENCHMARK=quick|thorough): a run under another value is a miss.
READ_BY_EXAMPLES = ("BENCHMARK",)


def cache_dir(project: Path) -> Path | None:
    value = os.environ.get(CACHE_ENV, "")
    if value in {"", "0"}:
        return None
    return project / ".cache" / "examples" if value == "1" else Path(value)


@cache
def runner_version() -> str:
    """A digest of the code that runs and judges a process (process.py) and
    of what every example's Python runs at start-up (startup/sitecustomize.py):
    a change to that code is a miss; a comment is not (the digest is of the
    parsed code). Rendering, charts and the fence glue only turn a run into
    HTML, so an edit to them re-renders from the stored runs."""
    here = Path(__file__).parent
    return code_digest(here / "process.py", here / "startup" / "sitecustomize.py")


def code_digest(*modules: Path) -> str:
    """A digest of what these Python modules do: of their parsed code, so
    comments and layout do not change it."""
    digest = hashlib.sha256()
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        digest.update(ast.dump(tree).encode())
    return digest.hexdigest()


def cache_key(script: Path, path: str, python: str, expect: Expect) -> str:
    blob = json.dumps(
        [
            path,
            os.path.realpath(python),
            interpreter_info(python),
            asdict(expect),
            runner_version(),
            [os.environ.get(name, "") for name in READ_BY_EXAMPLES],
        ]
    ).encode()
    return hashlib.sha256(script.read_bytes() + b"\0" + blob).hexdigest()


def _load(file: Path) -> Run | None:
    try:
        return Run(**json.loads(file.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _store(file: Path, run: Run) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(run), out)
        os.replace(temporary, file)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


#: Runs made by this process when nothing is stored (`make build`): a build
#: shows an example that two pages include (a chapter and Troubleshooting)
#: from one run, not two. With a ``directory``, the stored run does that.
_THIS_BUILD: dict[str, Run] = {}


def cached_run(
    script: Path,
    path: str,
    python: str,
    expect: Expect,
    directory: Path | None = None,
) -> Run:
    """Run an example, or reuse the stored run of the same inputs.

    ``directory`` holds the stored runs; None keeps them for this process
    only. A run that breaks its promise is kept nowhere, so it runs again.
    """
    if not script.is_file():
        return run_example(script, path=path, python=python, timeout=expect.timeout)
    key = cache_key(script, path, python, expect)
    file = None if directory is None else directory / f"{key}.json"
    with _one_at_a_time(key, file):
        stored = _THIS_BUILD.get(key) if file is None else _load(file)
        if stored is not None:
            return stored
        run = run_example(script, path=path, python=python, timeout=expect.timeout)
        if not run.problems(expect):
            if file is None:
                _THIS_BUILD[key] = run
            else:
                _store(file, run)
        return run


_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


@contextlib.contextmanager
def _one_at_a_time(key: str, file: Path | None) -> Iterator[None]:
    """Hold the run of ``key`` while it runs, so that the build's threads,
    and the test workers sharing ``file``'s directory, run it once and the
    others read what it stored."""
    with _LOCKS_LOCK:
        lock = _LOCKS.setdefault(key, threading.Lock())
    with lock:
        if file is None:
            yield
            return
        try:
            import fcntl
        except ImportError:  # Windows: one process per directory there
            yield
            return
        file.parent.mkdir(parents=True, exist_ok=True)
        with file.with_suffix(".lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


#: Set to a number of examples to run at once before the pages render
#: (`make test` does); unset or "1", they run one at a time as each page
#: renders, so that the published timings are measured on a quiet machine.
JOBS_ENV = "EXAMPLES_JOBS"


def prefetch(fences: Iterable[Fence], project: Path, jobs: int) -> None:
    """Run every fence's example on each interpreter it names, ``jobs`` at
    once, into the cache the pages then read. Judging stays with the page:
    a run that breaks its promise is not kept, so the page runs it again
    and fails with its own line. The benchmarks of ``measured/`` are left
    to run alone as their pages render: they time every core."""
    from concurrent.futures import ThreadPoolExecutor

    from .interpreters import find_python

    directory = cache_dir(project)
    work = {}
    for fence in fences:
        script = project / "examples" / fence.path
        if fence.errors or fence.path.startswith("measured/") or not script.is_file():
            continue
        for version in fence.pythons or ("",):
            python = find_python(version)
            if python is not None:
                work[cache_key(script, fence.path, python, fence.expect)] = (
                    script,
                    fence.path,
                    python,
                    fence.expect,
                )
    with ThreadPoolExecutor(jobs, thread_name_prefix="example") as pool:
        for future in [
            pool.submit(cached_run, *args, directory) for args in work.values()
        ]:
            future.result()
