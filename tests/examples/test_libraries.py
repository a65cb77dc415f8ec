"""The Libraries chapter (Dask, AnyIO, Trio, uvloop): outputs, speed, clean-up.

These examples import third-party packages, installed into .venv by `make`
from pyproject.toml's ``examples`` group; the fixture runs them with the
build interpreter, which has them. A missing package fails here: nothing is
skipped on the interpreter that builds the site.
"""

from __future__ import annotations

import ast
import multiprocessing
import re
import sys

import pytest
from outputs import FLOAT, GIL, ratios, table
from project import DOCS, EXAMPLES, FENCE_OF, VERSIONS, script_dependencies
from speed import Measured, parallel_floor

from example_runner import run_example
from example_runner.matrix import start_method_env

TIMED = re.compile(rf"^\s*{FLOAT} s  (.*)$")


def messages(text: str) -> list[str]:
    """The lines of a log printed as "<seconds> s  <message>", without the times."""
    return [m[2] for line in text.splitlines() if (m := TIMED.match(line))]


def times(text: str) -> dict[str, float]:
    return {m[2]: float(m[1]) for line in text.splitlines() if (m := TIMED.match(line))}


def sections(out: str) -> dict[str, str]:
    """The parts of an output headed by "--- <name>" lines."""
    return dict(re.findall(r"^--- ([^\n]+)\n(.*?)(?=^--- |\Z)", out, re.M | re.S))


# --- Dask -----------------------------------------------------------------


def check_futures(out: str, method: str | None = None) -> None:
    started = re.search(r"^(\d+) worker processes, started with (\w+)$", out, re.M)
    pids = re.search(r"^worker pids: \[(\d+), (\d+)\], this one: (\d+)$", out, re.M)
    assert started and pids, out
    assert started[1] == "2", out
    assert started[2] == (method or "spawn"), out  # Dask's default is spawn
    assert len({pids[1], pids[2], pids[3]}) == 3, out  # the tasks ran elsewhere
    assert "future.result()           -> 49" in out, out
    assert "gather(map(square, 0..7)) -> [0, 1, 4, 9, 16, 25, 36, 49]" in out
    naps = re.findall(r"^as_completed\s+-> nap\(([\d.]+)\) on worker [01]$", out, re.M)
    assert sorted(naps) == ["0.1", "0.2", "1.0"], out
    assert naps[-1] == "1.0", out  # the page: in the order they finish
    assert "submit(lambda x: x + 1)   -> 42" in out  # cloudpickle
    assert "pickle.dumps(lambda)      -> PicklingError" in out  # plain pickle
    assert "Client('tcp://127.0.0.1:<port>')" in out  # by address, on loopback
    assert "  .submit(square, 8)      -> 64" in out


