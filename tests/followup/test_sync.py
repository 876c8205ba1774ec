"""``actions sync`` against the fake GitHub over real HTTP: scale, reruns, crashes, both ways."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from incidentkit.followup.github.settings import RetryPolicy
from incidentkit.followup.github.sync import sync_actions
from tests.fakegithub import REPOSITORY, TOKEN, FakeClock, FakeGitHub, Fault
from tests.fakegithub.sample import (
    LOGINS,
    Sync,
    incident_id,
    issues_of,
    postmortem_path,
    recorded,
    write_repository,
)

pytest_plugins = ["tests.fakegithub.plugin"]

PROJECT = Path(__file__).resolve().parents[2]


def test_300_items_first_run_creates_then_second_run_is_free(
        tmp_path: Path, fake_github: FakeGitHub, sync: Sync) -> None:
    root = write_repository(tmp_path / "repo", postmortems=30, items=10)
    # 335 writes paced below 500 an hour take 11 minutes: more than the default deadline.
    first = sync(root, policy=RetryPolicy(deadline=900))
    assert first.status == 0, first.err
    assert first.out.endswith(
        "300 action items: 300 created, 0 updated, 0 closed, 0 reopened, 0 from GitHub, "
        "0 numbers recorded, 0 unchanged, 0 failed, 35 labels created; 30 files written.\n")
    assert len(fake_github.repo(REPOSITORY).issues) == 300
    assert fake_github.count("POST", r"/issues$") == 300
    assert fake_github.limited == 0  # the throttle kept below 80 a minute and 500 an hour
    by_number = issues_of(fake_github)
    assert {v: k for k, v in by_number.items()} == recorded(root)

    fake_github.clear()
    second = sync(root)
    assert second.status == 0
    assert second.out.endswith("300 unchanged, 0 failed; 0 files written.\n")
    assert fake_github.writes == []
    assert len(fake_github.requests) <= 300 // 100 + 2
    assert [(r.method, r.path, r.query.get("page")) for r in fake_github.requests] == [
        ("GET", f"/repos/{REPOSITORY}/issues", None),
        ("GET", f"/repos/{REPOSITORY}/issues", "2"),
        ("GET", f"/repos/{REPOSITORY}/issues", "3"),
    ]
    assert fake_github.requests[0].query == {
        "state": "all", "labels": "incident-action-item", "sort": "created",
        "direction": "asc", "per_page": "100"}


def test_crash_after_the_137th_creation_then_rerun_leaves_exactly_300(
        tmp_path: Path, fake_github: FakeGitHub, sync: Sync) -> None:
    root = write_repository(tmp_path / "repo", postmortems=30, items=10)
    before = {p: p.read_bytes() for p in (root / "postmortems").glob("*.md")}
    fake_github.content_limits = False  # the child's clock is its own
    child: list[subprocess.Popen[bytes]] = []
    fake_github.inject(Fault("POST", rf"^/repos/{REPOSITORY}/issues$", perform=True, drop=True,
                             skip=136, action=lambda: os.kill(child[0].pid, signal.SIGKILL)))
    env = {**os.environ, "GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": fake_github.url,
           "GITHUB_REPOSITORY": REPOSITORY}
    child.append(subprocess.Popen([sys.executable, "-m", "tests.fakegithub.crash", str(root)],
                                  cwd=PROJECT, env=env))
    assert child[0].wait(timeout=120) == -signal.SIGKILL
    assert len(fake_github.repo(REPOSITORY).issues) == 137
    # 13 files were written back whole; the 14th was not: its 7 issues exist unrecorded.
    written = [p for p, raw in before.items() if p.read_bytes() != raw]
    assert len(written) == 13
    assert postmortem_path(root, 13).read_bytes() == before[postmortem_path(root, 13)]

    fake_github.content_limits = True
    rerun = sync(root)
    assert rerun.status == 0, rerun.err
    assert "163 created" in rerun.out and "7 numbers recorded" in rerun.out
    assert len(fake_github.repo(REPOSITORY).issues) == 300
    by_number = issues_of(fake_github)
    assert len(set(by_number.values())) == 300  # no item has two issues
    assert {v: k for k, v in by_number.items()} == recorded(root)


EXPECTED_BEFORE = """\
---
incident: {iid}
status: draft   # still being written
authors: [jane]
action_items:
  - id: AI-1
    title: Fix thing 1 of outage 0
    owner: bob
    priority: P1
    due: 2026-06-01
    status: open
  - id: AI-2       # the interesting one
    title: Fix thing 2 of outage 0
    owner: carol
    priority: P2
    status: open   # nobody started
