"""Checks on the GitHub Actions workflows in .github/workflows/.

Every workflow file must:

* pass ``zizmor --offline`` (a security linter for GitHub Actions) with zero
  findings;
* validate against GitHub's workflow schema with
  ``check-jsonschema --builtin-schema vendor.github-workflows``;
* keep the properties a reader relies on: no default token permissions, every
  action pinned to a commit, a concurrency group, checkouts that drop the
  token, no ``${{ }}`` inside ``run:``.

On top of that the CI workflow must test 3.11 to 3.15 on Linux, macOS and
Windows plus free-threaded 3.14t on Linux, and the Pages workflow must deploy
from main only, with no dependency cache.

zizmor and check-jsonschema are installed into the same environment as pytest
(they are test dependencies). Both run offline: zizmor is told so with
``--offline`` and check-jsonschema uses the schema vendored in its package.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from interpreters import VERSIONS as INTERPRETER_VERSIONS

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOWS = sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])
CI = WORKFLOWS_DIR / "ci.yml"
PAGES = WORKFLOWS_DIR / "pages.yml"

OPERATING_SYSTEMS = ("ubuntu-latest", "macos-latest", "windows-latest")
PYTHON_VERSIONS = ("3.11", "3.12", "3.13", "3.14", "3.15")
FREE_THREADED = "3.14t"
# The examples run under each of these (tests/interpreters.py).
EXAMPLE_PYTHONS = tuple(INTERPRETER_VERSIONS)

# owner/repo[/path]@<40 hex digits>, then a "# vX.Y.Z" comment on the same line.
PINNED_USES = re.compile(r"^[\w.-]+/[\w.-]+(/[^@\s]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^#\s*v\d+\.\d+\.\d+\b")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)\s*(?P<rest>.*)$")

# --------------------------------------------------------------------------
# Helpers


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    assert isinstance(doc, dict), f"{path.name}: not a YAML mapping"
    return doc


def triggers(doc: dict) -> object:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    return doc["on"] if "on" in doc else doc.get(True)


def jobs(doc: dict) -> dict[str, dict]:
    return doc.get("jobs") or {}


def steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def action(step_or_job: dict) -> str:
    """The action (or reusable workflow) a step or job uses, without its ref."""
    return str(step_or_job.get("uses", "")).split("@", 1)[0]


def all_steps(doc: dict) -> list[tuple[str, dict]]:
    return [(name, step) for name, job in jobs(doc).items() for step in steps(job)]


def find_tool(name: str) -> str:
    """A console script installed next to this interpreter (the venv's bin/)."""
    places = [Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))]
    for place in places:
        found = shutil.which(name, path=str(place))
        if found:
            return found
    pytest.fail(
        f"{name!r} is not installed next to {sys.executable} "
        f"(looked in: {', '.join(str(p) for p in places)}). It is a test "
        "dependency: recreate the environment with `make venv`, or run "
        "`python -m pip install -r requirements.lock`."
    )


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # Nothing here should go online; make sure no token invites it to.
    for var in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"):
        env.pop(var, None)
    env["NO_COLOR"] = "1"
    return subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
        check=False,
    )


