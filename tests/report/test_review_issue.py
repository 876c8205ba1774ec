"""``review --issue``: the agenda as one GitHub issue per period (the fake GitHub, over HTTP)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fakegithub import REPOSITORY, FakeGitHub
from tests.report.test_review import AT, CORPUS, EXPECTED

pytest_plugins = ["tests.fakegithub.plugin"]

MARK = "<!-- incidentkit:review 2026-11-24T00:00Z/2026-12-01T00:00Z -->"
TITLE = "Incident review, 2026-11-24 00:00 UTC to 2026-12-01 00:00 UTC"
SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    return root


def linked(base: str) -> str:
    return EXPECTED.replace("](incidents/", f"]({base}incidents/").replace(
        "](postmortems/", f"]({base}postmortems/")


def test_posted_once_per_period_then_edited(
        root: Path, run: Callable[..., Run], github_env: FakeGitHub,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_SHA", SHA)
    first = run("-C", str(root), "review", "--at", AT, "--issue")
    assert first.status == 0, first.err
    base = f"https://github.test/{REPOSITORY}/blob/{SHA}/"
    assert first.out == linked(base)
    assert first.err == (
        f"incidentkit: review issue #1 created: https://github.test/{REPOSITORY}/issues/1\n")
    gh = github_env.repo(REPOSITORY)
    issue = gh.issues[1]
    assert (issue.title, issue.labels) == (TITLE, ["incident-review"])
    assert issue.body == f"{MARK}\n{linked(base)}"
    assert gh.labels["incident-review"].color == "5319e7"

    github_env.clear()
    same = run("-C", str(root), "review", "--at", AT, "--issue")
    assert same.err == (
        f"incidentkit: review issue #1 unchanged: https://github.test/{REPOSITORY}/issues/1\n")
    assert [r.method for r in github_env.requests] == ["GET"]

    # The postmortem in review became final: the rerun edits the same issue.
    pm = root / "postmortems/2026-11-20-web-errors.md"
    pm.write_text(pm.read_text().replace("status: in-review", "status: final", 1))
    github_env.clear()
    github_env.search_lags = True  # found through the label's listing
    again = run("-C", str(root), "review", "--at", AT, "--issue", "--links", "https://x.test/")
    assert again.err == (
        f"incidentkit: review issue #1 updated: https://github.test/{REPOSITORY}/issues/1\n")
    assert list(gh.issues) == [1]
    assert gh.issues[1].body == f"{MARK}\n{again.out}"
    assert "](https://x.test/postmortems/2026-11-20-web-errors.md)" in again.out
    assert [(r.method, r.path) for r in github_env.writes] == [
        ("PATCH", f"/repos/{REPOSITORY}/issues/1")]

    # Another period: another issue.
    later = run("-C", str(root), "review", "--at", "2026-12-08T00:00:00Z", "--issue")
    assert later.status == 0, later.err
    assert sorted(gh.issues) == [1, 2]
    assert gh.issues[2].title == ("Incident review, 2026-12-01 00:00 UTC to "
                                  "2026-12-08 00:00 UTC")


def test_without_a_token_nothing_is_printed_or_posted(
        root: Path, run: Callable[..., Run], github_env: FakeGitHub,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN")
    done = run("-C", str(root), "review", "--at", AT, "--issue")
    assert (done.status, done.out) == (2, "")
    assert done.err.startswith("incidentkit: error: GITHUB_TOKEN is not set")
    assert github_env.requests == []


def test_a_refused_token_is_an_error(root: Path, run: Callable[..., Run],
                                     github_env: FakeGitHub,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_wrong")
    done = run("-C", str(root), "review", "--at", AT, "--issue")
    assert done.status == 2
    assert done.err.startswith("incidentkit: error: review issue not posted: ")
    assert "ghp_wrong" not in done.err
    assert github_env.repo(REPOSITORY).issues == {}