---
# Postmortem: Outage number 0
"""

EXPECTED_AFTER_FIRST = """\
---
incident: {iid}
status: draft   # still being written
authors: [jane]
action_items:
  - id: AI-1
    title: Fix thing 1 of outage 0
    owner: bob
    priority: P1
    due: 2026-06-01
    status: open
    issue: 1
  - id: AI-2       # the interesting one
    title: Fix thing 2 of outage 0
    owner: carol
    priority: P2
    status: open   # nobody started
    issue: 2
---
# Postmortem: Outage number 0
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = write_repository(tmp_path / "repo", postmortems=1, items=0)
    postmortem_path(root, 0).write_text(EXPECTED_BEFORE.format(iid=incident_id(0)))
    return root


def test_numbers_are_written_back_byte_minimally(small: Path, sync: Sync) -> None:
    assert sync(small).status == 0
    assert postmortem_path(small, 0).read_text() == EXPECTED_AFTER_FIRST.format(
        iid=incident_id(0))


def test_closed_as_not_planned_on_github_becomes_wont_do(
        small: Path, fake_github: FakeGitHub, sync: Sync) -> None:
    sync(small)
    fake_github.repo(REPOSITORY).edit_issue(2, {"state": "closed", "state_reason": "not_planned"})
    fake_github.clear()
    result = sync(small)
    assert result.status == 0, result.err
    assert postmortem_path(small, 0).read_text() == EXPECTED_AFTER_FIRST.format(
        iid=incident_id(0)).replace("status: open   # nobody started",
                                    "status: wont-do # nobody started")
    assert f"{incident_id(0)} AI-2 #2: closed as not planned on GitHub → wont-do" in result.out
    # The issue body now records the new state: one PATCH, and the next run is quiet.
    assert [(r.method, r.path, sorted(r.body)) for r in fake_github.writes] == [
        ("PATCH", f"/repos/{REPOSITORY}/issues/2", ["body"])]
    issue = fake_github.repo(REPOSITORY).issues[2]
    assert (issue.state, issue.state_reason) == ("closed", "not_planned")
    fake_github.clear()
    assert sync(small).out.endswith("2 unchanged, 0 failed; 0 files written.\n")
    assert fake_github.writes == []


def test_completed_reopened_and_closed_from_the_file(
        small: Path, fake_github: FakeGitHub, sync: Sync) -> None:
    sync(small)
    gh = fake_github.repo(REPOSITORY)
    gh.edit_issue(1, {"state": "closed"})
    sync(small)
    text = postmortem_path(small, 0).read_text()
    assert "    status: done\n    issue: 1\n" in text
    gh.edit_issue(1, {"state": "open"})  # reopened by a human
    sync(small)
    assert "    status: open\n    issue: 1\n" in postmortem_path(small, 0).read_text()

    path = postmortem_path(small, 0)
    path.write_text(path.read_text().replace("status: open   # nobody started",
                                             "status: wont-do # nobody started"))
    path.write_text(path.read_text().replace("    status: open\n    issue: 1",
                                             "    status: done\n    issue: 1"))
    fake_github.clear()
    result = sync(small)
    assert result.status == 0
    assert (gh.issues[1].state, gh.issues[1].state_reason) == ("closed", "completed")
    assert (gh.issues[2].state, gh.issues[2].state_reason) == ("closed", "not_planned")
    assert "AI-2 #2: wont-do in postmortems/" in result.out
    assert sorted(r.body["state"] for r in fake_github.writes) == ["closed", "closed"]
    assert path.read_text().count("status: done") == 1  # the file was not touched back

    # done → wont-do in the file: GitHub records a reason only on a change of state.
    path.write_text(path.read_text().replace("    status: done\n", "    status: wont-do\n"))
    fake_github.clear()
    sync(small)
    assert [r.body.get("state") for r in fake_github.writes] == ["open", "closed"]
    assert gh.issues[1].state_reason == "not_planned"


