"""Time-target compliance at its edges: the limit itself, a null target, an unrecorded
acknowledgement, open incidents and severities that are not configured."""

from __future__ import annotations

from datetime import timedelta

from incidentkit.config import Config
from incidentkit.metrics.targets import Breach, SeverityTargets, Target, compliance
from incidentkit.model.incident import Incident
from tests.metrics.test_compute import incident

M = timedelta(minutes=1)
CONFIG = Config()  # SEV1: ack within 15m, resolve within 8h; SEV3: ack 1d, no resolve target


def _one(severity: str, *incidents: Incident) -> SeverityTargets:
    (row,) = compliance(incidents=list(incidents),
                        severities=[severity], config=CONFIG)
    return row


def test_exactly_at_the_limit_is_within() -> None:
    """Detected 10:10, acknowledged 10:25 (15m); started 10:00, resolved 18:00 (8h)."""
    row = _one("SEV1", incident(acknowledged_at="2026-01-05T10:25:00Z",
                                resolved_at="2026-01-05T18:00:00Z"))
    assert row == SeverityTargets("SEV1", 1, Target(15 * M, 1, 1, ()), Target(480 * M, 1, 1, ()))


def test_one_second_past_the_limit_is_a_breach_by_that_second() -> None:
    row = _one("SEV1", incident(acknowledged_at="2026-01-05T10:25:01Z",
                                resolved_at="2026-01-05T18:00:01Z"))
    second = timedelta(seconds=1)
    assert row.ack == Target(15 * M, 1, 0, (Breach("2026-01-05-x", second),))
    assert row.resolve == Target(480 * M, 1, 0, (Breach("2026-01-05-x", second),))


def test_resolve_is_measured_from_the_start_not_the_detection() -> None:
    """Started 10:00, detected 10:10, resolved 18:05: 8h 5m from the start (5m late), though
    only 7h 55m after detection."""
    row = _one("SEV1", incident(acknowledged_at="2026-01-05T10:11:00Z",
                                resolved_at="2026-01-05T18:05:00Z"))
    assert row.resolve.breaches == (Breach("2026-01-05-x", 5 * M),)


def test_missing_acknowledged_at_is_a_breach_of_unknown_lateness() -> None:
    row = _one("SEV1", incident())  # resolved 11:00, no acknowledged_at
    assert row.ack == Target(15 * M, 1, 0, (Breach("2026-01-05-x", None),))
    assert row.resolve == Target(480 * M, 1, 1, ())


def test_no_resolve_target_configured_measures_nothing() -> None:
    row = _one("SEV3", incident(severity="SEV3", acknowledged_at="2026-01-05T10:20:00Z",
                                resolved_at="2026-03-05T10:00:00Z"))
    assert row.resolve == Target(None, 0, 0, ())
    assert row.ack == Target(timedelta(days=1), 1, 1, ())


def test_open_incidents_are_left_to_overdue() -> None:
    open_one = incident(status="investigating", resolved_at=None)
    assert _one("SEV1", open_one) == SeverityTargets(
        "SEV1", 0, Target(15 * M, 0, 0, ()), Target(480 * M, 0, 0, ()))


def test_an_unconfigured_severity_has_no_targets() -> None:
    assert _one("SEV9", incident(severity="SEV9")) == SeverityTargets(
        "SEV9", 1, Target(None, 0, 0, ()), Target(None, 0, 0, ()))


def test_breaches_keep_the_order_given() -> None:
    late = [incident(id=f"2026-01-0{n}-x", started_at=f"2026-01-0{n}T10:00:00Z",
                     detected_at=f"2026-01-0{n}T10:10:00Z",
                     acknowledged_at=f"2026-01-0{n}T10:{30 + n}:00Z",
                     resolved_at=f"2026-01-0{n}T11:00:00Z") for n in (5, 6)]
    row = _one("SEV1", *late)
    assert row.ack.breaches == (Breach("2026-01-05-x", 10 * M), Breach("2026-01-06-x", 11 * M))
    assert (row.ack.measured, row.ack.met) == (2, 0)
