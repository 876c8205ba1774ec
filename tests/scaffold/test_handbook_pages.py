"""The scaffold's handbook says what the tool does: its console examples are run in a scaffolded
repository and compared, and its severity page is the generator's for the scaffolded config."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

from incidentkit.cli.init import SCAFFOLD
from incidentkit.config import Config
from incidentkit.handbook import SEVERITY_PAGE, severity_page
from tests.conftest import Run

CONSOLE = re.compile(r"```console\n\$ incidentkit (?P<args>[^\n]*)\n(?P<out>.*?)```", re.S)


def test_console_examples_are_what_the_commands_print(
    tmp_path: Path, run: Callable[..., Run]
) -> None:
    run("init", str(tmp_path))
    blocks = list(CONSOLE.finditer((tmp_path / "docs/handbook/on-call-rotations.md").read_text()))
    assert len(blocks) == 1
    for block in blocks:
        result = run("-C", str(tmp_path), *shlex.split(block["args"]))
        assert (result.status, result.err) == (0, ""), block["args"]
        assert result.out == block["out"], block["args"]
        assert "  chloe   override\n" in result.out


def test_the_severity_page_is_generated_from_the_defaults() -> None:
    assert (SCAFFOLD / SEVERITY_PAGE).read_text(encoding="utf-8") == severity_page(Config())


def test_handbook_links_resolve() -> None:
    """Every relative link of a scaffold page names a page of the scaffold or one the plugin
    generates (``mkdocs build --strict`` in the newcomer test checks them all again)."""
    generated = {"status/index.md", "oncall/index.md"}
    for page in (SCAFFOLD / "docs").rglob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.md)\)", page.read_text()):
            rel = (page.parent / target).resolve().relative_to((SCAFFOLD / "docs").resolve())
            assert (SCAFFOLD / "docs" / rel).is_file() or rel.as_posix() in generated, (
                page, target)
