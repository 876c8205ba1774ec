"""``incidentkit ack``: acknowledged_at and its timeline entry, byte-minimally; the refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from incidentkit.authoring.ack import acknowledge
from tests.authoring.sample import INCIDENT, INCIDENT_ID, INCIDENT_REL, make_repo, read
from tests.conftest import Run

RunCli = Callable[..., Run]
ACKED = "acknowledged_at: '2026-01-15T14:17:00Z'\n"


@pytest.fixture
def unacked(tmp_path: Path) -> Path:
    return make_repo(tmp_path, INCIDENT.replace(ACKED, ""))


def test_ack_sets_acknowledged_at_after_detected_at_and_logs_it(
    unacked: Path, run: RunCli
) -> None:
    got = run("-C", str(unacked), "ack", INCIDENT_ID, "--at", "2026-01-15T14:20:00Z",
              "--author", "bob")
    assert (got.status, got.err) == (0, "")
    assert got.out == f"{unacked / INCIDENT_REL}: acknowledged at 2026-01-15T14:20:00Z\n"
    assert read(unacked) == """\
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
acknowledged_at: 2026-01-15T14:20:00Z

timeline:
  - at: 2026-01-15T14:00:00Z
    kind: change
    text: Deployment of auth-api v2.3.1 completed
  - at: 2026-01-15T14:15:00Z   # paged
    kind: alert
    text: "Error-rate alert | fired"
    author: alice
  - at: 2026-01-15T14:20:00Z
    kind: action
    text: Acknowledged
    author: bob
  # keep entries in time order
updates:
  - {at: 2026-01-15T14:30:00Z, status: investigating, audience: external, text: Looking into it.}
tags: [database, connection-pool]
links:
  - {title: Dashboard, url: "https://grafana.example.com/d/auth"}
"""
    assert run("-C", str(unacked), "validate").status == 0


def test_ack_defaults_to_now_and_the_handle_variable(
    unacked: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-01-15T14:31:30Z")
    monkeypatch.setenv("INCIDENTKIT_HANDLE", "carol")
    assert run("-C", str(unacked), "ack", INCIDENT_ID).status == 0
    assert read(unacked) == INCIDENT.replace(
        ACKED, "acknowledged_at: 2026-01-15T14:31:30Z\n").replace(
        "  # keep entries", "  - at: 2026-01-15T14:31:30Z\n    kind: action\n"
        "    text: Acknowledged\n    author: carol\n  # keep entries")


def test_a_second_ack_is_refused_and_force_corrects_the_time(repo: Path, run: RunCli) -> None:
    before = (repo / INCIDENT_REL).read_bytes()
    got = run("-C", str(repo), "ack", INCIDENT_ID, "--at", "2026-01-15T14:20:00Z")
    assert (got.status, got.out, got.err) == (
        1, "", f"incidentkit: error: {INCIDENT_REL}: already acknowledged at "
               "2026-01-15T14:17:00Z: nothing was written; pass --force to change the time\n")
    assert (repo / INCIDENT_REL).read_bytes() == before

    got = run("-C", str(repo), "ack", INCIDENT_ID, "--at", "2026-01-15T14:16:00Z", "--force")
    assert (got.status, got.err) == (0, "")
    assert got.out == (f"{repo / INCIDENT_REL}: acknowledged at 2026-01-15T14:16:00Z "
                       "(was 2026-01-15T14:17:00Z)\n")
    assert read(repo) == INCIDENT.replace(
        ACKED, "acknowledged_at: 2026-01-15T14:16:00Z\n").replace(
        "  # keep entries", "  - at: 2026-01-15T14:16:00Z\n    kind: action\n"
        "    text: Acknowledged (was 2026-01-15T14:17:00Z)\n  # keep entries")

    after = (repo / INCIDENT_REL).read_bytes()
    got = run("-C", str(repo), "ack", INCIDENT_ID, "--at", "2026-01-15T14:16:00Z", "--force")
    assert (got.status, got.err) == (
        1, f"incidentkit: error: {INCIDENT_REL}: already acknowledged at 2026-01-15T14:16:00Z: "
           "nothing was written\n")
    assert (repo / INCIDENT_REL).read_bytes() == after


@pytest.mark.parametrize("at", ["2026-01-15T14:14:59Z", "2026-01-15T13:00:00Z"])
def test_ack_before_detection_is_refused(unacked: Path, run: RunCli, at: str) -> None:
    before = (unacked / INCIDENT_REL).read_bytes()
    got = run("-C", str(unacked), "ack", INCIDENT_ID, "--at", at)
    assert (got.status, got.out, got.err) == (
        1, "", f"incidentkit: error: {INCIDENT_REL}: not changed: acknowledging at {at} is "
               "before detected_at (2026-01-15T14:15:00Z): give --at a later time\n")
    assert (unacked / INCIDENT_REL).read_bytes() == before


def test_the_service_returns_what_it_replaced(repo: Path) -> None:
    done = acknowledge(root=repo, incident_id=INCIDENT_ID, force=True,
                       at=datetime(2026, 1, 15, 14, 30, tzinfo=UTC))
    assert (done.rel, done.at, done.previous) == (
        INCIDENT_REL, datetime(2026, 1, 15, 14, 30, tzinfo=UTC),
        datetime(2026, 1, 15, 14, 17, tzinfo=UTC))
