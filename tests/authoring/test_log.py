"""``incidentkit log``: byte-minimal timeline entries in time order, and its refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from incidentkit.authoring.timeline import log_entry
from incidentkit.errors import FatalError
from tests.authoring.sample import INCIDENT, INCIDENT_ID, INCIDENT_REL, make_repo, read
from tests.conftest import Run

RunCli = Callable[..., Run]

HEAD = """\
# Login outage after the v2.3.1 deploy.
id: 2026-01-15-auth-login-failures
title: "Login failures for ~30% of users"
severity: SEV1   # paged the identity primary
status: identified               # investigating | identified | monitoring | resolved
summary: >
  Database connection pool exhaustion in auth-api
  after v2.3.1.
services: [auth-api, login-web]
detection: automated
impact:
  summary: Login failures and 503s for ~30% of login attempts
  users_affected: 120000
  percent: 30
  customer_facing: true
roles: {commander: alice, scribe: carol, experts: [bob]}
started_at: 2026-01-15T14:00:00Z
detected_at: 2026-01-15T14:15:00Z
acknowledged_at: '2026-01-15T14:17:00Z'

"""
TAIL = """\
updates:
  - {at: 2026-01-15T14:30:00Z, status: investigating, audience: external, text: Looking into it.}
tags: [database, connection-pool]
links:
  - {title: Dashboard, url: "https://grafana.example.com/d/auth"}
"""


def test_fixture_is_split_correctly() -> None:
    assert INCIDENT.startswith(HEAD) and INCIDENT.endswith(TAIL)


def test_log_appends_after_the_last_item_before_the_comment_that_follows(
    repo: Path, run: RunCli
) -> None:
    got = run("-C", str(repo), "log", INCIDENT_ID, "Rollback of auth-api: started",
              "--kind", "action", "--author", "bob", "--at", "2026-01-15T14:41:00Z")
    assert (got.status, got.out, got.err) == (0, f"{repo / INCIDENT_REL}\n", "")
    assert read(repo) == HEAD + """\
timeline:
  - at: 2026-01-15T14:00:00Z
    kind: change
    text: Deployment of auth-api v2.3.1 completed
  - at: 2026-01-15T14:15:00Z   # paged
    kind: alert
    text: "Error-rate alert | fired"
    author: alice
  - at: 2026-01-15T14:41:00Z
    kind: action
    text: 'Rollback of auth-api: started'
    author: bob
  # keep entries in time order
""" + TAIL


def test_log_of_an_earlier_time_goes_before_the_first_later_entry(
    repo: Path, run: RunCli
) -> None:
    got = run("-C", str(repo), "log", INCIDENT_ID, "Pool at 0 idle",
              "--at", "2026-01-15T15:10:00+01:00")
    assert got.status == 0, got.err
    assert read(repo) == HEAD + """\
timeline:
  - at: 2026-01-15T14:00:00Z
    kind: change
    text: Deployment of auth-api v2.3.1 completed
  - at: 2026-01-15T15:10:00+01:00
    kind: note
    text: Pool at 0 idle
  - at: 2026-01-15T14:15:00Z   # paged
    kind: alert
    text: "Error-rate alert | fired"
    author: alice
  # keep entries in time order
""" + TAIL


def test_log_at_the_same_time_goes_after_the_existing_entry(repo: Path) -> None:
    logged = log_entry(root=repo, incident_id=INCIDENT_ID, text="Same minute",
                       at=datetime(2026, 1, 15, 14, 15, tzinfo=UTC))
    assert (logged.index, logged.rel) == (2, INCIDENT_REL)


def test_log_before_everything_goes_first(repo: Path) -> None:
    logged = log_entry(root=repo, incident_id=INCIDENT_ID, text="Canary looked fine",
                       at=datetime(2026, 1, 15, 13, 0, tzinfo=UTC))
    assert logged.index == 0
    assert read(repo) == INCIDENT.replace(
        "timeline:\n", "timeline:\n  - at: 2026-01-15T13:00:00Z\n    kind: note\n"
        "    text: Canary looked fine\n")


def test_log_author_defaults_to_the_handle_variable(
    repo: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INCIDENTKIT_HANDLE", "carol")
    got = run("-C", str(repo), "log", INCIDENT_ID, "Scribe here", "--at", "2026-01-15T14:20:00Z")
    assert got.status == 0, got.err
    assert "  - at: 2026-01-15T14:20:00Z\n    kind: note\n    text: Scribe here\n" \
           "    author: carol\n  # keep entries" in read(repo)


def test_log_keeps_crlf_newlines(tmp_path: Path, run: RunCli) -> None:
    repo = make_repo(tmp_path, INCIDENT.replace("\n", "\r\n").encode())
    got = run("-C", str(repo), "log", INCIDENT_ID, "Rollback started", "--author", "bob",
              "--at", "2026-01-15T14:41:00Z")
    assert got.status == 0, got.err
    expected = INCIDENT.replace(
        "  # keep entries", "  - at: 2026-01-15T14:41:00Z\n    kind: note\n"
        "    text: Rollback started\n    author: bob\n  # keep entries")
    assert (repo / INCIDENT_REL).read_bytes() == expected.replace("\n", "\r\n").encode()


def test_log_keeps_a_byte_order_mark(tmp_path: Path, run: RunCli) -> None:
    repo = make_repo(tmp_path, b"\xef\xbb\xbf" + INCIDENT.encode())
    got = run("-C", str(repo), "log", INCIDENT_ID, "x", "--at", "2026-01-15T14:41:00Z")
    assert got.status == 0, got.err
    assert (repo / INCIDENT_REL).read_bytes().startswith(b"\xef\xbb\xbf# Login outage")


def test_log_into_an_empty_flow_timeline_writes_a_block_list(tmp_path: Path, run: RunCli) -> None:
    start = INCIDENT.index("timeline:")
    before = INCIDENT[:start] + "timeline: []   # nothing yet\n" + TAIL
    repo = make_repo(tmp_path, before)
    got = run("-C", str(repo), "log", INCIDENT_ID, "First", "--at", "2026-01-15T14:20:00Z")
    assert got.status == 0, got.err
    assert read(repo) == INCIDENT[:start] + """\
