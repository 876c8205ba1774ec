"""``incidentkit severity``: the severity and its decision entry, byte-minimally; the refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from incidentkit.authoring.severity import change_severity
from incidentkit.errors import FatalError
from tests.authoring.sample import INCIDENT, INCIDENT_ID, INCIDENT_REL, read
from tests.conftest import Run

RunCli = Callable[..., Run]


def test_upgrade_writes_the_severity_and_the_decision(repo: Path, run: RunCli) -> None:
    got = run("-C", str(repo), "severity", INCIDENT_ID, "SEV0", "--reason", "EU logins down too",
              "--at", "2026-01-15T14:20:00Z", "--author", "alice")
    assert (got.status, got.err) == (0, "")
    assert got.out == f"{repo / INCIDENT_REL}: SEV1 -> SEV0 (upgraded)\n"
    assert read(repo) == """\
# Login outage after the v2.3.1 deploy.
id: 2026-01-15-auth-login-failures
title: "Login failures for ~30% of users"
severity: SEV0   # paged the identity primary
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

timeline:
  - at: 2026-01-15T14:00:00Z
    kind: change
    text: Deployment of auth-api v2.3.1 completed
  - at: 2026-01-15T14:15:00Z   # paged
    kind: alert
    text: "Error-rate alert | fired"
    author: alice
  - at: 2026-01-15T14:20:00Z
    kind: decision
    text: 'Severity SEV1 → SEV0: EU logins down too'
    author: alice
  # keep entries in time order
updates:
  - {at: 2026-01-15T14:30:00Z, status: investigating, audience: external, text: Looking into it.}
tags: [database, connection-pool]
links:
  - {title: Dashboard, url: "https://grafana.example.com/d/auth"}
"""
    assert run("-C", str(repo), "validate").status == 0


def test_downgrade_in_any_case_at_now_by_the_handle_variable(
    repo: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Now is after everything the file records (a time ahead of now is an error).
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-01-15T14:31:00Z")
    monkeypatch.setenv("INCIDENTKIT_HANDLE", "bob")
    got = run("-C", str(repo), "severity", INCIDENT_ID, "sev3", "-r", "only a banner")
    assert (got.status, got.out, got.err) == (
        0, f"{repo / INCIDENT_REL}: SEV1 -> SEV3 (downgraded)\n", "")
    assert read(repo) == INCIDENT.replace("severity: SEV1 ", "severity: SEV3 ").replace(
        "  # keep entries",
        "  - at: 2026-01-15T14:31:00Z\n    kind: decision\n"
        "    text: 'Severity SEV1 → SEV3: only a banner'\n    author: bob\n"
        "  # keep entries")


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["SEV1", "-r", "x"], 1,
         f"{INCIDENT_REL}: the severity is already SEV1: nothing was written"),
        (["SEV9", "-r", "x"], 2,
         "severity 'SEV9' is not configured: use one of SEV0, SEV1, SEV2, SEV3 "
         "(incidentkit.yaml)"),
        (["SEV0", "-r", "  "], 2,
         "give a reason for the change (--reason): it goes into the timeline"),
        (["SEV0", "-r", "x", "--at", "2026-01-15T13:59:00Z"], 1,
         f"{INCIDENT_REL}: not changed: the change at 2026-01-15T13:59:00Z is before "
         "started_at (2026-01-15T14:00:00Z): give --at a later time"),
    ],
)
def test_severity_refuses_and_changes_nothing(
    repo: Path, run: RunCli, args: list[str], status: int, message: str
) -> None:
    before = (repo / INCIDENT_REL).read_bytes()
    got = run("-C", str(repo), "severity", INCIDENT_ID, *args)
    assert (got.status, got.out, got.err) == (status, "", f"incidentkit: error: {message}\n")
    assert (repo / INCIDENT_REL).read_bytes() == before


def test_a_reason_is_required(repo: Path, run: RunCli) -> None:
    got = run("-C", str(repo), "severity", INCIDENT_ID, "SEV0")
    assert (got.status, got.out) == (2, "")
    assert got.err.endswith("Error: Missing option '--reason' / '-r'.\n")
    assert read(repo) == INCIDENT


def test_the_repositorys_own_severities(repo: Path, run: RunCli) -> None:
    (repo / "incidentkit.yaml").write_text("""\
severities:
  - {id: P1, name: Urgent, description: Everything is down., ack_within: 5m, postmortem: required}
  - {id: P2, name: High, description: Some is down., ack_within: 15m, postmortem: optional}
""")
    (repo / INCIDENT_REL).write_text(INCIDENT.replace("severity: SEV1", "severity: P2"))
    got = run("-C", str(repo), "severity", INCIDENT_ID, "SEV0", "-r", "x")
    assert (got.status, got.err) == (
        2, "incidentkit: error: severity 'SEV0' is not configured: use one of P1, P2 "
           "(incidentkit.yaml)\n")
    got = run("-C", str(repo), "severity", INCIDENT_ID, "p1", "-r", "x",
              "--at", "2026-01-15T15:00:00Z")
    assert (got.status, got.out) == (0, f"{repo / INCIDENT_REL}: P2 -> P1 (upgraded)\n")
    assert "severity: P1   # paged" in read(repo)


def test_the_service_can_leave_the_same_severity_alone(repo: Path) -> None:
    change = change_severity(root=repo, incident_id=INCIDENT_ID, severity="SEV1", reason="x",
                             at=datetime(2026, 1, 15, 15, 0, tzinfo=UTC), refuse_same=False)
    assert (change.changed, change.direction, change.previous) == (False, "unchanged", "SEV1")
    assert read(repo) == INCIDENT
    with pytest.raises(FatalError, match="already SEV1"):
        change_severity(root=repo, incident_id=INCIDENT_ID, severity="SEV1", reason="x")
