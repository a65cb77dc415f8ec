"""The example runner: how it judges a run, reads a fence, caches, renders."""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

import markdown
import pytest
from project import VERSIONS

from example_runner import (
    OPTIONS,
    ExampleError,
    Expect,
    FenceError,
    Outcome,
    Run,
    cached_run,
    failure_message,
    find_python,
    parse_fences,
    run_example,
    run_fence,
    this_version,
)
from example_runner import cache as cache_module
from example_runner.matrix import START_METHOD_DIR
from example_runner.process import group_alive
from example_runner.render import render

LINUX = sys.platform.startswith("linux")
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="process groups are POSIX")


def write(tmp_path: Path, name: str, body: str) -> Path:
    (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path / name


def run(script: Path, **kwargs) -> object:
    kwargs.setdefault("python", sys.executable)
    return run_example(script, path=script.name, **kwargs)


def running(pid: int) -> bool:
    """Whether a process exists and has not exited (a zombie has)."""
    if LINUX:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            return False
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# ------------------------------------------------------------ judging a run


def test_clean_run_passes(tmp_path) -> None:
    result = run(write(tmp_path, "ok.py", "print('hello')\n"))
    assert (result.returncode, result.stdout, result.stderr) == (0, "hello\n", "")
    assert result.problems(Expect()) == []


def test_raising_example_is_named_with_its_traceback(tmp_path) -> None:
    result = run(write(tmp_path, "boom.py", "raise ValueError('no such page')\n"))
    with pytest.raises(ExampleError) as error:
        result.check(Expect(), where="included from docs/page.md:12")
    message = str(error.value)
    assert "examples/boom.py (included from docs/page.md:12)" in message
    assert "exited with status 1, expected 0" in message
    assert "ValueError: no such page" in message


def test_expected_failure_checks_its_exit_code(tmp_path) -> None:
    result = run(write(tmp_path, "fails.py", "import sys\nsys.exit(3)\n"))
    assert result.problems(Expect(returncode=3)) == []
    assert result.problems(Expect(returncode=1))


def test_unexpected_stderr_fails_unless_declared(tmp_path) -> None:
    body = "import sys\nprint('careful', file=sys.stderr)\n"
    result = run(write(tmp_path, "warns.py", body))
    assert any("wrote to stderr" in p for p in result.problems(Expect()))
    assert result.problems(Expect(stderr=True)) == []


def test_hung_example_is_killed_at_its_limit(tmp_path) -> None:
    start = time.perf_counter()
    result = run(
        write(tmp_path, "hang.py", "import time\ntime.sleep(600)\n"), timeout=2
    )
    assert time.perf_counter() - start < 15
    assert result.timed_out
    problems = result.problems(Expect(timeout=2))
    assert "time limit of 2 s" in failure_message(result, problems)


HANGS = """
import multiprocessing, threading

def wait_in_child(event):
    event.wait()

def wait_in_thread(lock):
    lock.acquire()

if __name__ == "__main__":
    print("printed before the hang")  # not flushed, and kept all the same
    lock = threading.Lock()
    lock.acquire()
    threading.Thread(target=wait_in_thread, args=(lock,), name="stuck").start()
    never = multiprocessing.Event()  # kept: the child unpickles it as it starts
    child = multiprocessing.Process(target=wait_in_child, args=(never,))
    child.start()
    print("child", child.pid)
    child.join()
"""


@POSIX_ONLY
@pytest.mark.parametrize("method", multiprocessing.get_all_start_methods())
def test_a_hang_shows_every_stack_of_every_process(tmp_path, method) -> None:
    """At its time limit a hung example's processes are stopped at once, then
    each writes every thread's stack (faulthandler) before it is killed; what
    it printed is kept (line-buffered), and the failure message shows it all."""
    start = time.perf_counter()
    result = run(
        write(tmp_path, "hangs.py", HANGS),
        timeout=3,
        env={"PYTHONPATH": str(START_METHOD_DIR), "EXAMPLES_START_METHOD": method},
    )
    assert time.perf_counter() - start < 20
    assert result.timed_out
    assert result.stdout.startswith("printed before the hang\nchild "), result.stdout
    child = int(result.stdout.split()[-1])
    heads = re.findall(
        r"^--- stacks at the time limit: pid (\d+) \(([^)]*)\)", result.stacks, re.M
    )
    assert heads[0][1] == "the example", result.stacks
    assert str(child) in dict(heads), result.stacks
    for frame in ("in wait_in_thread", "in wait_in_child", "in <module>"):
        assert frame in result.stacks, result.stacks
    message = failure_message(result, result.problems(Expect(timeout=3)))
    assert "where each of its processes was at that moment is below" in message
    assert "printed before the hang" in message
    assert message.count("--- stacks at the time limit: pid") == len(heads) >= 2
    assert "in wait_in_child" in message
    assert "C stack trace" not in message  # 3.14+: only the Python stacks
    assert not running(child)


@POSIX_ONLY
def test_leftover_child_process_is_reported_and_killed(tmp_path) -> None:
    body = (
        "import subprocess, sys\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        "print(child.pid)\n"
    )
    result = run(write(tmp_path, "orphan.py", body), grace=0.5)
    assert any("processes still running 0.5 s" in item for item in result.leftovers)
    assert not running(int(result.stdout))  # and it was killed


def test_leftover_temporary_file_is_reported(tmp_path) -> None:
    body = "import tempfile\ntempfile.mkstemp(suffix='.keep')\nprint('done')\n"
    result = run(write(tmp_path, "litter.py", body), grace=0.5)
    assert any(".keep" in item for item in result.leftovers)


def test_missing_example_is_named(tmp_path) -> None:
    with pytest.raises(ExampleError, match=r"examples/nowhere\.py does not exist"):
        run_example(tmp_path / "nowhere.py", path="nowhere.py", python=sys.executable)


def test_interpreter_is_a_parameter(tmp_path) -> None:
    others = [v for v in VERSIONS if v != this_version() and find_python(v)]
    if not others:
        pytest.skip("no second Python on this machine")
    body = "import sys\nprint('%d.%d' % sys.version_info[:2])\n"
    result = run(write(tmp_path, "which.py", body), python=find_python(others[0]))
    assert result.stdout == f"{others[0]}\n"


@pytest.mark.skipif(not LINUX, reason="reads process states from /proc (Linux)")
def test_a_zombie_does_not_count_as_running() -> None:
    # An exited child that nobody has reaped yet: a zombie, alone in its group.
    child = subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        state = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "Z":
            break
        time.sleep(0.02)
    try:
        assert state == "Z"
        assert not group_alive(child.pid)
    finally:
        child.wait()


@pytest.mark.skipif(not LINUX, reason="POSIX shared memory is listed in /dev/shm")
def test_a_timeout_lets_shared_memory_be_unlinked(tmp_path) -> None:
    body = (
        "import os, sys, time\n"
        "from multiprocessing import shared_memory\n"
        "block = shared_memory.SharedMemory(create=True, size=1024)\n"
        "print(block.name, flush=True)\n"
        "time.sleep(600)\n"
    )
    result = run(write(tmp_path, "holds_shm.py", body), timeout=2)
    assert result.timed_out
    name = result.stdout.split()[0].lstrip("/")
    # SIGTERM first: the resource tracker outlives the example and unlinks it
    assert not Path("/dev/shm", name).exists(), f"/dev/shm/{name} leaked"


@POSIX_ONLY
def test_output_held_open_by_an_escaped_process_is_reported(tmp_path) -> None:
    body = (
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(9)'],\n"
        "                 start_new_session=True)\n"
        "print('hello')\n"
    )
    start = time.perf_counter()
    result = run(write(tmp_path, "escapes.py", body), grace=0.5)
    assert time.perf_counter() - start < 8.5  # did not wait for the holder to exit
    assert any("could not be read to the end" in item for item in result.leftovers)
    assert result.stdout == "hello\n"  # what it printed is kept


# ---------------------------------------------------------- reading a fence

PAGE = """---
title: A page with front matter
---

# Heading

```example timeout="5"
threads/a.py
```

```example returncode="1" stderr="1" pythons="3.13 3.14t" hl_lines="3-4 9"
threads/a.py
```
"""


@pytest.mark.memory
def test_fence_lines_count_the_front_matter() -> None:
    first, second = parse_fences(PAGE, "page.md")
    assert (first.where, second.where) == ("docs/page.md:7", "docs/page.md:11")
    assert first.expect == Expect(timeout=5)
    assert second.expect == Expect(returncode=1, stderr=True)
    assert second.pythons == ("3.13", "3.14t")
    assert second.hl_lines == "3-4 9"


@pytest.mark.memory
@pytest.mark.parametrize(
    ("header", "complaint"),
    [
        ('timeot="5"', "unknown option 'timeot'"),
        ('workdir="/tmp"', "unknown option 'workdir'"),
        ('source="above"', "unknown option 'source'"),
        ('html="1"', "unknown option 'html'"),
        ('returncode="x"', "returncode='x' is not a whole number"),
        ("timeout=60", "cannot read 'timeout=60'"),
        ('stderr="maybe"', "stderr='maybe' is neither"),
        ('pythons="latest"', "pythons='latest' should list versions"),
        ('hl_lines="a-b"', "hl_lines='a-b' should look like"),
    ],
)
def test_fence_options_are_validated(header: str, complaint: str) -> None:
    (fence,) = parse_fences(f"\n\n```example {header}\nthreads/a.py\n```\n", "p.md")
    with pytest.raises(FenceError) as error:
        fence.check()
    message = str(error.value)
    assert message.startswith(
        "docs/p.md:3: the example fence for examples/threads/a.py"
    )
    assert complaint in message
    assert all(f'{name}="..."' in message for name in OPTIONS)


# --------------------------------------------------------------- the cache


@pytest.mark.memory
def test_cache_key_covers_the_path_and_the_runner(tmp_path, monkeypatch) -> None:
    one = write(tmp_path, "one.py", "print(1)\n")
    key = cache_module.cache_key(one, "a/one.py", sys.executable, Expect())
    assert key != cache_module.cache_key(one, "b/one.py", sys.executable, Expect())
    monkeypatch.setattr(cache_module, "runner_version", lambda: "another runner")
    assert key != cache_module.cache_key(one, "a/one.py", sys.executable, Expect())


def test_a_truncated_cache_file_is_a_miss(tmp_path) -> None:
    script = write(tmp_path, "ok.py", "print('fresh')\n")
    store = tmp_path / "cache"
    first = cached_run(script, "ok.py", sys.executable, Expect(), store)
    (stored,) = store.glob("*.json")
    stored.write_text(stored.read_text()[:20], encoding="utf-8")  # cut short
    again = cached_run(script, "ok.py", sys.executable, Expect(), store)
    assert again.stdout == first.stdout == "fresh\n"
    assert json.loads(stored.read_text())["stdout"] == "fresh\n"  # rewritten whole


def test_without_a_store_one_process_runs_an_example_once(tmp_path) -> None:
    # `make build`: two fences naming one example show one run, not two
    script = write(tmp_path, "rand.py", "import os; print(os.urandom(8).hex())\n")
    first = cached_run(script, "rand.py", sys.executable, Expect())
    again = cached_run(script, "rand.py", sys.executable, Expect())
    assert again.stdout == first.stdout
    script.write_text("print('changed')\n", encoding="utf-8")
    assert cached_run(script, "rand.py", sys.executable, Expect()).stdout == "changed\n"


# ----------------------------------------------------- rendering a fence


def project_with(tmp_path: Path, page: str, scripts: dict[str, str]) -> Path:
    for name, body in scripts.items():
        (tmp_path / "examples" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "examples" / name).write_text(body, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/page.md").write_text(page, encoding="utf-8")
    return tmp_path


def test_a_missing_interpreter_is_shown_as_not_run(tmp_path, monkeypatch) -> None:
    project = project_with(
        tmp_path,
        '```example pythons="3.11 3.99"\nok.py\n```\n',
        {"ok.py": "print('ran')\n"},
    )
    (fence,) = parse_fences((project / "docs/page.md").read_text(), "page.md")
    monkeypatch.delenv("REQUIRE_PYTHONS", raising=False)
    if find_python("3.11") is None:
        pytest.skip("python3.11 is not on this machine")
    outcomes = run_fence(fence, project)
    assert [o.version for o in outcomes] == ["3.11", "3.99"]
    assert outcomes[0].run is not None and outcomes[0].run.stdout == "ran\n"
    assert outcomes[1].run is None and outcomes[1].missing == "python3.99"
    monkeypatch.setenv("REQUIRE_PYTHONS", "1")
    with pytest.raises(ExampleError, match=r"docs/page.md:1\): python3.99 was not"):
        run_fence(fence, project)


def test_a_failure_names_the_interpreter(tmp_path) -> None:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    project = project_with(
        tmp_path,
        f'```example pythons="{version}"\nboom.py\n```\n',
        {"boom.py": "raise SystemExit(2)\n"},
    )
    (fence,) = parse_fences((project / "docs/page.md").read_text(), "page.md")
    with pytest.raises(ExampleError) as error:
        run_fence(fence, project)
    assert f"(included from docs/page.md:1, Python {version})" in str(error.value)


@POSIX_ONLY
def test_a_hang_fails_the_build_with_the_stacks(tmp_path) -> None:
    """The build's error for a hung example names its fence and shows where
    each of its processes was at the time limit."""
    project = project_with(
        tmp_path, '```example timeout="2"\nhangs.py\n```\n', {"hangs.py": HANGS}
    )
    (fence,) = parse_fences((project / "docs/page.md").read_text(), "page.md")
    with pytest.raises(ExampleError) as error:
        run_fence(fence, project)
    message = str(error.value)
    assert "examples/hangs.py (included from docs/page.md:1" in message
    assert "did not finish within its time limit of 2 s" in message
    assert "printed before the hang" in message
    assert "in wait_in_thread" in message and "in wait_in_child" in message


def plain_markdown() -> markdown.Markdown:
    """Markdown with the fence, as a page outside MkDocs and Zensical."""
    return markdown.Markdown(
        extensions=["example_runner", "pymdownx.superfences", "pymdownx.tabbed"],
        extension_configs={
            "pymdownx.superfences": {
                "custom_fences": [
                    {
                        "name": "example",
                        "class": "example",
                        "validator": __import__("example_runner").validator,
                        "format": __import__("example_runner").formatter,
                    }
                ]
            },
            "pymdownx.tabbed": {"alternate_style": True},
        },
    )


def opened_tab(out: str) -> str:
    """The label of the tab that is open when the page loads."""
    (checked,) = re.findall(r'<input checked="checked" id="([^"]+)"', out)
    return re.search(rf'<label for="{checked}">(.*?)</label>', out).group(1)


def test_fence_renders_in_plain_markdown(tmp_path, monkeypatch) -> None:
    """Outside MkDocs and Zensical (no page): the fence still runs and renders,
    its source first, then its output, no tab to click; the page says once
    where the build ran."""
    project = project_with(tmp_path, "", {"ok.py": "print('hello from the run')\n"})
    monkeypatch.chdir(project)
    out = plain_markdown().convert('# A page\n\n```example hl_lines="1"\nok.py\n```\n')
    assert out.index('class="hll"') < out.index("hello from the run")  # source, output
    assert re.findall(r"<label[^>]*>(.*?)</label>", out) == []
    (block,) = re.findall(r'class="example-stamp">(.*?)</p>', out)
    assert re.fullmatch(r"ran in [\d.]+ s", block), block  # the rest is the page's
    (page,) = re.findall(r'class="page-stamp">(.*?)</p>', out)
    assert f"CPython {platform.python_version()}" in page and "CPUs" in page


@pytest.mark.memory
def test_render_starts_no_process(tmp_path, monkeypatch) -> None:
    """render() turns hand-made runs into a block: what differs from the build
    is named on the block, what is the same is left to the page's stamp."""
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "x.py").write_text("print('x')\n", encoding="utf-8")
    (fence,) = parse_fences('```example pythons="3.12 3.14 3.99"\nx.py\n```\n', "p.md")
    build = {
        "implementation": "CPython", "version": "3.14.10", "free_threaded": False,
        "gil": True, "system": "Linux", "machine": "x86_64", "cpus": 2, "cpu": "",
        "start_method": "forkserver", "prefixes": [],
    }  # fmt: skip
    older = {**build, "version": "3.12.1", "start_method": "fork"}

    def ran(python: str, text: str) -> Run:
        return Run("x.py", python, 0, text, "", 0.25)

    monkeypatch.setattr(subprocess, "Popen", None)  # no process may start
    out = render(
        fence,
        [
            Outcome("3.12", ran("/a/python3.12", "from 3.12\n"), info=older),
            Outcome("3.14", ran("/a/python3.14", "from 3.14\n"), info=build),
            Outcome("3.99", missing="python3.99"),
        ],
        tmp_path,
        None,
        build,
    )
    assert out.index("print") < out.index("from 3.12") < out.index("from 3.14")
    tabs = re.findall(r'^===\+? "(.*?)"$', out, re.M)
    assert tabs == ["Python 3.12", "Python 3.14", "Python 3.99"]  # output tabs only
    stamps = re.findall(r'class="example-stamp">(.*?)</p>', out)
    assert stamps == [
        "ran in 0.25 s · CPython 3.12.1, GIL enabled · default start method fork",
        "ran in 0.25 s",
    ]
    assert "not run on Python 3.99" in out and "uv python install 3.99" in out


def test_a_missing_first_interpreter_leaves_the_first_output_open(
    tmp_path, monkeypatch
) -> None:
    """The notice for a missing interpreter comes first, the output is open."""
    project = project_with(tmp_path, "", {"ok.py": "print('ran')\n"})
    monkeypatch.chdir(project)
    monkeypatch.delenv("REQUIRE_PYTHONS", raising=False)
    mine = this_version()
    out = plain_markdown().convert(f'```example pythons="3.99 {mine}"\nok.py\n```\n')
    assert opened_tab(out) == f"Python {mine}"


def test_machine_paths_are_shown_relative(tmp_path, monkeypatch) -> None:
    """A traceback names the project's and the interpreter's files by
    absolute path; the page shows them under examples/ and <python>, and
    leaves the rest of the text as printed."""
    body = (
        "import asyncio, sys, warnings\n"
        "print(asyncio.__file__)\n"
        "print(sys.executable)\n"
        "print('/elsewhere/lib/thing.py stays')\n"
        "raise RuntimeError('boom')\n"
    )
    project = project_with(tmp_path, "", {"trace.py": body})
    monkeypatch.chdir(project)
    out = plain_markdown().convert(
        '```example returncode="1" stderr="1"\ntrace.py\n```\n'
    )
    text = html.unescape(re.sub(r"<[^>]+>", "", out))
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert f"<python>/lib/python{version}/asyncio/__init__.py" in text or (
        os.name == "nt" and "<python>" in text
    )
    assert 'File "examples/trace.py", line 5, in <module>' in text.replace("\\", "/")
    assert "/elsewhere/lib/thing.py stays" in text
    assert "RuntimeError: boom" in text
    for path in {str(project), os.path.realpath(project), sys.base_prefix, sys.prefix}:
        assert path not in text, f"{path} is still shown"


def test_two_interpreters_render_two_output_tabs(tmp_path, monkeypatch) -> None:
    versions = [v for v in ("3.11", "3.12", "3.13") if find_python(v)][:2]
    if len(versions) < 2:
        pytest.skip("needs two of python3.11-3.13")
    body = "import sys\nprint('on', sys.version.split()[0])\n"
    project = project_with(tmp_path, "", {"which.py": body})
    monkeypatch.chdir(project)
    monkeypatch.delenv("REQUIRE_PYTHONS", raising=False)
    header = f'pythons="{" ".join(versions)} 3.99"'
    out = plain_markdown().convert(f"```example {header}\nwhich.py\n```\n")
    labels = re.findall(r"<label[^>]*>(.*?)</label>", out)
    assert labels == [*(f"Python {v}" for v in versions), "Python 3.99"]
    assert opened_tab(out) == f"Python {versions[0]}"
    stamps = re.findall(
        r'class="example-stamp">ran in [\d.]+ s · CPython ([\d.]+)', out
    )
    assert [s.rsplit(".", 1)[0] for s in stamps] == versions  # one stamp per run
    assert all(f"on {v}." in out for v in versions)
    assert "not run on Python 3.99" in out and "python3.99" in out  # the notice


def test_an_example_prints_whole_lines_and_its_children_buffer_as_usual(
    tmp_path,
) -> None:
    """The example's stdout is line-buffered (a killed example keeps what it
    printed, and lines from several processes never run together); a Python
    child it starts on a pipe buffers as it would outside the runner."""
    body = (
        "import subprocess, sys\n"
        "print('example', sys.stdout.line_buffering)\n"
        "child = 'import sys; print(sys.stdout.line_buffering)'\n"
        "out = subprocess.run([sys.executable, '-c', child], capture_output=True)\n"
        "print('child', out.stdout.decode().strip())\n"
    )
    result = run(write(tmp_path, "buffering.py", body))
    assert result.stdout == "example True\nchild False\n", result.stdout


def test_prefetch_runs_the_examples_at_once_into_the_cache(
    tmp_path, monkeypatch
) -> None:
    """EXAMPLES_JOBS=2: two examples run side by side before the pages render;
    the pages then read their runs from the cache instead of running them."""
    from example_runner.cache import prefetch
    from example_runner.fences import Fence

    (tmp_path / "examples").mkdir()
    body = "import time\nprint(time.time())\ntime.sleep(2)\nprint(time.time())\n"
    for name in ("one.py", "two.py"):
        write(tmp_path / "examples", name, body)
    monkeypatch.setenv("EXAMPLES_CACHE", str(tmp_path / "cache"))
    fences = [
        Fence(page="p.md", line=n, path=name)
        for n, name in ((1, "one.py"), (5, "two.py"))
    ]
    prefetch(fences, tmp_path, 2)
    assert len(list((tmp_path / "cache").glob("*.json"))) == 2
    spans = []
    for fence in fences:
        stored = cached_run(
            tmp_path / "examples" / fence.path,
            fence.path,
            sys.executable,
            fence.expect,
            tmp_path / "cache",
        )
        spans.append([float(line) for line in stored.stdout.split()])
    (start1, end1), (start2, end2) = spans
    assert start1 < end2 and start2 < end1, spans  # they overlapped


@pytest.mark.memory
def test_a_comment_in_the_runner_keeps_the_cache_and_a_code_change_does_not(
    tmp_path,
) -> None:
    """The cache key covers the runner's code, not its comments: a comment
    added to process.py reruns no example on a cached rebuild."""
    module = write(tmp_path, "process.py", "GRACE = 5.0\n")
    before = cache_module.code_digest(module)
    module.write_text("# the wait after exit\nGRACE = 5.0  # seconds\n")
    assert cache_module.code_digest(module) == before
    module.write_text("GRACE = 0.5\n")
    assert cache_module.code_digest(module) != before
    assert len(cache_module.runner_version()) == 64