def output_of(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit status {proc.returncode}\n{proc.stdout}\n{proc.stderr}".strip()


def expand_matrix(matrix: dict) -> list[dict]:
    """The job combinations GitHub builds from a strategy.matrix."""
    axes = {k: v for k, v in matrix.items() if k not in ("include", "exclude")}
    for key, values in axes.items():
        assert isinstance(values, list), f"matrix axis {key!r} is not a list"
    combos = [
        dict(zip(axes, vals, strict=True)) for vals in itertools.product(*axes.values())
    ]
    for excluded in matrix.get("exclude") or []:
        combos = [
            c for c in combos if not all(c.get(k) == v for k, v in excluded.items())
        ]
    added = []
    for included in matrix.get("include") or []:
        # An include entry extends every combination whose original axis values
        # it does not overwrite; if there is none, it is a combination of its own.
        matching = [
            c
            for c in combos
            if all(c[k] == v for k, v in included.items() if k in axes)
        ]
        for combo in matching:
            combo.update(included)
        if not matching:
            added.append(dict(included))
    return combos + added


def publishes(doc: dict) -> bool:
    deploying = {"actions/deploy-pages", "actions/upload-pages-artifact"}
    return any(action(step) in deploying for _, step in all_steps(doc))


workflow_params = pytest.mark.parametrize(
    "workflow", WORKFLOWS, ids=[path.name for path in WORKFLOWS]
)


# --------------------------------------------------------------------------
# The expected files


def test_expected_workflows_exist() -> None:
    assert CI.is_file(), "missing .github/workflows/ci.yml"
    assert PAGES.is_file(), "missing .github/workflows/pages.yml"


# --------------------------------------------------------------------------
# External linters


@workflow_params
def test_zizmor_reports_no_findings(workflow: Path) -> None:
    zizmor = find_tool("zizmor")
    rel = str(workflow.relative_to(ROOT))
    proc = run_tool(zizmor, "--offline", "--no-progress", "--format", "json", rel)
    try:
        findings = json.loads(proc.stdout)
    except json.JSONDecodeError:
        findings = None
    if proc.returncode != 0 or findings != []:
        # Re-run for the human-readable report.
        plain = run_tool(zizmor, "--offline", "--no-progress", "--color", "never", rel)
        pytest.fail(f"zizmor found problems in {rel}:\n{output_of(plain)}")


@workflow_params
def test_matches_github_workflow_schema(workflow: Path) -> None:
    checker = find_tool("check-jsonschema")
    rel = str(workflow.relative_to(ROOT))
    proc = run_tool(checker, "--builtin-schema", "vendor.github-workflows", rel)
    assert proc.returncode == 0, f"{rel} is not a valid workflow:\n{output_of(proc)}"


# --------------------------------------------------------------------------
# Properties of every workflow


@workflow_params
def test_no_default_permissions(workflow: Path) -> None:
    doc = load(workflow)
    assert "permissions" in doc, f"{workflow.name}: no top-level permissions"
    assert doc["permissions"] == {}, (
        f"{workflow.name}: top-level permissions must be {{}}, "
        f"not {doc['permissions']!r}; grant them per job"
    )


@workflow_params
def test_jobs_get_least_privilege(workflow: Path) -> None:
    for name, job in jobs(load(workflow)).items():
        perms = job.get("permissions")
        assert isinstance(perms, dict), (
            f"{workflow.name}: job {name!r} must list its permissions explicitly"
        )
        writes = {scope for scope, level in perms.items() if level == "write"}
        job_actions = {action(step) for step in steps(job)}
        if writes:
            assert writes <= {"pages", "id-token"}, (
                f"{workflow.name}: job {name!r} writes {sorted(writes)}"
            )
            assert "actions/deploy-pages" in job_actions, (
                f"{workflow.name}: only the Pages deploy job may write ({name!r})"
            )
        if "actions/checkout" in job_actions:
            assert perms.get("contents") == "read", (
                f"{workflow.name}: job {name!r} checks out but lacks contents: read"
            )


@workflow_params
def test_every_uses_is_pinned_to_a_commit(workflow: Path) -> None:
    text = workflow.read_text(encoding="utf-8")
    seen = []
    for number, line in enumerate(text.splitlines(), 1):
        match = USES_LINE.match(line)
        if not match:
            continue
        ref = match["ref"].strip("'\"")
        seen.append(ref)
        if ref.startswith("./"):
            continue  # an action in this repository
        where = f"{workflow.name}:{number}: {ref}"
        assert PINNED_USES.match(ref), f"{where} is not pinned to a 40-hex commit SHA"
        assert VERSION_COMMENT.match(match["rest"]), (
            f"{where} needs a '# vX.Y.Z' comment naming the pinned release"
        )
    # Every `uses:` YAML sees was checked above (no flow-style ones slipped by).
    doc = load(workflow)
    in_yaml = [job["uses"] for job in jobs(doc).values() if "uses" in job]
    in_yaml += [step["uses"] for _, step in all_steps(doc) if "uses" in step]
    assert sorted(seen) == sorted(in_yaml)


@workflow_params
def test_has_a_concurrency_group(workflow: Path) -> None:
    doc = load(workflow)
    concurrency = doc.get("concurrency")
    assert isinstance(concurrency, dict), f"{workflow.name}: no concurrency group"
    group = re.sub(r"\s+", "", str(concurrency.get("group", "")))
    assert group == "${{github.workflow}}-${{github.ref}}", (
        f"{workflow.name}: unexpected concurrency group {concurrency.get('group')!r}"
    )
    if publishes(doc):
        assert concurrency.get("cancel-in-progress") is False, (
            f"{workflow.name}: must not cancel a deployment in progress"
        )
    else:
        assert concurrency.get("cancel-in-progress") is True, (
            f"{workflow.name}: superseded runs should be cancelled"
        )


@workflow_params
def test_checkout_does_not_persist_credentials(workflow: Path) -> None:
    checkouts = [
        (name, step)
        for name, step in all_steps(load(workflow))
        if action(step) == "actions/checkout"
    ]
    for name, step in checkouts:
        value = (step.get("with") or {}).get("persist-credentials")
        assert value in (False, "false"), (
            f"{workflow.name}: checkout in job {name!r} must set "
            "persist-credentials: false"
        )


@workflow_params
def test_no_expressions_inside_run(workflow: Path) -> None:
    for name, step in all_steps(load(workflow)):
        script = step.get("run")
        if script is not None:
            assert "${{" not in str(script), (
                f"{workflow.name}: job {name!r} step {step.get('name')!r} expands "
                "an expression inside run:; pass it through env: instead"
            )


@workflow_params
def test_publishing_workflows_use_no_cache(workflow: Path) -> None:
    doc = load(workflow)
    if not publishes(doc):
        return
    for name, step in all_steps(doc):
        assert action(step) != "actions/cache", (
            f"{workflow.name}: job {name!r} uses actions/cache in a deploy workflow"
        )
        cache = (step.get("with") or {}).get("cache")
        assert cache in (None, "", False, "false"), (
            f"{workflow.name}: job {name!r} enables a {cache!r} cache "
            "in a deploy workflow"
        )


# --------------------------------------------------------------------------
# ci.yml


def ci_test_job() -> dict:
    for job in jobs(load(CI)).values():
        matrix = (job.get("strategy") or {}).get("matrix") or {}
        if "python-version" in str(matrix):
            return job
    pytest.fail("ci.yml: no job with a python-version matrix")


def setup_python_versions(step: dict) -> list[str]:
    text = str((step.get("with") or {}).get("python-version", ""))
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_ci_runs_on_every_push_and_pull_request() -> None:
    on = triggers(load(CI))
    assert isinstance(on, dict), "ci.yml: expected `on:` as a mapping"
    assert {"push", "pull_request"} <= set(on)
    for event in ("push", "pull_request"):
        filters = on[event] or {}
        assert not set(filters) & {"branches", "branches-ignore", "paths", "tags"}, (
            f"ci.yml: {event} should not be filtered: {filters!r}"
        )


def test_ci_matrix_covers_pythons_and_platforms() -> None:
    job = ci_test_job()
    assert job.get("runs-on") == "${{ matrix.os }}"
    combos = {
        (str(c.get("os")), str(c.get("python-version")))
        for c in expand_matrix(job["strategy"]["matrix"])
    }
    expected = set(itertools.product(OPERATING_SYSTEMS, PYTHON_VERSIONS))
    assert expected <= combos, f"ci.yml: matrix misses {sorted(expected - combos)}"
    free_threaded = {os_ for os_, version in combos if version == FREE_THREADED}
    assert free_threaded == {"ubuntu-latest"}, (
        f"ci.yml: {FREE_THREADED} should run on Linux only, found {free_threaded}"
    )
    assert job["strategy"].get("fail-fast") is False


def test_ci_sets_up_python_with_prereleases_and_a_lockfile_cache() -> None:
    for name, job in jobs(load(CI)).items():
        for step in steps(job):
            if action(step) != "actions/setup-python":
                continue
            with_ = step.get("with") or {}
            assert with_.get("cache") == "pip", f"ci.yml: job {name!r} has no pip cache"
            assert with_.get("cache-dependency-path") == "requirements.lock", (
                f"ci.yml: job {name!r}: the cache must be keyed on requirements.lock"
            )
    setup = [s for s in steps(ci_test_job()) if action(s) == "actions/setup-python"]
    assert setup, "ci.yml: the test job does not set up Python"
    versions = setup_python_versions(setup[0])
    # The last version listed becomes the default `python` that runs the suite.
    assert versions[-1] == "${{ matrix.python-version }}", (
        f"ci.yml: the matrix version must be listed last: {versions}"
    )
    assert setup[0]["with"].get("allow-prereleases") is True, (
        "ci.yml: 3.15 is a pre-release; setup-python needs allow-prereleases: true"
    )


def test_ci_provides_every_interpreter_the_examples_run_on() -> None:
    job = ci_test_job()
    setup = [s for s in steps(job) if action(s) == "actions/setup-python"]
    installed = set(setup_python_versions(setup[0]))
    assert set(EXAMPLE_PYTHONS) <= installed, (
        f"ci.yml: install {EXAMPLE_PYTHONS} so the example matrix can run"
    )
    for os_name in ("Linux", "macOS"):
        step = next(s for s in steps(job) if os_name in str(s.get("if", "")))
        assert (step.get("env") or {}).get("REQUIRE_ALL_PYTHONS") == "1", (
            f"ci.yml: on {os_name} a missing example interpreter must fail the run"
        )


def test_ci_skips_browser_tests_off_linux() -> None:
    runners = [s for s in steps(ci_test_job()) if "run" in s]
    for os_name in ("macOS", "Windows"):
        for_os = [s for s in runners if os_name in str(s.get("if", ""))]
        assert for_os, f"ci.yml: no test step for {os_name}"
        for step in for_os:
            text = (
                str(step["run"])
                + " "
                + " ".join(str(v) for v in (step.get("env") or {}).values())
            )
            assert "not browser" in text, (
                f"ci.yml: the {os_name} test step must deselect browser tests"
            )


def test_ci_builds_the_site_strictly_and_uploads_it() -> None:
    doc = load(CI)
    for job in jobs(doc).values():
        runs = " ".join(str(s.get("run", "")) for s in steps(job))
        uploads = [s for s in steps(job) if action(s) == "actions/upload-artifact"]
        if "make build" in runs and uploads:
            assert str(uploads[0]["with"]["path"]).rstrip("/") == "site"
            return
    pytest.fail("ci.yml: no job runs `make build` and uploads site/")


# --------------------------------------------------------------------------
# pages.yml


def test_pages_deploys_only_from_main() -> None:
    doc = load(PAGES)
    assert triggers(doc) == {"push": {"branches": ["main"]}}, (
        f"pages.yml: must run on pushes to main only, not {triggers(doc)!r}"
    )
    deploy_jobs = [
        job
        for job in jobs(doc).values()
        if any(action(s) == "actions/deploy-pages" for s in steps(job))
    ]
    assert len(deploy_jobs) == 1, "pages.yml: expected exactly one deploy job"
    deploy = deploy_jobs[0]
    assert "refs/heads/main" in str(deploy.get("if", ""))
    assert deploy.get("needs"), "pages.yml: deploy must wait for the build"
    assert deploy.get("permissions") == {"pages": "write", "id-token": "write"}
    environment = deploy.get("environment") or {}
    assert environment.get("name") == "github-pages"
    assert "page_url" in str(environment.get("url", ""))


def test_pages_uploads_the_built_site() -> None:
    doc = load(PAGES)
    for job in jobs(doc).values():
        runs = " ".join(str(s.get("run", "")) for s in steps(job))
        uploads = [
            s for s in steps(job) if action(s) == "actions/upload-pages-artifact"
        ]
        if "make build" in runs and uploads:
            assert str(uploads[0]["with"]["path"]).rstrip("/") == "site"
            assert job.get("permissions") == {"contents": "read"}
            return
    pytest.fail("pages.yml: no job runs `make build` and uploads site/ for Pages")
