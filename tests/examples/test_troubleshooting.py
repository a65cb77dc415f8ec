"""The Troubleshooting page: every entry's message is in the real output under it.

Each entry of docs/troubleshooting.md is a heading worded as Python prints
the message. ENTRIES says which example on the page prints it, on which
interpreters; the page test renders each heading as the site does and looks
for its text in those runs ("…" in a heading stands for a name, an address
or a number that differs between runs). The other tests check the output of
the page's own examples (examples/troubleshooting/) on every interpreter
their fence names.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import markdown
import pytest
from project import DOCS, FENCE_OF, FENCES

#: The section's pages, one per kind of trouble; each entry is a heading of one.
PAGES = sorted(p.name for p in DOCS.glob("troubleshooting-*.md"))
#: The fewest entries whose message the page must show (issue 10).
MIN_MESSAGES = 14


@dataclass(frozen=True)
class Entry:
    """Where an entry's message is printed, and what to look for there."""

    path: str  # the example, relative to examples/
    versions: tuple[str, ...] = ("",)  # "": the fence's first interpreter
    pattern: str = ""  # a regex; default: the heading, "…" matching anything
    symptom: bool = False  # a symptom, not a message Python prints


ENTRIES = {
    "RuntimeError: An attempt has been made to start a new process before the "
    "current process has finished its bootstrapping phase.": Entry(
        "multiprocessing/no_main_guard.py", ("3.13", "3.14", "3.15")
    ),
    "ConnectionResetError: [Errno 104] Connection reset by peer": Entry(
        "multiprocessing/no_main_guard.py",
        ("3.14",),
        # the number is the system's: 104 on Linux, 54 on macOS
        pattern=r"ConnectionResetError: \[Errno \d+\] Connection reset by peer",
    ),
    "PicklingError: Can't pickle <function <lambda> at 0x…>: attribute lookup "
    "<lambda> on __main__ failed": Entry(
        "troubleshooting/unpicklable_function.py", ("3.11", "3.13")
    ),
    "AttributeError: Can't pickle local object 'make_scaler.<locals>.scale'": Entry(
        "troubleshooting/unpicklable_function.py", ("3.11",)
    ),
    "AttributeError: Can't get attribute 'square' on <module '__mp_main__' "
    "from '…'>": Entry("troubleshooting/function_not_in_child.py", ("3.13",)),
    "BrokenProcessPool: A process in the process pool was terminated abruptly "
    "while the future was running or pending.": Entry(
        "multiprocessing/broken_workers.py"
    ),
    "DeprecationWarning: This process (pid=…) is multi-threaded, use of fork() "
    "may lead to deadlocks in the child.": Entry(
        "multiprocessing/fork_with_threads.py", ("3.12", "3.14")
    ),
    "The program hangs at the end: a process joined before its Queue was "
    "drained": Entry(
        "troubleshooting/queue_join_hangs.py",
        pattern=r"join\(\) before get\(\): child still alive after [\d.]+ s: True",
        symptom=True,
    ),
    "RuntimeWarning: coroutine 'save' was never awaited": Entry(
        "asyncio/trap_never_awaited.py"
    ),
    "Task was destroyed but it is pending!": Entry("asyncio/trap_task_gc.py"),
    "Nothing kept a reference to the task": Entry(
        "asyncio/trap_task_gc.py",
        pattern=r"Task was destroyed but it is pending!\ntask: <Task pending "
        r"name='forgotten'",
        symptom=True,
    ),
    "The loop was closed with the task still pending": Entry(
        "troubleshooting/loop_closed_pending.py",
        pattern=r"Task was destroyed but it is pending!\ntask: <Task pending "
        r"name='heartbeat'",
        symptom=True,
    ),
    "Task exception was never retrieved": Entry("asyncio/trap_lost_exception.py"),
    "RuntimeError: asyncio.run() cannot be called from a running event loop": Entry(
        "troubleshooting/run_inside_running_loop.py"
    ),
    "RuntimeError: There is no current event loop in thread 'MainThread'.": Entry(
        "asyncio/get_event_loop.py", ("3.14",)
    ),
    "DeprecationWarning: There is no current event loop": Entry(
        "asyncio/get_event_loop.py", ("3.12",)
    ),
    "RuntimeError: Event loop is closed": Entry("troubleshooting/event_loop_closed.py"),
    "TimeoutError": Entry(
        "asyncio/timeouts_and_cancellation.py", pattern=r"^caller: TimeoutError\b"
    ),
    "asyncio.timeout() never raises TimeoutError": Entry(
        "asyncio/timeouts_and_cancellation.py",
        pattern=r"^stubborn: cancelled, but swallowed it \(bug\)\n"
        r"caller: no TimeoutError, got ",
        symptom=True,
    ),
    "Ctrl-C does not stop the program": Entry(
        "troubleshooting/ctrl_c_waits.py",
        pattern=r"^with block: let go [\d.]+ s after Ctrl-C, 20 of 20 jobs ran$",
        symptom=True,
    ),
    "A thread cannot be killed or stopped from outside": Entry(
        "threads/stop_event.py",
        pattern=r"^worker alive after join: False\nstopped [\d.]+ ms after stop\.set\(\)$",
        symptom=True,
    ),
}


