"""Run one example as a script in its own process, and judge the run.

The example runs in a fresh working directory that is also its ``TMPDIR``,
in a new process group (POSIX), with a cleaned environment. A run is judged
on its exit status, its stderr, its time limit and what it leaves behind:
processes still running after it exits, or files in its directory.

On Windows there are no process groups: at the time limit only the example's
own process is killed, and processes it started are neither seen nor killed
by the leftover check. CI runs the examples on Linux, where both work.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

__all__ = [
    "DEFAULT_TIMEOUT",
    "GRACE",
    "ExampleError",
    "Expect",
    "Run",
    "failure_message",
    "run_example",
]

DEFAULT_TIMEOUT = 30.0
#: Seconds allowed after exit for helper processes (a resource tracker, a
#: fork server) to wind down, and after SIGTERM before SIGKILL.
GRACE = 5.0
TERM_GRACE = 3.0
POSIX = os.name == "posix"
PROC = Path("/proc")


class ExampleError(Exception):
    """An example did not behave as its page says it should."""


@dataclass(frozen=True)
class Expect:
    """What the page promises about an example's run."""

    returncode: int = 0
    stderr: bool = False
    timeout: float = DEFAULT_TIMEOUT


@dataclass
class Run:
    """What happened when an example ran."""

    path: str  # relative to examples/
    python: str
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    leftovers: list[str] = field(default_factory=list)

    def problems(self, expect: Expect) -> list[str]:
        """Everything about this run that breaks the page's promise."""
        found = []
        if self.timed_out:
            found.append(
                f"did not finish within its time limit of {expect.timeout:g} s and was "
                'killed; make it faster or raise timeout="..." on its fence'
            )
        elif self.returncode != expect.returncode:
            found.append(
                f"exited with status {self.returncode}, expected {expect.returncode}; "
                "fix the example, or declare the status it is meant to have with "
                'returncode="N" on its fence'
            )
        elif self.stderr.strip() and not (expect.stderr or expect.returncode):
            found.append(
                "wrote to stderr; fix the warning or error, or declare that the "
                'output is expected with stderr="1" on its fence'
            )
        found += [
            f"left behind {item}; clean it up before exiting" for item in self.leftovers
        ]
        return found

    def check(self, expect: Expect, where: str = "") -> None:
        problems = self.problems(expect)
        if problems:
            raise ExampleError(failure_message(self, problems, where))


def failure_message(run: Run, problems: list[str], where: str = "") -> str:
    """The build's error: the example, where it was included, what to do."""
    lines = [f"examples/{run.path}" + (f" ({where})" if where else "") + ":"]
    lines += [f"  - {problem}" for problem in problems]
    for name, text in (("stderr", run.stderr), ("stdout", run.stdout)):
        if text.strip():
            tail = "\n".join(text.rstrip().splitlines()[-25:])
            lines += [
                f"  --- {name} (last lines) ---",
                *("    " + line for line in tail.splitlines()),
            ]
    lines.append(f"  Reproduce with: {Path(run.python).name} examples/{run.path}")
    return "\n".join(lines)


def clean_env(work: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The build's environment without its Python settings, TMPDIR in ``work``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "EXAMPLES_", "VIRTUAL_ENV", "REQUIRE_"))
    }
    env.update(
        TMPDIR=work,
        TEMP=work,
        TMP=work,
        LANG="C.UTF-8",
        PYTHONIOENCODING="utf-8",
        PYTHONDONTWRITEBYTECODE="1",
        NO_COLOR="1",
        COLUMNS="100",
    )
    env.update(extra or {})
    return env


def group_alive(pgid: int) -> bool:
    """Whether a process of the group is still running.

    Zombies do not count: a helper process that has exited but that the
    system has not yet reaped is gone for every purpose of the check. Linux
    lists the group's members in /proc; elsewhere any member counts.
    """
    if PROC.is_dir():
        for entry in PROC.iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (entry / "stat").read_text()
                state, _ppid, group = stat[stat.rindex(")") + 2 :].split()[:3]
                if int(group) == pgid and state not in {"Z", "X"}:
                    return True
        return False
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop an example and every process it started: SIGTERM, then SIGKILL.

    SIGTERM first, so that a multiprocessing resource tracker (which ignores
    it) outlives the example and unlinks the shared memory it left behind.
    """
    if not POSIX:
        proc.kill()
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + TERM_GRACE
    while time.monotonic() < deadline and group_alive(proc.pid):
        proc.poll()  # reap the example itself once it has gone
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def run_example(
    script: Path,
    *,
    path: str = "",
    python: str,
    timeout: float = DEFAULT_TIMEOUT,
    env: dict[str, str] | None = None,
) -> Run:
    """Run ``script`` with ``python`` in a fresh process and directory.

    ``path`` names it in messages (relative to examples/).
    """
    path = path or script.name
    if not script.is_file():
        raise ExampleError(
            f"examples/{path} does not exist; fix the path in the page or add the file"
        )
    # A process left behind may keep the directory busy (Windows): the check
    # below reports it, so a failed clean-up does not hide the run.
    with tempfile.TemporaryDirectory(
        prefix="example-", ignore_cleanup_errors=True
    ) as work:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [python, str(script)],
            cwd=work,
            env=clean_env(work, env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=POSIX,
        )
        try:
            return _watch(proc, path, python, work, start, timeout)
        except BaseException:  # interrupted (Ctrl-C, a test's time limit)
            kill_group(proc)
            raise


def _read(stream: IO[bytes], chunks: list[bytes]) -> None:
    """Collect what arrives on a pipe until it closes, as it arrives."""
    while chunk := stream.read1(65536):  # type: ignore[attr-defined]
        chunks.append(chunk)


def _text(chunks: list[bytes]) -> str:
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def _watch(
    proc: subprocess.Popen[bytes],
    path: str,
    python: str,
    work: str,
    start: float,
    timeout: float,
) -> Run:
    """Wait for an example, then judge what it left behind."""
    # Read the pipes in threads: a process left behind keeps them open, and
    # that must neither stall the run nor lose what the example printed.
    captured: dict[str, list[bytes]] = {"stdout": [], "stderr": []}
    readers = {
        name: threading.Thread(target=_read, args=(stream, captured[name]), daemon=True)
        for name, stream in (("stdout", proc.stdout), ("stderr", proc.stderr))
    }
    for reader in readers.values():
        reader.start()
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc)
        proc.wait()
    seconds = time.perf_counter() - start
    leftovers = []
    deadline = time.monotonic() + GRACE
    while True:
        alive = POSIX and group_alive(proc.pid)
        files = sorted(os.listdir(work))
        if not (alive or files) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    if alive:
        kill_group(proc)
        leftovers.append(
            f"processes still running {GRACE:g} s after it exited (killed now)"
        )
    if files:
        leftovers.append(
            f"files in its working or temporary directory: {', '.join(files[:5])}"
        )
    deadline = time.monotonic() + GRACE
    for name, reader in readers.items():
        reader.join(timeout=max(0.0, deadline - time.monotonic()))
        stream = proc.stdout if name == "stdout" else proc.stderr
        if reader.is_alive():  # its stream stays open: closing it would block
            leftovers.append(
                f"a process outside its process group that still holds its "
                f"{name} open, so its {name} could not be read to the end"
            )
        elif stream is not None:
            stream.close()
    return Run(
        path,
        python,
        proc.returncode,
        _text(captured["stdout"]),
        _text(captured["stderr"]),
        seconds,
        timed_out,
        leftovers,
    )
