"""The real CLI against a GitHub that misbehaves: redirects, HTML and garbage with a 200, JSON of
the wrong shape, error messages that echo the token, a 50 MB error, a slow server, a
``Retry-After`` nobody can read.

Each of ``actions sync``, ``actions sync --dry-run`` and ``overdue --tracking-issue`` ends
within its deadline (measured), with a message naming the request, a non-zero status, no token
in anything it printed, output of bounded size; and a rerun once the server behaves converges
with no duplicate issue.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from incidentkit.followup.github.tracking import MARKER
from tests.conftest import Run
from tests.fakegithub import REPOSITORY, FakeGitHub, Fault
from tests.fakegithub.sample import assert_converged, write_repository

pytest_plugins = ["tests.fakegithub.plugin"]

#: A token that looks like one, so that finding it anywhere is no coincidence.
SECRET = "ghs_S3cretT0kenV4lue0123456789abcdefXYZ"
LATE = "2027-01-01T00:00:00Z"
LISTING = rf"^/repos/{REPOSITORY}/issues$"
FIRST = rf"{LISTING}|^/search/issues$"
ADVICE = ("check GITHUB_API_URL (https://api.github.com, or https://HOST/api/v3 for GitHub "
          "Enterprise) and the repository's name, then rerun")
PERMISSION = ("the token needs permission to write issues (a workflow: `permissions: issues: "
              "write`)")
#: Seconds a run against a faulty server may take here, and the longest wait for an answer.
DEADLINE = 1.5
TIMEOUT = 0.5
#: For the runs that converge.
ENOUGH = 60.0


@dataclass(frozen=True)
class Command:
    args: tuple[str, ...]
    #: The first request: its name, and what it is for.
    request: str
    what: str
    #: Before the message on stderr.
    prefix: str


COMMANDS = {
    "sync": Command(("actions", "sync"), f"GET /repos/{REPOSITORY}/issues", "list the issues",
                    "incidentkit: error: "),
    "dry-run": Command(("actions", "sync", "--dry-run"), f"GET /repos/{REPOSITORY}/issues",
                       "list the issues", "incidentkit: error: "),
    "tracking": Command(("overdue", "--at", LATE, "--tracking-issue"), "GET /search/issues",
                        "search issues", "incidentkit: error: tracking issue not updated: "),
}


@dataclass(frozen=True)
class Timed:
    status: int
    out: str
    err: str
    seconds: float


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """3 postmortems of 2 open items: 6 issues, all overdue at ``LATE``."""
    return write_repository(tmp_path / "repo", postmortems=3, items=2)


@pytest.fixture
def cli(github_env: FakeGitHub, run: Callable[..., Run], root: Path,
        monkeypatch: pytest.MonkeyPatch) -> Callable[..., Timed]:
    github_env.tokens.add(SECRET)
    monkeypatch.setenv("GITHUB_TOKEN", SECRET)
    monkeypatch.setenv("INCIDENTKIT_GITHUB_TIMEOUT", f"{TIMEOUT:g}")

    def _cli(*args: str, deadline: float = ENOUGH) -> Timed:
        monkeypatch.setenv("INCIDENTKIT_GITHUB_DEADLINE", f"{deadline:g}")
        start = time.monotonic()
        result = run("-C", str(root), *args)
        return Timed(result.status, result.out, result.err, time.monotonic() - start)

    return _cli


#: Seconds for loading the repository, before the deadline's clock starts.
STARTUP = 0.5


def assert_safe(result: Timed, limit: float = DEADLINE) -> None:
    """Within the deadline, no token, a bounded output."""
    assert result.seconds < limit + STARTUP, result
    assert SECRET not in result.out + result.err
    assert len(result.out) + len(result.err) < 4000


def assert_rerun_converges(cli: Callable[..., Timed], fake: FakeGitHub, root: Path,
                           name: str) -> None:
    fake.faults.clear()
    if name == "tracking":
        again = cli(*COMMANDS[name].args)
        assert again.status == 0, again.err
        tracking = [i for i in fake.repo(REPOSITORY).issues.values() if MARKER in (i.body or "")]
        assert len(tracking) == 1
        return
    again = cli("actions", "sync")
    assert again.status == 0, again.err
    assert_converged(fake, root, 6)


def seed(fake: FakeGitHub, root: Path, cli: Callable[..., Timed], name: str) -> None:
    """A first sync (and the tracking issue): the listings have something to get wrong."""
    assert cli("actions", "sync").status == 0
    if name == "tracking":
        assert cli(*COMMANDS["tracking"].args).status == 0
    fake.clear()


def nulled(field: str) -> Callable[[Any], Any]:
    def transform(data: Any) -> Any:
        items = data["items"] if isinstance(data, dict) else data
        changed = [{**item, field: None} for item in items]
        return {**data, "items": changed} if isinstance(data, dict) else changed

    return transform


def dropped(field: str) -> Callable[[Any], Any]:
    def transform(data: Any) -> Any:
        items = data["items"] if isinstance(data, dict) else data
        changed = [{k: v for k, v in item.items() if k != field} for item in items]
        return {**data, "items": changed} if isinstance(data, dict) else changed

    return transform


def run_fault(cli: Callable[..., Timed], fake: FakeGitHub, name: str, fault: Fault,
              deadline: float = DEADLINE) -> Timed:
    fake.inject(fault)
    result = cli(*COMMANDS[name].args, deadline=deadline)
    assert_safe(result, deadline)
    return result


# -- answers that are no REST API answer: exit 2, nothing written ------------------------------

@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_an_error_not_an_empty_listing(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path, name: str,
        status: int) -> None:
    port = fake_github.url.rsplit(":", 1)[1]
    # 301, 302 to another path of this server; 307, 308 to another host name, a secret in the
    # query (PyGithub itself would follow a 301 and read a 302 or 307 as an empty listing).
    location = (f"{fake_github.url}/elsewhere/issues" if status in (301, 302) else
                f"http://localhost:{port}/repos/{REPOSITORY}/issues?access_token={SECRET}")
    shown = location.split("?")[0]
    result = run_fault(cli, fake_github, name,
                       Fault("GET", FIRST, status=status, location=location, times=100))
    command = COMMANDS[name]
    assert (result.status, result.err) == (2, (
        f"{command.prefix}GitHub answered {command.request} (to {command.what}) with a "
        f"redirect ({status} to {shown}): {ADVICE}\n"))
    assert fake_github.writes == []
    if name != "tracking":  # no plan: nothing to create, nothing created
        dry = " (dry run: nothing is changed)" if name == "dry-run" else ""
        written = "nothing was changed" if name == "dry-run" else "0 files written"
        assert result.out == (
            f"{REPOSITORY}: 6 action items in 3 postmortems{dry}\n"
            "6 action items: 0 created, 0 updated, 0 closed, 0 reopened, 0 from GitHub, "
            f"0 numbers recorded, 0 unchanged, 0 failed, 6 not reached; {written}.\n")
    assert_rerun_converges(cli, fake_github, root, name)


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize(("raw", "kind", "problem"), [
    (b"<!DOCTYPE html><html><body>Sign in to continue</body></html>",
     "text/html; charset=utf-8", "with text/html; charset=utf-8, not JSON"),
    (b"\x00\xff}{ garbage \x1b[31m", "application/json", "with a body that is not valid JSON"),
    (b"", "application/json", "with an empty body"),
    (b"garbage", "", "with no Content-Type, not JSON"),
], ids=["html", "garbage", "empty", "no-content-type"])
def test_html_or_garbage_with_200_is_an_error(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path, name: str, raw: bytes,
        kind: str, problem: str) -> None:
    result = run_fault(cli, fake_github, name,
                       Fault("GET", FIRST, raw=raw, content_type=kind, times=100))
    command = COMMANDS[name]
    assert (result.status, result.err) == (2, (
        f"{command.prefix}GitHub answered {command.request} (to {command.what}) {problem}: "
        f"{ADVICE}\n"))
    assert fake_github.writes == []
    assert_rerun_converges(cli, fake_github, root, name)


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize(("transform", "problem"), [
    (nulled("labels"), 'issue #1 has "labels": null, not a list'),
    (nulled("assignees"), 'issue #1 has "assignees": null, not a list'),
    (nulled("number"), 'issue 1 of the page has "number": null, not a number'),
    (dropped("number"), 'issue 1 of the page has no "number"'),
    (nulled("state"), 'issue #1 has "state": null, not a string'),
], ids=["null-labels", "null-assignees", "null-number", "no-number", "null-state"])
def test_json_of_the_wrong_shape_is_an_error(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path, name: str,
        transform: Callable[[Any], Any], problem: str) -> None:
    seed(fake_github, root, cli, name)
    before = len(fake_github.repo(REPOSITORY).issues)
    result = run_fault(cli, fake_github, name,
                       Fault("GET", FIRST, perform=True, transform=transform, times=100))
    command = COMMANDS[name]
    # The tracking issue is found by the search: issue #7, the first of its one-item page.
    problem = problem.replace("#1", "#7") if name == "tracking" else problem
    assert (result.status, result.err) == (2, (
        f"{command.prefix}GitHub answered {command.request} (to {command.what}) in a shape the "
        f"REST API does not send ({problem}): {ADVICE}\n"))
    assert fake_github.writes == []
    assert len(fake_github.repo(REPOSITORY).issues) == before
    assert_rerun_converges(cli, fake_github, root, name)


def test_a_page_that_is_an_object_is_an_error(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path) -> None:
    result = run_fault(cli, fake_github, "sync", Fault(
        "GET", LISTING, raw=b'{"message": "ok"}', content_type="application/json"))
    assert (result.status, result.err) == (2, (
        f"incidentkit: error: GitHub answered GET /repos/{REPOSITORY}/issues (to list the "
        f"issues) in a shape the REST API does not send (the answer is an object, not a list "
        f"of issues): {ADVICE}\n"))
    assert_rerun_converges(cli, fake_github, root, "sync")


def test_a_null_user_is_not_read_and_does_no_harm(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path) -> None:
    seed(fake_github, root, cli, "sync")
    fake_github.inject(Fault("GET", LISTING, perform=True, transform=nulled("user")))
    result = cli("actions", "sync")
    assert result.status == 0, result.err
    assert fake_github.writes == []
    assert_converged(fake_github, root, 6)


# -- what the server says: redacted, escaped, shortened --------------------------------------

@pytest.mark.parametrize("debug", ["", "1"], ids=["plain", "debug"])
@pytest.mark.parametrize("name", COMMANDS)
def test_a_server_echoing_the_token_never_gets_it_printed(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path, name: str, debug: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_DEBUG", debug)  # no traceback either way, no token
    result = run_fault(cli, fake_github, name,
                       Fault("GET", FIRST, status=403, echo_headers=True))
    command = COMMANDS[name]
    assert result.status == 2
    head = f"{command.prefix}GitHub refused to {command.what} in {REPOSITORY} (403 "
    assert result.err.startswith(head), result.err
    assert result.err.endswith(f"): {PERMISSION}\n")
    said = result.err[len(head):-len(f"): {PERMISSION}\n")]
    assert "\\x0aauthorization: token ***" in said  # the header line, its token redacted
    assert "\n" not in said and len(said) <= 300
    assert_rerun_converges(cli, fake_github, root, name)


def test_an_echoed_token_in_a_422_on_each_item_is_redacted(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path) -> None:
    fake_github.inject(Fault("POST", LISTING, status=422, echo_headers=True, times=6))
    result = cli("actions", "sync")
    assert_safe(result)
    assert result.status == 1
    lines = result.err.splitlines()
    assert len(lines) == 6
    assert all("GitHub refused to create an issue: 422 " in line
               and "authorization: token ***" in line for line in lines)
    assert_rerun_converges(cli, fake_github, root, "sync")


@pytest.mark.parametrize("name", COMMANDS)
def test_a_50_mb_error_is_neither_read_nor_printed_whole(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path, name: str) -> None:
    fault = Fault("GET", FIRST, status=403, size=50 * 2**20)
    result = run_fault(cli, fake_github, name, fault)
    command = COMMANDS[name]
    said = '{"message": "' + "x" * 286 + "…"
    assert (result.status, result.err) == (2, (
        f"{command.prefix}GitHub refused to {command.what} in {REPOSITORY} (403 {said}): "
        f"{PERMISSION}\n"))
    # The client stopped reading at 64 KiB: what left the server is what the socket buffers
    # took, far from 50 MB.
    assert fault.sent < 16 * 2**20
    assert_rerun_converges(cli, fake_github, root, name)


# -- slow servers and rate limits: the run's deadline holds, exit 1, a rerun continues -------

@pytest.mark.parametrize("name", COMMANDS)
def test_a_slow_server_stops_the_run_at_its_deadline(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path, name: str) -> None:
    result = run_fault(cli, fake_github, name,
                       Fault("GET", FIRST, perform=True, delay=5, times=100))
    command = COMMANDS[name]
    stop = "" if name == "tracking" else "stopped: "
    assert (result.status, result.err) == (1, (
        f"{command.prefix}{stop}GitHub did not answer {command.request} (to {command.what}): "
        f"timed out; the run's deadline ({DEADLINE:g} s, INCIDENTKIT_GITHUB_DEADLINE) comes "
        "before the next try: rerun later to continue; what was done is kept\n"))
    assert result.seconds < TIMEOUT + STARTUP  # one timed-out try, no backoff slept
    assert_rerun_converges(cli, fake_github, root, name)


def test_the_deadline_cuts_a_long_read_timeout(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_GITHUB_TIMEOUT", "30")
    result = run_fault(cli, fake_github, "sync",
                       Fault("GET", LISTING, perform=True, delay=5, times=100), deadline=1)
    assert result.status == 1
    assert result.err.startswith(
        f"incidentkit: error: stopped: GitHub did not answer GET /repos/{REPOSITORY}/issues (to "
        "list the issues): timed out; the run's deadline (1 s, INCIDENTKIT_GITHUB_DEADLINE)")
    assert 1 < result.seconds < 1 + STARTUP
    assert_rerun_converges(cli, fake_github, root, "sync")


def test_a_slow_create_is_found_by_its_marker_not_made_twice(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path) -> None:
    fake_github.inject(Fault("POST", LISTING, perform=True, delay=2, skip=2))
    result = cli("actions", "sync")
    assert_safe(result, ENOUGH)
    assert result.status == 0, result.err
    assert "found it by its marker" in result.out
    assert_converged(fake_github, root, 6)


@pytest.mark.parametrize("name", COMMANDS)
def test_an_unreadable_retry_after_is_no_endless_wait(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path, name: str) -> None:
    result = run_fault(cli, fake_github, name, Fault(
        "GET", FIRST, status=429, message="Too Many Requests", retry_after="soon", times=100))
    command = COMMANDS[name]
    stop = "" if name == "tracking" else "stopped: "
    assert (result.status, result.err) == (1, (
        f"{command.prefix}{stop}GitHub's rate limit asks us to wait 60 s ({command.request}, "
        f"to {command.what}), past the run's deadline ({DEADLINE:g} s, "
        "INCIDENTKIT_GITHUB_DEADLINE): rerun later to continue; what was done is kept\n"))
    assert result.seconds < STARTUP  # no wait at all
    assert_rerun_converges(cli, fake_github, root, name)


def test_a_deadline_passed_mid_run_keeps_what_was_done(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path) -> None:
    # The fourth create is refused with a wait longer than what is left of the run.
    fake_github.inject(Fault("POST", LISTING, status=429, message="Too Many Requests",
                             retry_after=60, skip=3))
    result = cli("actions", "sync", deadline=10)
    assert_safe(result, 10)
    assert result.status == 1
    assert result.err == (
        f"incidentkit: error: stopped: GitHub's rate limit asks us to wait 60 s (POST "
        f"/repos/{REPOSITORY}/issues, to create an issue), past the run's deadline "
        "(10 s, INCIDENTKIT_GITHUB_DEADLINE): rerun later to continue; what was done is "
        "kept\n")
    assert result.out.splitlines()[-1] == (
        "6 action items: 3 created, 0 updated, 0 closed, 0 reopened, 0 from GitHub, "
        "0 numbers recorded, 0 unchanged, 0 failed, 3 not reached, 8 labels created; "
        "2 files written.")
    assert len(fake_github.repo(REPOSITORY).issues) == 3
    assert_rerun_converges(cli, fake_github, root, "sync")


def test_deadline_and_timeout_settings_are_checked(
        cli: Callable[..., Timed], monkeypatch: pytest.MonkeyPatch,
        fake_github: FakeGitHub) -> None:
    monkeypatch.setenv("INCIDENTKIT_GITHUB_TIMEOUT", "٣٠")
    result = cli("actions", "sync")
    assert (result.status, result.err) == (2, (
        "incidentkit: error: INCIDENTKIT_GITHUB_TIMEOUT=٣٠ is not a number of seconds from 0.1 "
        "to 600: set it to e.g. 30, or unset it\n"))
    monkeypatch.setenv("INCIDENTKIT_GITHUB_TIMEOUT", "30")
    assert cli("actions", "sync", deadline=0).err == (
        "incidentkit: error: INCIDENTKIT_GITHUB_DEADLINE=0 is not a number of seconds from 1 to "
        "86400: set it to e.g. 600 (10 minutes), or unset it\n")
    assert fake_github.requests == []


def with_address(url: str) -> Callable[[Any], Any]:
    def transform(data: Any) -> Any:
        return {**data, "items": [{**item, "html_url": url} for item in data["items"]]}

    return transform


def test_the_tracking_issue_address_is_printed_redacted(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path) -> None:
    seed(fake_github, root, cli, "tracking")
    fake_github.inject(Fault("GET", "^/search/issues$", perform=True,
                             transform=with_address(f"https://github.test/x?t={SECRET}")))
    result = cli(*COMMANDS["tracking"].args)
    assert_safe(result, ENOUGH)
    assert result.err == "incidentkit: tracking issue #7 unchanged: https://github.test/x?t=***\n"


def test_a_tracking_issue_address_with_a_line_break_is_refused(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path) -> None:
    seed(fake_github, root, cli, "tracking")
    result = run_fault(cli, fake_github, "tracking", Fault(
        "GET", "^/search/issues$", perform=True,
        transform=with_address("https://github.test/1\n::error::injected")))
    assert (result.status, result.err) == (2, (
        "incidentkit: error: tracking issue not updated: GitHub answered GET /search/issues (to "
        "search issues) in a shape the REST API does not send (issue #7 has \"html_url\": "
        "\"https://github.test/1\\n::error::inject…, not a web address): " + ADVICE + "\n"))
    assert_rerun_converges(cli, fake_github, root, "tracking")


def test_a_create_answered_with_the_wrong_shape_is_found_by_its_marker_on_rerun(
        cli: Callable[..., Timed], fake_github: FakeGitHub, root: Path) -> None:
    # The third issue is made, but its answer is a list: the run stops, nothing records it.
    fake_github.inject(Fault("POST", LISTING, perform=True, transform=lambda data: [data],
                             skip=2))
    result = cli("actions", "sync", deadline=DEADLINE)
    assert_safe(result)
    assert (result.status, result.err) == (2, (
        f"incidentkit: error: GitHub answered POST /repos/{REPOSITORY}/issues (to create an "
        "issue) in a shape the REST API does not send (the issue is a list, not an object): "
        f"{ADVICE}\n"))
    assert len(fake_github.repo(REPOSITORY).issues) == 3
    assert_rerun_converges(cli, fake_github, root, "sync")
