"""The JSON of the status page has the shapes of Statuspage's public API v2, validated against
``statuspage-v2.schema.json`` (written from Statuspage's documentation), so that the widgets and
aggregators that read a Statuspage page read this one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.statuspage.conftest import DURING_MAINTENANCE, NOW, URL, build

SCHEMA = json.loads((Path(__file__).parent / "statuspage-v2.schema.json").read_text())
ENDPOINTS = ["summary.json", "status.json", "components.json", "incidents.json",
             "incidents/unresolved.json", "scheduled-maintenances.json",
             "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json"]


def _validator(endpoint: str) -> Draft202012Validator:
    pointer = endpoint.replace("~", "~0").replace("/", "~1")
    Draft202012Validator.check_schema(SCHEMA)
    return Draft202012Validator({**SCHEMA, "$ref": f"#/$defs/{pointer}"})


def _json(out: Path, endpoint: str) -> Any:
    return json.loads((out / "api" / "v2" / endpoint).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def during(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("during") / "site", "--url", URL,
                 at=DURING_MAINTENANCE)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_matches_the_statuspage_schema(endpoint: str, example: Path,
                                                      during: Path) -> None:
    for out in (example, during):
        errors = [f"{list(e.absolute_path)}: {e.message}"
                  for e in _validator(endpoint).iter_errors(_json(out, endpoint))]
        assert errors == []


def test_the_schema_refuses_what_statuspage_would_not_send() -> None:
    bad = {"page": {"id": "x", "name": "n", "url": "", "time_zone": "Etc/UTC",
                    "updated_at": "2026-01-01T00:00:00Z"},
           "status": {"indicator": "degraded", "description": "Degraded"}}
    assert [e.message for e in _validator("status.json").iter_errors(bad)] == [
        "'degraded' is not one of ['none', 'minor', 'major', 'critical', 'maintenance']"]


def test_summary_as_of_two_open_incidents(example: Path) -> None:
    summary = _json(example, "summary.json")
    assert summary["status"] == {"indicator": "major", "description": "Partial outage"}
    assert summary["page"] == {"id": summary["page"]["id"], "name": "Example status",
                               "url": URL, "time_zone": "Etc/UTC",
                               "updated_at": "2026-11-26T10:00:00.000Z"}
    assert [(i["name"], i["status"], i["impact"]) for i in summary["incidents"]] == [
        ("Slow sign-in", "identified", "minor"),
        ("Some card payments failing", "monitoring", "major")]
    payments = summary["incidents"][1]
    assert payments["shortlink"] == f"{URL}incidents/{payments['id']}.html"
    assert [c["id"] for c in payments["components"]] == ["payments-api", "checkout-web"]
    assert [u["status"] for u in payments["incident_updates"]] == [
        "monitoring", "identified", "investigating"]
    states = {c["id"]: c["status"] for c in summary["components"] if not c["group"]}
    assert states == {
        "auth-api": "degraded_performance", "login-web": "operational",
        "edge-dns": "operational", "search-api": "operational",
        "payments-api": "partial_outage", "checkout-web": "partial_outage",
        "notifications-worker": "operational"}
    groups = [(c["name"], c["status"], c["components"]) for c in summary["components"]
              if c["group"]]
    assert groups == [
        ("Core", "degraded_performance", ["auth-api", "login-web", "edge-dns", "search-api"]),
        ("Payments", "partial_outage", ["payments-api", "checkout-web"]),
        ("Notifications", "operational", ["notifications-worker"])]
    assert "reporting-worker" not in json.dumps(summary)  # no status_page entry: not public
    [upcoming] = summary["scheduled_maintenances"]
    assert (upcoming["name"], upcoming["status"], upcoming["scheduled_for"],
            upcoming["scheduled_until"]) == (
        "Payments database upgrade", "scheduled", "2026-12-10T02:00:00.000Z",
        "2026-12-10T04:00:00.000Z")
    assert [(u["status"], u["body"]) for u in upcoming["incident_updates"]] == [
        ("scheduled", "Maintenance scheduled for 10 December, 02:00 to 04:00 UTC.")]


def test_maintenance_not_announced_yet_is_not_shown(tmp_path: Path) -> None:
    out = build(tmp_path / "site", at="2026-11-21T12:00:00Z")
    assert _json(out, "scheduled-maintenances.json")["scheduled_maintenances"] == []
    assert _json(out, "status.json")["page"]["updated_at"] == "2026-11-21T10:25:00.000Z"


def test_maintenance_in_progress(during: Path) -> None:
    summary = _json(during, "summary.json")
    [active] = _json(during, "scheduled-maintenances/active.json")["scheduled_maintenances"]
    assert active["status"] == "in_progress"
    assert _json(during, "scheduled-maintenances/upcoming.json")["scheduled_maintenances"] == []
    states = {c["id"]: c["status"] for c in summary["components"] if not c["group"]}
    # The open payments incident (partial outage) outweighs the maintenance on payments-api.
    assert (states["payments-api"], states["checkout-web"]) == ("partial_outage",
                                                                 "partial_outage")


def test_incidents_lists_resolved_ones_too(example: Path) -> None:
    incidents = _json(example, "incidents.json")["incidents"]
    unresolved = _json(example, "incidents/unresolved.json")["incidents"]
    assert len(unresolved) == 2
    assert len(incidents) > len(unresolved)
    assert all(i["resolved_at"] for i in incidents if i["status"] == "resolved")
    assert all(i["started_at"] <= NOW.replace("Z", ".000Z") for i in incidents)
