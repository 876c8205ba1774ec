"""The figures' building blocks: medians, month spans, due dates, rates and duration text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from incidentkit.config import Config
from incidentkit.metrics.compute import (
    Durations,
    Rate,
    compute,
    durations,
    item_due,
    month_of,
    month_span,
)
from incidentkit.metrics.report import human, seconds, text
from incidentkit.model.incident import Incident
from incidentkit.model.postmortem import ActionItem

M = timedelta(minutes=1)


def incident(**changes: object) -> Incident:
    fields: dict[str, object] = {
        "id": "2026-01-05-x", "title": "X", "severity": "SEV1", "status": "resolved",
        "summary": "X.", "services": ["api"], "detection": "manual",
        "impact": {"summary": "X", "customer_facing": False}, "roles": {"commander": "jane"},
        "started_at": "2026-01-05T10:00:00Z", "detected_at": "2026-01-05T10:10:00Z",
        "resolved_at": "2026-01-05T11:00:00Z",
    }
    fields.update(changes)
    return Incident.model_validate(fields)


def test_durations_mean_and_median() -> None:
    assert durations(values=[]) == Durations(0, None, None)
    assert durations(values=[3 * M, 1 * M, 2 * M]) == Durations(3, 2 * M, 2 * M)
    assert durations(values=[4 * M, 1 * M, 2 * M, 10 * M]) == Durations(
        4, timedelta(minutes=4, seconds=15), 3 * M)
    # Exact to the microsecond: a third of a minute.
    assert durations(values=[0 * M, 0 * M, 1 * M]).mean == timedelta(seconds=20)


def test_month_span_crosses_years() -> None:
    assert month_span("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert month_span("2026-03", "2026-03") == ["2026-03"]
    assert month_span("2026-03", "2026-02") == []


def test_month_of_uses_the_zone() -> None:
    moment = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    assert month_of(moment, UTC) == "2026-01"
    assert month_of(moment, ZoneInfo("Europe/Berlin")) == "2026-02"


def test_item_due_explicit_default_or_none() -> None:
    config = Config()
    item = ActionItem(id="AI-1", title="t", owner="jane", priority="P1")
    resolved = incident()
    assert item_due(item=item, incident=resolved, config=config) == datetime(
        2026, 1, 19, 11, 0, tzinfo=UTC)
    dated = item.model_copy(update={"due": date(2026, 1, 7)})
    assert item_due(item=dated, incident=resolved, config=config) == datetime(
        2026, 1, 8, tzinfo=UTC)
    open_incident = incident(status="identified", resolved_at=None)
    assert item_due(item=item, incident=open_incident, config=config) is None


def test_rate_value() -> None:
    assert Rate(1, 4).value == 0.25
    assert Rate(0, 0).value is None


@pytest.mark.parametrize(("delta", "spelled"), [
    (timedelta(0), "0s"),
    (timedelta(seconds=45), "45s"),
    (timedelta(seconds=59.5), "1m"),
    (timedelta(minutes=90), "1h 30m"),
    (timedelta(hours=1, seconds=1), "1h"),
    (timedelta(days=2, hours=4, minutes=59), "2d 4h"),
    (timedelta(days=3), "3d"),
])
def test_human(delta: timedelta, spelled: str) -> None:
    assert human(delta) == spelled


def test_seconds_round_half_up() -> None:
    assert seconds(timedelta(seconds=1, microseconds=499_999)) == 1
    assert seconds(timedelta(seconds=1, microseconds=500_000)) == 2


def test_no_incidents_text() -> None:
    at = datetime(2026, 4, 1, tzinfo=UTC)
    figures = compute(incidents=[], postmortems={}, config=Config(), at=at)
    assert figures.months == ()
    assert text(figures) == """\
Incident metrics: 0 incidents, all time

Response times: mean / median (incidents with both times)
       incidents  MTTD  MTTA  MTTR
  all          0  —     —     —

Time targets of the resolved incidents (acknowledge: from detection; resolve: from the start)
  severity  resolved  ack within  acknowledged in time  resolve within  resolved in time
  SEV0             0  5m          —                     4h              —
  SEV1             0  15m         —                     8h              —
  SEV2             0  1h          —                     3d              —
  SEV3             0  1d          —                     —               —

Target breaches
  —

MTBF per service: mean time between the starts of consecutive incidents
  —

Incidents by month and severity
  —

Postmortems: 0 resolved incidents of a severity that requires one
  written  —  (0 of 0)
  final    —  (0 of 0)

Action items: 0 (0 done, 0 won't do)
  completed  —  (0 of 0; won't do left out)
  on time    —  (0 of 0 with a due date: closed, or not yet due at 2026-04-01 00:00 UTC)
"""


def test_an_unconfigured_severity_gets_its_own_column() -> None:
    at = datetime(2026, 4, 1, tzinfo=UTC)
    figures = compute(incidents=[incident(severity="SEV9")], postmortems={}, config=Config(),
                      at=at, by="severity")
    assert figures.severities == ("SEV0", "SEV1", "SEV2", "SEV3", "SEV9")
    assert figures.severity_names[-1] == ""
    assert [g.key for g in figures.groups][-1] == "SEV9"
    # Without a postmortem policy it needs none.
    assert figures.postmortems.required == 0
    # Without --until the months run to the month of ``at``.
    assert [m.month for m in figures.months] == ["2026-01", "2026-02", "2026-03", "2026-04"]