def test_dask_futures(example):
    check_futures(example("libraries/dask_futures.py").stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups only")
@pytest.mark.parametrize("method", multiprocessing.get_all_start_methods())
def test_dask_cluster_follows_the_start_method_and_leaves_nothing(method):
    """The matrix's start method reaches Dask's workers (through
    src/example_runner/startup/sitecustomize.py), and under each the cluster leaves no
    process, file or directory behind: run.check fails on any."""
    path = "libraries/dask_futures.py"
    fence = FENCE_OF[path]
    run = run_example(
        EXAMPLES / path,
        path=path,
        python=sys.executable,
        timeout=fence.expect.timeout,
        env=start_method_env(method),
    )
    run.check(fence.expect, f"start method {method}")
    assert not run.leftovers
    check_futures(run.stdout, method)


def test_dask_vs_pool(speed):
    speed("libraries/dask_vs_pool.py", check_dask_vs_pool)


def check_dask_vs_pool(m: Measured) -> None:
    out = m.stdout
    assert re.search(r"^\d+ CPUs, \d+ workers, 8 tasks$", out, re.M), out
    rows = re.findall(
        rf"^(sequential|pool|dask)\s+{FLOAT} s \({FLOAT}-{FLOAT}\)\s+{FLOAT}x$",
        out,
        re.M,
    )
    fastest = {name: float(low) for name, _, low, _, _ in rows}
    assert list(fastest) == ["sequential", "pool", "dask"], out
    assert rows[0][-1] == "1.0", out
    per_task = dict(re.findall(r"^per task, (pool|dask):\s+(\d+) us$", out, re.M))
    assert per_task.keys() == {"pool", "dask"}, out
    # the page: every Dask task goes through the scheduler, and costs more
    assert int(per_task["dask"]) > 3 * int(per_task["pool"]), out
    # the page: on one machine Dask at best matches the pool
    assert fastest["dask"] > 0.8 * fastest["pool"], out
    # the page: Dask's speedup stays close to the pool's, not clearly ahead
    speedup = {name: float(x) for name, *_, x in rows}
    assert 0.7 * speedup["pool"] <= speedup["dask"] <= 1.2 * speedup["pool"], out


def test_dask_task_size(speed):
    speed("libraries/dask_task_size.py", check_dask_task_size)


def check_dask_task_size(m: Measured) -> None:
    out = m.stdout
    rows = table(out)
    assert {"500 tiny tasks", "8 chunked tasks", "passed each time"} <= rows.keys()
    assert rows["500 tiny tasks"].ratio == 1.0, out
    assert rows["passed each time"].ratio == 1.0, out
    # the page: chunks finish many times sooner; scattered data is sent once
    assert rows["8 chunked tasks"].ratio > 3, out
    assert rows["scattered once"].ratio > 1.5, out
    placed = re.search(
        r"^scattered to workers (\[.*?\]), after the reads on (\[.*?\])$", out, re.M
    )
    assert placed, out
    first, last = ast.literal_eval(placed[1]), ast.literal_eval(placed[2])
    assert len(first) == 1 and set(first) <= set(last) <= {"0", "1"}, out


# --- AnyIO and Trio --------------------------------------------------------

STRUCTURED = [
    "first answer: mirror b",
    "mirror a: cancelled",
    "mirror c: cancelled",
    "slow call: gave up after 0.3 s, carrying on",
    "stalled call: TimeoutError",
    "loop: tick",
    "loop: tick",
    "blocking call: done in a worker thread",
]


def check_structured(text: str) -> None:
    said = messages(text)
    assert sorted(said) == sorted(STRUCTURED), text
    at = times(text)
    # the losers are cancelled when the first answer comes, not at their end
    assert at["mirror a: cancelled"] < 0.3 and at["mirror c: cancelled"] < 0.3, text
    assert said.index("slow call: gave up after 0.3 s, carrying on") == 3, text
    assert said[-1] == "blocking call: done in a worker thread", text  # ticks first


def test_asyncio_structured(example):
    check_structured(example("libraries/asyncio_structured.py").stdout)


def test_anyio_structured_on_both_backends(example):
    out = example("libraries/anyio_structured.py").stdout
    parts = sections(out)
    assert list(parts) == ["backend: asyncio", "backend: trio"], out
    for text in parts.values():
        check_structured(text)  # the same jobs as the asyncio twin


def test_level_cancellation(example):
    out = example("libraries/level_cancellation.py").stdout
    parts = sections(out)
    assert list(parts) == [
        "asyncio.timeout",
        "anyio.move_on_after, backend: asyncio",
        "anyio.move_on_after, backend: trio",
    ], out
    edge = parts.pop("asyncio.timeout")
    assert messages(edge) == [
        "cancelled, swallowed (bug)",
        *(f"step {n} ran after the cancellation" for n in range(3)),
        "block ended",
    ], out
    for text in parts.values():
        assert messages(text) == [
            "cancelled, swallowed (bug)",
            "step 0: cancelled again at its first await",
            "shielded clean-up awaited and ran",
            "block ended",
        ], out
        # level-triggered: the scope ends sooner after the cancellation than
        # the edge-triggered block, which runs its three steps first (gaps
        # within each section, so a late start under load does not count)
        level, edged = times(text), times(edge)
        after = "cancelled, swallowed (bug)"
        assert (
            level["block ended"] - level[after] < edged["block ended"] - edged[after]
        ), out


# --- uvloop ------------------------------------------------------------------


def test_uvloop_echo(speed):
    speed("libraries/uvloop_echo.py", check_uvloop)


def check_uvloop(m: Measured) -> None:
    out = m.stdout
    if sys.platform == "win32":  # the page: no uvloop there, and it says so
        assert "uvloop cannot be imported here" in out, out
        return
    assert re.search(r"^10 clients x 1000 round trips, uvloop [\d.]+$", out, re.M)
    rows = table(out)
    assert rows["default loop"].ratio == 1.0, out
    # the same program, only the loop differs: uvloop's is the faster here
    assert rows["uvloop"].ratio > 1.0, out


# --- NumPy -------------------------------------------------------------------

RELEASING = ("arithmetic, 1M floats", "matmul, 600x600", "sort, 1M floats")
HOLDING = ("4000 arrays of 100", "object dtype, 100k", "Python list, 200k")
MS = r"\d+ ms \(\d+-\d+\)"  # median (min-max)


def test_numpy_threads(speed):
    speed("libraries/numpy_threads.py", check_numpy_threads)


def check_numpy_threads(m: Measured) -> None:
    out = m.stdout
    head = re.search(
        r"^(\d+) cores, 8 pieces per job, 1 thread against (\d+)$", out, re.M
    )
    assert head, out
    cores, threads = int(head[1]), int(head[2])
    assert threads == min(8, cores), out
    # the page: BLAS is pinned to one thread, so only the pool's threads run it
    pinned = re.findall(r"^\w+: (\d+) thread$", out, re.M)
    assert pinned and set(pinned) == {"1"}, out
    for job in RELEASING + HOLDING:
        row = rf"^{re.escape(job)}\s+{MS}\s+{MS}\s+{FLOAT}x$"
        assert re.search(row, out, re.M), out
    speedup = ratios(out)
    if threads < 2:
        return
    # the page: NumPy's C loops run without the GIL, side by side
    for job in RELEASING:
        assert speedup[job] > parallel_floor(m, 0.4), out
    # the page: Python-level work holds the GIL and the threads take turns. On a
    # saturated machine these rows swing too (1.5x was seen with a load average
    # of 25 on two cores): checked only when the machine had a core to spare
    if GIL and m.ceiling >= 1.5:
        for job in HOLDING:
            assert speedup[job] < 1.35, out
        assert min(speedup[j] for j in RELEASING) > max(speedup[j] for j in HOLDING)


def worker_threads(out: str) -> dict[str, tuple[dict[str, int], int]]:
    """Pool name -> (a worker's thread count per library, the pool's total)."""
    found = re.findall(
        r"^(.+), in a worker: (\{.*\}); \d+ workers x \d+ = (\d+) threads$", out, re.M
    )
    return {name: (ast.literal_eval(seen), int(total)) for name, seen, total in found}


def test_blas_oversubscription_threads(example):
    out = example("libraries/blas_oversubscription.py").stdout
    head = re.search(r"^(\d+) cores, (\d+) workers, (\d+) tasks; set: (.+)$", out, re.M)
    assert head, out
    cores, workers, tasks = int(head[1]), int(head[2]), int(head[3])
    assert workers == cores and tasks == 4 * workers, out
    pools = worker_threads(out)
    assert list(pools) == ["plain pool", "threadpool_limits(1)"], out
    plain, plain_total = pools["plain pool"]
    limited, limited_total = pools["threadpool_limits(1)"]
    assert "openblas" in plain, out  # NumPy's wheels: OpenBLAS, which the page names
    # the page: the initializer leaves one thread per library, one per core in all
    assert set(limited.values()) == {1} and limited_total == workers, out
    assert plain_total == workers * max(plain.values()), out
    if head[4] == "none" and 1 < cores <= 16:
        # the page: left alone, BLAS starts a thread per core in every worker
        assert plain["openblas"] == cores, out


def test_blas_oversubscription_speed(speed):
    speed("libraries/blas_oversubscription.py", check_blas_oversubscription)


def check_blas_oversubscription(m: Measured) -> None:
    out = m.stdout
    rows = re.findall(
        rf"^(plain pool|threadpool_limits\(1\))\s+{FLOAT} s \({FLOAT}-{FLOAT}\)\s+{FLOAT}x$",
        out,
        re.M,
    )
    assert [name for name, *_ in rows] == ["plain pool", "threadpool_limits(1)"], out
    assert rows[0][-1] == "1.00", out
    # the page: pinning BLAS never makes the pool slower by more than noise
    assert float(rows[1][-1]) > 0.8, out


def check_env_limits(out: str, method: str) -> None:
    parent = re.search(r"^(\d+) cores; parent: BLAS threads (\[.*\])$", out, re.M)
    assert parent, out
    cores = int(parent[1])
    assert set(ast.literal_eval(parent[2])) == {1}, out
    workers = re.findall(r"^worker (\d+) \((\w+)\): BLAS threads (\[.*\])$", out, re.M)
    # the page: every worker, under every start method, has one BLAS thread
    assert len({pid for pid, _, _ in workers}) == cores, out
    assert {start for _, start, _ in workers} == {method}, out
    assert all(set(ast.literal_eval(seen)) == {1} for *_, seen in workers), out
    late = re.search(r"^after setting OPENBLAS_NUM_THREADS=(\d+): (\[.*\])$", out, re.M)
    assert late and int(late[1]) == 2 * cores, out
    assert set(ast.literal_eval(late[2])) == {1}, out  # the page: read once, at load


def test_blas_env_limits(example):
    default = multiprocessing.get_all_start_methods()[0]  # the interpreter's default
    check_env_limits(example("libraries/blas_env_limits.py").stdout, default)


@pytest.mark.parametrize("method", multiprocessing.get_all_start_methods())
def test_blas_env_limits_under_each_start_method(method):
    path = "libraries/blas_env_limits.py"
    fence = FENCE_OF[path]
    run = run_example(
        EXAMPLES / path,
        path=path,
        python=sys.executable,
        timeout=fence.expect.timeout,
        env=start_method_env(method),
    )
    run.check(fence.expect, f"start method {method}")
    check_env_limits(run.stdout, method)


# --- what the pages tell a reader to install --------------------------------


@pytest.mark.parametrize(
    "path", sorted(p for p in FENCE_OF if p.startswith("libraries/"))
)
def test_page_says_what_to_install(path):
    dependencies = script_dependencies(EXAMPLES / path) or []
    page = (DOCS / FENCE_OF[path].page).read_text(encoding="utf-8")
    installs = [line for line in page.splitlines() if "pip install" in line]
    for dependency in dependencies:
        name = dependency.split(";")[0].strip()  # without its environment marker
        assert any(name in line for line in installs), (
            f"docs/{FENCE_OF[path].page} includes examples/{path}, which needs "
            f"{name}; show it in a `pip install` line before the examples"
        )


def test_uvloop_run(example):
    out = example("libraries/uvloop_run.py").stdout
    if sys.platform == "win32":  # no uvloop there, and the example says so
        assert "uvloop cannot be imported here" in out, out
        return
    assert re.match(r"^Python [\d.]+\S*, uvloop [\d.]+$", out, re.M), out
    install = re.search(
        r"^uvloop.install\(\), then asyncio.run\(main\(\)\): "
        r"ran on a loop from uvloop, (\d+) warnings$",
        out,
        re.M,
    )
    assert install, out
    warned = re.findall(r"^  DeprecationWarning: (.*)$", out, re.M)
    assert len(warned) == int(install[1]), out  # only install() warned
    assert any(m.startswith("uvloop.install() is deprecated") for m in warned), out
    if sys.version_info >= (3, 14):  # and asyncio's policies are deprecated
        assert "'asyncio.set_event_loop_policy' is deprecated" in out, out
    # the replacements run on uvloop's loop without a warning
    assert "uvloop.run(main()): ran on a loop from uvloop, 0 warnings" in out, out
    assert (
        "asyncio.run(main(), loop_factory=uvloop.new_event_loop): "
        "ran on a loop from uvloop, 0 warnings"
    ) in out, out


# --- Testing concurrent code (pytest run on itself) -------------------------

SUMMARY = re.compile(
    r"^(?:=+ )?((?:\d+ \w+(?:, )?)+) in [\d.]+s(?: \([\d:]+\))?(?: =+)?$"
)


def pytest_summary(out: str) -> dict[str, int]:
    """pytest's last line, "2 failed, 1 passed in 0.12s", as {"failed": 2, ...}."""
    lines = [m[1] for line in out.splitlines() if (m := SUMMARY.match(line))]
    assert lines, out
    return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", lines[-1])}


def reported(out: str, outcome: str = "FAILED") -> dict[str, str]:
    """The short summary's "FAILED file::test - message" lines, by test id."""
    found = re.findall(rf"^{outcome} test_\w+\.py::(\S+)(?: - (.*))?$", out, re.M)
    return {test: message for test, message in found}


def failure_sections(out: str) -> dict[str, str]:
    """The text under each "____ test_name ____" header of pytest's report."""
    parts = re.split(r"^_{3,} (\S+) _{3,}$", out, flags=re.M)
    return {
        name: re.split(r"^={3,}", text, flags=re.M)[0]
        for name, text in zip(parts[1::2], parts[2::2], strict=True)
    }


def test_testing_async_plugin(example):
    out = example("libraries/test_async_plugin.py").stdout
    versions = re.match(
        r"^pytest (\d+)\.(\d+)\S*, pytest-asyncio [\d.]+\S*$", out, re.M
    )
    assert versions, out
    # the page: failing, not skipping, an unmarked async test is pytest 8.4+
    assert (int(versions[1]), int(versions[2])) >= (8, 4), out
    parts = sections(out)
    assert list(parts) == ["asyncio_mode=strict", "asyncio_mode=auto"], out
    strict, auto = parts.values()
    assert pytest_summary(strict) == {"failed": 2}, strict
    failed = reported(strict)
    assert failed["test_unmarked"].startswith(
        "Failed: async def functions are not natively supported"
    ), strict
    assert failed["test_marked"] == "assert 41 == 42", strict
    body = failure_sections(strict)
    assert "- pytest-asyncio" in body["test_unmarked"], strict  # what to install
    assert "assert 41 == 42" not in body["test_unmarked"], strict  # it never ran
    # auto mode: both tests run, and both catch the bug
    assert pytest_summary(auto) == {"failed": 2}, auto
    assert reported(auto) == {
        "test_unmarked": "assert 41 == 42",
        "test_marked": "assert 41 == 42",
    }, auto


def test_testing_async_fixture(example):
    out = example("libraries/test_async_fixture.py").stdout
    assert pytest_summary(out) == {"passed": 1, "error": 1}, out
    steps = [
        "SETUP    F _function_scoped_runner",
        "SETUP    F echo_server",
        "test_async_fixture.py::test_echo",
        "TEARDOWN F echo_server",
        "TEARDOWN F _function_scoped_runner",
    ]
    lines = out.splitlines()
    at = [next(i for i, line in enumerate(lines) if step in line) for step in steps]
    # the page: the loop's runner wraps the server, set up first, torn down last
    assert at == sorted(at), out
    assert lines[at[2]].endswith(" ."), out  # the echo test passed
    errors = reported(out, "ERROR")
    assert list(errors) == ["test_greeting"], out
    assert errors["test_greeting"].startswith(
        "Failed: 'test_greeting' requested an async fixture"
    ), out
    assert (
        "'test_greeting' requested an async fixture 'greeting', with no plugin "
        "or hook that handled it. This is an error"
    ) in out, out


def test_testing_isolated_async(example):
    out = example("libraries/test_isolated_async.py").stdout
    parts = sections(out)
    assert list(parts) == ["unittest", "pytest"], out
    unit, pytest_run = parts.values()
    for name in ("test_returns_the_price", "test_retries_once_after_a_timeout"):
        assert re.search(rf"^{name} \(.*\) \.\.\. ok$", unit, re.M), unit
    assert re.search(r"^test_with_a_plain_mock \(.*\) \.\.\. ERROR$", unit, re.M)
    assert "Ran 3 tests" in unit and "FAILED (errors=1)" in unit, unit
    awaited = (
        "TypeError: 'dict' object can't be awaited"
        if sys.version_info >= (3, 14)
        else "TypeError: object dict can't be used in 'await' expression"
    )
    assert awaited in unit, unit
    # pytest runs the same class, with the same result
    assert pytest_summary(pytest_run) == {"failed": 1, "passed": 2}, pytest_run
    failed = reported(pytest_run)
    assert list(failed) == ["LatestPriceTest::test_with_a_plain_mock"], pytest_run
    assert f"E   {awaited}" in pytest_run, pytest_run


def test_testing_isolated_async_wording_before_3_14(example):
    """The page: on 3.11 to 3.13 the same mistake has the older wording."""
    out = example("libraries/test_isolated_async.py", version="3.13").stdout
    unit = sections(out)["unittest"]
    assert "TypeError: object dict can't be used in 'await' expression" in unit, out
    assert "FAILED (errors=1)" in unit, out


def test_testing_timeouts(example):
    out = example("libraries/test_timeouts.py").stdout
    if sys.platform == "win32":
        # the page: no SIGALRM, so pytest-timeout's timer thread prints the
        # stacks and ends the whole run at the first timeout
        assert re.search(r"^\++ Timeout \++$", out, re.M), out
        assert not any(SUMMARY.match(line) for line in out.splitlines()), out
        return
    assert pytest_summary(out) == {"failed": 2, "passed": 1}, out
    assert reported(out) == {
        "test_transfer_deadlocks": "Failed: Timeout (>1.0s) from pytest-timeout.",
        "test_reply_never_comes": "TimeoutError",
    }, out
    body = failure_sections(out)
    # the traceback ends where the test waited: taking the lock again
    deadlock = [
        line.strip()
        for line in body["test_transfer_deadlocks"].splitlines()
        if line.strip() and set(line.strip()) != {"^"}  # no caret lines
    ]
    assert deadlock[-2:] == [
        "with self.lock:",
        "E   Failed: Timeout (>1.0s) from pytest-timeout.",
    ], out
    assert "raise TimeoutError from exc_val" in body["test_reply_never_comes"], out
    durations = re.findall(rf"^{FLOAT}s call\s+\S+::(\w+)$", out, re.M)
    took = {test: float(seconds) for seconds, test in durations}
    # the page: each test ends at its own limit (1 s and 0.5 s), not never
    assert 1.0 <= took["test_transfer_deadlocks"] < 3.0, out
    assert 0.5 <= took["test_reply_never_comes"] < 2.5, out


def test_testing_race(example):
    out = example("libraries/test_race.py").stdout
    assert pytest_summary(out) == {"failed": 3, "passed": 3}, out
    failed = reported(out)
    # the page: the racy account fails in each of its three runs, the locked
    # one in none
    assert sorted(failed) == [
        f"test_no_deposit_is_lost[Account-{n}]" for n in (1, 2, 3)
    ]
    for message in failed.values():
        lost = re.fullmatch(r"AssertionError: (\d+) deposits lost", message)
        assert lost and int(lost[1]) > 0, out


def test_testing_spawn(example):
    out = example("libraries/test_spawn.py").stdout
    methods = sorted(multiprocessing.get_all_start_methods())
    refused = [m for m in methods if m != "fork"]
    assert pytest_summary(out) == {
        "failed": len(refused),
        "passed": 2 * len(methods) - len(refused),
    }, out
    failed = reported(out)
    # the page: module-level targets pass under every method; a target defined
    # in the test passes under fork only
    assert sorted(failed) == [f"test_target_defined_in_the_test[{m}]" for m in refused]
    # the page: a PicklingError from 3.14, an AttributeError before
    if sys.version_info >= (3, 14):
        error = "_pickle.PicklingError: Can't pickle local object"
    else:
        verb = "get" if sys.version_info >= (3, 13) else "pickle"
        error = f"AttributeError: Can't {verb} local object"
    for message in failed.values():
        assert message.startswith(error.split(":")[0]), out
    refusals = re.findall(rf"^E\s+{error} .*cube_into", out, re.M)
    assert len(refusals) == len(refused), out


# --- HTTP clients and database connections ------------------------------------


def test_httpx_client_reuse(speed):
    speed("libraries/httpx_client_reuse.py", check_client_reuse)


def check_client_reuse(m: Measured) -> None:
    out = m.stdout
    assert re.search(r"^httpx [\d.]+, 20 GET requests, 5 rounds$", out, re.M), out
    rows = table(out)
    assert rows["client per request"].ratio == 1.0, out  # the baseline
    # the page: the shared client is faster, by the ratio on its line
    assert rows["one client"].ratio > 1.2, out
    # one connection reused, against one per request
    assert "connections, one client: 1" in out, out
    assert "connections, client per request: 20" in out, out
    built = re.search(rf"^AsyncClient\(\) alone: {FLOAT} ms \(median\)$", out, re.M)
    assert built and float(built[1]) > 0, out


def test_httpx_closing(example):
    out = example("libraries/httpx_closing.py").stdout
    lines = out.splitlines()
    # the page: httpx's AsyncClient has no finalizer, so it warns about nothing
    assert re.match(r"^httpx [\d.]+: AsyncClient has __del__: False$", lines[0]), out
    assert lines[1:4] == [
        "inside async with:  server sees 1 open",
        "after async with:   server sees 0 open",  # closed by async with
        "client dropped:     server sees 1 open",  # still open, nobody closed it
    ], out
    warned = re.findall(r"^  ResourceWarning: (.*)$", out, re.M)
    # the collection closes the socket and asyncio's transport, each warning
    assert len(warned) == 2 == len(lines) - 5, out
    assert any(w.startswith("unclosed <socket.socket") for w in warned), out
    assert any(re.match(r"unclosed transport <_\w+Transport", w) for w in warned), out
    assert lines[-1] == "after collection:   server sees 0 open", out


def test_httpx_limits(example):
    out = example("libraries/httpx_limits.py").stdout
    assert out.startswith(
        "6 requests at once, max_connections=2, server takes 0.2 s\n"
    ), out
    results = re.findall(r"^  results: (.*)$", out, re.M)
    assert results == [
        "200, 200, 200, 200, 200, 200",  # all of them, waiting their turn
        "200, 200, PoolTimeout, PoolTimeout, PoolTimeout, PoolTimeout",
    ], out
    batches = re.findall(
        rf"^  at the server at once: (\d+), took {FLOAT} s$", out, re.M
    )
    assert [peak for peak, _ in batches] == ["2", "2"], out  # never more than two
    # the page: about three rounds of the server's delay; never fewer
    assert float(batches[0][1]) >= 3 * 0.2 - 0.01, out


def test_httpx_timeouts(example):
    out = example("libraries/httpx_timeouts.py").stdout
    trickle = re.search(rf"^/trickle: 200 0123456789 after {FLOAT} s$", out, re.M)
    stall = re.search(rf"^/stall:   ReadTimeout after {FLOAT} s$", out, re.M)
    deadline = re.search(
        rf"^/trickle in asyncio.timeout\(0.5\): TimeoutError after {FLOAT} s$",
        out,
        re.M,
    )
    assert trickle and stall and deadline, out
    # the page: the trickling request took several times the read timeout (0.3)
    assert float(trickle[1]) >= 3 * 0.3, out
    assert 0.3 <= float(stall[1]) < float(trickle[1]), out
    # asyncio.timeout ended the same call at its deadline, before it finished
    assert 0.5 <= float(deadline[1]) < float(trickle[1]), out


def test_httpx_retries(speed):
    speed("libraries/httpx_retries.py", check_retries)


def check_retries(m: Measured) -> None:
    parts = re.split(r"^waiting with (\S+)\n", m.stdout, flags=re.M)
    runs = dict(zip(parts[1::2], parts[2::2], strict=True))
    assert list(runs) == ["asyncio.sleep", "time.sleep"], m.stdout
    pauses = {}
    for name, text in runs.items():
        lines = text.splitlines()
        assert lines[:3] == [  # the same retries, answered at the third attempt
            "  attempt 1: 503, next try in 0.1 s",
            "  attempt 2: 503, next try in 0.2 s",
            "  attempt 3: 200",
        ], m.stdout
        pause = re.fullmatch(rf"  the event loop's longest pause: {FLOAT} s", lines[3])
        assert pause, m.stdout
        pauses[name] = float(pause[1])
    # time.sleep froze the loop for the whole 0.2 s backoff; asyncio.sleep never
    # held it for as long as the shortest backoff
    assert pauses["time.sleep"] >= 0.19, m.stdout
    assert pauses["asyncio.sleep"] < 0.1, m.stdout


def test_requests_session_shared(example):
    out = example("libraries/requests_session_shared.py").stdout
    assert re.match(r"^requests [\d.]+, 20 threads, one Session$", out, re.M), out
    # one cookie jar: the last login is the one every thread sent
    assert "told their own name: 1 of 20" in out, out
    assert "distinct answers: 1" in out, out
    accepted = re.search(r"^connections the server accepted: (\d+)$", out, re.M)
    logged = re.search(r'^"Connection pool is full" log records: (\d+)$', out, re.M)
    assert accepted and logged, out
    # the page: more connections than the pool's 10, the extras discarded
    # after one use, each with urllib3's log line
    assert int(accepted[1]) > 10, out
    assert int(logged[1]) == int(accepted[1]) - 10, out
    assert (
        "  Connection pool is full, discarding connection: 127.0.0.1. "
        "Connection pool size: 10"
    ) in out, out


def test_requests_session_per_thread(example):
    out = example("libraries/requests_session_per_thread.py").stdout
    assert re.match(r"^requests [\d.]+, 20 users on 4 threads$", out, re.M), out
    assert "told their own name: 20 of 20" in out, out
    sessions = re.search(r"^sessions created: (\d+)$", out, re.M)
    accepted = re.search(r"^connections the server accepted: (\d+)$", out, re.M)
    assert sessions and accepted, out
    # one Session per worker thread (the pool starts at most 4), one
    # connection per Session, reused by every job of its thread
    assert 1 <= int(sessions[1]) <= 4, out
    assert accepted[1] == sessions[1], out


@pytest.mark.parametrize("version", VERSIONS)
def test_sqlite_same_thread(example, version):
    out = example("libraries/sqlite_same_thread.py", version=version).stdout
    main = re.search(r"^main thread:    id (\d+)$", out, re.M)
    worker = re.search(r"^worker thread:  id (\d+)$", out, re.M)
    assert main and worker and main[1] != worker[1], out
    message = (
        "  SQLite objects created in a thread can only be used in that same "
        f"thread. The object was created in thread id {main[1]} and this is "
        f"thread id {worker[1]}."
    )
    for call in ("execute", "close"):  # close() is refused too
        assert f"{call}() from the worker raised ProgrammingError:\n{message}\n" in out
    assert out.endswith("execute() from the main thread: 1\n"), out


def test_sqlite_connection_per_thread(example):
    out = example("libraries/sqlite_connection_per_thread.py").stdout
    assert out.splitlines() == [
        *(f"writer {n}: 500 rows" for n in range(4)),  # every thread's rows
        "total: 2000 rows of 4 x 500",
        "after `with connection:` it still answers: 1",  # `with` did not close it
        "after connection.close(): ProgrammingError: "
        "Cannot operate on a closed database.",
    ], out


@pytest.mark.parametrize("version", VERSIONS)
def test_sqlite_shared_lock(example, version):
    out = example("libraries/sqlite_shared_lock.py", version=version).stdout
    lines = out.splitlines()
    safety = re.fullmatch(r"sqlite3.threadsafety: (\d) \(SQLite [\d.]+\)", lines[0])
    assert safety and safety[1] in {"0", "1", "3"}, out
    assert lines[1:] == [
        # another thread's commit() committed the debit; the rollback undid nothing
        "no lock:                  alice 90, bob 0, total 90",
        "one lock per transaction: alice 100, bob 0, total 100",
    ], out
