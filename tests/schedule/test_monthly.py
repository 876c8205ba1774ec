"""Exact shifts of ``rotation: monthly``: a handoff day beyond a month's length, DST."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from incidentkit.schedule import on_call_at
from tests.schedule.test_engine import at, build, final, layer, stamp

THREE = ["alice", "bob", "carol"]


def monthly(start: str, handoff_day: int, **extra: Any) -> dict[str, Any]:
    return {
        "name": "monthly",
        "start": start,
        "rotation": "monthly",
        "handoff_day": handoff_day,
        "members": THREE,
        **extra,
    }


def test_the_31st_hands_off_on_the_last_day_of_shorter_months_across_spring_dst() -> None:
    # 2026 is not a leap year: February's handoff is on the 28th. Berlin goes CET → CEST on
    # 2026-03-29, so 09:00 local is 08:00Z up to then and 07:00Z after.
    schedule = build(monthly("2026-01-31T09:00", 31))
    assert layer(schedule, 0, "2026-01-01T00:00Z", "2026-06-01T00:00Z") == [
        ("alice", "2026-01-31T08:00Z", "2026-02-28T08:00Z", "monthly"),
        ("bob", "2026-02-28T08:00Z", "2026-03-31T07:00Z", "monthly"),
        ("carol", "2026-03-31T07:00Z", "2026-04-30T07:00Z", "monthly"),
        ("alice", "2026-04-30T07:00Z", "2026-05-31T07:00Z", "monthly"),
        ("bob", "2026-05-31T07:00Z", "2026-06-01T00:00Z", "monthly"),
    ]


def test_the_31st_hands_off_on_february_29_in_a_leap_year() -> None:
    # 2028 is a leap year; Berlin changes to CEST on 2028-03-26.
    schedule = build(monthly("2028-01-31T09:00", 31))
    assert final(schedule, "2028-01-31T00:00Z", "2028-04-01T00:00Z") == [
        ("alice", "2028-01-31T08:00Z", "2028-02-29T08:00Z", "monthly"),
        ("bob", "2028-02-29T08:00Z", "2028-03-31T07:00Z", "monthly"),
        ("carol", "2028-03-31T07:00Z", "2028-04-01T00:00Z", "monthly"),
    ]


def test_the_30th_hands_off_on_february_28_and_keeps_the_wall_clock_across_autumn_dst() -> None:
    # Berlin goes CEST → CET on 2026-10-25: the October turn lasts 30 days and 1 hour.
    schedule = build(monthly("2026-01-30T09:00", 30))
    shifts = final(schedule, "2026-02-01T00:00Z", "2026-11-30T09:00Z")
    assert shifts[:2] == [
        ("alice", "2026-02-01T00:00Z", "2026-02-28T08:00Z", "monthly"),
        ("bob", "2026-02-28T08:00Z", "2026-03-30T07:00Z", "monthly"),
    ]
    assert shifts[-4:] == [
        ("bob", "2026-08-30T07:00Z", "2026-09-30T07:00Z", "monthly"),
        ("carol", "2026-09-30T07:00Z", "2026-10-30T08:00Z", "monthly"),
        ("alice", "2026-10-30T08:00Z", "2026-11-30T08:00Z", "monthly"),
        ("bob", "2026-11-30T08:00Z", "2026-11-30T09:00Z", "monthly"),
    ]


def test_a_handoff_on_the_spring_dst_day_inside_the_skipped_hour() -> None:
    # 02:30 on 2026-03-29 does not exist in Berlin: it is read with the offset before the change
    # (01:30Z, shown as 03:30 CEST), as every local time of the engine is.
    schedule = build(monthly("2026-01-29T02:30", 29))
    assert final(schedule, "2026-02-20T00:00Z", "2026-04-30T00:00Z") == [
        ("alice", "2026-02-20T00:00Z", "2026-02-28T01:30Z", "monthly"),
        ("bob", "2026-02-28T01:30Z", "2026-03-29T01:30Z", "monthly"),
        ("carol", "2026-03-29T01:30Z", "2026-04-29T00:30Z", "monthly"),
        ("alice", "2026-04-29T00:30Z", "2026-04-30T00:00Z", "monthly"),
    ]


def test_a_start_before_the_handoff_day_makes_a_short_first_turn() -> None:
    schedule = build(monthly("2026-01-05T10:00", 1))
    assert final(schedule, "2026-01-01T00:00Z", "2026-03-01T12:00Z") == [
        ("alice", "2026-01-05T09:00Z", "2026-02-01T09:00Z", "monthly"),
        ("bob", "2026-02-01T09:00Z", "2026-03-01T09:00Z", "monthly"),
        ("carol", "2026-03-01T09:00Z", "2026-03-01T12:00Z", "monthly"),
    ]


def test_on_call_at_years_after_the_start_gives_the_whole_month() -> None:
    # January 2030 is turn 48 of a rotation that started in January 2026: alice (48 mod 3 = 0).
    shift = on_call_at(build(monthly("2026-01-31T09:00", 31)), at("2030-01-31T10:00Z"))
    assert shift is not None
    assert (shift.person, stamp(shift.start), stamp(shift.end)) == (
        "alice",
        "2030-01-31T08:00Z",
        "2030-02-28T08:00Z",
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"rotation": "monthly"}, "rotation: monthly needs handoff_day"),
        ({"rotation": "weekly", "handoff_day": 3}, "handoff_day is for rotation: monthly"),
        ({"rotation": "monthly", "handoff_day": 32}, "less than or equal to 31"),
        ({"rotation": "monthly", "handoff_day": 0}, "greater than or equal to 1"),
    ],
)
def test_handoff_day_goes_with_monthly_and_is_a_day_of_the_month(
    extra: dict[str, Any], message: str
) -> None:
    data = {"name": "l", "start": "2026-01-01T09:00", "members": THREE, **extra}
    with pytest.raises(ValidationError, match=message):
        build(data)
