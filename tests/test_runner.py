"""The example runner judges a run the way the build does."""

from __future__ import annotations

import json
import time

import pytest
from example_runner import ExampleError, Expect, failure_message, run_example
from interpreters import find_python


def write(tmp_path, name: str, body: str) -> str:
    (tmp_path / name).write_text(body, encoding="utf-8")
    return name


def test_clean_run_passes(tmp_path) -> None:
    run = run_example(write(tmp_path, "ok.py", "print('hello')\n"), root=tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (0, "hello\n", "")
    assert run.problems(Expect()) == []


def test_raising_example_is_named_with_its_traceback(tmp_path) -> None:
    path = write(tmp_path, "boom.py", "raise ValueError('no such page')\n")
    run = run_example(path, root=tmp_path)
    with pytest.raises(ExampleError) as error:
        run.check(Expect(), where="included from docs/page.md:12")
    message = str(error.value)
    assert "examples/boom.py (included from docs/page.md:12)" in message
    assert "exited with status 1, expected 0" in message
    assert "ValueError: no such page" in message


def test_expected_failure_checks_its_exit_code(tmp_path) -> None:
    run = run_example(
        write(tmp_path, "fails.py", "import sys\nsys.exit(3)\n"), root=tmp_path
    )
    assert run.problems(Expect(returncode=3)) == []
    assert run.problems(Expect(returncode=1))


def test_unexpected_stderr_fails_unless_declared(tmp_path) -> None:
    path = write(
        tmp_path, "warns.py", "import sys\nprint('careful', file=sys.stderr)\n"
    )
    run = run_example(path, root=tmp_path)
    assert any("wrote to stderr" in p for p in run.problems(Expect()))
    assert run.problems(Expect(stderr=True)) == []


def test_hung_example_is_killed_at_its_limit(tmp_path) -> None:
    start = time.perf_counter()
    run = run_example(
        write(tmp_path, "hang.py", "import time\ntime.sleep(600)\n"),
        root=tmp_path,
        timeout=2,
    )
    assert time.perf_counter() - start < 15
    assert run.timed_out
    assert "time limit of 2 s" in failure_message(run, run.problems(Expect(timeout=2)))


def test_leftover_child_process_is_reported_and_killed(tmp_path) -> None:
    body = (
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        "print('started a child and walked away')\n"
    )
    run = run_example(write(tmp_path, "orphan.py", body), root=tmp_path)
    assert any("processes still running" in item for item in run.leftovers)


def test_leftover_temporary_file_is_reported(tmp_path) -> None:
    body = "import tempfile\ntempfile.mkstemp(suffix='.keep')\nprint('done')\n"
    run = run_example(write(tmp_path, "litter.py", body), root=tmp_path)
    assert any(".keep" in item for item in run.leftovers)


def test_missing_example_is_named(tmp_path) -> None:
    with pytest.raises(ExampleError, match=r"examples/nowhere\.py does not exist"):
        run_example("nowhere.py", root=tmp_path)


def test_interpreter_is_a_parameter(tmp_path) -> None:
    python = find_python("3.12") or find_python("3.13")
    if python is None:
        pytest.skip("no second Python on this machine")
    path = write(
        tmp_path,
        "which.py",
        "import json, sys\nprint(json.dumps(sys.version_info[:2]))\n",
    )
    run = run_example(path, root=tmp_path, python=python)
    assert json.loads(run.stdout) in ([3, 12], [3, 13])