def test_issue_content(small: Path, fake_github: FakeGitHub, sync: Sync) -> None:
    sync(small)
    issue = fake_github.repo(REPOSITORY).issues[1]
    iid = incident_id(0)
    assert issue.title == f"AI-1: Fix thing 1 of outage 0 ({iid})"
    assert issue.labels == ["incident-action-item", "priority/P1", f"incident/{iid}"]
    assert issue.assignees == [LOGINS["bob"]]
    assert issue.body == (
        f"<!-- incidentkit:action-item incident={iid} item=AI-1 -->\n"
        f"Action item **AI-1** from the postmortem of [{iid}]"
        f"(https://github.test/{REPOSITORY}/blob/HEAD/postmortems/{iid}.md): Outage number 0\n"
        "\n"
        "- **Owner:** Bob Stone (@bobstone)\n"
        "- **Priority:** P1\n"
        "- **Due:** 2026-06-01\n"
        "- **Status:** open\n"
        "\n"
        f"This issue is written by `incidentkit actions sync` from `postmortems/{iid}.md`: "
        "change the action item there. Close the issue as completed to mark the item `done`, "
        "as not planned to mark it `wont-do`; reopen it to mark it `open` again.\n"
        "\n"
        "<!-- incidentkit:synced status=open assignee=bobstone -->\n")
    due = fake_github.repo(REPOSITORY).issues[2].body or ""
    assert "- **Due:** 2025-01-31 11:00 UTC (P2 default, 30d after resolution)\n" in due
    labels = fake_github.repo(REPOSITORY).labels
    assert (labels["priority/P1"].color, labels["incident-action-item"].color) == (
        "d93f0b", "5319e7")


def test_changes_in_the_file_are_pushed_and_human_labels_kept(
        small: Path, fake_github: FakeGitHub, sync: Sync) -> None:
    sync(small)
    gh = fake_github.repo(REPOSITORY)
    gh.edit_issue(1, {"labels": [*gh.issues[1].labels, "needs-review"]})
    path = postmortem_path(small, 0)
    path.write_text(path.read_text().replace("Fix thing 1 of outage 0", "Fix thing one")
                    .replace("priority: P1", "priority: P0").replace("owner: bob", "owner: jane"))
    fake_github.clear()
    result = sync(small)
    assert result.status == 0
    assert f"{incident_id(0)} AI-1 #1: updated title, body, labels, assignees" in result.out
    issue = gh.issues[1]
    assert issue.title == f"AI-1: Fix thing one ({incident_id(0)})"
    assert issue.labels == ["needs-review", "incident-action-item", "priority/P0",
                            f"incident/{incident_id(0)}"]
    assert issue.assignees == ["jane-doe"]
    assert [(r.method, r.path) for r in fake_github.writes] == [
        ("POST", f"/repos/{REPOSITORY}/labels"), ("PATCH", f"/repos/{REPOSITORY}/issues/1")]


def test_owner_without_login_and_refused_assignee(
        small: Path, fake_github: FakeGitHub, sync: Sync) -> None:
    people = small / "oncall/people.yaml"
    people.write_text(people.read_text().replace("  github: bobstone\n", ""))
    fake_github.repo(REPOSITORY).assignable = {"jane-doe"}  # carol-lim is no collaborator
    result = sync(small)
    assert result.status == 0, result.err
    assert (
        f"incidentkit: warning: {incident_id(0)} AI-2: GitHub refused to assign carol "
        "(@carol-lim): GitHub refused to create an issue: 422 Validation Failed (assignees "
        "invalid carol-lim); the issue is created unassigned\n") in result.err
    assert f"{incident_id(0)} AI-1 #1: created (P1, unassigned)" in result.out
    gh = fake_github.repo(REPOSITORY)
    assert gh.issues[1].assignees == gh.issues[2].assignees == []
    assert "(`bob` has no GitHub login in oncall/people.yaml)" in (gh.issues[1].body or "")
    fake_github.clear()
    again = sync(small)  # the refusal is remembered: no assignment is tried again
    assert fake_github.writes == [] and again.err == ""


