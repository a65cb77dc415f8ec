"""Install every interpreter the pages name, into the user's cache.

``make`` runs this before anything else (``python -m example_runner.pythons``;
it needs only the standard library, so it runs before the virtual
environment exists). The versions come from the fences' ``pythons=`` and
``build-python`` in pyproject.toml (the build's own interpreter), never
from a list kept by hand. For each version, in order:

1. one already there: on PATH, in pyenv, in this cache, or managed by uv;
2. ``uv python install`` (Linux, macOS, Windows; it has free-threaded builds),
   into this cache, where uv can download;
3. on Debian-family Linux, as root, Debian's own build from a minimal sid tree
   (debootstrap) in this cache, each interpreter patched (patchelf) to load
   that tree's C library, so it runs on the host with the host's paths;
4. otherwise it is reported missing, with the command that installs it.

Each interpreter found or installed is linked as ``<cache>/bin/pythonX.Y``,
where :func:`~.interpreters.find_python` looks first. A second run finds
everything in place and starts nothing but one version check per
interpreter. A version that no route could install is not tried again for a
day (``PYTHONS_RETRY=1`` tries at once); the summary says so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from .fences import find_fences
from .interpreters import PYTHONS_DIR, find_python, version_of

__all__ = [
    "build_version",
    "ensure",
    "install_command",
    "missing_summary",
    "named_versions",
]

PROJECT = Path(__file__).resolve().parents[2]
BIN = PYTHONS_DIR / "bin"
UV_DIR = PYTHONS_DIR / "uv"  # uv's managed interpreters (UV_PYTHON_INSTALL_DIR)
DEBIAN_ROOT = PYTHONS_DIR / "debian-sid"
UNAVAILABLE = PYTHONS_DIR / "unavailable.json"
RETRY_AFTER = 24 * 3600.0
#: Where the build's own interpreter is written for `make` (uv sync --python).
BUILD_PYTHON = PYTHONS_DIR / "build-python"


def log(message: str) -> None:
    print(f"pythons: {message}", file=sys.stderr, flush=True)


def build_version(project: Path = PROJECT) -> str:
    """The version the site builds on (``build-python`` in pyproject.toml)."""
    with (project / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["tool"]["example-runner"]["build-python"])


def named_versions(project: Path = PROJECT) -> list[str]:
    """Every version a page's fence names, and the build's own."""
    named = {v for fence in find_fences(project / "docs") for v in fence.pythons}
    named.add(build_version(project))
    return sorted(named, key=lambda v: (tuple(map(int, v.rstrip("t").split("."))), v))


def install_command(version: str) -> str:
    """The command a reader runs to get ``version`` where this build lacks it."""
    return f"uv python install {version}"


def _link(version: str, python: str) -> None:
    real = version_of(python, executable=True)
    if real is None:
        return
    BIN.mkdir(parents=True, exist_ok=True)
    link = BIN / f"python{version}"
    if link.is_symlink() and os.readlink(link) == real:
        return
    tmp = link.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(real)
    tmp.replace(link)


def _uv() -> str | None:
    return os.environ.get("UV") or shutil.which("uv")


def _uv_env() -> dict[str, str]:
    return {**os.environ, "UV_PYTHON_INSTALL_DIR": str(UV_DIR)}


def _uv_managed(version: str) -> str | None:
    """An interpreter uv manages, in its default place or in this cache."""
    uv = _uv()
    if uv is None:
        return None
    for env in (dict(os.environ), _uv_env()):
        try:
            out = subprocess.run(
                [
                    uv,
                    "python",
                    "find",
                    "--managed-python",
                    "--no-python-downloads",
                    version,
                ],
                capture_output=True,
                text=True,
                timeout=60,
                env=env,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        found = out.stdout.strip()
        if out.returncode == 0 and found and version_of(found) == version:
            return found
    return None


def _uv_install(versions: list[str]) -> None:
    uv = _uv()
    if uv is None or not versions:
        return
    log(f"uv python install {' '.join(versions)}")
    try:
        out = subprocess.run(
            [uv, "python", "install", *versions],
            capture_output=True,
            text=True,
            timeout=900,
            env=_uv_env(),
        )
    except (OSError, subprocess.SubprocessError) as error:
        log(f"uv could not install them: {error}")
        return
    if out.returncode:
        last = (out.stderr.strip().splitlines() or ["(no message)"])[-1]
        log(f"uv could not install them: {last}")


def _debian_possible() -> str:
    """Why Debian's packages cannot be used here, or "" when they can."""
    if platform.system() != "Linux" or not Path("/etc/debian_version").exists():
        return "not Debian-family Linux"
    if os.geteuid() != 0:
        return "not root"
    if platform.machine() != "x86_64":
        return f"{platform.machine()} is not handled"
    return ""


def _run(*command: str, log_to: Path | None = None) -> None:
    out = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if log_to is not None:
        log_to.write_text(out.stdout + out.stderr, encoding="utf-8")
    if out.returncode:
        tail = "\n".join((out.stdout + out.stderr).strip().splitlines()[-10:])
        raise RuntimeError(f"{' '.join(command)} failed:\n{tail}")


def _apt_install_host(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        log(f"apt-get install {' '.join(missing)}")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *missing],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )


def _mirror() -> str:
    for sources in sorted(Path("/etc/apt/sources.list.d").glob("*.sources")):
        if found := re.search(r"^URIs:\s*(\S+)", sources.read_text(), re.M):
            return found[1]
    with_deb = Path("/etc/apt/sources.list")
    text = with_deb.read_text() if with_deb.exists() else ""
    if found := re.search(r"^deb\s+(\S+)", text, re.M):
        return found[1]
    return "http://deb.debian.org/debian"


