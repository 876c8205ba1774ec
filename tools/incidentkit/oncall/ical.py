"""iCalendar feeds of on-call shifts (RFC 5545, through the ``icalendar`` library).

One ``VEVENT`` per final shift, in UTC, so a calendar subscription shows each shift where the
subscriber lives:

* ``UID`` is ``<schedule>/<person>/<start>@incidentkit``: the same shift has the same UID in every
  export, so a subscription updates a shift that changed its end (a new override) instead of
  adding a second one; a shift that moved its start is another shift.
* ``DTSTAMP`` is the moment the export is made *as of* (``--at``), not the clock, so exporting
  twice as of the same moment gives the same bytes.
* The shift under way at the start of the horizon and the one under way at its end are exported
  whole (not clipped to the horizon), so their UIDs do not move as the horizon does.
* ``TRANSP:TRANSPARENT``: being on call does not make anyone busy for others' invitations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vText

from incidentkit.model.schedule import Schedule
from incidentkit.schedule.engine import final_shifts, on_call_at
from incidentkit.schedule.shifts import OVERRIDE, Shift

PRODID = "-//incidentkit//on-call calendar//EN"
_LAST = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class Entry:
    """A shift of a schedule, as one calendar event."""

    schedule_id: str
    schedule_name: str
    shift: Shift

    @property
    def uid(self) -> str:
        return f"{self.schedule_id}/{self.shift.person}/{_stamp(self.shift.start)}@incidentkit"

    @property
    def summary(self) -> str:
        return f"On call: {self.schedule_name} ({self.shift.person})"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _whole(schedule: Schedule, piece: Shift, at: datetime) -> Shift:
    """``piece`` with the start and end of the whole shift under way at ``at``."""
    whole = on_call_at(schedule, at)
    if whole is None or whole.person != piece.person or whole.source != piece.source:
        return piece
    return replace(piece, start=min(piece.start, whole.start), end=max(piece.end, whole.end))


def shifts(schedule: Schedule, *, start: datetime, end: datetime) -> list[Shift]:
    """The final shifts that overlap ``[start, end)``; the first and the last whole."""
    found = final_shifts(schedule, start=start, end=end)
    if found and found[0].start == start:
        found[0] = _whole(schedule, found[0], start)
    if found and found[-1].end == end:
        found[-1] = _whole(schedule, found[-1], end - _LAST)
    return found


def entries(
    schedules: Iterable[Schedule], *, start: datetime, end: datetime, person: str | None = None
) -> list[Entry]:
    """The events of a feed: every shift of the schedules (of one person), by start."""
    found = [
        Entry(schedule.id, schedule.name, shift)
        for schedule in schedules
        for shift in shifts(schedule, start=start, end=end)
        if person is None or shift.person == person
    ]
    return sorted(found, key=lambda e: (e.shift.start, e.schedule_id, e.shift.person))


def _event(entry: Entry, stamp: datetime) -> Event:
    shift = entry.shift
    via = "an override" if shift.source == OVERRIDE else f"layer {shift.source!r}"
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", shift.start.astimezone(UTC))
    event.add("dtend", shift.end.astimezone(UTC))
    event.add("summary", entry.summary)
    event.add("description", f"{shift.person} is on call for schedule {entry.schedule_id} "
                             f"through {via}.")
    event.add("transp", "TRANSPARENT")
    return event


def calendar(entries: Sequence[Entry], *, name: str, stamp: datetime) -> bytes:
    """The ``.ics`` bytes (CRLF line ends, long lines folded) of a feed called ``name``."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(name))  # an X- property is not escaped as text by default
    moment = stamp.astimezone(UTC).replace(microsecond=0)
    for entry in entries:
        cal.add_component(_event(entry, moment))
    data: bytes = cal.to_ical()
    return data
