"""The view a communication template sees: names, times, durations and the latest update."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from incidentkit.comms.view import (
    ImpactView,
    LinkView,
    Named,
    SeverityView,
    UpdateView,
    build,
    format_time,
    human_duration,
)
from incidentkit.config import Config
from incidentkit.model.incident import Incident
from tests.conftest import EXAMPLES
from tests.repos import opened

ID = "2026-01-15-auth-login-failures"
NOW = datetime(2026, 1, 15, 16, 0, tzinfo=UTC)


def _incident(**changes: object) -> Incident:
    model = opened(EXAMPLES / "base").incidents[ID].model
    return model.model_copy(update=changes)


def test_a_resolved_incident_with_names_from_the_catalog() -> None:
    repo = opened(EXAMPLES / "base")
    view = build(repo.incidents[ID].model, repo.config, now=NOW, people=repo.people.values(),
                 services=repo.services.values())
    assert (view.status, view.status_label, view.is_open) == ("resolved", "Resolved", False)
    assert view.severity == SeverityView(
        "SEV1", "Major degradation",
        "Major functionality degraded for a significant subset of customers.")
    assert str(view.severity) == "SEV1"
    assert view.services == (Named("auth-api", "Auth API"), Named("login-web", "Login web"))
    assert str(view.roles.commander) == "Jane Doe"
    assert (view.roles.communications, view.roles.scribe, view.roles.experts) == (
        Named("bob", "Bob Stone"), None, (Named("carol", "Carol Lim"),))
    assert view.impact == ImpactView("Login failures and 503s for ~30% of login attempts",
                                     "120,000", "30%", True)
    assert view.impact.extent == "120,000 users, 30%"
    assert (view.started_at, view.acknowledged_at, view.resolved_at) == (
        "2026-01-15 14:00 UTC", "2026-01-15 14:17 UTC", "2026-01-15 15:30 UTC")
    assert view.duration == "1h 30m"  # to the resolution, not to now
    assert view.latest_update == UpdateView("2026-01-15 14:30 UTC", "investigating",
                                            "Investigating", "external",
                                            "We are investigating reports of login failures.")
    assert view.next_update_at is None  # resolved: no cadence
    assert view.links == (LinkView("Dashboard", "https://grafana.example.com/d/auth"),)
    assert view.summary == "Database connection pool exhaustion in auth-api after v2.3.1."


def test_an_open_incident_runs_to_now_and_has_a_next_update() -> None:
    base = _incident()
    incident = _incident(status="identified", resolved_at=None, mitigated_at=None,
                         severity="SEV9",
                         impact=base.impact.model_copy(update={"users_affected": None}))
    view = build(incident, Config(), now=NOW + timedelta(seconds=5))
    assert (view.duration, view.resolved_at, view.resolved) == ("2h", None, None)
    # An unknown severity shows its id; people and services without a catalog, their ids.
    assert view.severity == SeverityView("SEV9", "SEV9", "")
    assert view.next_update_at is None
    assert view.roles.commander == Named("jane", "jane")
    assert view.impact.extent == "30%"
    sev0 = build(_incident(status="identified", resolved_at=None, mitigated_at=None,
                           severity="SEV0"), Config(), now=NOW)
    assert sev0.next_update_at == "2026-01-15 16:15 UTC"


def test_the_latest_external_update_wins_ties_by_order() -> None:
    base = _incident()
    first, = base.updates
    updates = [first, first.model_copy(update={"text": "internal only", "audience": "internal",
                                                "at": NOW}),
               first.model_copy(update={"text": "second", "status": "identified"}),
               first.model_copy(update={"text": "third  \n", "status": "monitoring"})]
    view = build(base.model_copy(update={"updates": updates}), Config(), now=NOW)
    assert view.latest_update is not None
    assert (view.latest_update.text, view.latest_update.status_label) == ("third", "Monitoring")
    none = build(base.model_copy(update={"updates": []}), Config(), now=NOW)
    assert none.latest_update is None


def test_times_and_durations() -> None:
    assert format_time(datetime(2026, 1, 15, 15, 0, tzinfo=UTC)) == "2026-01-15 15:00 UTC"
    assert format_time(datetime(2026, 1, 15, 15, 0, 9, tzinfo=UTC)) == "2026-01-15 15:00:09 UTC"
    berlin = datetime.fromisoformat("2026-01-15T16:00:00+01:00")
    assert format_time(berlin) == "2026-01-15 15:00 UTC"
    assert human_duration(timedelta(days=2, hours=4, seconds=59)) == "2d 4h"
    assert human_duration(timedelta(seconds=-5)) == "0m"
    assert ImpactView("s", None, None, False).extent is None