def _debian_install(versions: list[str]) -> None:
    """Debian sid's builds of ``versions`` (GIL builds only), where it has them."""
    root = DEBIAN_ROOT
    apt = ("apt-get", "-o", "Acquire::Check-Valid-Until=false")
    _apt_install_host("debootstrap", "patchelf")
    if not (root / "usr/bin/apt-get").exists():
        log(f"debootstrap a minimal Debian sid tree into {root} (about a minute)")
        shutil.rmtree(root, ignore_errors=True)
        root.parent.mkdir(parents=True, exist_ok=True)
        _run(
            "debootstrap", "--variant=minbase", "sid", str(root), _mirror(),
            log_to=root.parent / "debootstrap.log",
        )  # fmt: skip
        _run("chroot", str(root), *apt, "update", "-qq")
    have = []
    for version in versions:
        policy = subprocess.run(
            ["chroot", str(root), "apt-cache", "policy", f"python{version}"],
            capture_output=True,
            text=True,
        ).stdout
        if "Candidate:" in policy and "Candidate: (none)" not in policy:
            have.append(version)
    if not have:
        log(f"Debian sid has no python{', python'.join(versions)}")
        return
    packages = [p for v in have for p in (f"python{v}", f"python{v}-venv")]
    log(f"Debian sid: apt-get install {' '.join(packages)}")
    _run(
        "chroot", str(root), "env", "DEBIAN_FRONTEND=noninteractive", *apt,
        "install", "-y", "-qq", "--no-install-recommends", *packages,
    )  # fmt: skip
    lib = root / "usr/lib/x86_64-linux-gnu"
    for version in have:
        binary = root / f"usr/bin/python{version}"
        _run(
            "patchelf", "--set-interpreter", str(lib / "ld-linux-x86-64.so.2"),
            "--force-rpath", "--set-rpath", f"{lib}:{root}/lib/x86_64-linux-gnu",
            str(binary),
        )  # fmt: skip
        # Debian's ensurepip reads its wheels from an absolute path: point it
        # into the tree, so that `python3.X -m venv` gets the tree's pip.
        for data in (root / f"usr/lib/python{version}").glob("_sysconfigdata_*.py"):
            wheels = "/usr/share/python-wheels/"
            text = data.read_text(encoding="utf-8")
            text = text.replace(f"'{wheels}", f"'{root}{wheels}")
            data.write_text(text, encoding="utf-8")
        if version_of(str(binary)) == version:
            _link(version, str(binary))


def _unavailable() -> dict[str, float]:
    try:
        return {k: float(v) for k, v in json.loads(UNAVAILABLE.read_text()).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def ensure(versions: list[str]) -> dict[str, str | None]:
    """Find or install each version: its interpreter, or None if none could be had."""
    found: dict[str, str | None] = {}
    for version in versions:
        python = find_python(version) or _uv_managed(version)
        if python:
            _link(version, python)
        found[version] = python
    tried = _unavailable()
    retry = os.environ.get("PYTHONS_RETRY") == "1"
    to_install = [
        v
        for v, python in found.items()
        if python is None and (retry or time.time() - tried.get(v, 0) > RETRY_AFTER)
    ]
    if to_install:
        _uv_install(to_install)
        left = []
        for version in to_install:
            if python := _uv_managed(version):
                _link(version, python)
            else:
                left.append(version)
        gil_builds = [v for v in left if not v.endswith("t")]
        why_not = _debian_possible()
        if gil_builds and why_not:
            log(f"Debian's packages not tried: {why_not}")
        elif gil_builds:
            try:
                _debian_install(gil_builds)
            except (RuntimeError, OSError, subprocess.SubprocessError) as error:
                log(f"Debian's packages could not be installed: {error}")
        find_python.cache_clear()
        for version in to_install:
            found[version] = find_python(version)
            if found[version] is None:
                tried[version] = time.time()
            else:
                tried.pop(version, None)
        PYTHONS_DIR.mkdir(parents=True, exist_ok=True)
        UNAVAILABLE.write_text(json.dumps(tried), encoding="utf-8")
    return found


def missing_summary(missing: list[str]) -> str:
    """One paragraph naming each missing version and the command that installs it."""
    if not missing:
        return ""
    lines = [f"  python{v}: {install_command(v)}" for v in missing]
    return (
        'Not installed here, so their tabs say "Not run here" and their tests '
        "skip:\n" + "\n".join(lines) + "\n(make tries again after a day, or at "
        "once with PYTHONS_RETRY=1.)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m example_runner.pythons", description=__doc__.splitlines()[0]
    )
    parser.add_argument("versions", nargs="*", help="default: every version named")
    args = parser.parse_args(argv)
    versions = args.versions or named_versions()
    found = ensure(versions)
    build = build_version()
    PYTHONS_DIR.mkdir(parents=True, exist_ok=True)
    # The virtual environment's interpreter: the build version where it could
    # be had, else the one running this (the summary names what is missing).
    build_python = found.get(build) or sys.executable
    BUILD_PYTHON.write_text(build_python + "\n", encoding="utf-8")
    missing = [v for v, python in found.items() if python is None]
    ready = [v for v, python in found.items() if python]
    log(f"ready: python{', python'.join(ready)} (in {BIN} and on PATH under make)")
    if missing:
        log(missing_summary(missing))
    if build in missing:
        log(f"the site builds on {sys.executable} instead of python{build}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
