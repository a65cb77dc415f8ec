"""Faults through the fence in memory: a Markdown object, no site built.

Each fault of test_faults.FAULTS goes onto a page with front matter, as
the home page has, and ``Markdown(...).convert()`` must report it, naming
the example and the exact line of the page as written (front matter
counted). markdown-exec tests its formatters this way; test_faults.py keeps
one real MkDocs build, one Zensical build and the notebook.
"""

from __future__ import annotations

import logging
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.meta import get_data
from test_faults import FAULTS, GUARDED

from example_runner import formatter, validator
from example_runner.superfences import ExampleExtension

pytestmark = pytest.mark.memory

FRONT_MATTER = "---\ndescription: A page.\ntags:\n  - Threads\n---\n\n# A page\n\n"


def convert(project: Path, page: str) -> str:
    """The page's HTML, as MkDocs renders it: front matter read off first."""
    text = (project / "docs" / page).read_text(encoding="utf-8")
    body, _ = get_data(text)
    md = markdown.Markdown(
        extensions=[
            ExampleExtension(page=page, docs_dir=str(project / "docs")),
            "admonition",
            "attr_list",
            "md_in_html",
            "pymdownx.superfences",
            "pymdownx.tabbed",
        ],
        extension_configs={
            "pymdownx.superfences": {
                "custom_fences": [
                    {
                        "name": "example",
                        "class": "example",
                        "validator": validator,
                        "format": formatter,
                    }
                ]
            },
            "pymdownx.tabbed": {"alternate_style": True},
        },
    )
    return md.convert(body)


def page_with(tmp_path: Path, fences: list[str], body: str | None) -> list[int]:
    """A project whose page has front matter and ``fences`` naming a probe;
    the lines the fences open on."""
    (tmp_path / "docs").mkdir()
    if body is not None:
        (tmp_path / "examples" / "faults").mkdir(parents=True)
        probe = tmp_path / "examples" / "faults" / "probe.py"
        probe.write_text(f'"""A fault."""\n\n{body}', encoding="utf-8")
    text, lines = FRONT_MATTER, []
    for header in fences:
        lines.append(text.count("\n") + 1)
        text += f"```example {header}".rstrip() + "\nfaults/probe.py\n```\n\nText.\n\n"
    (tmp_path / "docs" / "page.md").write_text(text, encoding="utf-8")
    return lines


@pytest.mark.parametrize("name", FAULTS)
def test_a_fault_is_named_with_its_page_line(
    name: str, tmp_path: Path, caplog, monkeypatch
) -> None:
    fault = FAULTS[name]
    for key, value in fault.env.items():
        monkeypatch.setenv(key, value)
    lines = page_with(tmp_path, fault.fences, fault.body)
    with caplog.at_level(logging.WARNING):
        convert(tmp_path, "page.md")
    said = "\n".join(record.getMessage() for record in caplog.records)
    line = lines[fault.failing_fence]
    if name in {"unknown option", "unquoted option"}:
        where = f"docs/page.md:{line}: the example fence"
    else:
        where = f"examples/faults/probe.py (included from docs/page.md:{line}"
    for expected in (where, *fault.says):
        assert expected in said, f"{name}: {expected!r} not in:\n{said}"


def test_a_good_fence_renders_without_a_warning(tmp_path: Path, caplog) -> None:
    lines = page_with(tmp_path, ['hl_lines="3"'], GUARDED + "print('fine')\n")
    with caplog.at_level(logging.WARNING):
        out = convert(tmp_path, "page.md")
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    assert lines == [FRONT_MATTER.count("\n") + 1]
    assert "fine" in out and 'class="page-stamp"' in out


def test_output_is_escaped_not_injected(tmp_path: Path) -> None:
    page_with(tmp_path, [""], GUARDED + 'print("<script>alert(1)</script> & <b>")\n')
    out = convert(tmp_path, "page.md")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in out
    assert "<script>alert(1)" not in out
