"""Every Python block written inline in docs/ is linted, run and checked.

Blocks included from examples/ are tested by test_examples.py; these are the
short ```python blocks typed into the pages. Each one is linted with ruff, run,
and every ``#>`` comment under a print() must match what it printed.
``pytest --update-examples`` rewrites those comments from a real run.
Fence settings: ```python test="skip"``` skips a block, ```python
requires="3.13"``` runs it only on that Python or newer.
"""

from __future__ import annotations

import sys

import pytest
from project import DOCS
from pytest_examples import CodeExample, EvalExample, find_examples

BLOCKS = list(find_examples(*sorted(DOCS.rglob("*.md"))))


def test_pages_have_inline_blocks() -> None:
    assert BLOCKS, "no inline python blocks found in docs/: is the search path right?"


@pytest.mark.parametrize("block", BLOCKS, ids=str)
def test_inline_block(block: CodeExample, eval_example: EvalExample) -> None:
    settings = block.prefix_settings()
    if settings.get("test") == "skip":
        pytest.skip('marked test="skip" in its fence')
    if "requires" in settings:
        needed = tuple(int(part) for part in settings["requires"].split("."))
        if sys.version_info < needed:
            pytest.skip(f"needs Python {settings['requires']}")
    eval_example.set_config(line_length=88, target_version="py311", ruff_ignore=["D"])
    if eval_example.update_examples:
        eval_example.format_ruff(block)
        eval_example.run_print_update(block)
    else:
        eval_example.lint_ruff(block)
        eval_example.run_print_check(block)
