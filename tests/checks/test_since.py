"""``validate --since REF``: the files changed since a git ref, as a pull-request check runs."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.conftest import EXAMPLES, Run


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    ).stdout


def test_since_reports_only_changed_files(tmp_path: Path, run: Callable[..., Run]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    # A problem that exists on main already and is not part of the change:
    people = repo / "oncall" / "people.yaml"
    people.write_text(people.read_text() + "  shoe_size: 42\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "main")
    _git(repo, "checkout", "-q", "-b", "feature")
    incident = repo / "incidents" / "2026" / "2026-01-15-auth-login-failures.yaml"
    incident.write_text(incident.read_text().replace("severity: SEV1", "severity: SEV9"))
    _git(repo, "commit", "-q", "-am", "raise severity")
    runbook = repo / "oncall" / "runbooks" / "db-connection-pool.md"
    runbook.write_text(runbook.read_text().replace("owner: jane", "owner: jan"))  # uncommitted

    result = run("-C", str(repo), "validate", "--since", "main")
    assert result.status == 1
    assert result.out == (
        "incidents/2026/2026-01-15-auth-login-failures.yaml:4:11: error [unknown-severity] "
        "severity 'SEV9' is not configured: use one of SEV0, SEV1, SEV2, SEV3\n"
        "oncall/runbooks/db-connection-pool.md:4:8: error [unknown-person] person 'jan' does "
        "not exist: did you mean 'jane'? add it to oncall/people.yaml or fix the name\n"
        "2 files checked: 2 errors, 0 warnings\n"
    )
    whole = run("-C", str(repo), "validate")
    assert "shoe_size" in whole.out


def test_since_an_unknown_ref_is_a_usage_error(tmp_path: Path, run: Callable[..., Run]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "main")
    result = run("-C", str(repo), "validate", "--since", "no-such-branch")
    assert result.status == 2
    assert result.err.startswith("incidentkit: error: cannot compare with 'no-such-branch'")
    assert "Traceback" not in result.err


def test_since_outside_git_is_a_usage_error(tmp_path: Path, run: Callable[..., Run]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    result = run("-C", str(repo), "validate", "--since", "main")
    assert result.status == 2
    assert "needs a git repository" in result.err
