"""The fake answers PyGithub as GitHub does: shapes, pagination, ETags, rate-limit headers."""

from __future__ import annotations

import pytest
import requests
from github import Auth, Github, GithubException

from tests.fakegithub import REPOSITORY, TOKEN, FakeClock, FakeGitHub, Fault

pytest_plugins = ["tests.fakegithub.plugin"]


def client(fake: FakeGitHub, token: str = TOKEN) -> Github:
    return Github(base_url=fake.url, auth=Auth.Token(token), retry=None, per_page=100,
                  seconds_between_requests=None, seconds_between_writes=None, lazy=True)


def test_issues_round_trip_and_paginate(fake_github: FakeGitHub, clock: FakeClock) -> None:
    repo = client(fake_github).get_repo(REPOSITORY)
    for n in range(250):
        clock.advance(1)
        repo.create_issue(f"issue {n}", body="hello", labels=["x"], assignees=["alice"])
    fake_github.clear()
    issues = list(repo.get_issues(state="all", labels=["x"], direction="asc"))
    assert [i.number for i in issues] == list(range(1, 251))
    assert fake_github.count("GET") == 3
    assert [r.query.get("page") for r in fake_github.requests] == [None, "2", "3"]
    first = issues[0]
    assert (first.title, first.body, first.state, first.state_reason) == (
        "issue 0", "hello", "open", None)
    assert [label.name for label in first.labels] == ["x"]
    assert [u.login for u in first.assignees] == ["alice"]
    assert "pull_request" not in first._rawData  # GitHub leaves it out for issues
    assert first.html_url == f"https://github.test/{REPOSITORY}/issues/1"
    assert fake_github.count() == 3  # nothing was fetched again to "complete" an object


def test_close_reasons_and_reopen(fake_github: FakeGitHub) -> None:
    repo = client(fake_github).get_repo(REPOSITORY)
    issue = repo.create_issue("a")
    issue.edit(state="closed", state_reason="not_planned")
    assert (issue.state, issue.state_reason) == ("closed", "not_planned")
    issue.edit(state="closed", state_reason="completed")  # ignored unless the state changes
    assert issue.state_reason == "not_planned"
    issue.edit(state="open")
    assert (issue.state, issue.state_reason) == ("open", "reopened")
    issue.edit(state="closed")
    assert issue.state_reason == "completed"


def test_etag_and_conditional_request(fake_github: FakeGitHub) -> None:
    repo = client(fake_github).get_repo(REPOSITORY)
    repo.create_issue("a")
    issue = repo.get_issue(1)
    assert issue.title == "a"  # completes the lazy object: one GET with an ETag
    assert issue.update() is False  # If-None-Match → 304
    assert fake_github.requests[-1].if_none_match is not None
    repo.get_issue(1).edit(title="b")
    assert issue.update() is True
    assert issue.title == "b"


def test_rate_limit_headers(fake_github: FakeGitHub) -> None:
    gh = client(fake_github)
    list(gh.get_repo(REPOSITORY).get_issues())
    remaining, limit = gh.rate_limiting
    assert (remaining, limit) == (4999, 5000)
    assert gh.rate_limiting_resettime == int(fake_github.clock() + 3600)


def test_search(fake_github: FakeGitHub) -> None:
    repo = client(fake_github).get_repo(REPOSITORY)
    repo.create_issue("a", body="<!-- marker:one -->")
    repo.create_issue("b", body="other")
    found = list(client(fake_github).search_issues(
        f'repo:{REPOSITORY} is:issue in:body "marker:one"'))
    assert [i.number for i in found] == [1]


def test_errors(fake_github: FakeGitHub) -> None:
    with pytest.raises(GithubException) as bad:
        list(client(fake_github, "wrong").get_repo(REPOSITORY).get_issues())
    assert bad.value.status == 401
    with pytest.raises(GithubException) as missing:
        list(client(fake_github).get_repo("acme/nope").get_issues())
    assert missing.value.status == 404
    fake_github.repo(REPOSITORY).assignable = {"alice"}
    with pytest.raises(GithubException) as invalid:
        client(fake_github).get_repo(REPOSITORY).create_issue("a", assignees=["ghost"])
    assert invalid.value.status == 422
    assert invalid.value.data["errors"][0]["field"] == "assignees"  # type: ignore[index]


def test_faults(fake_github: FakeGitHub) -> None:
    repo = client(fake_github).get_repo(REPOSITORY)
    fake_github.inject(Fault("POST", r"/issues$", status=403, message="You have exceeded a "
                             "secondary rate limit.", retry_after=30))
    with pytest.raises(GithubException) as limited:
        repo.create_issue("a")
    assert limited.value.status == 403
    assert limited.value.headers["retry-after"] == "30"  # type: ignore[index]
    fake_github.inject(Fault("POST", r"/issues$", drop=True, perform=True))
    with pytest.raises(requests.exceptions.ConnectionError):
        repo.create_issue("b")
    assert [i.title for i in fake_github.repo(REPOSITORY).issues.values()] == ["b"]


def test_content_limit(fake_github: FakeGitHub) -> None:
    repo = client(fake_github).get_repo(REPOSITORY)
    for n in range(80):
        repo.create_issue(f"{n}")
    with pytest.raises(GithubException) as limited:
        repo.create_issue("one too many")
    assert limited.value.headers["retry-after"] == "61"  # type: ignore[index]
    assert fake_github.limited == 1
