"""Checks on the GitHub Actions workflows in .github/workflows/.

Two linters do most of the work, offline: zizmor, in its strictest (auditor)
persona, audits pinning, permissions and their comments, checkouts that keep
the token, ``${{ }}`` in ``run:``, triggers, missing concurrency and more; and
check-jsonschema validates against GitHub's workflow schema. The other tests
check what neither can know: this project's promises about what runs where.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from project import FENCES, ROOT, VERSIONS

from example_runner.pythons import build_version, named_versions

pytestmark = pytest.mark.memory

WORKFLOWS = ROOT / ".github" / "workflows"

# ci.yml tests every version on every OS, plus free-threaded CPython on Linux.
OSES = ["ubuntu-latest", "macos-latest", "windows-latest"]
TEST_MATRIX = {*itertools.product(OSES, ["3.11", "3.12", "3.13", "3.14", "3.15"])}
TEST_MATRIX.add(("ubuntu-latest", "3.14t"))
EXAMPLE_PYTHONS = set(VERSIONS)  # the example matrix (tests/project.py)
# Every site build installs what the pages name, and runs on build-python's
# (pyproject.toml).
SITE_PYTHONS = set(named_versions(ROOT))
SITE_BUILD_PYTHON = build_version(ROOT)
# workflow: (its `on:`, cancel a run in progress?, the action that uploads site/)
PROMISES = {
    "ci.yml": ({"push": None, "pull_request": None}, True, "upload-artifact"),
    "pages.yml": ({"push": {"branches": ["main"]}}, False, "upload-pages-artifact"),
}
ALL = sorted(path.name for path in WORKFLOWS.glob("*.y*ml"))


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(step: dict, action: str) -> bool:
    """Whether a step uses actions/<action> (or a part of it, like cache/save)."""
    return re.match(f"actions/{action}[@/]", str(step.get("uses", ""))) is not None


def versions(setup_python: dict) -> list[str]:
    """A setup-python step's python-version list; the last one is `python`."""
    return [v.strip() for v in str(setup_python["with"]["python-version"]).splitlines()]


def tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which(name, path=Path(sys.executable).parent)
    assert exe, f"{name} is a test dependency; run `make venv` to install it"
    return subprocess.run([exe, *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("name", ALL)
def test_zizmor_finds_nothing(name: str) -> None:
    options = ["--offline", "--persona=auditor", "--no-progress", "--color=never"]
    proc = tool("zizmor", *options, str(WORKFLOWS / name))
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", ALL)
def test_matches_the_github_workflow_schema(name: str) -> None:
    schema = ["--builtin-schema", "vendor.github-workflows"]
    proc = tool("check-jsonschema", *schema, str(WORKFLOWS / name))
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", ALL)
def test_pinned_actions_name_their_release(name: str) -> None:
    # zizmor checks the pin; a reader also needs the "# vX.Y.Z" beside it.
    for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines():
        if re.match(r"\s*(- )?uses: ", line):
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


@pytest.mark.parametrize("name", PROMISES)
def test_triggers_and_concurrency(name: str) -> None:
    on, cancel, _ = PROMISES[name]
    doc = load(name)
    assert doc.get("on", doc.get(True)) == on  # YAML 1.1 reads `on` as True
    assert doc["concurrency"]["cancel-in-progress"] is cancel


@pytest.mark.parametrize("name", PROMISES)
def test_site_build(name: str) -> None:
    # One job builds the site, with `make build` (strict: see the test above).
    jobs = load(name)["jobs"].values()
    [(job, build)] = [
        (j, s) for j in jobs for s in steps(j) if s.get("run") == "make build"
    ]
    [setup] = [s for s in steps(job) if uses(s, "setup-python")]
    assert set(versions(setup)) == SITE_PYTHONS
    # every interpreter a page's fence names is installed (REQUIRE_PYTHONS=1)
    named = {version for fence in FENCES for version in fence.pythons}
    assert named <= SITE_PYTHONS, f"pages name {sorted(named - SITE_PYTHONS)}"
    # The build interpreter: python3.X, or the path of the last version listed.
    python = build["env"]["VENV_PYTHON"]
    if python == f"${{{{ steps.{setup.get('id')}.outputs.python-path }}}}":
        python = f"python{versions(setup)[-1]}"
    assert python == f"python{SITE_BUILD_PYTHON}"
    assert build["env"].get("REQUIRE_PYTHONS") == "1"
    uploads = [s["with"]["path"] for s in steps(job) if uses(s, PROMISES[name][2])]
    assert uploads == ["site/"]


def test_pages_has_no_dependency_cache() -> None:
    # zizmor's cache-poisoning audit does not count a Pages deploy as publishing.
    for job in load("pages.yml")["jobs"].values():
        for step in steps(job):
            assert not uses(step, "cache") and "cache" not in step.get("with", {})


@pytest.mark.parametrize("name", PROMISES)
def test_only_the_pages_deploy_job_writes(name: str) -> None:
    # zizmor accepts a job's `contents: write`, say, if a comment says why.
    for job_name, job in load(name)["jobs"].items():
        writes = {k for k, v in job.get("permissions", {}).items() if v == "write"}
        if any(uses(s, "deploy-pages") for s in steps(job)):
            assert (name, writes) == ("pages.yml", {"pages", "id-token"})
            assert job["if"] == "github.ref == 'refs/heads/main'"
            assert job["needs"] and job["environment"]["name"] == "github-pages"
        else:
            assert not writes, f"{name}: job {job_name} writes {writes}"


def test_ci_tests_every_python_on_every_os() -> None:
    job = load("ci.yml")["jobs"]["test"]
    assert job["runs-on"] == "${{ matrix.os }}"
    assert job["strategy"]["fail-fast"] is False
    # What GitHub runs: every combination of the axes (there is no `exclude`),
    # plus each `include` entry that matches none of them.
    axes = dict(job["strategy"]["matrix"])
    include = axes.pop("include", [])
    assert "exclude" not in axes
    runs = [dict(zip(axes, v, strict=True)) for v in itertools.product(*axes.values())]
    runs += [
        x
        for x in include
        if not any(all(run[k] == x[k] for k in axes if k in x) for run in runs)
    ]
    assert {(run["os"], run["python-version"]) for run in runs} == TEST_MATRIX
    [setup] = [s for s in steps(job) if uses(s, "setup-python")]
    assert versions(setup)[-1] == "${{ matrix.python-version }}"  # runs the suite
    assert set(versions(setup)) >= EXAMPLE_PYTHONS
    assert setup["with"]["allow-prereleases"] is True  # 3.15 is a pre-release


@pytest.mark.parametrize(
    ("runner", "require_all", "browser"),
    [("Linux", "1", True), ("macOS", "1", False), ("Windows", None, False)],
)
def test_ci_test_step(runner: str, require_all: str | None, browser: bool) -> None:
    job = load("ci.yml")["jobs"]["test"]
    [step] = [s for s in steps(job) if "run" in s and runner in s.get("if", "")]
    env = step.get("env", {})
    # A missing example interpreter fails the run (Windows has no python3.X).
    assert env.get("REQUIRE_ALL_PYTHONS") == require_all
    # Browser tests need Chromium, which only the Linux runner has.
    assert ("not browser" not in f"{step['run']} {env}") is browser
    assert ("make test" in step["run"]) is (runner != "Windows")


def test_ci_runs_the_free_threaded_checks_with_the_gil_off() -> None:
    # A job of its own, not allowed to fail quietly, that runs the chapter's
    # output checks with REQUIRE_FREE_THREADED=1: a missing python3.14t, or
    # one with the GIL on, then fails them (tests/conftest.py).
    job = load("ci.yml")["jobs"]["free-threaded"]
    assert "continue-on-error" not in job
    [setup] = [s for s in steps(job) if uses(s, "setup-python")]
    assert "3.14t" in versions(setup)
    named = {
        v for f in FENCES if f.path.startswith("free_threading/") for v in f.pythons
    }
    assert named <= set(versions(setup)), "every interpreter the chapter names"
    [run] = [s for s in steps(job) if "test_free_threading.py" in s.get("run", "")]
    assert run["env"]["REQUIRE_FREE_THREADED"] == "1"
