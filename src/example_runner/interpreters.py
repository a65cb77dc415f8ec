"""Find the interpreters an example runs on, and ask each for its stamp.

A fence names versions (``pythons="3.11 3.14t"``); each is found as the
command ``python3.11`` or ``python3.14t`` among the interpreters the project
installed (:mod:`.pythons`, in the user's cache), on PATH or in pyenv, and
checked: a command that answers with another version, or a GIL build for
``3.14t``, does not count. No version means the interpreter that runs the
build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "PYTHONS_DIR",
    "VERSION_RE",
    "find_python",
    "interpreter_info",
    "this_version",
    "version_of",
]

#: Where :mod:`.pythons` installs interpreters and links them as bin/pythonX.Y.
PYTHONS_DIR = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "concurrency-models-in-python"
    / "pythons"
)

VERSION_RE = re.compile(r"^3\.\d+t?$")
_ASK = (
    "import os, sys, sysconfig; print('%d.%d' % sys.version_info[:2]"
    " + ('t' if sysconfig.get_config_var('Py_GIL_DISABLED') else ''));"
    " print(os.path.realpath(getattr(sys, '_base_executable', sys.executable)))"
)


def this_version() -> str:
    """The build interpreter's version as a fence names it: "3.11", "3.14t"."""
    free = "t" if sysconfig.get_config_var("Py_GIL_DISABLED") else ""
    return f"{sys.version_info.major}.{sys.version_info.minor}{free}"


def version_of(python: str, *, executable: bool = False) -> str | None:
    """The version ``python`` answers with ("3.14t"), or with ``executable``
    the real path of its interpreter (outside any virtual environment)."""
    try:
        out = subprocess.run(
            [python, "-c", _ASK], capture_output=True, text=True, timeout=60, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.stdout.split("\n")
    return lines[1 if executable else 0].strip() if len(lines) > 1 else None


def _pyenv_candidates(version: str) -> list[str]:
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return []
    try:
        root = subprocess.run(
            [pyenv, "root"], capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return []
    base = version.rstrip("t")
    found = sorted(
        Path(root, "versions").glob(f"{base}.*/bin/python{version}"), reverse=True
    )
    return [str(path) for path in found]


@cache
def find_python(version: str = "") -> str | None:
    """The interpreter for ``version`` ("3.12", "3.14t"); "" is this one."""
    if not version or version == this_version():
        return sys.executable
    candidates = [
        str(PYTHONS_DIR / "bin" / f"python{version}"),
        shutil.which(f"python{version}") or "",
        *_pyenv_candidates(version),
    ]
    for candidate in filter(None, candidates):
        if version_of(candidate) == version:
            return candidate
    return None


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
    "prefixes": sorted(
        {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    ),
}))
"""


@cache
def interpreter_info(python: str) -> dict[str, Any]:
    """Facts for the stamp, asked of the interpreter that runs the examples,
    and where it is installed (``prefixes``), for :func:`~.render.shown`."""
    out = subprocess.run(
        [python, "-c", _INFO_SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout)
