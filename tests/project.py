"""The project as the tests see it: its paths, its pages' fences, its builds."""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from example_runner import Fence, find_fences, find_python
from example_runner.pythons import install_command, named_versions

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*.py"))
FENCES = find_fences(DOCS)
#: The first fence that includes each example: what its page promises.
FENCE_OF: dict[str, Fence] = {}
for _fence in FENCES:
    FENCE_OF.setdefault(_fence.path, _fence)

#: The Pythons the examples are tested on: every GIL build a page names (make
#: installs them). The free-threaded build has its own checks (conftest.py).
VERSIONS = tuple(v for v in named_versions(ROOT) if not v.endswith("t"))
#: Set to "1" (.ci/run and the workflows do) to fail, not skip, a test that
#: needs one of VERSIONS where this machine lacks it.
REQUIRE_ALL_ENV = "REQUIRE_ALL_PYTHONS"


def python_or_skip(version: str) -> str:
    """The interpreter for ``version``; missing, the test skips naming it and
    the command that installs it, or fails under REQUIRE_ALL_PYTHONS=1."""
    python = find_python(version)
    if python is None:
        message = f"python{version} is not on this machine (install: {install_command(version)})"
        if os.environ.get(REQUIRE_ALL_ENV) == "1" and not version.endswith("t"):
            pytest.fail(f"{message}, and {REQUIRE_ALL_ENV}=1 requires it")
        pytest.skip(message)
    return python


#: PEP 723's reference expression for a metadata block in a script.
SCRIPT_BLOCK = re.compile(
    r"(?m)^# /// (?P<type>[a-zA-Z0-9-]+)$\s(?P<content>(^#(| .*)$\s)+)^# ///$"
)


def script_dependencies(script: Path) -> list[str] | None:
    """The ``dependencies`` of a script's PEP 723 block; None without one."""
    source = script.read_text(encoding="utf-8")
    for block in SCRIPT_BLOCK.finditer(source):
        if block["type"] == "script":
            lines = block["content"].splitlines(keepends=True)
            toml = "".join(
                line[2:] if line.startswith("# ") else line[1:] for line in lines
            )
            return list(tomllib.loads(toml).get("dependencies", []))
    return None


def normalize(name: str) -> str:
    """A distribution's name as PyPI compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    return normalize(Requirement(requirement).name)


def declared_distributions(dependencies: list[str]) -> set[str]:
    """The distributions that installing ``dependencies`` asks for by name:
    each requirement, and for one with extras (``dask[distributed]``) the
    requirements those extras add, read from the installed metadata."""
    names = set()
    for dependency in map(Requirement, dependencies):
        names.add(normalize(dependency.name))
        try:
            requires = importlib.metadata.requires(dependency.name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for extra in dependency.extras:
            for required in map(Requirement, requires):
                marker = required.marker
                if (
                    marker
                    and "extra" in str(marker)
                    and marker.evaluate({"extra": extra})
                ):
                    names.add(normalize(required.name))
    return names


def examples_group() -> list[str]:
    """pyproject.toml's dependency group of the examples' packages."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["dependency-groups"]["examples"]


KERNEL_PORT_RACE = re.compile(
    r"ZMQError: Address already in use.*Kernel died before replying", re.S
)
COPY_IGNORE = shutil.ignore_patterns(
    ".venv",
    ".git",
    "site",
    ".cache",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "test-artifacts",
)


def copy_project(to: Path) -> Path:
    shutil.copytree(ROOT, to, ignore=COPY_IGNORE)
    return to


@dataclass
class Build:
    site: Path
    returncode: int
    log: str


def site_build(
    project: Path, site: Path, cache: Path, *, builder: str = "mkdocs", **env: str
) -> Build:
    """``mkdocs build --strict`` (or ``zensical build``) of ``project``.

    ``cache`` holds the runs of unchanged examples and the executed notebook
    (as `make serve` keeps them), so a copy of the project only re-runs what
    it changed. It starts empty in each test session, so the session's first
    build runs everything afresh.
    """
    environ = {
        **os.environ,
        "EXAMPLES_CACHE": str(cache),
        # mkdocs-jupyter keys its cache on the notebook's bytes: a changed
        # notebook runs again, an unchanged one is not run in every copy.
        "NOTEBOOK_CACHE": "true",
        "NOTEBOOK_CACHE_DIR": str(cache / "notebooks"),
        "NO_MKDOCS_2_WARNING": "1",
        **env,
    }
    if builder == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
        command += [
            "--config-file",
            str(project / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ]
    else:  # Zensical writes to site/ beside mkdocs.yml; --clean drops its page cache
        command = [sys.executable, "-m", "zensical", "build", "--clean"]
        command += ["--config-file", str(project / "mkdocs.yml")]
        site = project / "site"
    for _attempt in range(2):
        out = subprocess.run(
            command,
            cwd=project,
            env=environ,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        log = out.stdout + out.stderr
        # jupyter_client picks five free ports for the notebook's kernel, then
        # lets go of them before the kernel binds them; an example of another
        # test worker can take one in between. Build again once if that race,
        # and nothing else, is what failed.
        if not (out.returncode and KERNEL_PORT_RACE.search(log)):
            break
    return Build(site, out.returncode, log)


@contextlib.contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """Hold a lock file (POSIX); elsewhere the tests run in one process."""
    try:
        import fcntl
    except ImportError:  # Windows: no pytest-xdist workers there
        yield
        return
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
