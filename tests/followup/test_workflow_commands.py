"""Under GitHub Actions, text from the files never starts a workflow command (issue 8): an
action-item title holding ``\\n::error …``, ``\\n::add-mask::…`` or ``\\n::stop-commands::…``
prints on its line, escaped, in every format and with ``--tracking-issue``."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from incidentkit import ghactions
from tests.conftest import EXAMPLES, Run
from tests.fakegithub import FakeGitHub

pytest_plugins = ["tests.fakegithub.plugin"]

AT = "2026-03-01T12:00:00Z"
PM = "postmortems/2026-01-15-auth-login-failures.md"
TITLE = ('"Fix\\n::error ::pwned\\n::add-mask::x\\n  ::stop-commands::x\\n::warning::cr '
         '##[error]v1"')
SHOWN = ("Fix\\n::error ::pwned\\n::add-mask::x\\n  ::stop-commands::x\\n::warning::cr "
         "##\\[error]v1")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    pm = root / PM
    text = pm.read_text().replace("    status: done\n", "    status: open\n", 1)
    pm.write_text(text.replace("title: Add connection timeout to all database configs",
                               f"title: {TITLE}", 1))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    return root


def _commands(text: str) -> list[str]:
    """The lines the runner would read as workflow commands (v2 ``::`` or v1 ``##[``)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line for line in lines if line.lstrip().startswith("::") or "##[" in line]


def test_text_report_keeps_the_title_on_its_line(root: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(root), "overdue", "--at", AT)
    assert result.status == 0, result.err
    assert result.out == (
        "1 overdue at 2026-03-01 12:00 UTC:\n\nAction items (1)\n"
        f"  {PM}:7:5: AI-1 {SHOWN} (P1) — carol — due 2026-01-20, 39d 12h late\n")
    assert _commands(result.out + result.err) == []


def test_annotations_are_the_only_commands(root: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(root), "overdue", "--at", AT, "--format", "github")
    assert result.out == (
        f"::warning file={PM},line=7,col=5,title=overdue action-item::AI-1 Fix%0A::error "
        "::pwned%0A::add-mask::x%0A  ::stop-commands::x%0A::warning::cr ##[error]v1 (P1) — carol "
        "— due 2026-01-20, 39d 12h late\n"
        "1 overdue at 2026-03-01 12:00 UTC\n")
    assert _commands(result.out) == [result.out.splitlines()[0]]


def test_markdown_and_json_start_no_command(root: Path, run: Callable[..., Run]) -> None:
    for fmt in ("markdown", "json"):
        result = run("-C", str(root), "overdue", "--at", AT, "--format", fmt)
        assert result.status == 0
        assert _commands(result.out) == [], fmt
    markdown = run("-C", str(root), "overdue", "--at", AT, "--format", "markdown").out
    assert ("| AI-1 Fix ::error ::pwned ::add-mask::x ::stop-commands::x ::warning::cr "
            "\\#\\#\\[error\\]v1 (P1) |") in markdown


def test_tracking_issue_run_starts_no_command(
        root: Path, run: Callable[..., Run], github_env: FakeGitHub) -> None:
    result = run("-C", str(root), "overdue", "--at", AT, "--tracking-issue")
    assert result.status == 0, result.err
    assert f"AI-1 {SHOWN} (P1)" in result.out
    assert _commands(result.out + result.err) == []


def test_guard_defuses_any_line_but_intended_commands(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    intended = ghactions.command("::notice title=x::ok")
    with ghactions.guarded_output():
        sys.stdout.write("a\n::error ::x\r  ::add-mask::y\r\nb ##[warning]z\n")
        sys.stdout.write("::stop")
        sys.stdout.flush()
        sys.stdout.write("-commands::t\n")
        sys.stdout.write(intended + "\n")
        sys.stderr.write("\u2028::x\n")
    captured = capsys.readouterr()
    assert captured.out == ("a\n\\::error ::x\r  \\::add-mask::y\r\nb ##\\[warning]z\n"
                            "\\::stop-commands::t\n::notice title=x::ok\n")
    assert captured.err == "\u2028\\::x\n"


def test_outside_github_actions_output_is_untouched(capsys: pytest.CaptureFixture[str]) -> None:
    with ghactions.guarded_output():
        sys.stdout.write("::error ::x\n")
    assert capsys.readouterr().out == "::error ::x\n"


def test_one_line() -> None:
    assert ghactions.one_line("a\nb\rc\td\x1b[31m\x7f\x85\u2028e") == (
        "a\\nb\\rc\td\\x1b[31m\\x7f\\x85\\u2028e")
