"""``overdue --tracking-issue``: one issue, edited not re-created, whose description is the
Markdown report; newly overdue owners mentioned once."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from incidentkit.followup.github.tracking import MARKER
from tests.conftest import EXAMPLES, Run
from tests.fakegithub import REPOSITORY, FakeGitHub

pytest_plugins = ["tests.fakegithub.plugin"]

AT = "2026-03-01T12:00:00Z"
LATER = "2026-07-01T12:00:00Z"
SECOND_ITEM = """\
  - id: AI-2
    title: Alert on pool saturation
    owner: bob
    priority: P2
    due: 2026-06-01
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    pm = root / "postmortems/2026-01-15-auth-login-failures.md"
    text = pm.read_text().replace("    status: done\n", "    status: open\n", 1)
    pm.write_text(text.replace("---\n# Postmortem", SECOND_ITEM + "---\n# Postmortem", 1))
    return root


@pytest.fixture
def overdue(github_env: FakeGitHub, run: Callable[..., Run], root: Path) -> Callable[..., Run]:
    def _overdue(*args: str) -> Run:
        return run("-C", str(root), "overdue", *args)

    return _overdue


def body_for(report: str, *mentioned: str) -> str:
    return f"{MARKER}\n{report.rstrip()}\n\n<!-- incidentkit:mentioned" + "".join(
        f" {m}" for m in mentioned) + " -->\n"


def test_created_once_then_edited_and_mentions_once(
        overdue: Callable[..., Run], fake_github: FakeGitHub) -> None:
    first = overdue("--at", AT, "--tracking-issue")
    assert first.status == 0, first.err
    assert first.out == overdue("--at", AT).out  # stdout is the report, as without the option
    assert first.err == (
        f"incidentkit: tracking issue #1 created: https://github.test/{REPOSITORY}/issues/1\n"
        "incidentkit: mentioned newly overdue owners: @carol-lim\n")
    gh = fake_github.repo(REPOSITORY)
    issue = gh.issues[1]
    report = overdue("--at", AT, "--format", "markdown").out
    assert issue.title == "Overdue incident follow-ups"
    assert issue.labels == ["incident-action-item"]
    assert issue.body == body_for(report, "carol-lim")
    assert [c.body for c in gh.comments] == [
        "Newly overdue:\n"
        "\n"
        "- @carol-lim: AI-1 Add connection timeout to all database configs (P1) — due "
        "2026-01-20, 39d 12h late\n"
        "\n"
        "The full list is this issue's description, kept up to date by `incidentkit overdue "
        "--tracking-issue`.\n"]

    fake_github.clear()
    same = overdue("--at", AT, "--tracking-issue")
    assert same.err == (f"incidentkit: tracking issue #1 unchanged: "
                        f"https://github.test/{REPOSITORY}/issues/1\n")
    assert [(r.method, r.path) for r in fake_github.requests] == [("GET", "/search/issues")]
    assert fake_github.requests[0].query["q"] == (
        f'repo:{REPOSITORY} is:issue in:body "incidentkit:tracking-issue"')

    fake_github.clear()
    later = overdue("--at", LATER, "--tracking-issue")
    assert later.err.splitlines() == [
        f"incidentkit: tracking issue #1 updated: https://github.test/{REPOSITORY}/issues/1",
        "incidentkit: mentioned newly overdue owners: @bobstone"]
    assert len(gh.issues) == 1
    assert gh.issues[1].body == body_for(overdue("--at", LATER, "--format", "markdown").out,
                                         "bobstone", "carol-lim")
    assert len(gh.comments) == 2 and "@carol-lim" not in gh.comments[1].body
    assert [(r.method, r.path) for r in fake_github.writes] == [
        ("POST", f"/repos/{REPOSITORY}/issues/1/comments"),
        ("PATCH", f"/repos/{REPOSITORY}/issues/1")]


def test_someone_who_caught_up_is_mentioned_again_when_late_again(
        overdue: Callable[..., Run], fake_github: FakeGitHub, root: Path) -> None:
    overdue("--at", LATER, "--tracking-issue")
    pm = root / "postmortems/2026-01-15-auth-login-failures.md"
    pm.write_text(pm.read_text().replace("    status: open\n", "    status: done\n", 1))
    overdue("--at", LATER, "--tracking-issue")
    assert fake_github.repo(REPOSITORY).issues[1].body.endswith(  # type: ignore[union-attr]
        "<!-- incidentkit:mentioned bobstone -->\n")
    pm.write_text(pm.read_text().replace("    status: done\n", "    status: open\n", 1))
    again = overdue("--at", LATER, "--tracking-issue")
    assert "mentioned newly overdue owners: @carol-lim\n" in again.err
    assert len(fake_github.repo(REPOSITORY).comments) == 2


def test_a_closed_tracking_issue_is_reopened_and_found_without_search(
        overdue: Callable[..., Run], fake_github: FakeGitHub) -> None:
    gh = fake_github.repo(REPOSITORY)
    existing = gh.create_issue({"title": "old title", "body": f"{MARKER}\nold",
                                "labels": ["incident-action-item"]})
    gh.edit_issue(existing.number, {"state": "closed"})
    fake_github.search_lags = True
    result = overdue("--at", AT, "--tracking-issue")
    assert result.status == 0, result.err
    assert len(gh.issues) == 1
    issue = gh.issues[existing.number]
    assert (issue.title, issue.state) == ("Overdue incident follow-ups", "open")
    assert [r.path for r in fake_github.requests[:2]] == [
        "/search/issues", f"/repos/{REPOSITORY}/issues"]


def test_owner_without_login_is_named(
        overdue: Callable[..., Run], fake_github: FakeGitHub, root: Path) -> None:
    people = root / "oncall/people.yaml"
    people.write_text(people.read_text().replace("  github: carol-lim\n", ""))
    result = overdue("--at", AT, "--tracking-issue")
    assert result.err.splitlines()[-1] == (
        "incidentkit: warning: carol has overdue items but no GitHub login in "
        "oncall/people.yaml: not mentioned")
    assert fake_github.repo(REPOSITORY).comments == []


def test_refused_token_still_prints_the_report(
        overdue: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "wrong")
    result = overdue("--at", AT, "--tracking-issue")
    assert result.status == 2
    assert result.out.startswith("1 overdue at 2026-03-01 12:00 UTC:")
    assert result.err.startswith("incidentkit: error: tracking issue not updated: the token "
                                 "was refused (GITHUB_TOKEN)")
