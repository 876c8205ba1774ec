"""``actions sync`` when GitHub fails: each case ends with a clear message, and a rerun converges
with one issue per action item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from incidentkit.errors import FatalError
from incidentkit.followup.github.pygithub import PyGithubClient
from incidentkit.followup.github.settings import RetryPolicy, Settings
from tests.conftest import Run
from tests.fakegithub import REPOSITORY, TOKEN, FakeClock, FakeGitHub, Fault
from tests.fakegithub.sample import Sync, assert_converged, incident_id, write_repository

pytest_plugins = ["tests.fakegithub.plugin"]

ISSUES = rf"^/repos/{REPOSITORY}/issues$"
ONE_ISSUE = rf"^/repos/{REPOSITORY}/issues/\d+$"
SECONDARY = ("You have exceeded a secondary rate limit. Please wait a few minutes before you "
             "try again.")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """3 postmortems of 2 open items: 6 issues, 3 files."""
    return write_repository(tmp_path / "repo", postmortems=3, items=2)


def converge(sync: Sync, fake: FakeGitHub, root: Path) -> None:
    again = sync(root)
    assert again.status == 0, again.err
    assert_converged(fake, root, 6)
    fake.clear()
    assert sync(root).status == 0
    assert fake.writes == []


def test_5xx_are_retried_with_backoff(
        root: Path, sync: Sync, fake_github: FakeGitHub, clock: FakeClock) -> None:
    fake_github.inject(Fault("GET", ISSUES, status=502, message="Bad Gateway", times=2))
    fake_github.inject(Fault("POST", "/labels$", status=503, times=1))
    result = sync(root)
    assert result.status == 0, result.err
    assert clock.sleeps[:3] == [2.0, 4.0, 2.0]
    assert fake_github.count("GET", ISSUES) == 3
    converge(sync, fake_github, root)


def test_a_page_that_fails_is_fetched_again_alone(
        root: Path, sync: Sync, fake_github: FakeGitHub) -> None:
    sync(root)
    fake_github.inject(Fault("GET", ISSUES, status=500, skip=1))
    client = PyGithubClient(Settings(REPOSITORY, fake_github.url, "", TOKEN), clock=FakeClock(),
                            per_page=2)
    fake_github.clear()
    assert len(client.list_issues("incident-action-item")) == 6
    assert [r.query.get("page") for r in fake_github.requests] == [None, "2", "2", "3"]


@pytest.mark.parametrize("fault", [
    Fault("POST", ISSUES, status=502, message="Bad Gateway"),  # refused: not created
    Fault("POST", ISSUES, status=502, message="Bad Gateway", perform=True),  # created, then 502
    Fault("POST", ISSUES, drop=True, perform=True),  # created, then the connection dropped
], ids=["502-before", "502-after-create", "dropped-after-create"])
def test_a_create_whose_answer_is_lost_makes_no_duplicate(
        root: Path, sync: Sync, fake_github: FakeGitHub, fault: Fault) -> None:
    fake_github.inject(fault)
    result = sync(root)
    assert result.status == 0, result.err
    assert fake_github.count("GET", ISSUES) == 2  # the listing, then the newest issues once
    assert len(fake_github.repo(REPOSITORY).issues) == 6
    if fault.perform:
        assert "found it by its marker" in result.out
    converge(sync, fake_github, root)


def test_timeouts_are_retried(
        root: Path, sync: Sync, fake_github: FakeGitHub, clock: FakeClock) -> None:
    fake_github.inject(Fault("GET", ISSUES, perform=True, delay=1.5))
    result = sync(root, policy=RetryPolicy(read_timeout=1))
    assert result.status == 0, result.err
    assert clock.sleeps[0] == 2.0
    converge(sync, fake_github, root)


def test_secondary_rate_limit_waits_retry_after(
        root: Path, sync: Sync, fake_github: FakeGitHub, clock: FakeClock) -> None:
    fake_github.inject(Fault("POST", ISSUES, status=403, message=SECONDARY, retry_after=47,
                             skip=2))
    start = clock.now()
    result = sync(root)
    assert result.status == 0, result.err
    assert 47.0 in clock.sleeps
    assert clock.now() - start >= 47
    assert fake_github.count("POST", ISSUES) == 7  # the refused one was sent again
    converge(sync, fake_github, root)


def test_secondary_rate_limit_without_retry_after_waits_a_minute(
        root: Path, sync: Sync, fake_github: FakeGitHub, clock: FakeClock) -> None:
    fake_github.inject(Fault("POST", ISSUES, status=403, message=SECONDARY))
    assert sync(root).status == 0
    assert 60.0 in clock.sleeps


def test_primary_rate_limit_waits_for_the_reset(
        root: Path, sync: Sync, fake_github: FakeGitHub, clock: FakeClock) -> None:
    fake_github.set_remaining(0)
    clock.advance(3600 - 300)  # the window resets in five minutes
    result = sync(root)
    assert result.status == 0, result.err
    assert clock.sleeps[0] == 301.0
    converge(sync, fake_github, root)


def test_a_rate_limit_longer_than_max_wait_stops_the_run(
        root: Path, sync: Sync, fake_github: FakeGitHub, clock: FakeClock) -> None:
    fake_github.inject(Fault("POST", ISSUES, status=403, message=SECONDARY, retry_after=3600,
                             skip=3))
    result = sync(root)
    assert result.status == 1
    assert result.err == (
        "incidentkit: error: stopped: GitHub's rate limit stops us (POST "
        f"/repos/{REPOSITORY}/issues, to create an issue) until 2026-03-01 13:00 UTC: rerun "
        "after that\n")
    assert result.out.endswith("3 created, 0 updated, 0 closed, 0 reopened, 0 from GitHub, "
                               "0 numbers recorded, 0 unchanged, 0 failed, 3 not reached, "
                               "8 labels created; 2 files written.\n")
    assert len(fake_github.repo(REPOSITORY).issues) == 3
    clock.advance(3600)
    converge(sync, fake_github, root)


def test_github_down_stops_after_three_items_in_a_row(
        root: Path, sync: Sync, fake_github: FakeGitHub) -> None:
    fake_github.inject(Fault("POST", ISSUES, status=500, times=1000, skip=1))
    result = sync(root)
    assert result.status == 1
    lines = result.err.splitlines()
    assert lines[0] == (
        f"incidentkit: error: {incident_id(0)} AI-2 (postmortems/{incident_id(0)}.md): GitHub "
        "did not confirm creating the issue after 3 tries: rerun later (it is found by its "
        "marker if it was made)")
    assert lines[-1] == ("incidentkit: error: stopped: GitHub failed 3 items in a row: rerun "
                         "later")
    assert len(fake_github.repo(REPOSITORY).issues) == 1
    fake_github.faults.clear()
    converge(sync, fake_github, root)


def test_422_names_the_item_and_the_others_go_on(
        root: Path, sync: Sync, fake_github: FakeGitHub) -> None:
    fake_github.inject(Fault("POST", ISSUES, status=422, message="Validation Failed", skip=1))
    result = sync(root)
    assert result.status == 1
    assert result.err == (
        f"incidentkit: error: {incident_id(0)} AI-2 (postmortems/{incident_id(0)}.md): GitHub "
        "refused to create an issue: 422 Validation Failed\n")
    assert len(fake_github.repo(REPOSITORY).issues) == 5
    converge(sync, fake_github, root)


def test_token_refused_midway_keeps_what_was_done(
        root: Path, sync: Sync, fake_github: FakeGitHub) -> None:
    fake_github.inject(Fault("POST", ISSUES, status=401, message="Bad credentials", skip=3))
    with pytest.raises(FatalError) as stopped:
        sync(root)
    assert stopped.value.message.startswith("the token was refused (GITHUB_TOKEN)")
    assert len(fake_github.repo(REPOSITORY).issues) == 3
    converge(sync, fake_github, root)  # the three are recorded, none is made twice


@pytest.fixture
def cli(github_env: FakeGitHub, run: Callable[..., Run], root: Path) -> Callable[..., Run]:
    def _cli(*args: str) -> Run:
        return run("-C", str(root), "actions", "sync", *args)

    return _cli


def test_cli_401(cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch,
                 fake_github: FakeGitHub, root: Path) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_not-the-right-one")
    result = cli()
    assert result.status == 2
    assert result.err == (
        "incidentkit: error: the token was refused (GITHUB_TOKEN): GitHub answered 401 Bad "
        f"credentials; check that it is valid, not expired, and for {fake_github.url}\n")
    assert "ghp_not-the-right-one" not in result.out + result.err
    assert fake_github.writes == []
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    assert cli().status == 0
    assert_converged(fake_github, root, 6)


def test_cli_404_repository(cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch,
                            fake_github: FakeGitHub, root: Path) -> None:
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/missing")
    result = cli()
    assert (result.status, result.err) == (2, (
        "incidentkit: error: repository acme/missing not found or not visible to the token "
        "(check github.repository / GITHUB_REPOSITORY and the token's access)\n"))
    monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
    assert cli().status == 0
    assert_converged(fake_github, root, 6)


def test_cli_403_permission(cli: Callable[..., Run], fake_github: FakeGitHub,
                            root: Path) -> None:
    fake_github.inject(Fault("POST", "", status=403,
                             message="Resource not accessible by integration"))
    result = cli()
    assert (result.status, result.err) == (2, (
        "incidentkit: error: GitHub refused to create the label 'incident-action-item' in "
        "acme/incidents (403 Resource not accessible by integration): the token needs "
        "permission to write issues (a workflow: `permissions: issues: write`)\n"))
    assert cli().status == 0
    assert_converged(fake_github, root, 6)


def test_cli_missing_settings(cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN")
    result = cli()
    assert result.status == 2
    assert result.err.startswith("incidentkit: error: GITHUB_TOKEN is not set: export a token")
    monkeypatch.setenv("GITHUB_TOKEN", "x")
    monkeypatch.delenv("GITHUB_REPOSITORY")
    assert cli().err == (
        "incidentkit: error: no GitHub repository: set github.repository (owner/name) in "
        "incidentkit.yaml or GITHUB_REPOSITORY\n")


def test_cli_syncs_and_reports(cli: Callable[..., Run], fake_github: FakeGitHub) -> None:
    first = cli("--dry-run")
    assert (first.status, fake_github.writes) == (0, [])
    done = cli()
    assert done.status == 0, done.err
    assert done.out.splitlines()[-1] == (
        "6 action items: 6 created, 0 updated, 0 closed, 0 reopened, 0 from GitHub, "
        "0 numbers recorded, 0 unchanged, 0 failed, 8 labels created; 3 files written.")
    assert cli().out.splitlines()[-1].endswith("6 unchanged, 0 failed; 0 files written.")


def test_an_unreadable_retry_after_is_waited_once_as_a_minute(
        root: Path, sync: Sync, fake_github: FakeGitHub, clock: FakeClock) -> None:
    fake_github.inject(Fault("GET", ISSUES, status=429, message="Too Many Requests",
                             retry_after="soon"))
    result = sync(root)
    assert result.status == 0, result.err
    assert clock.sleeps[0] == 60.0
    converge(sync, fake_github, root)


def test_an_unreadable_retry_after_twice_stops_the_run(
        root: Path, sync: Sync, fake_github: FakeGitHub, clock: FakeClock) -> None:
    fake_github.inject(Fault("GET", ISSUES, status=429, message="Too Many Requests",
                             retry_after="\x1b[2Jsoon", times=100))
    result = sync(root)
    assert result.status == 1
    assert result.err == (
        f"incidentkit: error: stopped: GitHub still rate-limits us (GET /repos/{REPOSITORY}/"
        "issues, to list the issues) and its Retry-After '\\x1b[2Jsoon' is neither seconds nor "
        "a date: rerun later\n")
    assert clock.sleeps == [60.0]
    fake_github.faults.clear()
    converge(sync, fake_github, root)


def test_an_http_date_retry_after_is_waited_to_that_moment(
        root: Path, sync: Sync, fake_github: FakeGitHub, clock: FakeClock) -> None:
    when = format_datetime(datetime.fromtimestamp(clock.now() + 95, UTC), usegmt=True)
    fake_github.inject(Fault("POST", ISSUES, status=403, message=SECONDARY, retry_after=when))
    result = sync(root)
    assert result.status == 0, result.err
    assert 95.0 in clock.sleeps
    converge(sync, fake_github, root)


def test_rate_limit_waits_count_against_the_deadline(
        root: Path, sync: Sync, fake_github: FakeGitHub, clock: FakeClock) -> None:
    # No Retry-After: a minute, doubling; the fourth wait (480 s) would end past 600 s.
    fake_github.inject(Fault("POST", ISSUES, status=403, message=SECONDARY, times=100, skip=1))
    result = sync(root)
    assert result.status == 1
    assert clock.sleeps[-3:] == [60.0, 120.0, 240.0]
    assert result.err == (
        f"incidentkit: error: stopped: GitHub's rate limit asks us to wait 480 s (POST /repos/"
        f"{REPOSITORY}/issues, to create an issue), past the run's deadline (600 s, "
        "INCIDENTKIT_GITHUB_DEADLINE): rerun later to continue; what was done is kept\n")
    assert result.out.endswith("1 created, 0 updated, 0 closed, 0 reopened, 0 from GitHub, "
                               "0 numbers recorded, 0 unchanged, 0 failed, 5 not reached, "
                               "8 labels created; 1 file written.\n")
    fake_github.faults.clear()
    converge(sync, fake_github, root)


def test_a_rate_limit_header_that_is_no_number_is_ignored(
        root: Path, sync: Sync, fake_github: FakeGitHub) -> None:
    fake_github.inject(Fault("GET", ISSUES, perform=True, headers={
        "X-RateLimit-Remaining": "lots", "X-RateLimit-Reset": "inf"}))
    result = sync(root)
    assert result.status == 0, result.err
    converge(sync, fake_github, root)


@pytest.mark.parametrize(("link", "problem"), [
    ('<http://evil.test/steal?page=2>; rel="next"',
     "with a next page outside GITHUB_API_URL (http://evil.test/steal)"),
    ("<{url}/repos/acme/incidents/issues?page=1>; rel=\"next\"",
     "with a next page that was read already (a loop)"),
], ids=["elsewhere", "loop"])
def test_pagination_stays_on_the_api_and_ends(
        root: Path, sync: Sync, fake_github: FakeGitHub, link: str, problem: str) -> None:
    fake_github.inject(Fault("GET", ISSUES, perform=True, times=100,
                             headers={"Link": link.format(url=fake_github.url)}))
    with pytest.raises(FatalError) as stopped:
        sync(root)
    assert stopped.value.message == (
        f"GitHub answered GET /repos/{REPOSITORY}/issues (to list the issues) {problem}: check "
        "GITHUB_API_URL (https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise) "
        "and the repository's name, then rerun")
    assert fake_github.count("GET", ISSUES) <= 2
    assert fake_github.writes == []
    fake_github.faults.clear()
    converge(sync, fake_github, root)


@pytest.mark.parametrize(("name", "value", "message"), [
    ("GITHUB_TOKEN", "ghp_abc def", "GITHUB_TOKEN holds a space, a control or a non-ASCII "
     "character, which no token has: check that it was copied whole and alone"),
    ("GITHUB_TOKEN", "ghp_abc’", "GITHUB_TOKEN holds a space, a control or a non-ASCII "
     "character, which no token has: check that it was copied whole and alone"),
    ("GITHUB_API_URL", "ftp://example.test", "GITHUB_API_URL is not an http(s) address with a "
     "host name: set it to https://api.github.com, or https://HOST/api/v3 for GitHub "
     "Enterprise"),
    ("GITHUB_API_URL", "http://example.test:99999", "GITHUB_API_URL is not an http(s) address "
     "with a host name: set it to https://api.github.com, or https://HOST/api/v3 for GitHub "
     "Enterprise"),
])
def test_settings_that_cannot_work_are_refused_before_any_request(
        root: Path, sync: Sync, fake_github: FakeGitHub, name: str, value: str,
        message: str) -> None:
    with pytest.raises(FatalError) as refused:
        sync(root, **{name: value})
    assert refused.value.message == message
    assert fake_github.requests == []
