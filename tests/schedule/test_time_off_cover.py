"""Exact shifts of a layer with ``time_off_cover: next``: the next member who is not away
covers; nobody when everyone is away (a gap, or an earlier layer shows through); across the
Berlin spring DST change (CET → CEST on 2026-03-29 at 01:00Z)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from incidentkit.model.schedule import Schedule
from incidentkit.model.timeoff import TimeOff
from tests.conftest import EXAMPLES, Run
from tests.repos import write
from tests.schedule.test_engine import build, final, holes

THREE = ["alice", "bob", "carol"]

#: alice away twice in her turn, bob and carol once; all three away 03-27 23:00Z–03-28 11:00Z.
AWAY = [
    ("alice", "2026-03-25T00:00:00+01:00", "2026-03-27T00:00:00+01:00"),
    ("bob", "2026-03-26T12:00:00+01:00", "2026-03-28T12:00:00+01:00"),
    ("carol", "2026-03-28T00:00:00+01:00", "2026-03-31T00:00:00+02:00"),
    ("alice", "2026-03-28T00:00:00+01:00", "2026-03-29T12:00:00+02:00"),
]


def weekly(**extra: Any) -> dict[str, Any]:
    return {"name": "weekly", "start": "2026-03-23T10:00", "rotation": "weekly",
            "members": THREE, **extra}


def away(schedule: Schedule) -> Schedule:
    return schedule.with_time_off(
        TimeOff.model_validate({"person": p, "from": f, "to": t}) for p, f, t in AWAY)


def test_without_the_option_time_off_changes_nobody() -> None:
    schedule = away(build(weekly()))
    assert final(schedule, "2026-03-23T09:00Z", "2026-03-31T00:00Z") == [
        ("alice", "2026-03-23T09:00Z", "2026-03-30T08:00Z", "weekly"),
        ("bob", "2026-03-30T08:00Z", "2026-03-31T00:00Z", "weekly"),
    ]


def test_the_next_member_who_is_not_away_covers_and_all_away_is_a_gap() -> None:
    schedule = away(build(weekly(time_off_cover="next")))
    assert final(schedule, "2026-03-23T09:00Z", "2026-03-31T00:00Z") == [
        ("alice", "2026-03-23T09:00Z", "2026-03-24T23:00Z", "weekly"),
        # alice away: bob covers until he leaves too, then carol (the one after him).
        ("bob", "2026-03-24T23:00Z", "2026-03-26T11:00Z", "weekly"),
        ("carol", "2026-03-26T11:00Z", "2026-03-26T23:00Z", "weekly"),
        ("alice", "2026-03-26T23:00Z", "2026-03-27T23:00Z", "weekly"),
        # 03-27 23:00Z to 03-28 11:00Z all three are away: nobody.
        ("bob", "2026-03-28T11:00Z", "2026-03-29T10:00Z", "weekly"),
        # alice is back at 12:00 CEST, 10:00Z after the change; her turn ends at 10:00 CEST.
        ("alice", "2026-03-29T10:00Z", "2026-03-30T08:00Z", "weekly"),
        ("bob", "2026-03-30T08:00Z", "2026-03-31T00:00Z", "weekly"),
    ]
    assert holes(schedule, "2026-03-23T09:00Z", "2026-03-31T00:00Z") == [
        ("2026-03-27T23:00Z", "2026-03-28T11:00Z")]


def test_an_earlier_layer_shows_through_where_every_member_is_away() -> None:
    backup = {"name": "backup", "start": "2026-03-01T00:00", "rotation": "weekly",
              "members": ["dana"]}
    schedule = away(build(backup, weekly(time_off_cover="next")))
    shifts = final(schedule, "2026-03-27T00:00Z", "2026-03-29T00:00Z")
    assert shifts == [
        ("alice", "2026-03-27T00:00Z", "2026-03-27T23:00Z", "weekly"),
        ("dana", "2026-03-27T23:00Z", "2026-03-28T11:00Z", "backup"),
        ("bob", "2026-03-28T11:00Z", "2026-03-29T00:00Z", "weekly"),
    ]


def test_a_restricted_layer_is_covered_only_in_its_windows() -> None:
    # Weekdays 09:00-17:00 Berlin: alice's Wednesday 25 and Thursday 26 go to bob, except
    # Thursday from 12:00 when bob is away as well (carol).
    daytime = weekly(time_off_cover="next",
                     restrictions=[{"days": ["mon", "tue", "wed", "thu", "fri"],
                                    "from": "09:00", "to": "17:00"}])
    schedule = away(build(daytime))
    assert final(schedule, "2026-03-24T00:00Z", "2026-03-27T00:00Z") == [
        ("alice", "2026-03-24T08:00Z", "2026-03-24T16:00Z", "weekly"),
        ("bob", "2026-03-25T08:00Z", "2026-03-25T16:00Z", "weekly"),
        ("bob", "2026-03-26T08:00Z", "2026-03-26T11:00Z", "weekly"),
        ("carol", "2026-03-26T11:00Z", "2026-03-26T16:00Z", "weekly"),
    ]


def test_overrides_still_win_over_a_cover() -> None:
    schedule = away(build(weekly(time_off_cover="next"), overrides=[
        {"from": "2026-03-25T00:00:00Z", "to": "2026-03-25T12:00:00Z", "person": "dana"}]))
    assert final(schedule, "2026-03-24T22:00Z", "2026-03-26T00:00Z") == [
        ("alice", "2026-03-24T22:00Z", "2026-03-24T23:00Z", "weekly"),
        ("bob", "2026-03-24T23:00Z", "2026-03-25T00:00Z", "weekly"),
        ("dana", "2026-03-25T00:00Z", "2026-03-25T12:00Z", "override"),
        ("bob", "2026-03-25T12:00Z", "2026-03-26T00:00Z", "weekly"),
    ]


def test_the_repository_reads_time_off_for_show_and_validate_stops_warning(
        tmp_path: Path, run: Callable[..., Run], monkeypatch: Any) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    write(root, "oncall/time-off.yaml",
          "- person: jane\n  from: 2026-02-17T00:00:00+01:00\n"
          "  to: 2026-02-19T00:00:00+01:00\n  reason: conference\n")
    schedule = root / "oncall/schedules/identity-primary.yaml"
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-02-16T00:00:00Z")
    assert "shift-in-time-off" in run("-C", str(root), "validate").out
    text = schedule.read_text(encoding="utf-8")
    schedule.write_text(text.replace("    rotation: weekly\n",
                                     "    rotation: weekly\n    time_off_cover: next\n", 1),
                        encoding="utf-8")
    checked = run("-C", str(root), "validate")
    assert checked.status == 0 and "shift-in-time-off" not in checked.out
    shown = run("-C", str(root), "oncall", "show", "--from", "2026-02-16T00:00:00Z",
                "--to", "2026-02-20T00:00:00Z")
    # jane's shift is bob's (the next member) while she is away; nobody is marked as away.
    assert shown.out.splitlines()[4:] == [
        "  Mon 2026-02-16 00:00 UTC  Mon 2026-02-16 09:00 UTC   9.00  carol   weekly",
        "  Mon 2026-02-16 09:00 UTC  Mon 2026-02-16 23:00 UTC  14.00  jane    weekly",
        "  Mon 2026-02-16 23:00 UTC  Wed 2026-02-18 23:00 UTC  48.00  bob     weekly",
        "  Wed 2026-02-18 23:00 UTC  Fri 2026-02-20 00:00 UTC  25.00  jane    weekly",
    ]
