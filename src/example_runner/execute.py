"""Run a fence's example on each interpreter it names, and judge each run.

This is the one place the build starts examples; :mod:`.render` only turns
the runs it returns into Markdown.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import cache_dir, cached_run
from .fences import Fence
from .interpreters import find_python, interpreter_info
from .process import ExampleError, Run
from .pythons import install_command

__all__ = ["MISSING", "REQUIRE_ENV", "Outcome", "run_fence"]

#: Set to "1" to fail the build when an interpreter a fence names is missing.
REQUIRE_ENV = "REQUIRE_PYTHONS"
#: Versions a fence named that this build lacked (for the summary at its end).
MISSING: set[str] = set()
log = logging.getLogger("mkdocs.plugins.example_runner")


@dataclass
class Outcome:
    """One interpreter's part of a fence: its run, or why it did not run."""

    version: str  # as the fence names it; "" for the build interpreter
    run: Run | None = None
    missing: str = ""  # the command that was not found
    info: dict[str, Any] = field(default_factory=dict)  # its interpreter's facts


def run_fence(fence: Fence, project: Path) -> list[Outcome]:
    """Run a fence's example on each interpreter it names, and judge each run.

    Raises ExampleError, naming the page line and the interpreter, if a run
    breaks the fence's promise, or if an interpreter is missing while
    REQUIRE_PYTHONS=1.
    """
    fence.check()
    where = f"included from {fence.where}" if fence.page else ""
    script = project / "examples" / fence.path
    if not script.is_file():
        raise ExampleError(
            f"examples/{fence.path} ({where}):\n  - does not exist; fix the path in "
            "the page or add the file"
        )
    outcomes = []
    for version in fence.pythons or ("",):
        python = find_python(version)
        if python is None:
            command = f"python{version}"
            if os.environ.get(REQUIRE_ENV) == "1":
                raise ExampleError(
                    f"examples/{fence.path} ({where}): {command} was not found, "
                    f"and {REQUIRE_ENV}=1 requires every interpreter a page "
                    f"names; install it ({install_command(version)}), or unset "
                    f"{REQUIRE_ENV} to show the example as not run on {version}"
                )
            MISSING.add(version)
            log.info(
                "examples/%s (%s): not run on %s, no %s command",
                fence.path,
                where,
                version,
                command,
            )
            outcomes.append(Outcome(version, missing=command))
            continue
        run = cached_run(script, fence.path, python, fence.expect, cache_dir(project))
        run.check(fence.expect, where + (f", Python {version}" if version else ""))
        outcomes.append(Outcome(version, run, info=interpreter_info(python)))
    return outcomes
