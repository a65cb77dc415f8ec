"""The "Beyond the GIL" chapter: each example's output has the shape its page
describes, on every interpreter its fence names.

Each example prints which build it ran on and whether the GIL was on. Claims
that hold on any build are checked on every interpreter; those that hold only
without a GIL take the ``free_threaded`` fixture, which runs them on
python3.14t with the GIL off (and fails the CI job on 3.14t, where
REQUIRE_FREE_THREADED=1, if that interpreter is missing or has the GIL on).
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from outputs import FLOAT, ratios
from project import FENCE_OF
from speed import Measured, parallel_floor

from example_runner import find_python
from example_runner.charts import charts_html, parse_tables


def pythons(path: str) -> list[str]:
    """The interpreters the page runs ``free_threading/<path>`` on."""
    return list(FENCE_OF[f"free_threading/{path}"].pythons)


def build(out: str) -> tuple[bool, bool, int]:
    """(free-threaded build, GIL enabled, CPU cores) from the first line."""
    match = re.search(
        r"free-threaded build: (yes|no), GIL enabled: (yes|no), CPU cores: (\d+)", out
    )
    assert match, f"the example does not say which build it ran on:\n{out}"
    return match[1] == "yes", match[2] == "yes", int(match[3])


def gil_off(out: str) -> int:
    """Asserts the run had the GIL off; returns its CPU cores."""
    free, gil, cores = build(out)
    assert free and not gil, f"this check needs a free-threaded run:\n{out}"
    return cores


# The free_threaded fixture itself: it must fail, not skip, in the CI job


def required_run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """This module's GIL-free checks in a fresh pytest, REQUIRE_FREE_THREADED=1."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-k", "without_the_gil",
         "-p", "no:cacheprovider", "-p", "no:xdist", "--basetemp", str(tmp_path)],
        env={**os.environ, "REQUIRE_FREE_THREADED": "1", **env},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_a_missing_free_threaded_python_fails_when_required(tmp_path: Path) -> None:
    # Only the virtual environment's bin on PATH: no python3.14t, no pyenv.
    result = required_run(tmp_path, PATH=str(Path(sys.executable).parent))
    assert result.returncode == 1, result.stdout
    assert "python3.14t is not on this machine, and REQUIRE_FREE_THREADED=1" in (
        result.stdout
    )
    assert " skipped" not in result.stdout.splitlines()[-1], result.stdout


def test_a_free_threaded_python_with_the_gil_on_fails(tmp_path: Path) -> None:
    if find_python("3.14t") is None:
        if os.environ.get("REQUIRE_FREE_THREADED") == "1":
            pytest.fail("python3.14t is missing, and REQUIRE_FREE_THREADED=1")
        pytest.skip("python3.14t is not on this machine")
    result = required_run(tmp_path, PYTHON_GIL="1")
    assert result.returncode == 1, result.stdout
    assert "has the GIL on" in result.stdout, result.stdout


# Which build, and the GIL's state


@pytest.mark.parametrize("version", pythons("which_build.py"))
def test_which_build(example, version: str) -> None:
    out = example("free_threading/which_build.py", version=version).stdout
    header = re.match(
        r"Python (3\.\d+)\.\d+, free-threaded build: (yes|no), GIL enabled: (yes|no)",
        out,
    )
    assert header, out
    minor, free = int(header[1].split(".")[1]), header[2] == "yes"
    rows = dict(re.findall(r"^  (\S.*?)\s{2,}(.*)$", out, re.M))
    assert set(rows) == {"(nothing set)", "PYTHON_GIL=1", "PYTHON_GIL=0", "-X gil=0"}
    assert rows["PYTHON_GIL=1"] == "GIL enabled: yes", out
    if free:
        assert header[3] == "no", "a free-threaded build starts with the GIL off"
        assert rows["(nothing set)"] == rows["PYTHON_GIL=0"] == "GIL enabled: no"
        assert rows["-X gil=0"] == "GIL enabled: no", out
    elif minor >= 13:
        assert "sysconfig Py_GIL_DISABLED = 0" in out
        for setting in ("PYTHON_GIL=0", "-X gil=0"):
            assert rows[setting].startswith("exit 1: Fatal Python error"), out
            assert "not supported by this build" in rows[setting], out
    else:  # before 3.13 the settings mean nothing
        assert "sysconfig Py_GIL_DISABLED = None" in out
        assert set(rows.values()) == {"GIL enabled: yes"}, out