timeline:   # nothing yet
  - at: 2026-01-15T14:20:00Z
    kind: note
    text: First
""" + TAIL


def test_log_without_a_timeline_adds_it_after_the_milestones(tmp_path: Path, run: RunCli) -> None:
    before = HEAD + TAIL
    repo = make_repo(tmp_path, before)
    got = run("-C", str(repo), "log", INCIDENT_ID, "First", "--at", "2026-01-15T14:20:00Z")
    assert got.status == 0, got.err
    assert read(repo) == HEAD.replace("'\n\n", """'
timeline:
  - at: 2026-01-15T14:20:00Z
    kind: note
    text: First

""") + TAIL


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["2026-01-15-no-such-thing", "x"], 2,
         "incidentkit: error: incident 2026-01-15-no-such-thing not found: "
         "incidents/2026/2026-01-15-no-such-thing.yaml does not exist\n"),
        (["2026-01-15-auth-login-failure", "x"], 2,
         "incidentkit: error: incident 2026-01-15-auth-login-failure not found: "
         "incidents/2026/2026-01-15-auth-login-failure.yaml does not exist "
         "(did you mean 2026-01-15-auth-login-failures?)\n"),
        (["../../etc/passwd", "x"], 2,
         "incidentkit: error: '../../etc/passwd' is not an incident id: ids are "
         "YYYY-MM-DD-slug, such as 2026-01-15-auth-login-failures\n"),
        ([INCIDENT_ID, "x", "--author", "zed"], 1,
         f"incidentkit: error: {INCIDENT_REL}: not changed: person 'zed' does not exist: "
         "add it to oncall/people.yaml or fix the name\n"),
        ([INCIDENT_ID, "x", "--author", "Bob"], 1,
         f"incidentkit: error: {INCIDENT_REL}: not changed: 'Bob' is not valid for 'author': "
         "expected a handle (lowercase letters, digits, '.', '_', '-')\n"),
        ([INCIDENT_ID, "   "], 1,
         f"incidentkit: error: {INCIDENT_REL}: not changed: '' is not valid for 'text': "
         "it has no visible text: write some words\n"),
    ],
)
def test_log_refuses_and_changes_nothing(
    repo: Path, run: RunCli, args: list[str], status: int, message: str
) -> None:
    before = (repo / INCIDENT_REL).read_bytes()
    got = run("-C", str(repo), "log", *args, "--at", "2026-01-15T14:41:00Z")
    assert (got.status, got.out, got.err) == (status, "", message)
    assert (repo / INCIDENT_REL).read_bytes() == before


def test_log_refuses_a_timestamp_without_offset(repo: Path, run: RunCli) -> None:
    before = (repo / INCIDENT_REL).read_bytes()
    got = run("-C", str(repo), "log", INCIDENT_ID, "x", "--at", "2026-01-15T14:41:00")
    assert got.status == 2
    assert got.err.endswith(
        "Error: Invalid value for '--at': timestamp '2026-01-15T14:41:00' has no offset: add "
        "one, e.g. 2026-01-15T14:41:00Z or 2026-01-15T14:41:00+01:00\n")
    assert (repo / INCIDENT_REL).read_bytes() == before


def test_log_refuses_an_invalid_file_at_its_line_and_column(tmp_path: Path, run: RunCli) -> None:
    broken = INCIDENT.replace("    author: alice\n", "    author: alicia\n")
    repo = make_repo(tmp_path, broken)
    got = run("-C", str(repo), "log", INCIDENT_ID, "x", "--at", "2026-01-15T14:41:00Z")
    assert (got.status, got.out) == (1, "")
    assert got.err == (
        f"incidentkit: error: {INCIDENT_REL}:28:13: person 'alicia' does not exist: did you "
        "mean 'alice'? add it to oncall/people.yaml or fix the name [unknown-person]; fix this "
        "first (incidentkit validate lists every problem)\n")
    assert read(repo) == broken


def test_log_refuses_a_file_that_does_not_parse(tmp_path: Path, run: RunCli) -> None:
    broken = INCIDENT.replace("services: [auth-api, login-web]", "services: [auth-api, login-web")
    repo = make_repo(tmp_path, broken)
    got = run("-C", str(repo), "log", INCIDENT_ID, "x", "--at", "2026-01-15T14:41:00Z")
    assert got.status == 1
    assert got.err.startswith(f"incidentkit: error: {INCIDENT_REL}:10:10: YAML syntax error")
    assert read(repo) == broken


def test_the_service_refuses_a_time_without_offset(repo: Path) -> None:
    naive = datetime(2026, 1, 15, 14, 41)  # noqa: DTZ001 - the point of the test
    with pytest.raises(FatalError, match="timestamp 2026-01-15T14:41:00 has no offset"):
        log_entry(root=repo, incident_id=INCIDENT_ID, text="x", at=naive)
    assert read(repo) == INCIDENT
