"""Proof that broken snippets are caught: each fault goes into a copy of the
project, and the build or the tests must fail with a message naming the file.

Builds of a copy reuse the session's cache of example runs (keyed by each
script's content, as `make serve` does), so only what a fault changed re-runs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Build, mkdocs_build

from example_runner import REPO

pytestmark = pytest.mark.slow

IGNORE = shutil.ignore_patterns(
    ".venv",
    ".git",
    "site",
    ".cache",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "test-artifacts",
)
GUARD = 'if __name__ == "__main__":\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(REPO, copy, ignore=IGNORE)
    return copy


@pytest.fixture
def build(
    project: Path, tmp_path: Path, examples_cache: Path, built_site: Build
) -> Callable[[], Build]:
    # built_site first: it fills the cache with the runs of the unchanged examples.
    return lambda: mkdocs_build(project, tmp_path / "site", examples_cache)


def edit(path: Path, change: Callable[[str], str]) -> None:
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, f"the fault did not change {path}"
    path.write_text(after, encoding="utf-8")


def assert_build_fails_naming(result: Build, *names: str) -> None:
    assert result.returncode != 0, (
        f"the build passed despite the fault:\n{result.log[-3000:]}"
    )
    for name in names:
        assert name in result.log, (
            f"the build failed but did not name {name!r}:\n{result.log[-3000:]}"
        )


def break_example(project: Path, path: str, body: str) -> None:
    (project / "examples" / path).write_text(
        f'"""Fault."""\n\n{body}', encoding="utf-8"
    )


EXAMPLE = "threads/two_threads.py"


def test_syntax_error_in_an_example(project: Path, build) -> None:
    break_example(
        project, EXAMPLE, 'if __name__ == "__main__":\n    print("unclosed"\n'
    )
    assert_build_fails_naming(
        build(), f"examples/{EXAMPLE}", "docs/threads.md:", "SyntaxError"
    )


def test_example_that_raises(project: Path, build) -> None:
    break_example(
        project,
        EXAMPLE,
        'if __name__ == "__main__":\n    raise ValueError("fault injected")\n',
    )
    assert_build_fails_naming(
        build(),
        f"examples/{EXAMPLE}",
        "exited with status 1",
        "ValueError: fault injected",
    )


def test_example_that_hangs(project: Path, build) -> None:
    break_example(
        project,
        EXAMPLE,
        'import time\n\nif __name__ == "__main__":\n    time.sleep(3600)\n',
    )
    edit(
        project / "docs/threads.md",
        lambda s: s.replace(
            f"```example\n{EXAMPLE}", f'```example timeout="5"\n{EXAMPLE}', 1
        ),
    )
    assert_build_fails_naming(build(), f"examples/{EXAMPLE}", "time limit of 5 s")


def test_example_that_writes_to_stderr(project: Path, build) -> None:
    break_example(
        project,
        EXAMPLE,
        'import sys\n\nif __name__ == "__main__":\n    print("oops", file=sys.stderr)\n',
    )
    assert_build_fails_naming(build(), f"examples/{EXAMPLE}", "wrote to stderr", "oops")


def test_missing_example_file(project: Path, build) -> None:
    (project / "examples" / EXAMPLE).unlink()
    assert_build_fails_naming(build(), f"examples/{EXAMPLE} does not exist")


def test_broken_internal_link(project: Path, build) -> None:
    edit(
        project / "docs/index.md",
        lambda s: s + "\nSee [the missing page](no-such-page.md).\n",
    )
    assert_build_fails_naming(build(), "index.md", "no-such-page.md")


def test_broken_anchor(project: Path, build) -> None:
    edit(
        project / "docs/index.md",
        lambda s: s + "\nSee [threads](threads.md#no-such-heading).\n",
    )
    assert_build_fails_naming(build(), "index.md", "no-such-heading")


def test_notebook_cell_that_raises(project: Path, build) -> None:
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
    assert_build_fails_naming(build(), notebook.name, "fault injected")


def run_pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_inline_block_with_wrong_printed_output(project: Path) -> None:
    page = project / "docs/index.md"
    edit(
        page, lambda s: re.sub(r"^#> .*$", "#> something else", s, count=1, flags=re.M)
    )
    out = run_pytest(project, "tests/test_inline_snippets.py")
    assert out.returncode != 0, out.stdout
    assert "docs/index.md:" in out.stdout, out.stdout[-3000:]


def test_multiprocessing_example_without_main_guard(project: Path) -> None:
    path = "multiprocessing/two_processes.py"

    def unguard(source: str) -> str:
        head, _, body = source.partition(GUARD)
        return head + re.sub(r"^    ", "", body, flags=re.M)

    edit(project / "examples" / path, unguard)
    out = run_pytest(
        project,
        "tests/test_examples.py",
        "-k",
        f"{path} and (house_rules or spawn or forkserver)",
    )
    assert out.returncode != 0, out.stdout[-3000:]
    assert f"examples/{path}" in out.stdout
    assert "__main__" in out.stdout  # the house rule names the missing guard
    assert "bootstrapping phase" in out.stdout  # and spawn really fails without it


def test_output_is_escaped_not_injected(project: Path, build) -> None:
    probe = "threads/zz_escape_probe.py"
    break_example(
        project,
        probe,
        'if __name__ == "__main__":\n    print("<script>alert(1)</script> & <b>")\n',
    )
    edit(project / "docs/threads.md", lambda s: s + f"\n```example\n{probe}\n```\n")
    result = build()
    assert result.returncode == 0, result.log[-3000:]
    html = (result.site / "threads/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in html
    assert "<script>alert(1)" not in html
