"""One policy for an invalid ``incidentkit.yaml`` (README "Decisions worth knowing"): every
command that answers from the repository stops at the configuration's first error, with the
same ``incidentkit.yaml:line:col`` message, exit status 1 and no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site.conftest import copy_repository

BAD = "severities:\n  - id: SEV0\n    bogus: 1\n"
MESSAGE = ("incidentkit.yaml:2:5: required key 'ack_within' is missing in severities.0: add it "
           "(and 4 more): fix the configuration first (incidentkit validate lists every "
           "problem)")
GIT = ("git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's data, committed with a valid configuration, then made invalid in a
    second commit (so ``diff`` can compare across the change)."""
    root = copy_repository(tmp_path_factory.mktemp("bad-config") / "repo")
    subprocess.run([*GIT, "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run([*GIT, "-C", str(root), "add", "-A"], check=True)
    subprocess.run([*GIT, "-C", str(root), "commit", "-qm", "valid"], check=True)
    (root / "incidentkit.yaml").write_text(BAD, encoding="utf-8")
    subprocess.run([*GIT, "-C", str(root), "commit", "-qam", "invalid"], check=True)
    return root


def _incidentkit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INCIDENTKIT_"))}
    return subprocess.run([sys.executable, "-m", "incidentkit", "-C", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("args", [
    ("overdue",),
    ("oncall", "now"),
    ("metrics",),
    ("diff", "HEAD~1"),
], ids=" ".join)
def test_commands_stop_at_the_configuration(repo: Path, args: tuple[str, ...]) -> None:
    done = _incidentkit(repo, *args)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"incidentkit: error: {MESSAGE}\n"


def test_site_out_stops_and_writes_nothing(repo: Path, tmp_path: Path) -> None:
    done = _incidentkit(repo, "site", "--out", str(tmp_path / "out"))
    assert (done.returncode, done.stderr) == (1, f"incidentkit: error: {MESSAGE}\n")
    assert not (tmp_path / "out").exists()


def test_diff_names_the_commit_that_holds_the_invalid_configuration(repo: Path) -> None:
    """Between two commits the location is written as git names a file in a commit."""
    done = _incidentkit(repo, "diff", "HEAD~1", "HEAD")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"incidentkit: error: HEAD:{MESSAGE}\n"


def test_validate_reports_the_same_place(repo: Path) -> None:
    """``validate`` lists every problem (its job) and starts with the same one."""
    done = _incidentkit(repo, "validate")
    assert done.returncode == 1
    assert done.stdout.startswith(
        "incidentkit.yaml:2:5: error [missing-key] required key 'ack_within' is missing in "
        "severities.0: add it\n")
    assert "Traceback" not in done.stdout + done.stderr


def test_mkdocs_build_stops_with_the_same_message(repo: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(repo / "mkdocs.yml"),
         "-d", str(tmp_path / "site")],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"ERROR   -  incidentkit: {MESSAGE}" in done.stderr
