"""The threads chapter: each example's output has the shape its page describes.

Speed floors are far below the ideal, because the tests share a small,
noisy machine; they still fail if the threads stop overlapping at all.
"""

from __future__ import annotations

import re
import sys

import pytest
from outputs import FLOAT, ratios
from speed import Measured, parallel_floor


def test_two_threads(speed):
    speed("threads/two_threads.py", check_two_threads)


def check_two_threads(m: Measured) -> None:
    out = m.stdout
    lines = out.splitlines()
    for name in ("thread-1", "thread-2"):
        assert f"{name}: start" in lines
        assert f"{name}: done" in lines
    # both threads started before either finished: they ran concurrently
    last_start = max(lines.index(f"{name}: start") for name in ("thread-1", "thread-2"))
    first_done = min(lines.index(f"{name}: done") for name in ("thread-1", "thread-2"))
    assert last_start < first_done
    match = re.search(rf"two tasks of {FLOAT} s each took {FLOAT} s in total", out)
    assert match, out
    wait, total = float(match[1]), float(match[2])
    assert wait <= total < 1.75 * wait  # overlapped: one wait, not two


def test_io_bound(speed):
    speed("threads/io_bound.py", check_io_bound)


def check_io_bound(m: Measured) -> None:
    out = m.stdout
    rows = ratios(out)
    assert rows.keys() == {"sequential", "thread per page", "ThreadPoolExecutor"}, out
    assert rows["sequential"] == 1.0
    assert rows["thread per page"] > 3, out  # ideal: 20 pages at once, 20x
    assert rows["ThreadPoolExecutor"] > 3, out


def test_cpu_bound(speed):
    speed("threads/cpu_bound.py", check_cpu_bound)


def check_cpu_bound(m: Measured) -> None:
    out = m.stdout
    gil = re.search(r"^GIL enabled: (yes|no), CPU cores: (\d+)$", out, re.M)
    assert gil, out
    assert re.search(r"decrements, median of \d+ runs in ms \(min-max\)", out)
    for name in ("sequential", "2 threads", "4 threads"):
        assert re.search(rf"^{name}\s+\d+ ms \(\d+-\d+\)\s+{FLOAT}x$", out, re.M), out
    rows = ratios(out)
    if gil[1] == "yes":
        # the page's claim: no speedup from threads for pure-Python work
        assert rows["2 threads"] < 1.5, out
        assert rows["4 threads"] < 1.5, out
    elif int(gil[2]) >= 2:
        assert rows["2 threads"] > parallel_floor(m), out  # free-threaded: parallel


def test_releases_gil(speed):
    speed("threads/releases_gil.py", check_releases_gil)


def check_releases_gil(m: Measured) -> None:
    out = m.stdout
    header = r"^\d+ pieces per job, \d+ threads, \d+ CPU cores$"
    assert re.search(header, out, re.M), out
    timing = r"\d+ ms \(\d+-\d+\)"  # median (min-max)
    for job in ("sha256", "zlib.compress", "time.sleep"):
        pattern = rf"^{re.escape(job)}\s+{timing}\s+{timing}\s+{FLOAT}x\s+\d+x$"
        assert re.search(pattern, out, re.M), out
    rows = ratios(out)
    cores = int(re.search(r"(\d+) CPU cores", out)[1])
    assert rows["time.sleep"] > 2, out  # ideal: 4 sleeps at once, 4x
    if cores >= 2:
        # the page's claim: C code that drops the GIL uses more than one core
        best = max(rows["sha256"], rows["zlib.compress"])
        assert best > parallel_floor(m, 0.4), out


@pytest.mark.parametrize(
    ("path", "lost_updates"),
    [("threads/race_condition.py", True), ("threads/race_fixed_with_lock.py", False)],
)
def test_race_condition(example, path, lost_updates):
    out = example(path).stdout
    expected = int(re.search(r"^expected: (\d+)$", out, re.M)[1])
    got = int(re.search(r"^got: +(\d+)$", out, re.M)[1])
    lost = int(re.search(r"^lost: +(\d+) updates$", out, re.M)[1])
    assert expected == 4 * 1_000
    assert lost == expected - got
    if lost_updates:
        assert got < expected, out  # the race shows on every run
    else:
        assert got == expected, out


@pytest.mark.parametrize(
    ("path", "report"),
    [
        (
            "threads/deadlock.py",
            [
                "thread-1: held A, gave up waiting for B",
                "thread-2: held B, gave up waiting for A",
                "deadlocked threads: 2 of 2",
            ],
        ),
        (
            "threads/lock_order.py",
            [
                "thread-1: took A, then B",
                "thread-2: took A, then B",
                "deadlocked threads: 0 of 2",
            ],
        ),
    ],
)
def test_deadlock(example, path, report):
    assert example(path).stdout.splitlines() == report


def test_producer_consumer(example):
    out = example("threads/producer_consumer.py").stdout
    assert "20 items, 3 consumers, queue size 5" in out
    assert "results: 20, all correct: True" in out
    counts = re.findall(r"^consumer-(\d) handled (\d+) items$", out, re.M)
    handled = {int(consumer): int(count) for consumer, count in counts}
    assert sum(handled.values()) == 20, out
    assert len(handled) >= 2, out  # the work was shared
    assert "threads still running: 0" in out  # every consumer got its sentinel


