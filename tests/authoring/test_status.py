"""``incidentkit status``: the status, its update and the milestones, byte-minimally."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from incidentkit.authoring.status import change_status
from incidentkit.errors import FatalError
from tests.authoring.sample import INCIDENT, INCIDENT_ID, INCIDENT_REL, make_repo, read
from tests.conftest import Run

RunCli = Callable[..., Run]

TOP = """\
# Login outage after the v2.3.1 deploy.
id: 2026-01-15-auth-login-failures
title: "Login failures for ~30% of users"
severity: SEV1   # paged the identity primary
"""
MIDDLE = """\
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
TIMELINE = """\

timeline:
  - at: 2026-01-15T14:00:00Z
    kind: change
    text: Deployment of auth-api v2.3.1 completed
  - at: 2026-01-15T14:15:00Z   # paged
    kind: alert
    text: "Error-rate alert | fired"
    author: alice
  # keep entries in time order
updates:
  - {at: 2026-01-15T14:30:00Z, status: investigating, audience: external, text: Looking into it.}
"""
BOTTOM = """\
tags: [database, connection-pool]
links:
  - {title: Dashboard, url: "https://grafana.example.com/d/auth"}
"""

MONITORING = TOP + """\
status: monitoring               # investigating | identified | monitoring | resolved
""" + MIDDLE + """\
mitigated_at: 2026-01-15T15:00:00Z
""" + TIMELINE + """\
  - {at: 2026-01-15T15:00:00Z, status: monitoring, audience: internal, text: Rolled back; watching.}
""" + BOTTOM

RESOLVED = TOP + """\
status: resolved                 # investigating | identified | monitoring | resolved
""" + MIDDLE + """\
mitigated_at: 2026-01-15T15:00:00Z
resolved_at: 2026-01-15T16:30:00+01:00
""" + TIMELINE + """\
  - {at: 2026-01-15T15:00:00Z, status: monitoring, audience: internal, text: Rolled back; watching.}
  - {at: 2026-01-15T16:30:00+01:00, status: resolved, audience: external, text: Status changed to resolved.}
""" + BOTTOM  # noqa: E501

REOPENED = TOP + """\
status: investigating            # investigating | identified | monitoring | resolved
""" + MIDDLE + TIMELINE.replace("  # keep entries", """\
  - at: 2026-01-15T16:00:00Z
    kind: decision
    text: 'Reopened: resolved → investigating: Errors are back. (removed resolved_at 2026-01-15T16:30:00+01:00, mitigated_at 2026-01-15T15:00:00Z)'
    author: bob
  # keep entries""") + """\
  - {at: 2026-01-15T15:00:00Z, status: monitoring, audience: internal, text: Rolled back; watching.}
  - {at: 2026-01-15T16:30:00+01:00, status: resolved, audience: external, text: Status changed to resolved.}
  - {at: 2026-01-15T16:00:00Z, status: investigating, audience: internal, text: Errors are back.}
""" + BOTTOM  # noqa: E501


def test_the_pieces_make_the_fixture() -> None:
    assert TOP + "status: identified               # investigating | identified | monitoring | " \
        "resolved\n" + MIDDLE + TIMELINE + BOTTOM == INCIDENT


def test_monitoring_then_resolved_then_reopened(repo: Path, run: RunCli) -> None:
    got = run("-C", str(repo), "status", INCIDENT_ID, "monitoring", "--at", "2026-01-15T15:00:00Z",
              "-m", "Rolled back; watching.")
    assert (got.status, got.err) == (0, "")
    assert got.out == f"{repo / INCIDENT_REL}: identified -> monitoring (mitigated_at set)\n"
    assert read(repo) == MONITORING

    got = run("-C", str(repo), "status", INCIDENT_ID, "resolved",
              "--at", "2026-01-15T16:30:00+01:00", "--audience", "external")
    assert (got.status, got.err) == (0, "")
    assert got.out == f"{repo / INCIDENT_REL}: monitoring -> resolved (resolved_at set)\n"
    assert read(repo) == RESOLVED

    got = run("-C", str(repo), "status", INCIDENT_ID, "investigating", "--author", "bob",
              "--at", "2026-01-15T16:00:00Z", "--message", "Errors are back.")
    assert (got.status, got.err) == (0, "")
    assert got.out == (f"{repo / INCIDENT_REL}: reopened, resolved -> investigating "
                       "(resolved_at removed, mitigated_at removed)\n")
    assert read(repo) == REOPENED
    assert run("-C", str(repo), "validate").status == 0