@pytest.mark.parametrize("version", pythons("extension_gil.py"))
def test_extension_gil_on_any_build(example, version: str) -> None:
    out = example("free_threading/extension_gil.py", version=version).stdout
    if "is a GIL build" in out:
        assert "Run this on python3.14t" in out
    else:
        assert "free-threaded build" in out.splitlines()[0], out


def test_extension_turns_the_gil_back_on(example, free_threaded: str) -> None:
    out = example("free_threading/extension_gil.py", version=free_threaded).stdout
    assert "Python 3.14" in out and "free-threaded build" in out, out
    assert "GIL enabled before the import: False" in out, out
    warning = (
        "RuntimeWarning: The global interpreter lock (GIL) has been enabled to "
        "load module '_testsinglephase_check_cache_first'"
    )
    assert warning in out, out
    assert "GIL enabled after the import: True" in out, out
    # -W error::RuntimeWarning: the import fails, and the traceback says why
    assert re.search(r"exit status 1; the traceback ends with:\n(  \|.*\n)+", out)
    assert re.search(r"^  \| RuntimeWarning: The global interpreter lock", out, re.M)
    # PYTHON_GIL=0 keeps it off, without a warning
    assert "GIL enabled after the import: False (warnings: 0)" in out, out


# CPU-bound threads


def scaling_rows(out: str) -> dict[int, tuple[float, int]]:
    rows = {
        int(m[1]): (float(m[2]), int(m[3]))
        for m in re.finditer(
            rf"^\s+(\d+)\s+\d+ \(\d+-\d+\)\s+{FLOAT}x\s+(\d+)x\s+\d+%$", out, re.M
        )
    }
    assert rows and min(rows) == 1 and rows[1][0] == 1.0, out
    return rows


@pytest.mark.parametrize("version", pythons("cpu_scaling.py"))
def test_cpu_scaling(speed, version: str) -> None:
    def claim(m: Measured) -> None:
        _, gil, cores = build(m.stdout)
        rows = scaling_rows(m.stdout)
        assert max(rows) == min(max(4, cores + 1), 8), "1 to one past the cores"
        for n, (_, ideal) in rows.items():
            assert ideal == min(n, cores)
        if gil:  # the threads take turns
            assert all(speedup < 1.5 for speedup, _ in rows.values()), m.stdout

    speed("free_threading/cpu_scaling.py", claim, version)


def test_cpu_scaling_without_the_gil(speed, free_threaded: str) -> None:
    def claim(m: Measured) -> None:
        assert gil_off(m.stdout) >= 2, "two cores or more"
        rows = scaling_rows(m.stdout)
        assert rows[2][0] > parallel_floor(m), m.stdout

    speed("free_threading/cpu_scaling.py", claim, free_threaded)


@pytest.mark.parametrize("version", pythons("single_thread.py"))
def test_single_thread(example, version: str) -> None:
    out = example("free_threading/single_thread.py", version=version).stdout
    build(out)
    timings = re.findall(rf"^(\S.*?)\s+{FLOAT} \({FLOAT}-{FLOAT}\)$", out, re.M)
    assert len(timings) == 5, out
    for _, median, low, high in timings:
        assert 0 < float(low) <= float(median) <= float(high)


# Races and containers


def lost(out: str, name: str) -> list[int]:
    found = re.findall(rf"round \d, {name}\s*: got\s+[\d,]+, lost\s+([\d,-]+)", out)
    assert len(found) == 3, out
    return [int(n.replace(",", "")) for n in found]


@pytest.mark.parametrize("version", pythons("lost_update.py"))
def test_lost_update_with_a_lock_is_exact(example, version: str) -> None:
    out = example("free_threading/lost_update.py", version=version).stdout
    build(out)
    assert lost(out, "with Lock") == [0, 0, 0], out
    assert all(n >= 0 for n in lost(out, "no lock")), out