def test_stop_event(speed):
    speed("threads/stop_event.py", check_stop_event)


def check_stop_event(m: Measured) -> None:
    out = m.stdout
    ticks = int(re.search(r"^worker ticked (\d+) times", out, re.M)[1])
    assert 2 <= ticks <= 4, out  # one tick at 0, 0.5 and 1.0 s of 1.2 s
    assert "worker alive after join: False" in out
    delay = re.search(rf"^stopped {FLOAT} ms after stop\.set\(\)$", out, re.M)
    delay_ms = float(delay[1])
    assert delay_ms < 250, out  # far below the 500 ms interval: wait() woke at once


def test_daemon_threads(example):
    result = example("threads/daemon_threads.py")
    lines = result.stdout.splitlines()
    assert "daemon: started, needs 1.0 s" in lines
    assert "joined: finished" in lines
    assert "main: exiting, daemon still running: True" in lines
    assert "daemon: finished" not in lines  # killed at exit, never finished
    assert lines[-1].startswith("main: exiting")


# Threads in practice


def test_results_and_exceptions(example) -> None:
    out = example("threads/results_and_exceptions.py").stdout
    assert "join() returned None; the value came back in a dict: {'answer': 42}" in out
    # the default excepthook's traceback, first and last line
    assert "  Exception in thread parser:" in out, out
    assert "  ValueError: invalid literal for int() with base 10: 'forty-two'" in out
    assert re.search(r"excepthook wrote \d+ lines to stderr", out)
    assert "collected: ['parser-2: ValueError(" in out, out
    assert "future.result() returned 42" in out
    assert "future.result() re-raised ValueError: invalid literal" in out
    assert "stderr got 0 characters about it, and it holds a ValueError" in out


def test_ctrl_c(example) -> None:
    out = example("threads/ctrl_c.py").stdout
    assert re.search(r"^SIGINT handled in MainThread after [\d.]+ s$", out, re.M), out
    stopped = re.findall(r"^(worker-\d) stopped after (\d+) steps$", out, re.M)
    assert sorted(name for name, _ in stopped) == ["worker-0", "worker-1"], out
    assert all(int(steps) > 0 for _, steps in stopped), out
    assert out.rstrip().endswith("threads left: 0"), out


def test_primitives(example) -> None:
    out = example("threads/primitives.py").stdout.splitlines()
    assert " Lock taken twice by one thread: False" in out
    assert "RLock taken twice by one thread: True" in out
    assert "Condition: consumer woke up with [0, 1, 2]" in out
    assert "Barrier: phases in the order they ran: 1 1 1 2 2 2" in out
    assert "Semaphore: extra release accepted" in out
    assert "BoundedSemaphore: ValueError: Semaphore released too many times" in out
    assert "Timer: fired ['a']; the cancelled one never ran" in out


def test_debug_hang(example) -> None:
    out = example("threads/debug_hang.py").stdout
    assert out.startswith("Timeout (0:00:00.500000)!"), out
    watchdog, _, on_signal = out.partition("--- on SIGUSR1: ---")
    # both stuck threads are shown at the line where they wait, in take()
    stuck = re.findall(r'File ".*debug_hang\.py", line (\d+) in take', watchdog)
    assert len(stuck) == 2 and len(set(stuck)) == 1, out
    if sys.platform != "win32":
        assert on_signal.count(" in take") == 2, "all threads, on the signal too"
        assert "Current thread" in on_signal, out


def test_switch_interval(speed) -> None:
    def claim(m: Measured) -> None:
        rows = dict(re.findall(r"switch interval (\S+) s: \[([\d, ]+)\]", m.stdout))
        assert set(rows) == {"0.005", "1e-06"}, m.stdout
        lost = {k: sum(int(n) for n in v.split(",")) for k, v in rows.items()}
        assert lost["1e-06"] > lost["0.005"], "a tiny interval shows the race more"

    speed("threads/switch_interval.py", claim)


@pytest.mark.parametrize("version", ["3.14", "3.15"])
def test_shared_generator(example, version):
    out = example("threads/shared_generator.py", version=version).stdout
    helpers = ["serialize_iterator", "synchronized_iterator", "concurrent_tee"]
    new = version == "3.15"  # the three helpers are new in 3.15's threading
    assert out.splitlines()[0] == f"threading has: {helpers if new else None}", out
    ended = re.search(
        r"^shared as is: (\d+) of 4 threads ended by ValueError$", out, re.M
    )
    assert ended and 1 <= int(ended[1]) < 4, out  # some threads lost, not all
    # a failed next() takes no record: the threads left get all of them
    assert "  'generator already executing'; records the others got: 12 of 12" in out
    wrapper = "serialize_iterator" if new else "Serialized"
    assert f"shared through {wrapper}: 0 threads ended by ValueError" in out, out
    assert f"records handed out: 12 of 12, sorted: {list(range(12))}" in out, out