def page_headings() -> list[str]:
    """The section's entry headings (## to ####) as the site renders their text."""
    text = "\n".join((DOCS / page).read_text(encoding="utf-8") for page in PAGES)
    text = re.sub(r"(?ms)^```.*?^```", "", text)  # no headings inside fences
    found = []
    for line in re.findall(r"^#{2,4} .+$", text, re.M):
        rendered = markdown.markdown(line, extensions=["attr_list"])
        found.append(html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip())
    return found


def pattern_of(heading: str, entry: Entry) -> re.Pattern[str]:
    if entry.pattern:
        return re.compile(entry.pattern, re.M)
    parts = (re.escape(part) for part in heading.split("…"))
    return re.compile(".+?".join(parts))


def test_every_entry_is_checked():
    headings = page_headings()
    assert sorted(headings) == sorted(ENTRIES), (
        f"docs/troubleshooting-*.md: headings without an entry in ENTRIES: "
        f"{sorted(set(headings) - set(ENTRIES))}; entries without a heading "
        f"(an escaping mistake shows here): {sorted(set(ENTRIES) - set(headings))}"
    )
    messages = [heading for heading, entry in ENTRIES.items() if not entry.symptom]
    assert len(messages) >= MIN_MESSAGES, messages


def page_fence(path: str):
    fences = [f for f in FENCES if f.page in PAGES and f.path == path]
    assert fences, f"no page of docs/troubleshooting-*.md includes examples/{path}"
    return fences[0]


@pytest.mark.parametrize("heading", list(ENTRIES))
def test_entry_message_is_in_the_output_on_the_page(example, heading):
    entry = ENTRIES[heading]
    fence = page_fence(entry.path)
    pattern = pattern_of(heading, entry)
    for version in entry.versions:
        if version:
            assert version in fence.pythons, (
                f"{fence.where}: the fence of examples/{entry.path} does not run "
                f"it on {version}, where the entry {heading!r} says it shows"
            )
        run = example(entry.path, version=version or None)
        assert pattern.search(run.stdout) or pattern.search(run.stderr), (
            f"{heading!r} is not in the output of examples/{entry.path} "
            f"on {run.python}:\n{run.stdout}\n{run.stderr}"
        )


def test_reused_examples_run_as_on_their_chapter():
    """The tests run each example as its first fence says (FENCE_OF); a
    fence of this page for an example of a chapter must say the same, or the
    page would show a run that no test checked."""
    for fence in FENCES:
        if fence.page in PAGES:
            first = FENCE_OF[fence.path]
            assert (fence.expect, fence.pythons) == (first.expect, first.pythons), (
                f"{fence.where}: give the fence the same options as {first.where}"
            )


def versions(path: str) -> list[str]:
    return list(FENCE_OF[path].pythons) or [""]


def run_on(example, path: str, version: str):
    return example(path, version=version or None)


UNPICKLABLE = "troubleshooting/unpicklable_function.py"


@pytest.mark.parametrize("version", versions(UNPICKLABLE))
def test_unpicklable_function(example, version):
    out = run_on(example, UNPICKLABLE, version).stdout
    lines = out.splitlines()
    assert lines[0] == "a lambda:", out
    assert lines[2] == "a closure from make_scaler(10):", out
    lambda_error, local_error = lines[1].strip(), lines[3].strip()
    assert lambda_error.startswith(
        "_pickle.PicklingError: Can't pickle <function <lambda> at 0x"
    ), out
    if version >= "3.14":
        assert lambda_error.endswith(">: it's not found as __main__.<lambda>"), out
        assert re.fullmatch(
            r"_pickle\.PicklingError: Can't pickle local object <function "
            r"make_scaler\.<locals>\.scale at 0x[0-9a-f]+>",
            local_error,
        ), out
    else:
        assert lambda_error.endswith(">: attribute lookup <lambda> on __main__ failed")
        verb = "get" if version == "3.13" else "pickle"
        assert local_error == (
            f"AttributeError: Can't {verb} local object 'make_scaler.<locals>.scale'"
        ), out
    assert lines[4:] == ["partial(multiply, factor=10): [10, 20, 30]"], out


