"""On-call pages: who is on call now per schedule, the weeks ahead, and each schedule's
iCalendar feed (:mod:`incidentkit.oncall.ical`, written with icalendar)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from incidentkit.model.schedule import Schedule
from incidentkit.model.timeoff import TimeOff, away
from incidentkit.oncall import ical
from incidentkit.oncall.render import time_off_mark
from incidentkit.present import local_minute
from incidentkit.schedule import (
    OVERRIDE,
    Shift,
    Uncovered,
    final_shifts,
    gaps,
    on_call_at,
    uncovered,
    uncovered_at,
)
from incidentkit.site import paths
from incidentkit.site.views import Names

#: The iCalendar feed covers this long before and after the build.
FEED_BEFORE = timedelta(days=7)
FEED_AFTER = timedelta(days=90)
#: Who is on call in a gap.
GAP = "nobody (a gap)"


@dataclass(frozen=True, slots=True)
class ScheduleNow:
    id: str
    name: str
    who: str
    until: datetime | None
    page: str
    ics: str


@dataclass(frozen=True, slots=True)
class ShiftRow:
    start: str
    end: str
    who: str
    source: str


def _who(shift: Shift, names: Names, time_off: Mapping[str, list[TimeOff]],
         start: datetime, end: datetime) -> str:
    """The person of a shift, marked when ``[start, end)`` falls in their time off."""
    entry = away(time_off.get(shift.person, []), shift.person, start, end)
    name = names.person(shift.person)
    return name if entry is None else f"{name} {time_off_mark(entry)}"


def nobody(window: Uncovered | None) -> str:
    """Who is on call when nobody is: a gap, or a window uncovered on purpose and why."""
    if window is None:
        return GAP
    return f"nobody — uncovered on purpose: {window.reason}"


def now_on_call(schedule: Schedule, names: Names, at: datetime,
                time_off: Mapping[str, list[TimeOff]] | None = None) -> ScheduleNow:
    """Who is on call at ``at``; marked when they are on time off then (by handle)."""
    shift = on_call_at(schedule, at)
    who = nobody(uncovered_at(schedule, at)) if shift is None else _who(
        shift, names, time_off or {}, at, at + timedelta(microseconds=1))
    return ScheduleNow(schedule.id, schedule.name, who, None if shift is None else shift.end,
                       paths.schedule(schedule.id), paths.calendar(schedule.id))


def _source(shift: Shift) -> str:
    return "override" if shift.source == OVERRIDE else f"layer {shift.source}"


def ahead(schedule: Schedule, names: Names, at: datetime, weeks: int,
          time_off: Mapping[str, list[TimeOff]] | None = None) -> list[ShiftRow]:
    """The shifts, gaps and windows uncovered on purpose from ``at`` for ``weeks`` weeks, in
    order, in the schedule's time zone; a shift that falls (in part) in its person's time off is
    marked."""
    zone = ZoneInfo(schedule.timezone)
    end = at + timedelta(weeks=weeks)
    rows = [
        (s.start, ShiftRow(local_minute(s.start, zone), local_minute(s.end, zone),
                           _who(s, names, time_off or {}, s.start, s.end), _source(s)))
        for s in final_shifts(schedule, start=at, end=end)
    ]
    rows += [(s, ShiftRow(local_minute(s, zone), local_minute(e, zone), GAP, "—"))
             for s, e in gaps(schedule, start=at, end=end)]
    rows += [(u.start, ShiftRow(local_minute(u.start, zone), local_minute(u.end, zone),
                                nobody(u), "override"))
             for u in uncovered(schedule, start=at, end=end)]
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


def calendar(schedule: Schedule, at: datetime) -> str:
    """The schedule's shifts around ``at`` as an iCalendar feed: the same events, with the
    same UIDs, as ``incidentkit oncall export``, so a subscription can move between them.
    """
    entries = ical.entries([schedule], start=at - FEED_BEFORE, end=at + FEED_AFTER)
    return ical.calendar(entries, name=f"On call: {schedule.name}", stamp=at).decode("utf-8")
