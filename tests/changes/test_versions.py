"""Two versions of a repository from real git commits: the merge base, the head, what differs."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from incidentkit.changes.compare import ChangeKind
from incidentkit.changes.report import diff
from incidentkit.changes.versions import (
    COMPARED,
    DOCUMENTS,
    ON_CALL,
    open_versions,
    snapshot,
    touched,
    touched_files,
)
from incidentkit.errors import FatalError
from incidentkit.store.layout import Kind
from incidentkit.store.source import GitCommit, WorkingTree
from tests.conftest import EXAMPLES
from tests.repos import write

ID = "2026-01-15-auth-login-failures"
INC = f"incidents/2026/{ID}.yaml"
PM = f"postmortems/{ID}.md"


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
         "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    ).stdout.strip()


def _commit(cwd: Path, message: str) -> str:
    _git(cwd, "add", "-A")
    _git(cwd, "commit", "-q", "-m", message)
    return _git(cwd, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """``main``: the base corpus in the folder ``ops/`` of a git repository; ``feature``
    branches off it, then ``main`` moves on (so the merge base is not ``main``)."""
    top = tmp_path / "git"
    top.mkdir()
    _git(top, "init", "-q")
    shutil.copytree(EXAMPLES / "base", top / "ops")
    write(top, "README.md", "hello\n")
    _commit(top, "base")
    _git(top, "checkout", "-q", "-b", "feature")
    text = (top / "ops" / INC).read_text().replace("severity: SEV1", "severity: SEV2")
    write(top / "ops", INC, text)
    write(top / "ops", "oncall/people.yaml",
          (top / "ops/oncall/people.yaml").read_text() + "- handle: dan\n  name: Dan\n")
    _commit(top, "escalate")
    _git(top, "checkout", "-q", "main")
    (top / "ops" / PM).unlink()
    _commit(top, "main moves on")
    _git(top, "checkout", "-q", "feature")
    return top


def test_compared_kinds() -> None:
    assert COMPARED == (Kind.INCIDENT, Kind.POSTMORTEM, Kind.PEOPLE, Kind.SERVICES,
                        Kind.POLICIES, Kind.SCHEDULE, Kind.RUNBOOK, Kind.TIME_OFF)
    assert DOCUMENTS == (Kind.INCIDENT, Kind.POSTMORTEM)
    assert ON_CALL == COMPARED[2:]


def test_the_merge_base_and_the_head_commit(repo: Path) -> None:
    root = repo / "ops"
    base, head = open_versions(root, "main", "feature")
    assert isinstance(base, GitCommit) and isinstance(head, GitCommit)
    assert base.commit == _git(repo, "merge-base", "main", "feature")
    assert head.commit == _git(repo, "rev-parse", "feature")
    assert (base.label, head.label) == ("main", "feature")
    # Paths are relative to the repository's folder, not to the git repository.
    assert INC in base.layout().all()
    assert "README.md" not in base.blobs
    # The incident and the people file differ (the merge base still has the postmortem that
    # main deleted later); only the incident is a document compared by stem.
    assert touched_files(base, head) == {INC, "oncall/people.yaml"}
    assert touched(base, head) == {ID}
    snap = snapshot(head, {ID})
    assert snap.present == {Kind.INCIDENT: {ID: INC}, Kind.POSTMORTEM: {ID: PM}}
    assert snap.incidents[ID].model.severity == "SEV2"
    assert snap.bodies[ID].startswith("# Postmortem: Login failures")


def test_the_working_tree_against_a_branch(repo: Path) -> None:
    root = repo / "ops"
    write(root, "incidents/2026/2026-02-01-new.yaml", (root / INC).read_text().replace(
        ID, "2026-02-01-new"))
    (root / PM).unlink()
    base, head = open_versions(root, "main", None)
    assert isinstance(head, WorkingTree)
    assert head.commit is None
    assert touched(base, head) == {ID, "2026-02-01-new"}
    report = diff(root, "main", now=datetime(2026, 3, 1, tzinfo=UTC))
    assert (report.base, report.head, report.head_commit) == ("main", None, None)
    assert [(c.kind, c.incident) for c in report.changes] == [
        (ChangeKind.DECLARED, "2026-02-01-new"), (ChangeKind.SEVERITY, ID),
        (ChangeKind.POSTMORTEM_REMOVED, ID)]
    # Nothing was written to the working tree.
    assert _git(repo, "status", "--porcelain").splitlines() == [
        "D ops/postmortems/2026-01-15-auth-login-failures.md",  # (its leading space stripped)
        "?? ops/incidents/2026/2026-02-01-new.yaml"]


def test_errors_say_what_to_do(repo: Path, tmp_path: Path) -> None:
    root = repo / "ops"
    with pytest.raises(FatalError) as caught:
        open_versions(root, "nope", None)
    assert caught.value.message == (
        "unknown git revision 'nope': pass a branch, tag or commit that exists here (in "
        "GitHub Actions, check out with fetch-depth: 0)")
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(FatalError, match=f"^diff needs a git repository; {plain} is not one$"):
        open_versions(plain, "main", None)
    _git(repo, "checkout", "-q", "--orphan", "lonely")
    _commit(repo, "unrelated")
    with pytest.raises(FatalError, match="^main and lonely have no common ancestor$"):
        open_versions(root, "main", "lonely")


def test_a_folder_missing_from_a_commit_has_no_files(repo: Path) -> None:
    _git(repo, "checkout", "-q", "-b", "moved")
    _git(repo, "mv", "ops", "elsewhere")
    _commit(repo, "move")
    (repo / "ops").mkdir()
    base, head = open_versions(repo / "ops", "main", "moved")
    assert head.layout().all() == []
    assert touched(base, head) == {ID}
