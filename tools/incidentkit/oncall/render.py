"""Text, JSON and CSV of the on-call answers: shifts over a range, gaps, load.

Times are shown in one zone (the viewer's) as ``Mon 2026-02-02 10:00 CET``; hours with two
decimals (exact for quarter hours).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from incidentkit import present
from incidentkit.model.schedule import Schedule
from incidentkit.model.timeoff import TimeOff, away
from incidentkit.oncall.load import PersonLoad, ScheduleLoad
from incidentkit.present import local_minute, utc_minute
from incidentkit.schedule.hours import Hours, business_hours
from incidentkit.schedule.shifts import Shift, Uncovered

_US_PER_HOUR = 3_600_000_000
_HOUR = timedelta(hours=1)
#: The ``source`` shown for a gap in a table of shifts.
GAP = "gap"
NOBODY = "(nobody)"

Interval = tuple[datetime, datetime]


#: ``Mon 2026-02-02 10:00 CET``: a moment in the viewer's zone, with its weekday.
when = local_minute




def hours(span: timedelta | int) -> str:
    """A duration (or microseconds) in hours with two decimals: ``167.50``."""
    value = span / _HOUR if isinstance(span, timedelta) else span / _US_PER_HOUR
    return f"{value:.2f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, right: frozenset[int]
          = frozenset(), indent: str = "  ") -> list[str]:
    """Aligned columns under ``header``; the columns in ``right`` (numbers) to the right."""
    return present.table([header, *rows], right=right, indent=indent)


def time_off_mark(entry: TimeOff) -> str:
    """``(on time off: holiday)``: after a person whose shift falls in their time off."""
    return f"(on time off: {entry.reason})" if entry.reason else "(on time off)"


def _person(shift: Shift, time_off: Mapping[str, list[TimeOff]]) -> str:
    entry = away(time_off.get(shift.person, []), shift.person, shift.start, shift.end)
    return shift.person if entry is None else f"{shift.person} {time_off_mark(entry)}"


def _title(schedule: Schedule) -> str:
    return f"{schedule.id} ({schedule.name})"


def _nobody(hole: Interval | Uncovered) -> tuple[datetime, datetime, str, str]:
    if isinstance(hole, Uncovered):
        return hole.start, hole.end, NOBODY, f"uncovered on purpose: {hole.reason}"
    return hole[0], hole[1], NOBODY, GAP


def show(schedules: Sequence[tuple[Schedule, list[Shift], Sequence[Interval | Uncovered]]], *,
         start: datetime, end: datetime, zone: tzinfo, zone_name: str,
         time_off: Mapping[str, list[TimeOff]] | None = None) -> str:
    """A table per schedule of its final shifts, gaps and windows uncovered on purpose over
    ``[start, end)``, clipped to it; a shift that falls (in part) in its person's ``time_off``
    (by handle) is marked."""
    away_by = time_off or {}
    lines = [f"On call from {when(start, zone)} to {when(end, zone)} (times in {zone_name})"]
    for schedule, shifts, holes in schedules:
        rows = sorted(
            [(s.start, s.end, _person(s, away_by), s.source) for s in shifts]
            + [_nobody(h) for h in holes]
        )
        lines += ["", _title(schedule)]
        lines += table(
            ("start", "end", "hours", "person", "layer/override"),
            [(when(s, zone), when(e, zone), hours(e - s), who, via) for s, e, who, via in rows],
            right=frozenset({2}),
        )
    return "\n".join(lines) + "\n"


def _intended(windows: list[Uncovered], zone: tzinfo) -> list[str]:
    """The windows left uncovered on purpose: listed, but not gaps."""
    if not windows:
        return []
    count = f"{len(windows)} window{'s' * (len(windows) != 1)}"
    return [f"  uncovered on purpose (not gaps): {count}", *table(
        ("start", "end", "hours", "reason"),
        [(when(w.start, zone), when(w.end, zone), hours(w.end - w.start), w.reason)
         for w in windows],
        right=frozenset({2}))]


def gaps(schedules: Sequence[tuple[Schedule, list[Interval], list[Uncovered]]], *,
         start: datetime, end: datetime, zone: tzinfo, zone_name: str) -> str:
    days = (end - start) / timedelta(days=1)
    span = f"{days:g} day{'s' * (days != 1)}"
    lines = [f"Gaps from {when(start, zone)} to {when(end, zone)} ({span}, times in "
             f"{zone_name})"]
    for schedule, holes, intended in schedules:
        if not holes:
            lines += ["", f"{_title(schedule)}: no gaps", *_intended(intended, zone)]
            continue
        total = sum((e - s for s, e in holes), timedelta())
        count = f"{len(holes)} gap{'s' * (len(holes) != 1)}"
        lines += ["", f"{_title(schedule)}: {count}, {hours(total)} h"]
        lines += table(("start", "end", "hours"),
                       [(when(s, zone), when(e, zone), hours(e - s)) for s, e in holes],
                       right=frozenset({2}))
        lines += _intended(intended, zone)
    return "\n".join(lines) + "\n"


_LOAD_HEADER = ("person", "time zone", "business", "evenings/nights", "weekends", "total")
_NUMBERS = frozenset({2, 3, 4, 5})


def _load_rows(people: Sequence[PersonLoad]) -> list[tuple[str, ...]]:
    return [
        (p.person, p.timezone, hours(p.hours.business), hours(p.hours.evenings_nights),
         hours(p.hours.weekends), hours(p.hours.total))
        for p in people
    ]


def _business() -> str:
    return business_hours()


def load_text(loads: Sequence[ScheduleLoad], overall: Sequence[PersonLoad], *,
              start: datetime, end: datetime) -> str:
    lines = [
        f"On-call load from {utc_minute(start)} to {utc_minute(end)}, in hours; business hours are "
        f"{_business()} in each person's own time zone",
    ]
    for load in loads:
        lines += ["", f"{load.schedule_id} ({load.name})"]
        lines += table(_LOAD_HEADER, _load_rows(load.people), right=_NUMBERS)
        spread = load.spread
        if spread is None:
            lines.append("  spread: no member of the schedule is in effect in this range")
        else:
            lines.append(
                f"  spread: {hours(spread.difference)} h between {spread.most.person} "
                f"({hours(spread.most.hours.total)} h, the most) and {spread.least.person} "
                f"({hours(spread.least.hours.total)} h, the least)"
            )
    if len(loads) > 1:
        lines += ["", "all schedules"]
        lines += table(_LOAD_HEADER, _load_rows(overall), right=_NUMBERS)
    return "\n".join(lines) + "\n"


def _number(us: int) -> float:
    return round(us / _US_PER_HOUR, 4)


def _hours_json(span: Hours) -> dict[str, float]:
    return {"business": _number(span.business), "evenings_nights": _number(span.evenings_nights),
            "weekends": _number(span.weekends), "total": _number(span.total)}


def _person_json(person: PersonLoad) -> dict[str, Any]:
    return {"person": person.person, "timezone": person.timezone, **_hours_json(person.hours)}


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def load_json(loads: Sequence[ScheduleLoad], overall: Sequence[PersonLoad], *,
              start: datetime, end: datetime) -> str:
    schedules = []
    for load in loads:
        spread = load.spread
        schedules.append({
            "id": load.schedule_id,
            "name": load.name,
            "people": [_person_json(p) for p in load.people],
            "members": sorted(load.members),
            "spread": None if spread is None else {
                "hours": _number(spread.difference),
                "most": spread.most.person,
                "least": spread.least.person,
            },
        })
    return json.dumps({
        "from": _stamp(start),
        "to": _stamp(end),
        "unit": "hours",
        "business_hours": _business(),
        "schedules": schedules,
        "people": [_person_json(p) for p in overall],
    }, indent=2, ensure_ascii=False) + "\n"


def load_csv(loads: Sequence[ScheduleLoad], overall: Sequence[PersonLoad], *,
             start: datetime, end: datetime) -> str:
    """One row per schedule and person, in hours; with several schedules, each person's
    totals follow with the schedule ``*``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["schedule", "person", "timezone", "business", "evenings_nights",
                     "weekends", "total"])
    groups = [(s.schedule_id, s.people) for s in loads]
    for schedule_id, people in groups + ([("*", overall)] if len(loads) > 1 else []):
        writer.writerows((schedule_id, *row) for row in _load_rows(people))
    return out.getvalue()


LOAD_FORMATS = {"text": load_text, "json": load_json, "csv": load_csv}