def test_lost_update_without_the_gil(speed, free_threaded: str) -> None:
    def claim(m: Measured) -> None:
        assert gil_off(m.stdout) >= 2, "two cores or more"
        assert any(lost(m.stdout, "no lock")), "no update was lost in any round"

    speed("free_threading/lost_update.py", claim, free_threaded)


@pytest.mark.parametrize("version", pythons("containers.py"))
def test_containers(speed, version: str) -> None:
    def claim(m: Measured) -> None:
        out = m.stdout
        build(out)
        assert re.search(r"^list.append from 4 threads: ([\d,]+) of \1$", out, re.M)
        assert re.search(
            r"^d\[key\] = value from 4 threads: ([\d,]+) of \1$", out, re.M
        )
        assert re.search(r"^setdefault:\s+([\d,]+) claims for \1 keys$", out, re.M)
        check = re.search(
            r"^check-then-set: ([\d,]+) claims for ([\d,]+) keys$", out, re.M
        )
        assert check and int(check[1].replace(",", "")) >= int(
            check[2].replace(",", "")
        )
        assert re.search(r"^looping over d\.copy\(\):\s+0 RuntimeErrors$", out, re.M)
        live = re.search(
            r"^looping over the dict itself: (\d+) RuntimeErrors$", out, re.M
        )
        assert live and int(live[1]) > 0, "the live dict changed size under the loop"

    speed("free_threading/containers.py", claim, version)


def test_check_then_set_without_the_gil(speed, free_threaded: str) -> None:
    def claim(m: Measured) -> None:
        gil_off(m.stdout)
        check = re.search(
            r"check-then-set: ([\d,]+) claims for ([\d,]+) keys", m.stdout
        )
        assert check, m.stdout
        made, keys = (int(n.replace(",", "")) for n in check.groups())
        assert made > keys, "no key was claimed twice"

    speed("free_threading/containers.py", claim, free_threaded)


@pytest.mark.parametrize("version", pythons("key_eq.py"))
def test_key_eq_lets_a_write_in(example, version: str) -> None:
    out = example("free_threading/key_eq.py", version=version).stdout
    assert re.match(r"free-threaded build: (yes|no), GIL enabled: (yes|no)\n", out)
    events = [line for line in out.splitlines() if line.startswith(("main", "writer"))]
    # the page: the writer's whole assignment lands inside main's one assignment
    assert events == [
        "main:   table[Key('b')] = 1 starts",
        "main:   Key.__eq__ runs, inside the assignment",
        "writer: table['other'] = 2 done",
        "main:   table[Key('b')] = 1 done",
    ], out
    # ...and its key comes first, though main's assignment started first
    assert "keys in insertion order: ['a', 'other', 'b']" in out, out


def contention_rows(out: str) -> dict[str, float]:
    rows = ratios(out)
    assert set(rows) == {"own list", "one list", "own counter", "one locked counter"}
    return rows


@pytest.mark.parametrize("version", pythons("contention.py"))
def test_contention(speed, version: str) -> None:
    def claim(m: Measured) -> None:
        _, gil, _ = build(m.stdout)
        rows = contention_rows(m.stdout)
        if gil:
            assert all(r < 1.5 for r in rows.values()), m.stdout

    speed("free_threading/contention.py", claim, version)


def test_contention_without_the_gil(speed, free_threaded: str) -> None:
    def claim(m: Measured) -> None:
        assert gil_off(m.stdout) >= 2, "two cores or more"
        rows = contention_rows(m.stdout)
        assert rows["own counter"] > parallel_floor(m), m.stdout
        assert rows["one locked counter"] < rows["own counter"], m.stdout
        assert rows["one list"] < rows["own list"], m.stdout

    speed("free_threading/contention.py", claim, free_threaded)


# Sub-interpreters