def test_dry_run_changes_nothing(small: Path, fake_github: FakeGitHub, sync: Sync) -> None:
    before = postmortem_path(small, 0).read_bytes()
    result = sync(small, dry_run=True)
    assert result.status == 0
    assert result.out == (
        f"{REPOSITORY}: 2 action items in 1 postmortem (dry run: nothing is changed)\n"
        "[dry run] label incident-action-item: create\n"
        "[dry run] label priority/P1: create\n"
        f"[dry run] label incident/{incident_id(0)}: create\n"
        "[dry run] label priority/P2: create\n"
        f"[dry run] {incident_id(0)} AI-1 (new issue): create (P1, assigned to @bobstone)\n"
        f"[dry run] {incident_id(0)} AI-2 (new issue): create (P2, assigned to @carol-lim)\n"
        "2 action items: 2 created, 0 updated, 0 closed, 0 reopened, 0 from GitHub, "
        "0 numbers recorded, 0 unchanged, 0 failed, 4 labels created; nothing was changed.\n")
    assert fake_github.writes == []
    assert postmortem_path(small, 0).read_bytes() == before

    sync(small)
    fake_github.repo(REPOSITORY).edit_issue(2, {"state": "closed"})
    fake_github.clear()
    planned = sync(small, dry_run=True)
    assert f"[dry run] {incident_id(0)} AI-2 #2: closed as completed on GitHub → done" in (
        planned.out)
    assert fake_github.writes == []
    assert "status: open   # nobody started" in postmortem_path(small, 0).read_text()


def test_issue_found_by_marker_not_by_title_or_number(
        small: Path, fake_github: FakeGitHub, sync: Sync) -> None:
    sync(small)
    gh = fake_github.repo(REPOSITORY)
    gh.edit_issue(1, {"title": "renamed by a human", "labels": []})  # label gone too
    path = postmortem_path(small, 0)
    path.write_text(path.read_text().replace("    issue: 2\n", "    issue: 1\n"))  # a typo
    result = sync(small)
    assert result.status == 0, result.err
    assert len(gh.issues) == 2
    assert gh.issues[1].title.startswith("AI-1:")
    assert "incident-action-item" in gh.issues[1].labels
    assert path.read_text() == EXPECTED_AFTER_FIRST.format(iid=incident_id(0))


def test_changed_on_both_sides_the_file_wins(
        small: Path, fake_github: FakeGitHub, sync: Sync) -> None:
    sync(small)
    fake_github.repo(REPOSITORY).edit_issue(1, {"state": "closed"})
    path = postmortem_path(small, 0)
    path.write_text(path.read_text().replace("    status: open\n    issue: 1",
                                             "    status: wont-do\n    issue: 1"))
    result = sync(small)
    assert result.err == (
        f"incidentkit: warning: {incident_id(0)} AI-1: changed on both sides (file: wont-do, "
        "GitHub: closed as completed); the file wins\n")
    issue = fake_github.repo(REPOSITORY).issues[1]
    assert (issue.state, issue.state_reason) == ("closed", "not_planned")
    assert "    status: wont-do\n    issue: 1" in path.read_text()


def test_pull_requests_duplicates_and_orphans(
        small: Path, fake_github: FakeGitHub, sync: Sync) -> None:
    sync(small)
    gh = fake_github.repo(REPOSITORY)
    copied = gh.create_issue({"title": "copy", "body": gh.issues[2].body,
                              "labels": ["incident-action-item"]})
    pull = gh.create_issue({"title": "a PR", "body": gh.issues[1].body,
                            "labels": ["incident-action-item"]})
    pull.pull_request = True
    gh.create_issue({"title": "gone", "labels": ["incident-action-item"], "body":
                     f"<!-- incidentkit:action-item incident={incident_id(0)} item=AI-9 -->"})
    fake_github.clear()
    result = sync(small)
    assert result.status == 0
    assert result.err == (
        f"incidentkit: warning: {incident_id(0)} AI-2: #{copied.number} carries the same "
        "marker as #2; #2 is kept in step, close the others by hand\n"
        f"incidentkit: warning: #5 is for {incident_id(0)} AI-9, which is no longer in "
        f"postmortems/{incident_id(0)}.md: left as it is\n")
    assert fake_github.writes == []


def test_github_enterprise_api_prefix(small: Path, clock: FakeClock) -> None:
    fake = FakeGitHub(clock=clock, prefix="/api/v3").start()
    try:
        fake.add_repo(REPOSITORY)
        env = {"GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": fake.url,
               "GITHUB_REPOSITORY": REPOSITORY}
        assert fake.url.endswith("/api/v3")
        outcome = sync_actions(small, environ=env, clock=clock,
                               echo=lambda message, *, err=False: None)
        assert outcome.complete
        assert len(fake.repo(REPOSITORY).issues) == 2
        link = fake.url.removesuffix("/api/v3") + f"/{REPOSITORY}/blob/HEAD/postmortems/"
        assert link in (fake.repo(REPOSITORY).issues[1].body or "")
    finally:
        fake.stop()
