"""Splitting time on call into business hours, evenings/nights and weekends, in a local zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentkit.oncall.load import Hours, split
from incidentkit.schedule.shifts import clock, to_us

H = 3_600_000_000


def hours(start: str, end: str, zone: str) -> tuple[float, float, float]:
    got = split(to_us(datetime.fromisoformat(start)), to_us(datetime.fromisoformat(end)),
                clock(zone))
    return got.business / H, got.evenings_nights / H, got.weekends / H


@pytest.mark.parametrize(
    ("start", "end", "zone", "expected"),
    [
        # Friday noon to Monday noon in Berlin, for someone in Berlin.
        ("2026-01-09T12:00+01:00", "2026-01-12T12:00+01:00", "Europe/Berlin", (9, 15, 48)),
        # The same instants for someone in New York: Friday 06:00 to Monday 06:00 there.
        ("2026-01-09T12:00+01:00", "2026-01-12T12:00+01:00", "America/New_York", (9, 15, 48)),
        # A weekly turn across the spring change: 167 h, the Sunday has 23.
        ("2026-03-23T10:00+01:00", "2026-03-30T10:00+02:00", "Europe/Berlin", (45, 75, 47)),
        # ... and across the autumn change: 169 h, the Sunday has 25.
        ("2026-10-19T10:00+02:00", "2026-10-26T10:00+01:00", "Europe/Berlin", (45, 75, 49)),
        # A half-hour zone: a UTC Wednesday is 05:30 Wednesday to 05:30 Thursday in Kolkata.
        ("2026-01-07T00:00Z", "2026-01-08T00:00Z", "Asia/Kolkata", (9, 15, 0)),
        # Friday evening turns into the weekend at local midnight, Sunday into Monday night.
        ("2026-01-09T20:00-05:00", "2026-01-12T02:00-05:00", "America/New_York", (0, 6, 48)),
        # Within one business day.
        ("2026-01-07T10:00Z", "2026-01-07T11:30Z", "UTC", (1.5, 0, 0)),
    ],
)
def test_split(start: str, end: str, zone: str, expected: tuple[float, float, float]) -> None:
    assert hours(start, end, zone) == expected


def test_hours_add_up() -> None:
    assert Hours(1, 2, 3) + Hours(10, 20, 30) == Hours(11, 22, 33)
    assert Hours(1, 2, 3).total == 6


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=datetime.fromisoformat("2025-01-01T00:00"),
                       max_value=datetime.fromisoformat("2027-01-01T00:00"),
                       timezones=st.just(UTC)),
    length=st.integers(0, 40 * 24 * 60),
    zone=st.sampled_from(["UTC", "Europe/Berlin", "America/Santiago", "Australia/Lord_Howe",
                          "Asia/Kolkata", "Pacific/Apia"]),
)
def test_the_three_kinds_tile_the_interval(start: datetime, length: int, zone: str) -> None:
    end = start + timedelta(minutes=length)
    got = split(to_us(start), to_us(end), clock(zone))
    assert min(got.business, got.evenings_nights, got.weekends) >= 0
    assert got.total == to_us(end) - to_us(start)
