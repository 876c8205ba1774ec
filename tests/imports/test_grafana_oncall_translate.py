"""Grafana OnCall's shift kinds in our format, exactly; and, where the rotation's behaviour is
the question, the shifts our engine then gives against OnCall's rules worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from incidentkit.imports import grafana_oncall_translate as tr
from incidentkit.model.schedule import WEEKDAYS, Schedule
from incidentkit.schedule import final_shifts

NAMES = {"U1": "ana", "U2": "ben", "U3": "chloe"}


def _who(user: str) -> str | None:
    return NAMES.get(user)


def _shift(**fields: Any) -> dict[str, Any]:
    return {"id": "O1", "name": "Rota", "type": "rolling_users", "level": 0,
            "start": "2026-03-02T09:00:00", "duration": 604800, "frequency": "weekly",
            "interval": 1, "week_start": "MO", "rolling_users": [["U1"], ["U2"]],
            "start_rotation_from_user_index": 0, **fields}


def _layers(shift: dict[str, Any]) -> list[dict[str, Any]]:
    members, notes = tr.members_of(shift, _who)
    assert notes == []
    found, reason = tr.layers(shift, members, None)
    assert reason is None
    return found


def _who_when(layers: list[dict[str, Any]], start: str, end: str) -> list[tuple[str, str, str]]:
    schedule = Schedule.model_validate({"id": "s", "name": "S", "timezone": "Europe/Berlin",
                                        "layers": layers})
    return [(f"{s.start:%m-%d %H:%M}", f"{s.end:%m-%d %H:%M}", s.person)
            for s in final_shifts(schedule,
                                  start=datetime.fromisoformat(start).replace(tzinfo=UTC),
                                  end=datetime.fromisoformat(end).replace(tzinfo=UTC))]


def test_weekly_with_by_day_keeps_rotating_by_week() -> None:
    # Weeks begin on Monday; the first shift is on Wednesday 4 March. OnCall: Ana has the
    # chosen days of that week, Ben those of the next week, whatever days were skipped.
    found = _layers(_shift(start="2026-03-04T09:00:00", duration=8 * 3600,
                           by_day=["MO", "TU", "WE", "TH", "FR"]))
    assert found == [{"name": "Rota", "start": "2026-03-02T09:00", "rotation": "weekly",
                      "members": ["ana", "ben"],
                      "restrictions": [{"days": ["mon", "tue", "wed", "thu", "fri"],
                                        "from": "09:00", "to": "17:00"}]}]
    assert _who_when(found, "2026-03-12T00:00", "2026-03-17T00:00") == [
        ("03-12 08:00", "03-12 16:00", "ben"), ("03-13 08:00", "03-13 16:00", "ben"),
        ("03-16 08:00", "03-16 16:00", "ana")]


def test_weekly_by_day_with_an_interval_has_windows_in_the_first_week_of_each_turn() -> None:
    found = _layers(_shift(interval=2, duration=8 * 3600, by_day=["SA", "SU"]))
    assert found == [{"name": "Rota", "start": "2026-03-02T09:00", "rotation": {"every": "2w"},
                      "members": ["ana", "ben"],
                      "restrictions": [{"days": ["sat", "sun"], "from": "09:00",
                                        "to": "17:00", "every_weeks": 2,
                                        "anchor": "2026-03-02"}]}]
    assert _who_when(found, "2026-03-07T00:00", "2026-03-23T00:00") == [
        ("03-07 08:00", "03-07 16:00", "ana"), ("03-08 08:00", "03-08 16:00", "ana"),
        ("03-21 08:00", "03-21 16:00", "ben"), ("03-22 08:00", "03-22 16:00", "ben")]


def test_the_first_shift_moves_to_the_first_chosen_day_of_a_week() -> None:
    # OnCall starts a Wednesday rotation limited to Monday and Friday on the next Monday.
    found = _layers(_shift(start="2026-03-04T22:00:00", duration=10 * 3600,
                           by_day=["FR", "MO"]))
    assert found[0]["start"] == "2026-03-09T22:00"
    assert found[0]["restrictions"] == [{"days": ["mon", "fri"], "from": "22:00",
                                         "to": "08:00"}]


def test_daily_with_by_day_counts_only_the_chosen_days() -> None:
    found = _layers(_shift(frequency="daily", duration=24 * 3600, by_day=["MO", "WE", "FR"],
                           rolling_users=[["U1"], ["U2"]], week_start=None, interval=1))
    # Mon ana, Wed ben, Fri ana, Mon ben, ...: two weeks before it repeats.
    assert [(one["name"], one["restrictions"]) for one in found] == [
        ("Rota (ana)", [
            {"days": ["mon", "fri"], "from": "09:00", "to": "09:00", "every_weeks": 2,
             "anchor": "2026-03-02"},
            {"days": ["wed"], "from": "09:00", "to": "09:00", "every_weeks": 2,
             "anchor": "2026-03-09"}]),
        ("Rota (ben)", [
            {"days": ["wed"], "from": "09:00", "to": "09:00", "every_weeks": 2,
             "anchor": "2026-03-02"},
            {"days": ["mon", "fri"], "from": "09:00", "to": "09:00", "every_weeks": 2,
             "anchor": "2026-03-09"}])]
    days = [(s, who) for s, _, who in _who_when(found, "2026-03-02T00:00", "2026-03-21T00:00")]
    assert days == [("03-02 08:00", "ana"), ("03-04 08:00", "ben"), ("03-06 08:00", "ana"),
                    ("03-09 08:00", "ben"), ("03-11 08:00", "ana"), ("03-13 08:00", "ben"),
                    ("03-16 08:00", "ana"), ("03-18 08:00", "ben"), ("03-20 08:00", "ana")]


def test_a_turn_of_whole_weeks_with_a_short_shift_is_a_window_in_its_first_week() -> None:
    # Daily every 14 days, 6 hours from Thursday 5 March 22:00.
    found = _layers(_shift(frequency="daily", interval=14, duration=6 * 3600,
                           start="2026-03-05T22:00:00", week_start=None))
    assert found == [{"name": "Rota", "start": "2026-03-05T22:00", "rotation": {"every": "2w"},
                      "members": ["ana", "ben"],
                      "restrictions": [{"days": ["thu"], "from": "22:00", "to": "04:00",
                                        "every_weeks": 2, "anchor": "2026-03-05"}]}]
    assert _who_when(found, "2026-03-01T00:00", "2026-04-03T00:00") == [
        ("03-05 21:00", "03-06 03:00", "ana"), ("03-19 21:00", "03-20 03:00", "ben"),
        ("04-02 20:00", "04-03 00:00", "ana")]  # 22:00 in summer time


def test_daily_shorter_shifts_are_a_window_every_day() -> None:
    found = _layers(_shift(frequency="daily", duration=12 * 3600, start="2026-03-02T20:00:00",
                           week_start=None))
    assert found == [{"name": "Rota", "start": "2026-03-02T20:00", "rotation": "daily",
                      "members": ["ana", "ben"],
                      "restrictions": [{"days": list(WEEKDAYS), "from": "20:00",
                                        "to": "08:00"}]}]


def test_a_weekly_shift_of_several_days_is_split_into_day_windows() -> None:
    # Monday 09:00 to Friday 17:00, then nobody until Monday.
    found = _layers(_shift(duration=(4 * 24 + 8) * 3600, until="2026-06-01T09:00:00"))
    assert found == [{"name": "Rota", "start": "2026-03-02T09:00", "rotation": "weekly",
                      "members": ["ana", "ben"],
                      "restrictions": [
                          {"days": ["mon"], "from": "09:00", "to": "00:00"},
                          {"days": ["tue", "wed", "thu"], "from": "00:00", "to": "00:00"},
                          {"days": ["fri"], "from": "00:00", "to": "17:00"}],
                      "effective_until": "2026-06-01T09:00"}]


def test_the_rotation_starts_from_the_given_group_and_a_single_shift_ends() -> None:
    found = _layers(_shift(start_rotation_from_user_index=1, frequency="hourly", interval=12,
                           duration=12 * 3600, time_zone="Asia/Tokyo"))
    assert found[0]["members"] == ["ben", "ana"]
    assert found[0]["rotation"] == {"every": "12h"}
    monthly = _layers(_shift(frequency="monthly", duration=31 * 86400, week_start=None,
                             start="2026-01-15T10:00:00"))
    assert monthly == [{"name": "Rota", "start": "2026-01-15T10:00", "rotation": "monthly",
                        "handoff_day": 15, "members": ["ana", "ben"]}]
    single = _layers({"id": "O2", "name": "Cover", "type": "single_event", "level": 2,
                      "start": "2026-03-05T13:30:00", "duration": 5400, "users": ["U3"]})
    assert single == [{"name": "Cover", "start": "2026-03-05T13:30", "rotation": {"every": "90m"},
                       "members": ["chloe"], "effective_until": "2026-03-05T15:00"}]


@pytest.mark.parametrize(("fields", "reason"), [
    ({"frequency": "monthly", "by_monthday": [1, 15]},
     "by_month and by_monthday (days of the month) have no equivalent"),
    ({"frequency": "hourly", "by_day": ["MO"], "duration": 3600},
     "by_day with a hourly rotation has no equivalent"),
    ({"frequency": "daily", "interval": 2, "duration": 3600},
     "shifts of 1h in turns of 2d leave gaps incidentkit cannot place"),
    ({"start": "2026-03-02T09:00:30"}, "its start or duration is not in whole minutes"),
    ({"type": "single_event", "users": ["U1"], "duration": 1800},
     "a single shift shorter than an hour cannot be a layer"),
    ({"type": "recurrent_event", "users": ["U1"], "frequency": "daily", "interval": 2,
      "by_day": ["MO", "WE"], "duration": 3600},
     "every other day that is also a chosen day has no equivalent"),
    ({"frequency": "yearly"}, "frequency 'yearly' is not hourly, daily, weekly or monthly"),
    ({"frequency": "daily", "by_day": ["MO", "TH"], "duration": 2 * 86400},
     "daily shifts longer than a day on chosen days have no equivalent"),
    ({"by_day": ["SU"], "duration": 2 * 86400},
     "its shifts run past the next week's handoff"),
    ({"by_day": ["MO"], "duration": 2 * 86400, "interval": 2},
     "shifts longer than a day in every other week have no equivalent"),
    ({"frequency": "monthly", "start": "2026-01-31T09:00:00", "duration": 31 * 86400},
     "OnCall skips the months without a day 31, where incidentkit hands off on the month's "
     "last day"),
    ({"frequency": "monthly", "interval": 3, "duration": 31 * 86400},
     "a monthly rotation is translated only with interval 1 and month-long shifts"),
    ({"frequency": "daily", "by_day": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
      "rolling_users": [[f"U{n}"] for n in range(1, 4)] * 18, "duration": 3600},
     "its pattern repeats only after 54 weeks (incidentkit: at most 52)"),
])
def test_what_cannot_be_said_is_a_reason(fields: dict[str, Any], reason: str) -> None:
    shift = _shift(**fields)
    members, _ = tr.members_of(shift, _who)
    assert tr.layers(shift, members, None) == ([], reason)


def test_groups_of_several_people_and_unknown_users_are_reported() -> None:
    members, notes = tr.members_of(_shift(rolling_users=[["U1", "U3"], ["U9"], ["U2"]]), _who)
    assert members == ["ana", "ben"]
    assert notes == ["ana, chloe are on call together in one turn; incidentkit has one person "
                     "per turn: ana kept", "user U9 is not among the API's users: left out"]


def test_an_override_is_its_local_times_in_the_zone() -> None:
    made, notes = tr.override({"id": "O3", "name": "x", "type": "override",
                               "start": "2026-03-28T22:00:00", "duration": 43200,
                               "users": [], "rolling_users": [["U2"]]}, _who, "Europe/Berlin")
    assert (made, notes) == ({"from": "2026-03-28T22:00:00+01:00",
                              "to": "2026-03-29T10:00:00+02:00", "person": "ben"}, [])


def test_an_override_of_nobody_known_is_left_out() -> None:
    assert tr.override({"id": "O4", "type": "override", "start": "2026-03-28T22:00:00",
                        "duration": 3600, "users": ["U7"]}, _who, "UTC") == (
        None, ["user U7 is not among the API's users: left out", "nobody in it"])


def test_escalation_steps_add_up_the_waits_and_merge_targets_of_one_moment() -> None:
    steps = [{"position": 0, "type": "notify_persons", "persons_to_notify": ["U1"]},
             {"position": 1, "type": "notify_on_call_from_schedule",
              "notify_on_call_from_schedule": "S1"},
             {"position": 2, "type": "wait", "duration": 1800},
             {"position": 3, "type": "notify_person_next_each_time",
              "persons_to_notify_next_each_time": ["U2"]},
             {"position": 4, "type": "wait", "duration": 3600},
             {"position": 5, "type": "notify_persons", "persons_to_notify": ["U2", "U1"]},
             {"position": 6, "type": "notify_persons", "persons_to_notify": ["U8"]}]
    assert tr.escalation(steps, _who, {"S1": "primary"}) == (
        [{"after": "0m", "notify": ["person:ana", "schedule:primary"]},
         {"after": "90m", "notify": ["person:ben", "person:ana"]}], 0,
        ["step 3: notify_person_next_each_time has no equivalent: left out",
         "step 6: user U8 is not among the API's users: left out"])
