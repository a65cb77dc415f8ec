"""Run one example as a script in its own process, and judge the run.

The example runs in a fresh working directory that is also its ``TMPDIR``,
in a new process group (POSIX), with a cleaned environment. A run is judged
on its exit status, its stderr, its time limit and what it leaves behind:
processes still running after it exits, or files in its directory.

A hang says where it hung. Every Python process of the example runs with
faulthandler enabled (``PYTHONFAULTHANDLER``, inherited by its children),
and the example's stdout is line-buffered as in a terminal
(startup/sitecustomize.py), so what it printed before the limit is kept,
each line whole. At the time limit the runner stops the whole process group
at once (SIGSTOP: the stacks are those of that moment), then, one process at a time,
sends SIGABRT and lets it continue: faulthandler writes every thread's stack
to stderr and the process ends. The dumps, each headed by its process, are
:attr:`Run.stacks`, shown in full by :func:`failure_message`. The resource
tracker is left out (it must outlive the example to unlink what it left).

On Windows the runner has no process group to watch (a console process
group delivers Ctrl-C and Ctrl-Break, but no call lists its members): at the
time limit only the example's own process is killed, and processes it
started are neither seen nor killed by the leftover check. CI runs the
examples on Linux, where both work.
"""

from __future__ import annotations

import contextlib
import os
import select
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
    "STARTUP_DIR",
    "ExampleError",
    "Expect",
    "Run",
    "failure_message",
    "run_example",
]

DEFAULT_TIMEOUT = 30.0
#: Seconds allowed after exit for helper processes (a resource tracker, a
#: fork server) to wind down, and for its pipes to close: the default of
#: run_example(grace=...).
GRACE = 5.0
#: Seconds after SIGTERM before SIGKILL.
TERM_GRACE = 3.0
#: Seconds a process of a hung example gets to write its stacks and end.
DUMP_GRACE = 2.0
#: At most this many processes of a hung example are asked for their stacks.
DUMP_MAX = 16
#: The lines of :attr:`Run.stacks` that a failure message shows.
STACK_LINES = 600
POSIX = os.name == "posix"
PROC = Path("/proc")
#: On every example's PYTHONPATH: its sitecustomize.py sets line buffering and
#: the start method the example matrix forces.
STARTUP_DIR = Path(__file__).parent / "startup"
#: Heads each process's stacks in :attr:`Run.stacks`.
STACKS_HEADER = "--- stacks at the time limit: "
#: The helper that must outlive a killed example: it is not asked for stacks.
RESOURCE_TRACKER = "multiprocessing.resource_tracker"


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
    #: At the time limit: every thread's stack, process by process (faulthandler)
    stacks: str = ""

    def problems(self, expect: Expect) -> list[str]:
        """Everything about this run that breaks the page's promise."""
        found = []
        if self.timed_out:
            found.append(
                f"did not finish within its time limit of {expect.timeout:g} s and was "
                'killed; make it faster or raise timeout="..." on its fence'
                + (
                    "; where each of its processes was at that moment is below"
                    if self.stacks.strip()
                    else ""
                )
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
    stacks = python_stacks(run.stacks)
    lines += [
        ("  " if line.startswith(STACKS_HEADER) else "    ") + line
        for line in stacks[:STACK_LINES]
    ]
    if len(stacks) > STACK_LINES:
        lines.append(f"    ... {len(stacks) - STACK_LINES} more lines")
    lines.append(f"  Reproduce with: {Path(run.python).name} examples/{run.path}")
    return "\n".join(lines)


def python_stacks(stacks: str) -> list[str]:
    """The lines of :attr:`Run.stacks`, without the C stack traces that
    faulthandler adds from 3.14 on (each line a binary's address)."""
    lines: list[str] = []
    in_c_stack = False
    for line in stacks.rstrip().splitlines():
        if line.startswith("Current thread's C stack trace"):
            in_c_stack = True
        elif in_c_stack and (not line.strip() or line[:1].isspace()):
            continue
        else:
            in_c_stack = False
            lines.append(line)
    return lines


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
        # A hang says where it hung: stacks on SIGABRT (inherited by its
        # children), and no line lost in a buffer when the example is killed.
        PYTHONFAULTHANDLER="1",
        PYTHONPATH=str(STARTUP_DIR),
        EXAMPLES_LINE_BUFFERED="1",
        NO_COLOR="1",
        COLUMNS="100",
    )
    env.update(extra or {})
    return env