@pytest.mark.parametrize("version", pythons("interpreters_basics.py"))
def test_interpreters_basics(example, version: str) -> None:
    out = example("free_threading/interpreters_basics.py", version=version).stdout
    if version.startswith("3.13"):
        assert "No module named 'concurrent.interpreters'" in out, out
        return
    lines = [
        "hello from the interpreter",
        "main has a global 'greeting': False",
        "SEEN in main: ['main'] (the interpreter appended to its own copy)",
        "from the queue: ('a tuple', 42, 1.5, None) and {'a dict': [1, 2]}",
        "a list as an argument: crossed, returned '[1, 2]'",
        "a closure as the function: NotShareableError: only stateless functions are shareable",
        "ExecutionFailed: ValueError: inside the interpreter",
        "interpreters left open: 0",
    ]
    for line in lines:
        assert line in out.splitlines(), f"{line!r} missing:\n{out}"
    assert re.search(r"^a lock as an argument: NotShareableError: ", out, re.M)
    sub = re.search(
        r"^call\(where\) returned: interpreter (\d+), __name__ (.*)$", out, re.M
    )
    here = re.search(
        r"^here where\(\) says:\s+interpreter 0, __name__ '__main__'$", out, re.M
    )
    assert sub and here, out
    assert sub[1] != "0" and sub[2] != "'__main__'", (
        "the call ran in another interpreter"
    )


TOP_LEVEL = re.compile(r"  \(the script's top level runs, __name__ = (.*)\)$")


def top_level_runs(out: str) -> dict[str, list[str]]:
    """Each "<function> through <way>:" heading -> the __name__ of every run
    of the script's top level printed before that call returned."""
    runs: dict[str, list[str]] = {}
    for line in out.splitlines():
        if line.endswith(":") and " through " in line:
            runs[line[:-1]] = []
        elif (match := TOP_LEVEL.match(line)) and runs:
            runs[list(runs)[-1]].append(match[1])
    return runs


@pytest.mark.parametrize("version", pythons("interpreters_reimport.py"))
def test_interpreters_reimport(example, version: str) -> None:
    out = example("free_threading/interpreters_reimport.py", version=version).stdout
    first = "  (the script's top level runs, __name__ = '__main__')"
    assert out.splitlines()[0] == first, out
    if version.startswith(("3.11", "3.12", "3.13")):
        assert "No module named 'concurrent.interpreters'" in out, out
        return
    runs = top_level_runs(out)
    assert list(runs) == [
        "stateless through Interpreter.call()",
        "uses_a_global through Interpreter.call()",
        "has_a_default through Interpreter.call()",
        "stateless through InterpreterPoolExecutor",
        "uses_a_global through InterpreterPoolExecutor",
    ], out
    # the page: a stateless function crosses without the top level running
    # again; one that reads a global or has a default runs it, not as __main__
    for heading, names in runs.items():
        if heading.startswith("stateless"):
            assert names == [], out
        else:
            assert len(names) == 1 and names[0] != "'__main__'", out
    assert out.count("  returned 42") == 2 and out.count("  returned 10") == 2, out
    assert out.count("  returned 22") == 1, out


@pytest.mark.parametrize("version", pythons("workers_compared.py"))
def test_workers_compared(example, version: str) -> None:
    out = example("free_threading/workers_compared.py", version=version).stdout
    assert re.search(r"start method: (fork|spawn|forkserver)$", out.splitlines()[0])
    start = {
        m[1]: float(m[2])
        for m in re.finditer(
            rf"^  (thread|interpreter|process)\s+{FLOAT} \(", out, re.M
        )
    }
    assert start.keys() == {"thread", "interpreter", "process"}, out
    assert start["thread"] < start["interpreter"], "a thread starts fastest"
    assert start["thread"] < start["process"], "a thread starts fastest"
    memory = {
        m[1]: float(m[2])
        for m in re.finditer(
            r"^  (thread|interpreter|process)\s+(-?[\d.]+|nan) (?:more|of)", out, re.M
        )
    }
    assert memory.keys() == {"thread", "interpreter", "process"}, out
    if not any(map(math.isnan, memory.values())):
        assert memory["thread"] < memory["interpreter"], "an interpreter has modules"
        assert memory["process"] > 1, "a process has a whole interpreter"