def test_reopening_to_monitoring_keeps_mitigated_at(repo: Path, run: RunCli) -> None:
    (repo / INCIDENT_REL).write_text(RESOLVED)
    got = run("-C", str(repo), "status", INCIDENT_ID, "monitoring",
              "--at", "2026-01-15T16:00:00Z")
    assert (got.status, got.err) == (0, "")
    assert got.out == (f"{repo / INCIDENT_REL}: reopened, resolved -> monitoring "
                       "(resolved_at removed)\n")
    assert read(repo) == TOP + """\
status: monitoring               # investigating | identified | monitoring | resolved
""" + MIDDLE + """\
mitigated_at: 2026-01-15T15:00:00Z
""" + TIMELINE.replace("  # keep entries", """\
  - at: 2026-01-15T16:00:00Z
    kind: decision
    text: 'Reopened: resolved → monitoring (removed resolved_at 2026-01-15T16:30:00+01:00)'
  # keep entries""") + """\
  - {at: 2026-01-15T15:00:00Z, status: monitoring, audience: internal, text: Rolled back; watching.}
  - {at: 2026-01-15T16:30:00+01:00, status: resolved, audience: external, text: Status changed to resolved.}
  - {at: 2026-01-15T16:00:00Z, status: monitoring, audience: internal, text: Status changed to monitoring.}
""" + BOTTOM  # noqa: E501


def test_reopening_takes_the_author_from_the_handle_variable(
    repo: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / INCIDENT_REL).write_text(RESOLVED)
    monkeypatch.setenv("INCIDENTKIT_HANDLE", "carol")
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-01-15T17:00:00Z")
    assert run("-C", str(repo), "status", INCIDENT_ID, "identified").status == 0
    assert """\
  - at: 2026-01-15T17:00:00Z
    kind: decision
    text: 'Reopened: resolved → identified (removed resolved_at 2026-01-15T16:30:00+01:00, mitigated_at 2026-01-15T15:00:00Z)'
    author: carol
  # keep entries""" in read(repo)  # noqa: E501
    assert "mitigated_at" not in read(repo).split("timeline:")[0]


def test_resolving_directly_sets_both_milestones(repo: Path) -> None:
    change = change_status(root=repo, incident_id=INCIDENT_ID, status="resolved",
                           at=datetime(2026, 1, 15, 15, 30, tzinfo=UTC))
    assert (change.previous, change.status, change.set_keys, change.removed_keys) == (
        "identified", "resolved", ("mitigated_at", "resolved_at"), ())
    assert read(repo) == TOP + """\
status: resolved                 # investigating | identified | monitoring | resolved
""" + MIDDLE + """\
mitigated_at: 2026-01-15T15:30:00Z
resolved_at: 2026-01-15T15:30:00Z
""" + TIMELINE + """\
  - {at: 2026-01-15T15:30:00Z, status: resolved, audience: internal, text: Status changed to resolved.}
""" + BOTTOM  # noqa: E501


def test_the_same_status_records_an_update_only(repo: Path) -> None:
    change = change_status(root=repo, incident_id=INCIDENT_ID, status="identified",
                           at=datetime(2026, 1, 15, 14, 45, tzinfo=UTC))
    assert (change.set_keys, change.removed_keys) == ((), ())
    assert read(repo) == INCIDENT.replace(BOTTOM, """\
  - {at: 2026-01-15T14:45:00Z, status: identified, audience: internal, text: Status remains identified.}
""" + BOTTOM)  # noqa: E501


def test_an_earlier_update_goes_in_time_order(repo: Path) -> None:
    change_status(root=repo, incident_id=INCIDENT_ID, status="identified",
                  at=datetime(2026, 1, 15, 14, 20, tzinfo=UTC), message="Found it")
    assert read(repo) == INCIDENT.replace("updates:\n", """updates:
  - {at: 2026-01-15T14:20:00Z, status: identified, audience: internal, text: Found it}
""")


def test_an_empty_milestone_is_filled_in_place(tmp_path: Path) -> None:
    before = INCIDENT.replace("'2026-01-15T14:17:00Z'\n", "'2026-01-15T14:17:00Z'\n"
                              "mitigated_at:        # when the bleeding stopped\n")
    repo = make_repo(tmp_path, before)
    change_status(root=repo, incident_id=INCIDENT_ID, status="monitoring",
                  at=datetime(2026, 1, 15, 15, 0, tzinfo=UTC))
    assert "\nmitigated_at: 2026-01-15T15:00:00Z # when the bleeding stopped\n" in read(repo)