def _stat(pid: int) -> tuple[str, int, int] | None:
    """A process's state, parent and group, from /proc (Linux); None if gone."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        stat = (PROC / str(pid) / "stat").read_text()
        state, ppid, group = stat[stat.rindex(")") + 2 :].split()[:3]
        return state, int(ppid), int(group)
    return None


def group_members(pgid: int) -> list[int]:
    """The running processes of a group, from /proc (Linux), zombies left out."""
    members = []
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat and stat[2] == pgid and stat[0] not in {"Z", "X"}:
                members.append(int(entry.name))
    return sorted(members)


def group_alive(pgid: int) -> bool:
    """Whether a process of the group is still running.

    Zombies do not count: a helper process that has exited but that the
    system has not yet reaped is gone for every purpose of the check. Linux
    lists the group's members in /proc; elsewhere any member counts.
    """
    if PROC.is_dir():
        return bool(group_members(pgid))
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


def _command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        args = (PROC / str(pid) / "cmdline").read_bytes().rstrip(b"\0").split(b"\0")
        words = [Path(args[0].decode(errors="replace")).name]
        words += [arg.decode(errors="replace") for arg in args[1:]]
        return " ".join(words)[:120]
    return ""


def _settle(stream: IO[bytes] | None, reader: threading.Thread) -> None:
    """Wait until what the stopped group wrote to a pipe has been read."""
    if stream is None:
        return
    deadline = time.monotonic() + 1.0
    while reader.is_alive() and time.monotonic() < deadline:
        if not select.select([stream], [], [], 0)[0]:
            break
        time.sleep(0.01)
    time.sleep(0.05)  # for the reader to store what it read


def _no_core_dump(pid: int) -> None:
    """SIGABRT would write a core file where core dumps are on: not here."""
    with contextlib.suppress(ImportError, AttributeError, OSError, ValueError):
        import resource

        hard = resource.prlimit(pid, resource.RLIMIT_CORE)[1]
        resource.prlimit(pid, resource.RLIMIT_CORE, (0, hard))


def _ended(pid: int, proc: subprocess.Popen[bytes]) -> bool:
    if pid == proc.pid:
        return proc.poll() is not None
    stat = _stat(pid)
    return stat is None or stat[0] in {"Z", "X"}


def dump_stacks(
    proc: subprocess.Popen[bytes], reader: threading.Thread, chunks: list[bytes]
) -> int:
    """At the time limit: each process of the group writes every thread's
    stack to stderr, headed by its pid and command, and ends. Returns where in
    ``chunks`` (stderr as read) the stacks begin. POSIX only; elsewhere none."""
    if not POSIX:
        return len(chunks)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGSTOP)  # all at once: the stacks of now
    _settle(proc.stderr, reader)
    start = len(chunks)
    linux = PROC.is_dir()
    members = group_members(proc.pid) if linux else []
    # Who is who, read before the first of them ends (its children's parent
    # then changes)
    heads = {}
    for pid in [proc.pid, *(m for m in members if m != proc.pid)][:DUMP_MAX]:
        command, stat = _command_line(pid), _stat(pid)
        who = "the example" if pid == proc.pid else f"child of {stat and stat[1]}"
        if RESOURCE_TRACKER not in command:
            heads[pid] = f"pid {pid} ({who})" + (f": {command}" * bool(command))
    for pid, head in heads.items():
        chunks.append(f"{STACKS_HEADER}{head} ---\n".encode())
        before = len(chunks)
        _no_core_dump(pid)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGABRT)
            os.kill(pid, signal.SIGCONT)
        deadline = time.monotonic() + DUMP_GRACE
        while not _ended(pid, proc) and time.monotonic() < deadline:
            time.sleep(0.02)
        _settle(proc.stderr, reader)
        if len(chunks) == before:
            chunks.append(b"(it wrote no stacks: not Python, or no faulthandler)\n")
    if not linux:  # no list of the group's members: the rest all at once
        chunks.append(f"{STACKS_HEADER}the rest of its process group ---\n".encode())
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGABRT)
            os.killpg(proc.pid, signal.SIGCONT)
        time.sleep(DUMP_GRACE / 2)
        _settle(proc.stderr, reader)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGCONT)  # what was left out, for kill_group
    return start


def run_example(
    script: Path,
    *,
    path: str = "",
    python: str,
    timeout: float = DEFAULT_TIMEOUT,
    env: dict[str, str] | None = None,
    grace: float = GRACE,
) -> Run:
    """Run ``script`` with ``python`` in a fresh process and directory.

    ``path`` names it in messages (relative to examples/). ``grace``: the
    seconds its helper processes get to end, and its pipes to close, after
    it exits.
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
            return _watch(proc, path, python, work, start, timeout, grace)
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
    grace: float,
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
    stacks_at = None
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        stacks_at = dump_stacks(proc, readers["stderr"], captured["stderr"])
        kill_group(proc)
        proc.wait()
    seconds = time.perf_counter() - start
    leftovers = []
    deadline = time.monotonic() + grace
    while True:
        alive = POSIX and group_alive(proc.pid)
        files = sorted(os.listdir(work))
        if not (alive or files) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    if alive:
        kill_group(proc)
        leftovers.append(
            f"processes still running {grace:g} s after it exited (killed now)"
        )
    if files:
        leftovers.append(
            f"files in its working or temporary directory: {', '.join(files[:5])}"
        )
    deadline = time.monotonic() + grace
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
    stderr = captured["stderr"]
    split = len(stderr) if stacks_at is None else stacks_at
    return Run(
        path,
        python,
        proc.returncode,
        _text(captured["stdout"]),
        _text(stderr[:split]),
        seconds,
        timed_out,
        leftovers,
        _text(stderr[split:]),
    )