@pytest.mark.parametrize("version", pythons("workers_compared.py"))
def test_interpreters_are_no_cheaper_than_processes(speed, version: str) -> None:
    """multiprocessing.md: an interpreter takes longer to create and answer a
    first call than a process takes to start with fork or forkserver, and
    adds private memory of the same order as a process's own."""

    def claim(m: Measured) -> None:
        out = m.stdout
        method = re.search(r"start method: (\w+)$", out.splitlines()[0], re.M)
        assert method, out
        start = dict(re.findall(rf"^  (interpreter|process)\s+{FLOAT} \(", out, re.M))
        assert start.keys() == {"interpreter", "process"}, out
        if method[1] in {"fork", "forkserver"}:
            assert float(start["interpreter"]) > float(start["process"]), out
        memory = dict(
            re.findall(r"^  (interpreter|process)\s+(-?[\d.]+) (?:more|of)", out, re.M)
        )
        if memory.keys() == {"interpreter", "process"}:  # Linux: /proc is there
            interp, process = float(memory["interpreter"]), float(memory["process"])
            assert process / 10 < interp < process * 10, out

    speed("free_threading/workers_compared.py", claim, version)


def pool_rows(out: str) -> dict[str, float]:
    return {n: r for n, r in ratios(out).items() if n != "one thread"}


@pytest.mark.parametrize("version", pythons("interpreter_pool.py"))
def test_interpreter_pool(speed, version: str) -> None:
    def claim(m: Measured) -> None:
        _, gil, cores = build(m.stdout)
        rows = pool_rows(m.stdout)
        expected = {"ThreadPoolExecutor", "ProcessPoolExecutor"}
        if version.startswith("3.13"):
            assert "has no InterpreterPoolExecutor" in m.stdout
        else:
            expected.add("InterpreterPoolExecutor")
        assert set(rows) == expected, m.stdout
        if cores >= 2:  # two workers of their own interpreter or process
            assert rows["ProcessPoolExecutor"] > parallel_floor(m), m.stdout
            if "InterpreterPoolExecutor" in rows:
                assert rows["InterpreterPoolExecutor"] > parallel_floor(m), m.stdout
        if gil:
            assert rows["ThreadPoolExecutor"] < 1.5, m.stdout

    speed("free_threading/interpreter_pool.py", claim, version)


def test_thread_pool_without_the_gil(speed, free_threaded: str) -> None:
    def claim(m: Measured) -> None:
        assert gil_off(m.stdout) >= 2, "two cores or more"
        assert pool_rows(m.stdout)["ThreadPoolExecutor"] > parallel_floor(m), m.stdout

    speed("free_threading/interpreter_pool.py", claim, free_threaded)


# Free-threading in practice: wheels, the GIL audit, the break-even chart


@pytest.mark.parametrize("version", pythons("wheel_tags.py"))
def test_wheel_tags(example, version: str) -> None:
    out = example("free_threading/wheel_tags.py", version=version).stdout
    header = re.match(r"Python (3)\.(\d+)\.\d+\S*, (GIL|free-threaded) build\n", out)
    assert header, out
    free, abi = header[3] == "free-threaded", f"cp3{header[2]}"
    # the page: the ABI tag and the suffix carry a t on the free-threaded build
    assert f"ABI tag: {abi}{'t' if free else ''}\n" in out, out
    suffix = re.search(r"^extension modules end in: (\S+)$", out, re.M)
    assert suffix and (f"{abi[2:]}t" in suffix[1]) == free, out
    listed = re.search(
        r"^compatible tags, from (.+): (\d+), the first three:$", out, re.M
    )
    assert listed and int(listed[2]) > 3, out
    assert listed[1] in {"packaging.tags.sys_tags()", "pip debug --verbose"}, out
    # the page: each build takes its own wheel, the GIL build the stable ABI's
    # too, the free-threaded build neither of the other compiled ones
    answers = {kind: answer for answer, kind in re.findall(
        r"^  (yes|no)\s+(\S.*?)\s{2,}demo-1\.0-", out, re.M
    )}  # fmt: skip
    assert answers == {
        "for the GIL build": "no" if free else "yes",
        "for the free-threaded build": "yes" if free else "no",
        "for the stable ABI": "no" if free else "yes",
        "pure Python": "yes",
    }, out


def test_wheel_tags_without_the_gil(example, free_threaded: str) -> None:
    out = example("free_threading/wheel_tags.py", version=free_threaded).stdout
    assert "free-threaded build" in out.splitlines()[0], out
    assert re.search(r"^  yes\s+for the free-threaded build\s+\S+cp314t-", out, re.M)


