"""On-call pages: who is on call now per schedule, the weeks ahead, and each schedule's
iCalendar feed (:mod:`incidentkit.oncall.ical`, written with icalendar)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from incidentkit.model.schedule import Schedule
from incidentkit.oncall import ical
from incidentkit.present import local_minute
from incidentkit.schedule import OVERRIDE, Shift, final_shifts, on_call_at
from incidentkit.site import paths
from incidentkit.site.views import Names

#: The iCalendar feed covers this long before and after the build.
FEED_BEFORE = timedelta(days=7)
FEED_AFTER = timedelta(days=90)


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


def now_on_call(schedule: Schedule, names: Names, at: datetime) -> ScheduleNow:
    shift = on_call_at(schedule, at)
    who = "nobody (a gap)" if shift is None else names.person(shift.person)
    return ScheduleNow(schedule.id, schedule.name, who, None if shift is None else shift.end,
                       paths.schedule(schedule.id), paths.calendar(schedule.id))




def _source(shift: Shift) -> str:
    return "override" if shift.source == OVERRIDE else f"layer {shift.source}"


def ahead(schedule: Schedule, names: Names, at: datetime, weeks: int) -> list[ShiftRow]:
    """The shifts from ``at`` for ``weeks`` weeks, in the schedule's time zone."""
    zone = ZoneInfo(schedule.timezone)
    return [
        ShiftRow(local_minute(s.start, zone), local_minute(s.end, zone),
                 names.person(s.person), _source(s))
        for s in final_shifts(schedule, start=at, end=at + timedelta(weeks=weeks))
    ]


def calendar(schedule: Schedule, at: datetime) -> str:
    """The schedule's shifts around ``at`` as an iCalendar feed: the same events, with the
    same UIDs, as ``incidentkit oncall export``, so a subscription can move between them.
    """
    entries = ical.entries([schedule], start=at - FEED_BEFORE, end=at + FEED_AFTER)
    return ical.calendar(entries, name=f"On call: {schedule.name}", stamp=at).decode("utf-8")
