"""The sources of a repository's files: the working tree, a git commit, an overlay."""

from __future__ import annotations

import subprocess
from pathlib import Path

import git
import pytest

from incidentkit.repository import open_repository
from incidentkit.store.layout import Kind
from incidentkit.store.source import GitCommit, Overlay, WorkingTree, blob_id
from incidentkit.store.yamlload import Problem

BASE = Path(__file__).resolve().parents[1] / "examples" / "base"
GIT = ("git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    subprocess.run(["cp", "-r", str(BASE), str(root)], check=True)
    subprocess.run([*GIT, "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run([*GIT, "-C", str(root), "add", "-A"], check=True)
    subprocess.run([*GIT, "-C", str(root), "commit", "-qm", "base"], check=True)
    return root


def test_a_commit_and_the_working_tree_hold_the_same_files(repo: Path) -> None:
    tree = WorkingTree(repo)
    commit = GitCommit.of(repo, git.Repo(repo).commit("HEAD"), "", "main")
    assert commit.layout().all() == tree.layout().all()
    for rel in tree.layout().all():
        assert commit.read(rel) == tree.read(rel)
        assert commit.key(rel) == tree.key(rel) == blob_id(Path(repo, rel).read_bytes())
    assert (tree.where("incidentkit.yaml"), commit.where("incidentkit.yaml")) == (
        "incidentkit.yaml", "main:incidentkit.yaml")


def test_a_commit_is_read_from_git_not_from_disk(repo: Path) -> None:
    rel = next(r for r in WorkingTree(repo).layout().of(Kind.INCIDENT))
    before = (repo / rel).read_bytes()
    (repo / rel).write_text("id: [\n")
    commit = GitCommit.of(repo, git.Repo(repo).commit("HEAD"), "", "HEAD")
    assert commit.read(rel) == before
    assert open_repository(commit).findings == []
    assert [f.code for f in open_repository(WorkingTree(repo)).findings] == ["yaml-syntax"]
    missing = commit.read("incidents/2026/2026-09-09-nothing.yaml")
    assert isinstance(missing, Problem)
    assert missing.message == "HEAD:incidents/2026/2026-09-09-nothing.yaml does not exist"


def test_an_overlay_replaces_and_adds_texts(repo: Path) -> None:
    tree = WorkingTree(repo)
    rel = tree.layout().of(Kind.INCIDENT)[0]
    added = "incidents/2026/2026-02-02-new-thing.yaml"
    text = tree.read(rel)
    assert isinstance(text, bytes)
    new = text.decode().replace(Path(rel).stem, "2026-02-02-new-thing")
    over = Overlay(tree, {rel: "id: [\n", added: new})
    assert added in over.layout().of(Kind.INCIDENT)
    assert added not in tree.layout().of(Kind.INCIDENT)
    assert over.read(rel) == b"id: [\n" and over.read(added) == new.encode()
    opened = open_repository(over)
    assert "2026-02-02-new-thing" in opened.incidents
    assert [(f.path, f.code) for f in opened.findings] == [(rel, "yaml-syntax")]
    assert over.read("incidentkit.yaml") == tree.read("incidentkit.yaml")


def test_only_limits_the_documents_not_the_catalog(repo: Path) -> None:
    opened = open_repository(WorkingTree(repo), only=lambda rel: False)
    assert opened.incidents == {} and opened.postmortems == {}
    assert opened.people and opened.services and opened.policies
