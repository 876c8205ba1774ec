"""File names and messages from the files cannot forge a finding line or a workflow command,
in any reporter (issue 8)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from incidentkit.checks.finding import Finding, Severity
from incidentkit.report import FORMATS
from tests.conftest import EXAMPLES, Run

NAME = "incidents/2026/2026-01-16-x\n::error file=a::pwned\r.yaml"
FINDING = Finding(NAME, 2, 5, Severity.ERROR, "id-mismatch", "bad \x1b[31mred\n::x")


def test_text_keeps_each_finding_on_its_line() -> None:
    assert FORMATS["text"]([FINDING], 1) == (
        "incidents/2026/2026-01-16-x\\n::error file=a::pwned\\r.yaml:2:5: error [id-mismatch] "
        "bad \\x1b[31mred\\n::x\n"
        "1 file checked: 1 error, 0 warnings\n")


def test_github_escapes_properties_and_message() -> None:
    assert FORMATS["github"]([FINDING], 1) == (
        "::error file=incidents/2026/2026-01-16-x%0A%3A%3Aerror file=a%3A%3Apwned%0D.yaml,"
        "line=2,col=5,title=incidentkit id-mismatch::bad \\x1b[31mred%0A::x\n"
        "1 file checked: 1 error, 0 warnings\n")


def test_json_round_trips_the_name() -> None:
    assert json.loads(FORMATS["json"]([FINDING], 1))["findings"][0]["path"] == NAME


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    source = root / "incidents/2026/2026-01-15-auth-login-failures.yaml"
    (root / "incidents/2026/2026-01-16-x\n::error file=a::pwned.yaml").write_text(
        source.read_text())
    return root


def test_validate_with_a_newline_in_a_file_name(repo: Path, run: Callable[..., Run],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("-C", str(repo), "validate")
    assert result.status == 1
    assert result.out.splitlines() == [
        "incidents/2026/2026-01-16-x\\n::error file=a::pwned.yaml:2:5: error [id-mismatch] id "
        "'2026-01-15-auth-login-failures' differs from the file name '2026-01-16-x\\n::error "
        "file=a::pwned': the id is the file's stem; rename the file or fix the id",
        "8 files checked: 1 error, 0 warnings"]
    github = run("-C", str(repo), "validate", "--format", "github").out.splitlines()
    assert len(github) == 2 and github[0].startswith(
        "::error file=incidents/2026/2026-01-16-x%0A%3A%3Aerror file=a%3A%3Apwned.yaml,line=2,")
