"""On-call answers as text, JSON and CSV: shifts, gaps and load, whole outputs compared."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from incidentkit.oncall import render
from incidentkit.oncall.load import ScheduleLoad, schedule_load, totals
from incidentkit.schedule import final_shifts, gaps
from tests.conftest import EXAMPLES
from tests.repos import opened

START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 13, tzinfo=UTC)
LOAD_TABLE = """\
  person  time zone         business  evenings/nights  weekends   total
  jane    Europe/Berlin        45.00            75.00     48.00  168.00
  bob     America/New_York      9.00             6.00      0.00   15.00
  carol   Asia/Singapore        0.00             0.00      0.00    0.00
"""
HEADER = ("On-call load from 2026-01-01 00:00 UTC to 2026-01-13 00:00 UTC, in hours; business "
          "hours are Mon-Fri 09:00-18:00 in each person's own time zone\n")


def _loads() -> tuple[list[ScheduleLoad], dict[str, str]]:
    repo = opened(EXAMPLES / "base")
    model = repo.schedules["identity-primary"].model
    zones = {h: p.timezone for h, p in repo.people.items()}
    other = model.model_copy(update={"id": "other", "name": "Other"})
    # Before the first handoff of "other": nobody of it is in effect.
    return [schedule_load(model, zones, start=START, end=END),
            schedule_load(other, zones, start=START, end=START + timedelta(days=1))], zones


def test_shifts_and_gaps_in_the_viewers_zone() -> None:
    model = opened(EXAMPLES / "base").schedules["identity-primary"].model
    shifts = final_shifts(model, start=START, end=END)
    holes = gaps(model, start=START, end=END)
    assert render.show([(model, shifts, holes)], start=START, end=END,
                       zone=ZoneInfo("America/New_York"), zone_name="America/New_York") == (
        "On call from Wed 2025-12-31 19:00 EST to Mon 2026-01-12 19:00 EST (times in "
        "America/New_York)\n\nidentity-primary (Identity primary)\n"
        "  start                     end                        hours  person    layer/override\n"
        "  Wed 2025-12-31 19:00 EST  Mon 2026-01-05 04:00 EST  105.00  (nobody)  gap\n"
        "  Mon 2026-01-05 04:00 EST  Mon 2026-01-12 04:00 EST  168.00  jane      weekly\n"
        "  Mon 2026-01-12 04:00 EST  Mon 2026-01-12 19:00 EST   15.00  bob       weekly\n")
    assert render.gaps([(model, holes, []), (model, [], [])], start=START, end=END, zone=UTC,
                       zone_name="UTC") == (
        "Gaps from Thu 2026-01-01 00:00 UTC to Tue 2026-01-13 00:00 UTC (12 days, times in "
        "UTC)\n\nidentity-primary (Identity primary): 1 gap, 105.00 h\n"
        "  start                     end                        hours\n"
        "  Thu 2026-01-01 00:00 UTC  Mon 2026-01-05 09:00 UTC  105.00\n\n"
        "identity-primary (Identity primary): no gaps\n")
    one_day = render.gaps([], start=START, end=START + timedelta(days=1), zone=UTC,
                          zone_name="UTC")
    assert one_day.startswith("Gaps from Thu 2026-01-01 00:00 UTC to Fri 2026-01-02 00:00 UTC "
                              "(1 day, times")


def test_load_as_text() -> None:
    loads, zones = _loads()
    one = [loads[0]]
    spread = ("  spread: 168.00 h between jane (168.00 h, the most) and carol (0.00 h, the "
              "least)\n")
    assert render.load_text(one, totals(one, zones), start=START, end=END) == (
        f"{HEADER}\nidentity-primary (Identity primary)\n{LOAD_TABLE}{spread}")
    assert render.load_text(loads, totals(loads, zones), start=START, end=END) == (
        f"{HEADER}\nidentity-primary (Identity primary)\n{LOAD_TABLE}{spread}\nother (Other)\n"
        "  person  time zone  business  evenings/nights  weekends  total\n"
        "  spread: no member of the schedule is in effect in this range\n\n"
        f"all schedules\n{LOAD_TABLE}")


def test_load_as_csv_and_json() -> None:
    loads, zones = _loads()
    rows = [line.split(",", 1)[1] for line in render.load_csv(
        [loads[0]], totals([loads[0]], zones), start=START, end=END).splitlines()[1:]]
    assert rows == ["jane,Europe/Berlin,45.00,75.00,48.00,168.00",
                    "bob,America/New_York,9.00,6.00,0.00,15.00",
                    "carol,Asia/Singapore,0.00,0.00,0.00,0.00"]
    both = render.load_csv(loads, totals(loads, zones), start=START, end=END).splitlines()
    assert both[0] == "schedule,person,timezone,business,evenings_nights,weekends,total"
    assert [line.split(",")[0] for line in both[1:]] == ["identity-primary"] * 3 + ["*"] * 3
    data = json.loads(render.load_json(loads, totals(loads, zones), start=START, end=END))
    assert (data["from"], data["to"], data["unit"], data["business_hours"]) == (
        "2026-01-01T00:00:00Z", "2026-01-13T00:00:00Z", "hours", "Mon-Fri 09:00-18:00")
    first, second = data["schedules"]
    assert first["people"][1] == {"person": "bob", "timezone": "America/New_York",
                                  "business": 9.0, "evenings_nights": 6.0, "weekends": 0.0,
                                  "total": 15.0}
    assert (first["members"], first["spread"]) == (
        ["bob", "carol", "jane"], {"hours": 168.0, "most": "jane", "least": "carol"})
    assert (second["id"], second["people"], second["spread"]) == ("other", [], None)
    assert [p["person"] for p in data["people"]] == ["jane", "bob", "carol"]
    assert list(render.LOAD_FORMATS) == ["text", "json", "csv"]


def test_hours() -> None:
    assert [render.hours(timedelta(minutes=15)), render.hours(5_400_000_000),
            render.hours(timedelta(hours=167, minutes=30))] == ["0.25", "1.50", "167.50"]
