"""Proof that broken snippets are caught: a fault goes into a copy of the
project, and the build or the tests must fail with a message naming the
file and, for an example, the exact line of the page that includes it.
Every fault of FAULTS is checked in memory (test_render.py); here one of
them goes through a real MkDocs build, one through Zensical.

The faults use probe examples made for the purpose (examples/faults/...),
appended to the home page, which has front matter: a fence's line counts
the file as written. Builds of a copy reuse the session's cache of example
runs, so only what a fault changed runs again.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from project import Build, copy_project, site_build

pytestmark = pytest.mark.slow

GUARDED = 'if __name__ == "__main__":\n    '
PAGE = "docs/index.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def add_probe(project: Path, name: str, body: str | None) -> None:
    if body is not None:
        probe = project / "examples" / "faults" / name
        probe.parent.mkdir(exist_ok=True)
        probe.write_text(f'"""A fault."""\n\n{body}', encoding="utf-8")


def append_to_page(project: Path, text: str) -> int:
    """Append ``text`` to the home page; return the line it starts on."""
    page = project / PAGE
    before = page.read_text(encoding="utf-8")
    if not before.endswith("\n"):
        before += "\n"
    page.write_text(before + "\n" + text, encoding="utf-8")
    return before.count("\n") + 2


def assert_fails_naming(result: Build, *names: str) -> None:
    assert result.returncode != 0, f"passed despite the fault:\n{result.log[-3000:]}"
    for name in names:
        assert name in result.log, f"did not name {name!r}:\n{result.log[-3000:]}"


@dataclass
class Fault:
    """A probe example, the fences that include it, what the build must say."""

    body: str | None  # None: the file does not exist
    fences: list[str]  # headers of the fences appended to the page, in order
    says: list[str]
    failing_fence: int = 0  # which fence the message must name
    env: dict[str, str] = field(default_factory=dict)


FAULTS = {
    "syntax error": Fault(GUARDED + 'print("unclosed"\n', [""], ["SyntaxError"]),
    "raises": Fault(
        GUARDED + 'raise ValueError("fault injected")\n',
        [""],
        ["exited with status 1, expected 0", "ValueError: fault injected"],
    ),
    "hangs": Fault(
        "import time\n\n" + GUARDED + "time.sleep(3600)\n",
        ['timeout="3"'],
        ["did not finish within its time limit of 3 s"],
    ),
    "writes to stderr": Fault(
        "import sys\n\n" + GUARDED + 'print("oops", file=sys.stderr)\n',
        [""],
        ["wrote to stderr", 'stderr="1"', "oops"],
    ),
    "missing file": Fault(None, [""], ["does not exist; fix the path"]),
    "unknown option": Fault(
        GUARDED + "print(1)\n",
        ['timeot="5"'],
        ["unknown option 'timeot'", 'timeout="..."'],
    ),
    "unquoted option": Fault(
        GUARDED + "print(1)\n", ["timeout=5"], ["cannot read 'timeout=5'"]
    ),
    "second of two fences": Fault(
        "import sys\n\n" + GUARDED + 'print("warned", file=sys.stderr)\n',
        ['stderr="1"', ""],
        ["wrote to stderr"],
        failing_fence=1,
    ),
    "missing interpreter": Fault(
        GUARDED + "print(1)\n",
        ['pythons="3.99"'],
        ["python3.99 was not found", "REQUIRE_PYTHONS=1"],
        env={"REQUIRE_PYTHONS": "1"},
    ),
}


def fault_build(project: Path, tmp_path: Path, cache: Path, name: str) -> Build:
    fault = FAULTS[name]
    add_probe(project, "probe.py", fault.body)
    lines = []
    for header in fault.fences:
        fence = f"```example {header}".rstrip() + "\nfaults/probe.py\n```\n\n"
        lines.append(append_to_page(project, fence))
    result = site_build(project, tmp_path / "site", cache, **fault.env)
    where = f"examples/faults/probe.py (included from {PAGE}:"
    if name in {"unknown option", "unquoted option"}:
        where = f"{PAGE}:{lines[fault.failing_fence]}: the example fence"
    else:
        where += f"{lines[fault.failing_fence]}"
    assert_fails_naming(result, where, *fault.says)
    return result


def test_a_broken_example_fails_the_build(
    project: Path, tmp_path: Path, examples_cache: Path, built_site
) -> None:
    """One fault through a real `mkdocs build --strict`; every fault is
    checked in memory, with its page line, in test_render.py."""
    # built_site first: it fills the cache with the runs of unchanged examples.
    fault_build(project, tmp_path, examples_cache, "second of two fences")


def test_a_broken_example_fails_zensical_too(
    project: Path, tmp_path: Path, examples_cache: Path, built_site
) -> None:
    # built_site first: it fills the cache, so only the broken example runs.
    add_probe(project, "probe.py", FAULTS["raises"].body)
    line = append_to_page(project, "```example\nfaults/probe.py\n```\n")
    result = site_build(project, tmp_path / "site", examples_cache, builder="zensical")
    assert_fails_naming(
        result,
        f"examples/faults/probe.py (included from {PAGE}:{line})",
        "ValueError: fault injected",
    )


def edit(path: Path, change) -> None:
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, f"the fault did not change {path}"
    path.write_text(after, encoding="utf-8")


SITE_FAULTS = {
    "broken link": (
        lambda p: append_to_page(p, "See [the missing page](no-such-page.md).\n"),
        ["index.md", "no-such-page.md"],
    ),
    "broken anchor": (
        lambda p: append_to_page(p, "See [threads](threads.md#no-such-heading).\n"),
        ["index.md", "no-such-heading"],
    ),
}


@pytest.mark.parametrize("name", SITE_FAULTS)
def test_a_broken_page_fails_the_build(
    name: str, project: Path, tmp_path: Path, examples_cache: Path, built_site
) -> None:
    change, says = SITE_FAULTS[name]
    change(project)
    assert_fails_naming(site_build(project, tmp_path / "site", examples_cache), *says)


def test_notebook_cell_that_raises(
    project: Path, tmp_path: Path, examples_cache: Path, built_site
) -> None:
    notebook = next((project / "docs").rglob("*.ipynb"))
    data = json.loads(notebook.read_text(encoding="utf-8"))
    data["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "fault",
            "metadata": {},
            "outputs": [],
            "source": ['raise RuntimeError("fault injected")'],
        }
    )
    notebook.write_text(json.dumps(data), encoding="utf-8")
    result = site_build(project, tmp_path / "site", examples_cache)
    assert_fails_naming(result, notebook.name, "fault injected")


def run_pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_inline_block_with_wrong_printed_output(project: Path) -> None:
    edit(
        project / PAGE,
        lambda s: re.sub(r"^#> .*$", "#> something else", s, count=1, flags=re.M),
    )
    out = run_pytest(project, "tests/test_inline_snippets.py")
    assert out.returncode != 0, out.stdout
    assert "docs/index.md:" in out.stdout, out.stdout[-3000:]


def test_multiprocessing_example_without_main_guard(project: Path) -> None:
    add_probe(
        project,
        "unguarded.py",
        "import multiprocessing\n\n\ndef work() -> None:\n    print('worked')\n\n\n"
        "process = multiprocessing.Process(target=work)\nprocess.start()\n"
        "process.join()\nprint('exit code', process.exitcode)\n",
    )
    out = run_pytest(
        project,
        "tests/test_examples.py",
        "-k",
        "faults/unguarded.py and (house_rules or spawn or forkserver)",
    )
    assert out.returncode != 0, out.stdout[-3000:]
    assert "examples/faults/unguarded.py" in out.stdout
    assert "__main__" in out.stdout  # the house rule names the missing guard
    assert "bootstrapping phase" in out.stdout  # and spawn really fails without it
