"""Find the Python interpreters the examples are tested on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

VERSIONS = ("3.11", "3.12", "3.13")


def _version_of(python: str) -> str | None:
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


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
    found = sorted(
        Path(root, "versions").glob(f"{version}.*/bin/python{version}"), reverse=True
    )
    return [str(path) for path in found]


@cache
def find_python(version: str) -> str | None:
    """An interpreter for ``version`` ("3.12"): this one, on PATH, or from pyenv."""
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return sys.executable
    candidates = [shutil.which(f"python{version}") or "", *_pyenv_candidates(version)]
    for candidate in filter(None, candidates):
        if _version_of(candidate) == version:
            return candidate
    return None