NOT_IN_CHILD = "troubleshooting/function_not_in_child.py"


@pytest.mark.parametrize("version", versions(NOT_IN_CHILD))
def test_function_not_in_child(example, version):
    result = run_on(example, NOT_IN_CHILD, version)
    assert result.stdout.splitlines() == [
        "square, defined under the guard: BrokenProcessPool: A process in the "
        "process pool was terminated abruptly while the future was running or "
        "pending.",
        "cube, defined at module level: [1, 8, 27]",
    ], result.stdout
    if version >= "3.14":
        error = "AttributeError: module '__mp_main__' has no attribute 'square'"
        assert error in result.stderr.splitlines(), result.stderr
    else:
        assert re.search(
            r"^AttributeError: Can't get attribute 'square' on <module "
            r"'__mp_main__' from '.*function_not_in_child\.py'>$",
            result.stderr,
            re.M,
        ), result.stderr
    assert "_ForkingPickler.loads" in result.stderr  # it failed reading its task


def test_loop_closed_pending(example):
    result = example("troubleshooting/loop_closed_pending.py")
    assert result.stdout.splitlines() == [
        "--- new_event_loop, run_until_complete, close",
        "main: done",
        "heartbeat: finally block ran",  # at the collection, not cancelled
        "--- asyncio.run",
        "main: done",
        "heartbeat: cancelled, cleaning up in the loop",
        "heartbeat: finally block ran",
    ], result.stdout
    # reported once: for the closed loop, not for asyncio.run
    assert result.stderr.count("Task was destroyed but it is pending!") == 1
    assert "task: <Task pending name='heartbeat'" in result.stderr


def test_run_inside_running_loop(example):
    result = example("troubleshooting/run_inside_running_loop.py")
    assert result.stdout.splitlines() == [
        "fetch_sync(): RuntimeError: asyncio.run() cannot be called from a "
        "running event loop",
        "await fetch(): data",
        "await asyncio.to_thread(fetch_sync): data",
    ], result.stdout
    assert "RuntimeWarning: coroutine 'fetch' was never awaited" in result.stderr


def test_event_loop_closed(example):
    result = example("troubleshooting/event_loop_closed.py")
    assert result.stdout.splitlines() == [
        "forgets_the_thread: returning, the loop closes",
        "waits_for_the_thread: results = ['report']",
    ], result.stdout
    stderr = result.stderr.splitlines()
    assert stderr[0] == "Exception in thread reporter:", result.stderr
    assert stderr[-1] == "RuntimeError: Event loop is closed", result.stderr
    assert "call_soon_threadsafe" in result.stderr


def test_queue_join_hangs(example):
    out = example("troubleshooting/queue_join_hangs.py").stdout
    lines = out.splitlines()
    assert lines[0] == "join() before get(): child still alive after 1.0 s: True", out
    assert lines[1] == (
        "  then get() took 1,000,000 bytes and join() returned, exit code 0"
    ), out
    fixed = re.fullmatch(
        r"get\(\) before join\(\): 1,000,000 bytes, both done in ([\d.]+) s, "
        r"exit code 0",
        lines[2],
    )
    assert fixed and len(lines) == 3, out


def test_ctrl_c_waits(example):
    out = example("troubleshooting/ctrl_c_waits.py").stdout
    rows = re.findall(
        r"^(with block|cancel_futures): let go ([\d.]+) s after Ctrl-C, "
        r"(\d+) of 20 jobs ran$",
        out,
        re.M,
    )
    assert [row[0] for row in rows] == ["with block", "cancel_futures"], out
    (_, waited, ran), (_, waited_fixed, ran_fixed) = rows
    # the with block ran every job submitted, Ctrl-C or not: 18 more jobs of
    # 0.1 s on two threads after it; the fix ran only the two that were running
    assert int(ran) == 20, out
    assert int(ran_fixed) < 10, out
    assert float(waited) > 0.5, out
    assert float(waited_fixed) < float(waited) / 2, out
