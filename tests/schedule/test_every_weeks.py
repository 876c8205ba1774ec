"""Exact windows of restrictions that repeat every N weeks from an anchor date."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from incidentkit.schedule.lint import restrictions_outside_period
from tests.schedule.test_engine import build, final, holes, layer, weekly

THREE = ["alice", "bob", "carol"]


def every(weeks: int, anchor: str, days: list[str], start: str, end: str) -> dict[str, Any]:
    return {"days": days, "from": start, "to": end, "every_weeks": weeks, "anchor": anchor}


def test_every_other_weekend_from_the_anchor_week() -> None:
    # Weeks 0 and 2 from Monday 5 January: the weekends of 10-11 and 24-25 January, Berlin time
    # (UTC+1). The rotation runs on: turn 0 is alice's, turn 2 carol's.
    schedule = build(
        weekly(THREE, restrictions=[every(2, "2026-01-05", ["sat", "sun"], "00:00", "24:00")])
    )
    assert final(schedule, "2026-01-05T00:00Z", "2026-02-02T00:00Z") == [
        ("alice", "2026-01-09T23:00Z", "2026-01-11T23:00Z", "weekly"),
        ("carol", "2026-01-23T23:00Z", "2026-01-25T23:00Z", "weekly"),
    ]
    assert holes(schedule, "2026-01-05T00:00Z", "2026-02-02T00:00Z") == [
        ("2026-01-05T00:00Z", "2026-01-09T23:00Z"),
        ("2026-01-11T23:00Z", "2026-01-23T23:00Z"),
        ("2026-01-25T23:00Z", "2026-02-02T00:00Z"),
    ]


def test_weeks_count_from_the_anchor_day_not_from_monday() -> None:
    # Anchor Wednesday 7 January: week 0 is 7-13 January (Monday the 12th), week 2 is 21-27
    # January (Monday the 26th); Monday the 19th is in week 1.
    schedule = build(
        weekly(["alice"], restrictions=[every(2, "2026-01-07", ["mon"], "09:00", "17:00")])
    )
    assert final(schedule, "2026-01-05T00:00Z", "2026-02-01T00:00Z") == [
        ("alice", "2026-01-12T08:00Z", "2026-01-12T16:00Z", "weekly"),
        ("alice", "2026-01-26T08:00Z", "2026-01-26T16:00Z", "weekly"),
    ]


def test_fortnightly_windows_keep_their_local_times_across_spring_dst() -> None:
    # Nothing opens before the anchor (Monday 9 March is outside); Berlin moves to CEST on
    # 29 March, so 09:00-17:00 is 08:00-16:00Z, then 07:00-15:00Z.
    schedule = build(
        weekly(["alice"], restrictions=[every(2, "2026-03-16", ["mon"], "09:00", "17:00")])
    )
    assert layer(schedule, 0, "2026-03-01T00:00Z", "2026-04-20T00:00Z") == [
        ("alice", "2026-03-16T08:00Z", "2026-03-16T16:00Z", "weekly"),
        ("alice", "2026-03-30T07:00Z", "2026-03-30T15:00Z", "weekly"),
        ("alice", "2026-04-13T07:00Z", "2026-04-13T15:00Z", "weekly"),
    ]


def test_a_wrapping_window_every_third_week_across_autumn_dst() -> None:
    # Saturday 22:00 to Sunday 06:00 in weeks 0, 3 and 6 from Saturday 3 October. The night of
    # 24-25 October is the autumn change: 9 hours instead of 8. Every third week of a
    # three-member rotation is the same member's turn (turns 38, 41 and 44: carol).
    schedule = build(
        weekly(THREE, restrictions=[every(3, "2026-10-03", ["sat"], "22:00", "06:00")])
    )
    assert final(schedule, "2026-09-26T00:00Z", "2026-11-20T00:00Z") == [
        ("carol", "2026-10-03T20:00Z", "2026-10-04T04:00Z", "weekly"),
        ("carol", "2026-10-24T20:00Z", "2026-10-25T05:00Z", "weekly"),
        ("carol", "2026-11-14T21:00Z", "2026-11-15T05:00Z", "weekly"),
    ]


def test_a_layer_that_ends_before_the_anchor_never_matches() -> None:
    fortnightly = [every(2, "2026-03-02", ["mon"], "09:00", "17:00")]
    ends_before = weekly(THREE, restrictions=fortnightly, effective_until="2026-03-01T00:00")
    # The first window opens 8 weeks after the start: further than the 9 days that suffice for
    # weekly windows.
    ends_after = weekly(THREE, restrictions=fortnightly, effective_until="2026-03-03T00:00")
    ends_after["name"] = "later"
    assert restrictions_outside_period(build(ends_before, ends_after)) == [0]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"every_weeks": 2}, "every_weeks and anchor go together"),
        ({"anchor": "2026-01-05"}, "every_weeks and anchor go together"),
        ({"every_weeks": 0, "anchor": "2026-01-05"}, "greater than or equal to 1"),
        ({"every_weeks": 53, "anchor": "2026-01-05"}, "less than or equal to 52"),
    ],
)
def test_every_weeks_needs_an_anchor_and_a_number_of_weeks(
    extra: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        build(weekly(THREE, restrictions=[{"from": "09:00", "to": "17:00", **extra}]))