def test_without_updates_the_key_is_added_as_a_block_list(tmp_path: Path) -> None:
    updates = ("updates:\n  - {at: 2026-01-15T14:30:00Z, status: investigating, "
               "audience: external, text: Looking into it.}\n")
    repo = make_repo(tmp_path, INCIDENT.replace(updates, ""))
    change_status(root=repo, incident_id=INCIDENT_ID, status="identified",
                  at=datetime(2026, 1, 15, 14, 45, tzinfo=UTC))
    assert read(repo) == INCIDENT.replace(updates, """\
updates:
  - at: 2026-01-15T14:45:00Z
    status: identified
    audience: internal
    text: Status remains identified.
""")


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["2026-01-15-nope", "resolved"], 2,
         "incidentkit: error: incident 2026-01-15-nope not found: "
         "incidents/2026/2026-01-15-nope.yaml does not exist\n"),
        (["../../etc/passwd", "resolved"], 2,
         "incidentkit: error: '../../etc/passwd' is not an incident id: ids are "
         "YYYY-MM-DD-slug, such as 2026-01-15-auth-login-failures\n"),
        ([INCIDENT_ID, "resolved", "--at", "2026-01-15T14:05:00Z"], 1,
         f"incidentkit: error: {INCIDENT_REL}: not changed: mitigated_at "
         "(2026-01-15T14:05:00+00:00) is before detected_at (2026-01-15T14:15:00+00:00): fix one "
         "of them (and 1 more)\n"),
    ],
)
def test_status_refuses_and_changes_nothing(
    repo: Path, run: RunCli, args: list[str], status: int, message: str
) -> None:
    before = (repo / INCIDENT_REL).read_bytes()
    if "--at" not in args:
        args = [*args, "--at", "2026-01-15T15:00:00Z"]
    got = run("-C", str(repo), "status", *args)
    assert (got.status, got.out, got.err) == (status, "", message)
    assert (repo / INCIDENT_REL).read_bytes() == before


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["fixed"], "Error: Invalid value for 'STATUS': 'fixed' is not one of 'investigating', "
                    "'identified', 'monitoring', 'resolved'.\n"),
        (["resolved", "--at", "2026-01-15 15:00"],
         "Error: Invalid value for '--at': timestamp '2026-01-15 15:00' has no offset: add one, "
         "e.g. 2026-01-15 15:00Z or 2026-01-15 15:00+01:00\n"),
        (["resolved", "--at", "yesterday"],
         "Error: Invalid value for '--at': 'yesterday' is not an RFC 3339 timestamp: write "
         "e.g. 2026-01-15T14:00:00Z\n"),
        (["resolved", "--audience", "everyone"],
         "Error: Invalid value for '--audience': 'everyone' is not one of 'internal', "
         "'external'.\n"),
    ],
)
def test_status_usage_errors_change_nothing(
    repo: Path, run: RunCli, args: list[str], error: str
) -> None:
    before = (repo / INCIDENT_REL).read_bytes()
    got = run("-C", str(repo), "status", INCIDENT_ID, *args)
    assert (got.status, got.out) == (2, "")
    assert got.err.endswith(error)
    assert (repo / INCIDENT_REL).read_bytes() == before


def test_the_service_checks_status_and_audience(repo: Path) -> None:
    with pytest.raises(FatalError, match="'fixed' is not a status"):
        change_status(root=repo, incident_id=INCIDENT_ID, status="fixed")
    with pytest.raises(FatalError, match="'all' is not an audience"):
        change_status(root=repo, incident_id=INCIDENT_ID, status="resolved", audience="all")
    assert read(repo) == INCIDENT


def test_resolving_waits_for_the_required_roles(tmp_path: Path, run: RunCli) -> None:
    """An open SEV1 without an expert is only warned about; resolving it would make the
    missing role an error, so ``status resolved`` refuses and says what to add."""
    repo = make_repo(tmp_path, INCIDENT.replace(", experts: [bob]}", "}"))
    before = (repo / INCIDENT_REL).read_bytes()
    got = run("-C", str(repo), "status", INCIDENT_ID, "resolved", "--at", "2026-01-15T15:00:00Z")
    assert (got.status, got.out, got.err) == (
        1, "", f"incidentkit: error: {INCIDENT_REL}: not changed: a SEV1 incident needs an "
        "expert: name it under roles, or change the severity; incidentkit.yaml says which "
        "roles each severity requires\n")
    assert (repo / INCIDENT_REL).read_bytes() == before
    assert run("-C", str(repo), "status", INCIDENT_ID, "monitoring",
               "--at", "2026-01-15T15:00:00Z").status == 0


def test_a_time_in_the_future_is_refused(repo: Path, run: RunCli) -> None:
    before = (repo / INCIDENT_REL).read_bytes()
    got = run("-C", str(repo), "status", INCIDENT_ID, "monitoring",
              "--at", "2999-01-15T15:00:00Z")
    assert got.status == 1
    assert got.err.startswith(f"incidentkit: error: {INCIDENT_REL}: not changed: ")
    assert "(2999-01-15T15:00:00+00:00) is in the future (now is " in got.err
    assert (repo / INCIDENT_REL).read_bytes() == before
