"""Run the site's examples: from the MkDocs build and from the tests.

A page includes an example with a fenced block whose body is its path below
``examples/``::

    ```example
    threads/io_bound.py
    ```

Header options (``key="value"``): ``returncode`` (the exit status the example
is meant to have, default 0; an example meant to fail may write its traceback
to stderr), ``stderr="1"`` (output on stderr is expected and shown; otherwise
any stderr fails the build), ``timeout`` (seconds, default 30) and ``python``
(the interpreter, default the one running the build).

The build runs the file as a script in its own process, in an empty working
directory, and renders Source / Output tabs and a stamp saying where it ran.
Anything unexpected (exit status, stderr, time limit, a process or temporary
file left behind, a missing file) becomes a warning that names the example
and the page, and ``strict: true`` turns it into a failed build.

This module is an MkDocs hook (``hooks:`` in mkdocs.yml) and the tests import
it, so the site and the test suite judge an example by the same rules.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown import Markdown
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
DOCS = REPO / "docs"
DEFAULT_TIMEOUT = 30.0
#: Set to a directory (or "1" for .cache/examples) to reuse the output of an
#: unchanged example; `make serve` does, `make build` and the tests do not.
CACHE_ENV = "EXAMPLES_CACHE"
GRACE = 5.0  # seconds allowed after exit for helper processes to wind down
FENCE_RE = re.compile(
    r"^(?P<indent> *)```example\b(?P<header>[^\n]*)\n(?P<body>.*?)^(?P=indent)```",
    re.M | re.S,
)
OPTION_RE = re.compile(r'(\w+)="([^"]*)"')


class ExampleError(Exception):
    """An example did not behave as its page says it should."""


@dataclass(frozen=True)
class Expect:
    """What the page promises about an example's run."""

    returncode: int = 0
    stderr: bool = False
    timeout: float = DEFAULT_TIMEOUT
    python: str = ""

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> Expect:
        return cls(
            returncode=int(options.get("returncode", 0)),
            stderr=str(options.get("stderr", "")).lower() in {"1", "yes", "true", "on"},
            timeout=float(options.get("timeout", DEFAULT_TIMEOUT)),
            python=str(options.get("python", "")),
        )


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

    def problems(self, expect: Expect) -> list[str]:
        """Everything about this run that breaks the page's promise."""
        found = []
        if self.timed_out:
            found.append(
                f"did not finish within its time limit of {expect.timeout:g} s and was "
                'killed; make it faster or raise timeout="..." on its fence'
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
    lines = [f"examples/{run.path}" + (f" ({where})" if where else "") + ":"]
    lines += [f"  - {problem}" for problem in problems]
    for name, text in (("stderr", run.stderr), ("stdout", run.stdout)):
        if text.strip():
            tail = "\n".join(text.rstrip().splitlines()[-25:])
            lines += [
                f"  --- {name} (last lines) ---",
                *("    " + line for line in tail.splitlines()),
            ]
    lines.append(f"  Reproduce with: {Path(run.python).name} examples/{run.path}")
    return "\n".join(lines)


def resolve_python(python: str = "") -> str:
    """An interpreter given as a path or a command name; default: this one."""
    if not python:
        return sys.executable
    found = shutil.which(python)
    if found is None:
        raise ExampleError(
            f"interpreter {python!r} not found on PATH; install it or change python= on the fence"
        )
    return found


def _clean_env(work: str, extra: dict[str, str] | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "EXAMPLES_", "VIRTUAL_ENV"))
    }
    env.update(
        TMPDIR=work,
        TEMP=work,
        TMP=work,
        LANG="C.UTF-8",
        PYTHONIOENCODING="utf-8",
        PYTHONDONTWRITEBYTECODE="1",
        NO_COLOR="1",
        COLUMNS="100",
    )
    env.update(extra or {})
    return env


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill(proc: subprocess.Popen[str]) -> None:
    """Kill an example and every process it started."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    else:
        proc.kill()


def run_example(
    path: str,
    *,
    python: str = "",
    timeout: float = DEFAULT_TIMEOUT,
    env: dict[str, str] | None = None,
    root: Path = EXAMPLES,
) -> Run:
    """Run ``examples/<path>`` as a script in a fresh process and directory."""
    script = root / path
    if not script.is_file():
        raise ExampleError(
            f"examples/{path} does not exist; fix the path in the page or add the file"
        )
    interpreter = resolve_python(python)
    posix = os.name == "posix"
    with tempfile.TemporaryDirectory(prefix="example-") as work:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [interpreter, str(script)],
            cwd=work,
            env=_clean_env(work, env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=posix,
        )
        # Read the pipes in threads: a child left behind keeps them open, and
        # that must not stall the run until the time limit.
        captured: dict[str, str] = {}
        readers = [
            threading.Thread(
                target=lambda n=name, f=stream: captured.__setitem__(n, f.read()),
                daemon=True,
            )
            for name, stream in (("stdout", proc.stdout), ("stderr", proc.stderr))
        ]
        for reader in readers:
            reader.start()
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill(proc)
            proc.wait()
        seconds = time.perf_counter() - start
        leftovers = []
        deadline = time.monotonic() + GRACE
        while True:
            alive = posix and _group_alive(proc.pid)
            files = sorted(os.listdir(work))
            if not (alive or files) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if alive:
            _kill(proc)
            leftovers.append(
                f"processes still running {GRACE:g} s after it exited (killed now)"
            )
        if files:
            leftovers.append(
                f"files in its working or temporary directory: {', '.join(files[:5])}"
            )
        for reader in readers:
            reader.join(timeout=GRACE)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
        stdout, stderr = captured.get("stdout", ""), captured.get("stderr", "")
    return Run(
        path,
        interpreter,
        proc.returncode,
        stdout,
        stderr,
        seconds,
        timed_out,
        leftovers,
    )


_INFO_SCRIPT = """
import json, multiprocessing, os, platform, sys, sysconfig
cpu = ""
try:
    for line in open("/proc/cpuinfo", encoding="utf-8"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    cpu = platform.processor()
count = getattr(os, "process_cpu_count", os.cpu_count)()
print(json.dumps({
    "implementation": platform.python_implementation(),
    "version": platform.python_version(),
    "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    "gil": getattr(sys, "_is_gil_enabled", lambda: True)(),
    "system": platform.system(),
    "machine": platform.machine(),
    "cpus": count,
    "cpu": cpu,
    "start_method": multiprocessing.get_start_method(),
}))
"""


@cache
def interpreter_info(python: str) -> dict[str, Any]:
    """Facts for the stamp, asked of the interpreter that runs the examples."""
    out = subprocess.run(
        [python, "-c", _INFO_SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout)


def stamp(run: Run) -> str:
    info = interpreter_info(run.python)
    gil = "GIL enabled" if info["gil"] else "GIL disabled (free-threaded)"
    parts = [
        f"ran in {run.seconds:.2f} s",
        f"{info['implementation']} {info['version']}, {gil}",
        f"{info['system']} {info['machine']}, {info['cpus']} CPUs"
        + (f" ({info['cpu']})" if info["cpu"] else ""),
        f"default start method {info['start_method']}",
    ]
    if run.returncode:
        parts.insert(1, f"exit status {run.returncode}")
    return " · ".join(html.escape(part) for part in parts)


# ---------------------------------------------------------------- the cache


def _cache_dir() -> Path | None:
    value = os.environ.get(CACHE_ENV, "")
    if value in {"", "0"}:
        return None
    return REPO / ".cache" / "examples" if value == "1" else Path(value)


def _cache_key(path: str, python: str, expect: Expect) -> str:
    info = interpreter_info(python)
    blob = (EXAMPLES / path).read_bytes() + json.dumps(
        [python, info, asdict(expect)]
    ).encode()
    return hashlib.sha256(blob).hexdigest()


def cached_run(path: str, expect: Expect, cache: Path | None = None) -> Run:
    """Run an example, or reuse the run of identical source when caching is on.

    ``cache`` is the directory of stored runs; by default, EXAMPLES_CACHE's.
    """
    python = resolve_python(expect.python)
    directory = cache or _cache_dir()
    key = (
        _cache_key(path, python, expect)
        if directory and (EXAMPLES / path).is_file()
        else ""
    )
    if directory and key and (directory / f"{key}.json").is_file():
        return Run(
            **json.loads((directory / f"{key}.json").read_text(encoding="utf-8"))
        )
    run = run_example(path, python=python, timeout=expect.timeout)
    if directory and key and not run.problems(expect):
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{key}.json").write_text(
            json.dumps(asdict(run)), encoding="utf-8"
        )
    return run


# ---------------------------------------------------- finding the fences


@dataclass(frozen=True)
class Fence:
    page: str  # relative to docs/
    line: int
    path: str
    expect: Expect


def _parse(text: str) -> list[tuple[int, str, dict[str, str]]]:
    """(line, path, options) of each ``example`` fence in a page's Markdown."""
    return [
        (
            text.count("\n", 0, m.start()) + 1,
            m["body"].strip(),
            dict(OPTION_RE.findall(m["header"])),
        )
        for m in FENCE_RE.finditer(text)
    ]


def find_fences(docs: Path = DOCS) -> list[Fence]:
    """Every ``example`` fence in the Markdown pages, in page order."""
    return [
        Fence(
            page.relative_to(docs).as_posix(), line, path, Expect.from_options(options)
        )
        for page in sorted(docs.rglob("*.md"))
        for line, path, options in _parse(page.read_text(encoding="utf-8"))
    ]


# ------------------------------------------------------------ MkDocs hook

_current: dict[str, Any] = {"page": None, "markdown": ""}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault(
        "custom_fences", []
    )
    fences.append(
        {
            "name": "example",
            "class": "example",
            "validator": _validate,
            "format": _format,
        }
    )
    config.watch.append(str(EXAMPLES))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Publish each example next to the pages, for the download links."""
    from mkdocs.structure.files import File

    for script in sorted(EXAMPLES.rglob("*.py")):
        uri = script.relative_to(REPO).as_posix()
        files.append(File.generated(config, uri, abs_src_path=str(script)))
    return files


def on_page_markdown(markdown: str, page: Page, **_: Any) -> str:
    _current.update(page=page, markdown=markdown)
    return markdown


def _where(path: str) -> str:
    """The page, and the line of the fence, that included an example."""
    page = _current["page"]
    if page is None:
        return ""
    lines = [line for line, body, _ in _parse(_current["markdown"]) if body == path]
    return f"included from docs/{page.file.src_uri}" + (f":{lines[0]}" if lines else "")


def _validate(
    language: str,
    inputs: dict[str, str],
    options: dict[str, Any],
    attrs: dict[str, Any],
    md: Markdown,
) -> bool:
    from markdown_exec import validator

    inputs.setdefault("exec", "1")
    return validator(language, inputs, options, attrs, md)


def _format(
    source: str,
    language: str,
    css_class: str,
    options: dict[str, Any],
    md: Markdown,
    **kwargs: Any,
) -> str:
    from markdown_exec import base_format

    return base_format(language=language, run=_render, code=source, md=md, **options)


def _download_href(path: str) -> str:
    page = _current["page"]
    target = f"examples/{path}"
    if page is None:
        return target
    url = page.url
    base = url if url.endswith("/") or not url else posixpath.dirname(url)
    return posixpath.relpath(target, base or ".")


def _render(code: str, returncode: int = 0, **extra: Any) -> str:
    """Run one fenced example and return the Markdown that shows it."""
    from markdown_exec import ExecutionError, code_block, tabbed

    path = code.strip()
    expect = Expect.from_options({**extra, "returncode": returncode})
    where = _where(path)
    try:
        run = cached_run(path, expect)
        run.check(expect, where)
    except ExampleError as error:
        message = str(error)
        if where and where not in message:  # a missing file or interpreter
            message = f"{message} ({where})"
        raise ExecutionError(message) from None
    source = (EXAMPLES / path).read_text(encoding="utf-8").rstrip("\n")
    command = f"python examples/{path}"
    run_line = (
        f"[:material-download: Download {Path(path).name}]({_download_href(path)}){{ download }}"
        f" · run it with `{command}`\n{{: .example-run }}"
    )
    stdout = run.stdout.rstrip("\n") or "(no output)"
    if run.stderr.strip():
        output = code_block("text", stdout, title="stdout") + "\n\n"
        output += code_block("text", run.stderr.rstrip("\n"), title="stderr")
    else:
        output = code_block("text", stdout)
    tabs = tabbed(
        (
            "Source",
            code_block("python", source, title=f"examples/{path}", linenums="1")
            + "\n\n"
            + run_line,
        ),
        ("Output", output),
    )
    return f'<div class="example" data-example="{html.escape(path)}" markdown="1">\n\n{tabs}\n\n<p class="example-stamp">{stamp(run)}</p>\n\n</div>'