AUDIT_LIST = re.compile(
    r"^extension modules, in (\d+) of (\d+) installed\n"
    r"distributions and in the standard library:\n((?:  .*\n)+)",
    re.M,
)


def audit_owners(out: str) -> dict[str, int]:
    """The owner -> extension-module count list every run prints."""
    listed = AUDIT_LIST.search(out)
    assert listed, out
    owners = dict(re.findall(r"(\S.*?) \((\d+)\)(?:, |$)", " ".join(
        line.strip() for line in listed[3].splitlines()
    )))  # fmt: skip
    assert int(listed[1]) == len(owners) - 1 <= int(listed[2]), out
    assert list(owners)[-1] == "the standard library", out
    return {owner: int(n) for owner, n in owners.items()}


@pytest.mark.parametrize("version", pythons("gil_audit.py"))
def test_gil_audit(example, version: str) -> None:
    out = example("free_threading/gil_audit.py", version=version).stdout
    owners = audit_owners(out)
    assert all(n > 0 for n in owners.values()), out
    if "free-threaded build: no" in out.splitlines()[0]:
        assert "run this script with\npython3.14t" in out, out
        assert "importing each" not in out, out


def test_gil_audit_without_the_gil(example, free_threaded: str) -> None:
    out = example("free_threading/gil_audit.py", version=free_threaded).stdout
    assert "free-threaded build: yes" in out.splitlines()[0], out
    owners = audit_owners(out)
    _, imports = out.split("importing each in a fresh interpreter:\n")
    # the page: a count per owner, and a line for each module that turned the
    # GIL on or failed to import
    counted = re.findall(r"^  (\S.*?): (\d+) of (\d+) keep the GIL off$", imports, re.M)
    assert [owner for owner, _, _ in counted] == list(owners), out
    for owner, off, total in counted:
        assert int(total) == owners[owner] and int(off) <= int(total), out
    details = re.findall(
        r"^    \S+: (turns the GIL on|the GIL is on|fails to import)", imports, re.M
    )
    assert len(details) == sum(int(t) - int(o) for _, o, t in counted), out


def break_even_rows(out: str) -> dict[str, dict[int, tuple[float, float, int]]]:
    """model -> workers -> (seconds, speedup, ideal), from the charted table."""
    tables = parse_tables(out)
    assert len(tables) == 1 and tables[0].kind == "speedup", out
    assert charts_html(out, "free_threading/break_even.py"), "the chart draws"
    rows: dict[str, dict[int, tuple[float, float, int]]] = {}
    for row in tables[0].rows:
        workers = int(row["workers"])  # type: ignore[arg-type]
        rows.setdefault(str(row["model"]), {})[workers] = (
            row["seconds"], row["speedup"], int(row["ideal"])  # type: ignore[arg-type]
        )  # fmt: skip
    return rows


@pytest.mark.parametrize("version", pythons("break_even.py"))
def test_break_even(speed, version: str) -> None:
    def claim(m: Measured) -> None:
        cores = int(re.search(r"(\d+) CPU cores", m.stdout)[1])  # type: ignore[index]
        rows = break_even_rows(m.stdout)
        expected = list(range(1, min(max(4, cores + 1), 8) + 1))
        for line in rows.values():
            assert list(line) == expected, m.stdout
            assert all(ideal == min(n, cores) for n, (_, _, ideal) in line.items())
        if "GIL" in rows:  # the baseline: one thread of the GIL build
            assert rows["GIL"][1][1] == 1.0, m.stdout
            # the page: the GIL line stays near 1x, the threads take turns
            assert all(s < 1.5 for _, s, _ in rows["GIL"].values()), m.stdout

    speed("free_threading/break_even.py", claim, version)


def test_break_even_without_the_gil(speed, free_threaded: str) -> None:
    def claim(m: Measured) -> None:
        rows = break_even_rows(m.stdout)
        assert "free-threaded" in rows, m.stdout
        if "GIL build on PATH" not in m.stdout:
            assert set(rows) == {"free-threaded", "GIL"}, m.stdout
        line = rows["free-threaded"]
        # two threads of the free-threaded build beat its one thread
        assert line[1][0] / line[2][0] > parallel_floor(m), m.stdout

    speed("free_threading/break_even.py", claim, free_threaded)
