"""Exact shifts of the schedule engine: rotations, DST, restrictions, layers and overrides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from incidentkit.model.schedule import Schedule
from incidentkit.schedule import OVERRIDE, Shift, final_shifts, gaps, layer_shifts, on_call_at

Row = tuple[str, str, str, str]

WEEKDAYS_ONLY = ["mon", "tue", "wed", "thu", "fri"]


def build(
    *layers: dict[str, Any],
    timezone: str = "Europe/Berlin",
    overrides: list[dict[str, Any]] | None = None,
) -> Schedule:
    return Schedule.model_validate(
        {
            "id": "identity-primary",
            "name": "Identity primary",
            "timezone": timezone,
            "layers": list(layers),
            "overrides": overrides or [],
        }
    )


def weekly(members: list[str], **extra: Any) -> dict[str, Any]:
    layer: dict[str, Any] = {
        "name": "weekly",
        "start": "2026-01-05T10:00",
        "rotation": "weekly",
        "members": members,
    }
    layer.update(extra)
    return layer


def at(text: str) -> datetime:
    """``2026-03-23T09:00Z`` or with an offset → an aware datetime."""
    return datetime.fromisoformat(text)


def stamp(moment: datetime) -> str:
    assert moment.tzinfo is UTC
    return moment.strftime("%Y-%m-%dT%H:%MZ")


def rows(shifts: list[Shift]) -> list[Row]:
    return [(s.person, stamp(s.start), stamp(s.end), s.source) for s in shifts]


def holes(schedule: Schedule, start: str, end: str) -> list[tuple[str, str]]:
    return [(stamp(s), stamp(e)) for s, e in gaps(schedule, start=at(start), end=at(end))]


def final(schedule: Schedule, start: str, end: str) -> list[Row]:
    return rows(final_shifts(schedule, start=at(start), end=at(end)))


def layer(schedule: Schedule, index: int, start: str, end: str) -> list[Row]:
    return rows(layer_shifts(schedule, index, start=at(start), end=at(end)))


FOUR = ["alice", "bob", "carol", "dave"]


# --- weekly handoffs across DST -------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "start", "end", "expected", "hours"),
    [
        # Berlin: CET → CEST on 2026-03-29; 10:00 local is 09:00Z, then 08:00Z.
        (
            "Europe/Berlin",
            "2026-03-16T00:00Z",
            "2026-04-13T00:00Z",
            [
                ("bob", "2026-03-16T00:00Z", "2026-03-16T09:00Z", "weekly"),
                ("carol", "2026-03-16T09:00Z", "2026-03-23T09:00Z", "weekly"),
                ("dave", "2026-03-23T09:00Z", "2026-03-30T08:00Z", "weekly"),
                ("alice", "2026-03-30T08:00Z", "2026-04-06T08:00Z", "weekly"),
                ("bob", "2026-04-06T08:00Z", "2026-04-13T00:00Z", "weekly"),
            ],
            [9, 168, 167, 168, 160],
        ),
        # Berlin: CEST → CET on 2026-10-25; the week of 2026-10-19 is turn 41 (bob).
        (
            "Europe/Berlin",
            "2026-10-19T08:00Z",
            "2026-11-02T09:00Z",
            [
                ("bob", "2026-10-19T08:00Z", "2026-10-26T09:00Z", "weekly"),
                ("carol", "2026-10-26T09:00Z", "2026-11-02T09:00Z", "weekly"),
            ],
            [169, 168],
        ),
        # New York: EST → EDT on 2026-03-08; 10:00 local is 15:00Z, then 14:00Z.
        (
            "America/New_York",
            "2026-03-02T15:00Z",
            "2026-03-16T14:00Z",
            [
                ("alice", "2026-03-02T15:00Z", "2026-03-09T14:00Z", "weekly"),
                ("bob", "2026-03-09T14:00Z", "2026-03-16T14:00Z", "weekly"),
            ],
            [167, 168],
        ),
        # New York: EDT → EST on 2026-11-01; the week of 2026-10-26 is turn 42 (carol).
        (
            "America/New_York",
            "2026-10-19T14:00Z",
            "2026-11-09T15:00Z",
            [
                ("bob", "2026-10-19T14:00Z", "2026-10-26T14:00Z", "weekly"),
                ("carol", "2026-10-26T14:00Z", "2026-11-02T15:00Z", "weekly"),
                ("dave", "2026-11-02T15:00Z", "2026-11-09T15:00Z", "weekly"),
            ],
            [168, 169, 168],
        ),
    ],
)
def test_weekly_handoff_stays_at_local_time_across_dst(
    zone: str, start: str, end: str, expected: list[Row], hours: list[int]
) -> None:
    schedule = build(weekly(FOUR), timezone=zone)
    shifts = final_shifts(schedule, start=at(start), end=at(end))
    assert rows(shifts) == expected
    assert [s.duration / timedelta(hours=1) for s in shifts] == hours
    handoffs = [s.start.astimezone(ZoneInfo(zone)) for s in shifts[1:]]
    assert {(h.hour, h.minute) for h in handoffs} == {(10, 0)}
    assert layer(schedule, 0, start, end) == expected


@pytest.mark.parametrize(
    ("first", "start", "expected", "whole"),
    [
        # Started in winter; after the spring change the handoff is 08:00Z, not 09:00Z.
        (
            "2026-01-05T10:00",
            "2026-03-30T08:30Z",
            [("alice", "2026-03-30T08:30Z", "2026-03-30T10:00Z", "weekly")],
            ("alice", "2026-03-30T08:00Z", "2026-04-06T08:00Z", "weekly"),
        ),
        # Started in summer; after the autumn change the handoff is 09:00Z, not 08:00Z.
        (
            "2026-06-01T10:00",
            "2026-11-02T08:30Z",
            [
                ("bob", "2026-11-02T08:30Z", "2026-11-02T09:00Z", "weekly"),
                ("carol", "2026-11-02T09:00Z", "2026-11-02T10:00Z", "weekly"),
            ],
            ("bob", "2026-10-26T09:00Z", "2026-11-02T09:00Z", "weekly"),
        ),
    ],
)
def test_interval_starting_between_the_shifted_and_the_unshifted_handoff(
    first: str, start: str, expected: list[Row], whole: Row
) -> None:
    schedule = build(weekly(FOUR, start=first))
    end = stamp(at(start).replace(minute=0) + timedelta(hours=2))
    assert final(schedule, start, end) == expected
    shift = on_call_at(schedule, at(start))
    assert shift is not None
    assert rows([shift]) == [whole]


def test_layer_timezone_overrides_the_schedules() -> None:
    schedule = build(weekly(FOUR, timezone="America/New_York"), timezone="Europe/Berlin")
    assert final(schedule, "2026-01-05T00:00Z", "2026-01-13T00:00Z") == [
        ("alice", "2026-01-05T15:00Z", "2026-01-12T15:00Z", "weekly"),
        ("bob", "2026-01-12T15:00Z", "2026-01-13T00:00Z", "weekly"),
    ]


def test_nobody_before_the_first_handoff() -> None:
    schedule = build(weekly(FOUR))
    assert final(schedule, "2026-01-01T00:00Z", "2026-01-05T09:00Z") == []
    assert holes(schedule, "2026-01-01T00:00Z", "2026-01-06T00:00Z") == [
        ("2026-01-01T00:00Z", "2026-01-05T09:00Z")
    ]


def test_whole_days_step_in_local_days_other_periods_in_absolute_time() -> None:
    two_days = build(weekly(["alice", "bob"], start="2026-03-27T10:00", rotation={"every": "2d"}))
    assert final(two_days, "2026-03-27T09:00Z", "2026-04-02T08:00Z") == [
        ("alice", "2026-03-27T09:00Z", "2026-03-29T08:00Z", "weekly"),
        ("bob", "2026-03-29T08:00Z", "2026-03-31T08:00Z", "weekly"),
        ("alice", "2026-03-31T08:00Z", "2026-04-02T08:00Z", "weekly"),
    ]
    thirty_six = build(
        weekly(["alice", "bob"], start="2026-03-28T10:00", rotation={"every": "36h"})
    )
    assert final(thirty_six, "2026-03-28T09:00Z", "2026-03-31T09:00Z") == [
        ("alice", "2026-03-28T09:00Z", "2026-03-29T21:00Z", "weekly"),
        ("bob", "2026-03-29T21:00Z", "2026-03-31T09:00Z", "weekly"),
    ]


def test_every_12h_steps_in_absolute_time_across_dst() -> None:
    schedule = build(
        weekly(
            ["alice", "bob"], name="halfday", start="2026-03-28T20:00", rotation={"every": "12h"}
        )
    )
    shifts = final_shifts(schedule, start=at("2026-03-28T12:00Z"), end=at("2026-03-30T07:00Z"))
    assert rows(shifts) == [
        ("alice", "2026-03-28T19:00Z", "2026-03-29T07:00Z", "halfday"),
        ("bob", "2026-03-29T07:00Z", "2026-03-29T19:00Z", "halfday"),
        ("alice", "2026-03-29T19:00Z", "2026-03-30T07:00Z", "halfday"),
    ]
    # Every turn lasts 12 h; the wall-clock time of the handoff moves with the clocks.
    local = [s.start.astimezone(ZoneInfo("Europe/Berlin")).hour for s in shifts]
    assert local == [20, 9, 21]


def test_nonexistent_and_ambiguous_handoff_times() -> None:
    spring = build(weekly(["alice", "bob"], start="2026-03-27T02:30", rotation="daily"))
    # 02:30 on 2026-03-29 does not exist: read with the offset before the change (+01:00).
    assert final(spring, "2026-03-27T00:00Z", "2026-03-31T00:00Z") == [
        ("alice", "2026-03-27T01:30Z", "2026-03-28T01:30Z", "weekly"),
        ("bob", "2026-03-28T01:30Z", "2026-03-29T01:30Z", "weekly"),
        ("alice", "2026-03-29T01:30Z", "2026-03-30T00:30Z", "weekly"),
        ("bob", "2026-03-30T00:30Z", "2026-03-31T00:00Z", "weekly"),
    ]
    autumn = build(weekly(["alice", "bob"], start="2026-10-24T02:30", rotation="daily"))
    # 02:30 on 2026-10-25 happens twice: the first occurrence (+02:00) is the handoff.
    assert final(autumn, "2026-10-24T00:00Z", "2026-10-27T00:00Z") == [
        ("alice", "2026-10-24T00:30Z", "2026-10-25T00:30Z", "weekly"),
        ("bob", "2026-10-25T00:30Z", "2026-10-26T01:30Z", "weekly"),
        ("alice", "2026-10-26T01:30Z", "2026-10-27T00:00Z", "weekly"),
    ]


def test_single_member_turns_are_one_shift() -> None:
    schedule = build(weekly(["alice"]))
    assert layer(schedule, 0, "2026-01-01T00:00Z", "2026-03-01T00:00Z") == [
        ("alice", "2026-01-05T09:00Z", "2026-03-01T00:00Z", "weekly")
    ]


def test_layer_without_members_has_nobody() -> None:
    schedule = build(weekly([]))
    assert final(schedule, "2026-01-01T00:00Z", "2026-02-01T00:00Z") == []
    assert holes(schedule, "2026-01-01T00:00Z", "2026-02-01T00:00Z") == [
        ("2026-01-01T00:00Z", "2026-02-01T00:00Z")
    ]


# --- restrictions ---------------------------------------------------------------------------


def test_daily_rotation_with_weekday_restriction_does_not_pause() -> None:
    schedule = build(
        weekly(
            ["alice", "bob", "carol"],
            name="business-hours",
            start="2026-01-05T09:00",
            rotation="daily",
            restrictions=[{"days": WEEKDAYS_ONLY, "from": "09:00", "to": "17:00"}],
        )
    )
    start, end = "2026-01-05T00:00Z", "2026-01-13T00:00Z"
    # Saturday is carol's turn and Sunday alice's, uncovered; so Monday the 12th is bob's.
    expected = [
        ("alice", "2026-01-05T08:00Z", "2026-01-05T16:00Z", "business-hours"),
        ("bob", "2026-01-06T08:00Z", "2026-01-06T16:00Z", "business-hours"),
        ("carol", "2026-01-07T08:00Z", "2026-01-07T16:00Z", "business-hours"),
        ("alice", "2026-01-08T08:00Z", "2026-01-08T16:00Z", "business-hours"),
        ("bob", "2026-01-09T08:00Z", "2026-01-09T16:00Z", "business-hours"),
        ("bob", "2026-01-12T08:00Z", "2026-01-12T16:00Z", "business-hours"),
    ]
    assert final(schedule, start, end) == expected
    assert layer(schedule, 0, start, end) == expected
    assert holes(schedule, start, end) == [
        ("2026-01-05T00:00Z", "2026-01-05T08:00Z"),
        ("2026-01-05T16:00Z", "2026-01-06T08:00Z"),
        ("2026-01-06T16:00Z", "2026-01-07T08:00Z"),
        ("2026-01-07T16:00Z", "2026-01-08T08:00Z"),
        ("2026-01-08T16:00Z", "2026-01-09T08:00Z"),
        ("2026-01-09T16:00Z", "2026-01-12T08:00Z"),
        ("2026-01-12T16:00Z", "2026-01-13T00:00Z"),
    ]


def test_restriction_that_wraps_midnight_and_one_that_ends_at_2400() -> None:
    schedule = build(
        weekly(
            ["alice", "bob"],
            restrictions=[
                {"days": ["fri"], "from": "22:00", "to": "06:00"},
                {"days": ["sun"], "from": "20:00", "to": "24:00"},
            ],
        )
    )
    assert final(schedule, "2026-01-05T00:00Z", "2026-01-19T00:00Z") == [
        ("alice", "2026-01-09T21:00Z", "2026-01-10T05:00Z", "weekly"),
        ("alice", "2026-01-11T19:00Z", "2026-01-11T23:00Z", "weekly"),
        ("bob", "2026-01-16T21:00Z", "2026-01-17T05:00Z", "weekly"),
        ("bob", "2026-01-18T19:00Z", "2026-01-18T23:00Z", "weekly"),
    ]


def test_window_across_a_handoff_is_split_between_the_turns() -> None:
    schedule = build(
        weekly(["alice", "bob"], restrictions=[{"days": ["sun"], "from": "22:00", "to": "11:00"}])
    )
    # Sunday 22:00 to Monday 11:00 local; the handoff is Monday 10:00.
    assert final(schedule, "2026-01-05T00:00Z", "2026-01-13T00:00Z") == [
        ("alice", "2026-01-05T09:00Z", "2026-01-05T10:00Z", "weekly"),
        ("alice", "2026-01-11T21:00Z", "2026-01-12T09:00Z", "weekly"),
        ("bob", "2026-01-12T09:00Z", "2026-01-12T10:00Z", "weekly"),
    ]


def test_restriction_from_equal_to_lasts_a_day_and_restrictions_union() -> None:
    schedule = build(
        weekly(
            ["alice", "bob"],
            restrictions=[
                {"days": ["sat"], "from": "09:00", "to": "09:00"},
                {"days": ["sun"], "from": "08:00", "to": "12:00"},
            ],
        )
    )
    # Saturday 09:00 to Sunday 09:00, joined with Sunday 08:00-12:00.
    assert final(schedule, "2026-01-05T00:00Z", "2026-01-12T00:00Z") == [
        ("alice", "2026-01-10T08:00Z", "2026-01-11T11:00Z", "weekly"),
    ]


def test_restriction_window_on_the_dst_day_is_shorter() -> None:
    schedule = build(
        weekly(["alice"], restrictions=[{"days": ["sun"], "from": "01:00", "to": "04:00"}])
    )
    assert final(schedule, "2026-03-22T00:00Z", "2026-04-06T00:00Z") == [
        ("alice", "2026-03-22T00:00Z", "2026-03-22T03:00Z", "weekly"),
        ("alice", "2026-03-29T00:00Z", "2026-03-29T02:00Z", "weekly"),
        ("alice", "2026-04-04T23:00Z", "2026-04-05T02:00Z", "weekly"),
    ]


def _follow_the_sun() -> Schedule:
    def region(name: str, zone: str, members: list[str]) -> dict[str, Any]:
        return weekly(
            members,
            name=name,
            timezone=zone,
            start="2026-01-05T09:00",
            restrictions=[{"days": WEEKDAYS_ONLY, "from": "09:00", "to": "17:00"}],
        )

    return build(
        region("tokyo", "Asia/Tokyo", ["kenji", "yuki"]),
        region("berlin", "Europe/Berlin", ["anna", "ben"]),
        region("new-york", "America/New_York", ["cara", "dan"]),
        timezone="UTC",
    )


@pytest.mark.parametrize(
    ("monday", "berlin", "new_york", "tokyo_person", "other"),
    [
        # January: Tokyo 00-08Z, Berlin 08-16Z, New York (EST) 14-22Z; turn 1 of every layer.
        ("2026-01-12", 8, 14, "yuki", ("ben", "dan")),
        # The US is on summer time from 2026-03-08, Europe not yet: New York is 13-21Z.
        ("2026-03-09", 8, 13, "yuki", ("ben", "dan")),
    ],
)
def test_follow_the_sun_three_zones(
    monday: str, berlin: int, new_york: int, tokyo_person: str, other: tuple[str, str]
) -> None:
    schedule = _follow_the_sun()
    week = datetime.fromisoformat(monday).replace(tzinfo=UTC)
    end = week + timedelta(days=7)
    expected: list[Row] = []
    expected_gaps: list[tuple[str, str]] = []
    for number in range(5):
        day = week + timedelta(days=number)
        expected += [
            (tokyo_person, stamp(day), stamp(day + timedelta(hours=8)), "tokyo"),
            (
                other[0],
                stamp(day + timedelta(hours=berlin)),
                stamp(day + timedelta(hours=new_york)),
                "berlin",
            ),
            (
                other[1],
                stamp(day + timedelta(hours=new_york)),
                stamp(day + timedelta(hours=new_york + 8)),
                "new-york",
            ),
        ]
        next_day = week + timedelta(days=number + 1 if number < 4 else 7)
        expected_gaps.append((stamp(day + timedelta(hours=new_york + 8)), stamp(next_day)))
    assert rows(final_shifts(schedule, start=week, end=end)) == expected
    assert [(stamp(s), stamp(e)) for s, e in gaps(schedule, start=week, end=end)] == expected_gaps
    # The Berlin layer on its own covers its whole window; New York wins the overlap.
    assert rows(layer_shifts(schedule, 1, start=week, end=week + timedelta(days=1))) == [
        (other[0], stamp(week + timedelta(hours=8)), stamp(week + timedelta(hours=16)), "berlin")
    ]


def test_follow_the_sun_exact_gaps_in_january() -> None:
    schedule = _follow_the_sun()
    assert holes(schedule, "2026-01-12T00:00Z", "2026-01-19T00:00Z") == [
        ("2026-01-12T22:00Z", "2026-01-13T00:00Z"),
        ("2026-01-13T22:00Z", "2026-01-14T00:00Z"),
        ("2026-01-14T22:00Z", "2026-01-15T00:00Z"),
        ("2026-01-15T22:00Z", "2026-01-16T00:00Z"),
        ("2026-01-16T22:00Z", "2026-01-19T00:00Z"),
    ]


# --- layers ---------------------------------------------------------------------------------


def test_layer_version_change_with_effective_until() -> None:
    schedule = build(
        weekly(["alice", "bob"], effective_until="2026-01-21T10:00"),
        weekly(["carol", "dave"], name="weekly-v2", start="2026-01-21T10:00"),
    )
    start, end = "2026-01-05T09:00Z", "2026-02-04T09:00Z"
    assert final(schedule, start, end) == [
        ("alice", "2026-01-05T09:00Z", "2026-01-12T09:00Z", "weekly"),
        ("bob", "2026-01-12T09:00Z", "2026-01-19T09:00Z", "weekly"),
        ("alice", "2026-01-19T09:00Z", "2026-01-21T09:00Z", "weekly"),
        ("carol", "2026-01-21T09:00Z", "2026-01-28T09:00Z", "weekly-v2"),
        ("dave", "2026-01-28T09:00Z", "2026-02-04T09:00Z", "weekly-v2"),
    ]
    assert layer(schedule, 0, start, end)[-1] == (
        "alice",
        "2026-01-19T09:00Z",
        "2026-01-21T09:00Z",
        "weekly",
    )
    assert layer(schedule, 1, start, end)[0] == (
        "carol",
        "2026-01-21T09:00Z",
        "2026-01-28T09:00Z",
        "weekly-v2",
    )
    assert holes(schedule, start, end) == []


def test_later_layer_wins_and_earlier_layer_shows_through() -> None:
    schedule = build(
        weekly(["alice", "bob"], name="base"),
        weekly(
            ["erin"],
            name="daytime",
            restrictions=[{"days": WEEKDAYS_ONLY, "from": "09:00", "to": "17:00"}],
        ),
    )
    assert final(schedule, "2026-01-09T00:00Z", "2026-01-12T12:00Z") == [
        ("alice", "2026-01-09T00:00Z", "2026-01-09T08:00Z", "base"),
        ("erin", "2026-01-09T08:00Z", "2026-01-09T16:00Z", "daytime"),
        ("alice", "2026-01-09T16:00Z", "2026-01-12T08:00Z", "base"),
        ("erin", "2026-01-12T08:00Z", "2026-01-12T12:00Z", "daytime"),
    ]


def test_pieces_of_one_person_from_the_same_layer_name_are_joined() -> None:
    schedule = build(
        weekly(["alice", "bob"], effective_until="2026-01-08T10:00"),
        weekly(["alice", "bob"], start="2026-01-08T10:00"),
    )
    assert final(schedule, "2026-01-05T09:00Z", "2026-01-16T09:00Z") == [
        ("alice", "2026-01-05T09:00Z", "2026-01-15T09:00Z", "weekly"),
        ("bob", "2026-01-15T09:00Z", "2026-01-16T09:00Z", "weekly"),
    ]


# --- overrides ------------------------------------------------------------------------------


def _override(start: str, end: str, person: str, replaces: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"from": start, "to": end, "person": person, "reason": "swap"}
    if replaces is not None:
        item["replaces"] = replaces
    return item


# Turn 4 (alice) runs 2026-02-02T09:00Z to 02-09, turn 5 (bob) 02-09 to 02-16.
FEB = ("2026-02-02T09:00Z", "2026-02-16T09:00Z")


def test_override_without_replaces_wins_over_everyone() -> None:
    override = _override("2026-02-08T10:00:00+01:00", "2026-02-10T10:00:00+01:00", "erin")
    schedule = build(weekly(FOUR), overrides=[override])
    assert final(schedule, *FEB) == [
        ("alice", "2026-02-02T09:00Z", "2026-02-08T09:00Z", "weekly"),
        ("erin", "2026-02-08T09:00Z", "2026-02-10T09:00Z", OVERRIDE),
        ("bob", "2026-02-10T09:00Z", "2026-02-16T09:00Z", "weekly"),
    ]
    assert layer(schedule, 0, *FEB) == [
        ("alice", "2026-02-02T09:00Z", "2026-02-09T09:00Z", "weekly"),
        ("bob", "2026-02-09T09:00Z", "2026-02-16T09:00Z", "weekly"),
    ]
    shift = on_call_at(schedule, at("2026-02-09T12:00:00+01:00"))
    assert shift == Shift("erin", at("2026-02-08T09:00Z"), at("2026-02-10T09:00Z"), OVERRIDE)


def test_override_with_replaces_applies_only_while_that_person_is_on_call() -> None:
    override = _override("2026-02-08T10:00:00+01:00", "2026-02-10T10:00:00+01:00", "erin", "bob")
    schedule = build(weekly(FOUR), overrides=[override])
    assert final(schedule, *FEB) == [
        ("alice", "2026-02-02T09:00Z", "2026-02-09T09:00Z", "weekly"),
        ("erin", "2026-02-09T09:00Z", "2026-02-10T09:00Z", OVERRIDE),
        ("bob", "2026-02-10T09:00Z", "2026-02-16T09:00Z", "weekly"),
    ]
    unrelated = build(weekly(FOUR), overrides=[{**override, "replaces": "carol"}])
    assert final(unrelated, *FEB) == layer(unrelated, 0, *FEB)


def test_override_fills_a_gap_but_a_replacing_one_does_not() -> None:
    restricted = weekly(
        ["alice", "bob"], restrictions=[{"days": WEEKDAYS_ONLY, "from": "09:00", "to": "17:00"}]
    )
    overrides = [
        _override("2026-01-10T10:00Z", "2026-01-10T12:00Z", "erin"),
        _override("2026-01-11T10:00Z", "2026-01-11T12:00Z", "frank", "alice"),
    ]
    schedule = build(restricted, overrides=overrides)
    assert final(schedule, "2026-01-09T00:00Z", "2026-01-12T00:00Z") == [
        ("alice", "2026-01-09T08:00Z", "2026-01-09T16:00Z", "weekly"),
        ("erin", "2026-01-10T10:00Z", "2026-01-10T12:00Z", OVERRIDE),
    ]
    assert on_call_at(schedule, at("2026-01-11T11:00Z")) is None


def test_overlapping_overrides_later_in_the_file_wins() -> None:
    first = _override("2026-02-03T09:00Z", "2026-02-05T09:00Z", "erin")
    second = _override("2026-02-04T09:00Z", "2026-02-06T09:00Z", "frank")
    window = ("2026-02-03T00:00Z", "2026-02-07T00:00Z")
    assert final(build(weekly(FOUR), overrides=[first, second]), *window) == [
        ("alice", "2026-02-03T00:00Z", "2026-02-03T09:00Z", "weekly"),
        ("erin", "2026-02-03T09:00Z", "2026-02-04T09:00Z", OVERRIDE),
        ("frank", "2026-02-04T09:00Z", "2026-02-06T09:00Z", OVERRIDE),
        ("alice", "2026-02-06T09:00Z", "2026-02-07T00:00Z", "weekly"),
    ]
    assert final(build(weekly(FOUR), overrides=[second, first]), *window) == [
        ("alice", "2026-02-03T00:00Z", "2026-02-03T09:00Z", "weekly"),
        ("erin", "2026-02-03T09:00Z", "2026-02-05T09:00Z", OVERRIDE),
        ("frank", "2026-02-05T09:00Z", "2026-02-06T09:00Z", OVERRIDE),
        ("alice", "2026-02-06T09:00Z", "2026-02-07T00:00Z", "weekly"),
    ]


def test_override_can_replace_the_person_an_earlier_override_put_on_call() -> None:
    overrides = [
        _override("2026-02-03T09:00Z", "2026-02-05T09:00Z", "erin", "alice"),
        _override("2026-02-04T09:00Z", "2026-02-06T09:00Z", "frank", "erin"),
    ]
    schedule = build(weekly(FOUR), overrides=overrides)
    assert final(schedule, "2026-02-03T00:00Z", "2026-02-07T00:00Z") == [
        ("alice", "2026-02-03T00:00Z", "2026-02-03T09:00Z", "weekly"),
        ("erin", "2026-02-03T09:00Z", "2026-02-04T09:00Z", OVERRIDE),
        ("frank", "2026-02-04T09:00Z", "2026-02-05T09:00Z", OVERRIDE),
        ("alice", "2026-02-05T09:00Z", "2026-02-07T00:00Z", "weekly"),
    ]


def test_adjacent_overrides_of_one_person_are_joined() -> None:
    overrides = [
        _override("2026-02-03T09:00Z", "2026-02-04T09:00Z", "erin"),
        _override("2026-02-04T09:00Z", "2026-02-05T09:00Z", "erin", "alice"),
    ]
    schedule = build(weekly(FOUR), overrides=overrides)
    assert final(schedule, "2026-02-03T09:00Z", "2026-02-06T09:00Z") == [
        ("erin", "2026-02-03T09:00Z", "2026-02-05T09:00Z", OVERRIDE),
        ("alice", "2026-02-05T09:00Z", "2026-02-06T09:00Z", "weekly"),
    ]


# --- on_call_at and the interval ------------------------------------------------------------


def test_on_call_at_returns_the_whole_shift() -> None:
    schedule = build(weekly(FOUR))
    assert on_call_at(schedule, at("2026-03-29T12:00:00+02:00")) == Shift(
        "dave", at("2026-03-23T09:00Z"), at("2026-03-30T08:00Z"), "weekly"
    )
    assert on_call_at(schedule, at("2026-03-30T08:00Z")) == Shift(
        "alice", at("2026-03-30T08:00Z"), at("2026-04-06T08:00Z"), "weekly"
    )
    assert on_call_at(schedule, at("2026-01-05T08:59Z")) is None


def test_on_call_at_a_long_shift_widens_the_search() -> None:
    schedule = build(weekly(["alice"], effective_until="2026-12-01T10:00"))
    assert on_call_at(schedule, at("2026-06-01T00:00Z")) == Shift(
        "alice", at("2026-01-05T09:00Z"), at("2026-12-01T09:00Z"), "weekly"
    )


def test_results_are_utc_for_an_interval_given_in_another_offset() -> None:
    schedule = build(weekly(FOUR))
    shifts = final_shifts(
        schedule, start=at("2026-01-12T10:00+01:00"), end=at("2026-01-12T12:00+01:00")
    )
    assert shifts == [Shift("bob", at("2026-01-12T09:00Z"), at("2026-01-12T11:00Z"), "weekly")]
    assert all(s.start.tzinfo is UTC and s.end.tzinfo is UTC for s in shifts)


def test_empty_interval_and_errors() -> None:
    schedule = build(weekly(FOUR))
    assert final(schedule, "2026-02-01T00:00Z", "2026-02-01T00:00Z") == []
    assert holes(schedule, "2026-02-01T00:00Z", "2026-01-01T00:00Z") == []
    with pytest.raises(ValueError, match="no UTC offset"):
        final_shifts(schedule, start=datetime(2026, 1, 1), end=at("2026-02-01T00:00Z"))  # noqa: DTZ001
    with pytest.raises(ValueError, match="a rotation shorter than 1h is not supported"):
        build(weekly(FOUR, rotation={"every": "0h"}))
