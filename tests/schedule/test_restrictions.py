"""The restriction windows of a layer, as instants (schedule/restrictions.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from incidentkit.model.schedule import Restriction
from incidentkit.schedule.restrictions import windows
from incidentkit.schedule.shifts import clock, from_us, to_us


def _spans(restrictions: list[Restriction], zone: str, start: datetime, end: datetime
           ) -> list[tuple[str, str]]:
    got = windows(restrictions, clock(zone), to_us(start), to_us(end))
    return [(from_us(a).isoformat(), from_us(b).isoformat()) for a, b in got]


def test_a_night_window_wraps_past_midnight_and_keeps_local_time_across_dst() -> None:
    nights = Restriction.model_validate({"days": ["sat", "sun"], "from": "22:00", "to": "06:00"})
    assert _spans([nights], "Europe/Berlin", datetime(2026, 3, 28, tzinfo=UTC),
                  datetime(2026, 3, 30, 12, tzinfo=UTC)) == [
        # Saturday 22:00 CET → Sunday 06:00 CEST (the clocks jump at 02:00): 7 hours.
        ("2026-03-28T21:00:00+00:00", "2026-03-29T04:00:00+00:00"),
        ("2026-03-29T20:00:00+00:00", "2026-03-30T04:00:00+00:00"),
    ]


def test_every_other_week_from_the_anchor_and_clipped_to_the_range() -> None:
    fortnightly = Restriction.model_validate({
        "days": ["mon"], "from": "09:00", "to": "17:00", "every_weeks": 2,
        "anchor": "2026-01-05"})
    assert _spans([fortnightly], "UTC", datetime(2025, 12, 29, tzinfo=UTC),
                  datetime(2026, 1, 19, 12, tzinfo=UTC)) == [
        ("2026-01-05T09:00:00+00:00", "2026-01-05T17:00:00+00:00"),
        ("2026-01-19T09:00:00+00:00", "2026-01-19T12:00:00+00:00"),
    ]
