"""python -m example_runner.stress: many runs at once, each hang with its stacks, a table."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from example_runner import stress, this_version

HANGS = """\"\"\"Waits in a child process for an event that never comes.\"\"\"

import multiprocessing


def wait(event):
    event.wait()


if __name__ == "__main__":
    never = multiprocessing.Event()
    child = multiprocessing.Process(target=wait, args=(never,))
    child.start()
    child.join()
"""


def project(tmp_path: Path) -> Path:
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples/hangs.py").write_text(HANGS, encoding="utf-8")
    (tmp_path / "examples/ok.py").write_text("print('fine')\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/page.md").write_text(
        '```example timeout="2"\nhangs.py\n```\n\n```example\nok.py\n```\n',
        encoding="utf-8",
    )
    return tmp_path


def test_process_examples_are_chosen_by_default(tmp_path, capsys) -> None:
    root = project(tmp_path)
    args = ["--project", str(root), "--pythons", this_version(), "--list"]
    assert stress.main([*args, "--methods", "spawn", "fork"]) == 0
    out = capsys.readouterr().out
    assert f"hangs.py  python{this_version()}  spawn" in out
    assert f"hangs.py  python{this_version()}  fork" in out
    assert "ok.py" not in out  # starts no process
    assert stress.main([*args, "ok.py"]) == 0
    assert f"ok.py  python{this_version()}  -" in capsys.readouterr().out


@pytest.mark.skipif(os.name != "posix", reason="stacks at the limit are POSIX-only")
def test_a_hang_is_reported_with_its_stacks_and_counted(tmp_path, capsys) -> None:
    root = project(tmp_path)
    args = ["--project", str(root), "--pythons", this_version(), "-n", "2"]
    status = stress.main(["*.py", *args, "-j", "3", "--methods", "spawn"])
    out = capsys.readouterr().out
    assert status == 1, out
    assert out.count("\nHANG ") == 2, out
    assert "time limit of 2 s" in out  # the fence's promise
    assert "--- stacks at the time limit: pid" in out
    assert re.search(r'hangs\.py", line \d+ in wait', out), out
    version = re.escape(this_version())
    assert re.search(rf"^hangs\.py\s+{version}\s+spawn\s+2\s+0\s+2\s+0\s", out, re.M)
    assert re.search(rf"^ok\.py\s+{version}\s+-\s+2\s+2\s+0\s+0\s", out, re.M)
    assert re.search(r"^total\s+4\s+2\s+2\s+0$", out, re.M), out
