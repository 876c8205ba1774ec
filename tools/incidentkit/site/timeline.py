"""The timeline above a schedule's table: the weeks ahead drawn one row per day.

Each row is a day in the schedule's time zone, midnight to midnight (23 or 25 hours across a DST
change), with a piece per shift, gap, window left uncovered on purpose and stretch of time off
that falls in it, placed by its instants. Every piece carries the instants of the whole thing it
is a part of (ISO UTC in ``data-start`` / ``data-end``) and a number shared by its pieces
(``data-item``): the site's ``timeline.js`` (:mod:`incidentkit.site.assets`) lays the same items
out again by the viewer's local days and writes the times with ``Intl.DateTimeFormat``. Without
JavaScript the rows below are what shows. The table under the timeline is its text version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from incidentkit.model.schedule import Schedule
from incidentkit.model.timeoff import TimeOff
from incidentkit.oncall.render import time_off_mark
from incidentkit.present import local_minute
from incidentkit.schedule import final_shifts, gaps, uncovered
from incidentkit.site.views import Names

#: People get the styles ``ik-tl-p0`` … ``ik-tl-p7`` of the stylesheet, in the schedule's order.
PALETTE = 8
GAP = "gap"
UNCOVERED = "uncovered on purpose"


@dataclass(frozen=True, slots=True)
class Item:
    """One thing on the timeline, from ``start`` to ``end`` (aware).

    ``kind`` is ``shift``, ``gap``, ``uncovered`` or ``away`` (a person's time off within one
    of their shifts); ``style`` its CSS class (a person's colour for a shift).
    """

    kind: str
    start: datetime
    end: datetime
    label: str
    style: str


@dataclass(frozen=True, slots=True)
class Piece:
    """The part of an item (or, with ``item`` -1, of the time outside the period) in one day.

    ``left`` and ``width`` are percentages of the day; ``since`` / ``until`` the local times of
    the item's start / end when they fall in this day.
    """

    item: int
    kind: str
    style: str
    label: str
    start: str
    end: str
    left: str
    width: str
    since: str | None
    until: str | None
    title: str


@dataclass(frozen=True, slots=True)
class Day:
    date: str
    label: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    zone: str
    start: str
    end: str
    days: tuple[Day, ...]


def instant(moment: datetime) -> str:
    """``2026-03-29T01:00:00Z``: an instant for a ``datetime`` attribute and for scripts."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + (f".{utc.microsecond:06d}Z" if utc.microsecond
                                                   else "Z")


def palette(schedule: Schedule) -> dict[str, str]:
    """Each person's style: the members of the layers, then the people of the overrides, in the
    file's order, take the palette's colours in turn (the same colour for a person on every
    build, whatever the weeks shown)."""
    order: dict[str, str] = {}
    people = [m for layer in schedule.layers for m in layer.members]
    people += [o.person for o in schedule.overrides if o.person is not None]
    for person in people:
        order.setdefault(person, f"ik-tl-p{len(order) % PALETTE}")
    return order


def items(schedule: Schedule, names: Names, start: datetime, end: datetime,
          time_off: Mapping[str, list[TimeOff]]) -> list[Item]:
    """The shifts, gaps and windows uncovered on purpose that tile ``[start, end)``, and the
    time off within each shift, in order of start."""
    styles = palette(schedule)
    found: list[Item] = []
    for shift in final_shifts(schedule, start=start, end=end):
        entries = [e for e in time_off.get(shift.person, [])
                   if e.person == shift.person and e.overlaps(shift.start, shift.end)]
        name = names.person(shift.person)
        label = f"{name} {time_off_mark(entries[0])}" if entries else name
        style = styles.get(shift.person, f"ik-tl-p{len(styles) % PALETTE}")
        found.append(Item("shift", shift.start, shift.end, label,
                          f"{style} ik-tl-off" if entries else style))
        found += [Item("away", max(e.from_, shift.start), min(e.to, shift.end),
                       f"on time off: {e.reason}" if e.reason else "on time off", "ik-tl-away")
                  for e in entries]
    found += [Item("gap", s, e, GAP, "ik-tl-gap") for s, e in gaps(schedule, start=start, end=end)]
    found += [Item("uncovered", u.start, u.end, f"{UNCOVERED}: {u.reason}", "ik-tl-uncovered")
              for u in uncovered(schedule, start=start, end=end)]
    return sorted(found, key=lambda i: (i.start, i.kind == "away"))


def _percent(part: timedelta, whole: timedelta) -> str:
    return f"{100 * part / whole:.3f}".rstrip("0").rstrip(".")


def _piece(number: int, item: Item, low: datetime, high: datetime, zone: ZoneInfo) -> Piece:
    s, e = max(item.start, low), min(item.end, high)
    return Piece(
        number, item.kind, item.style, item.label, instant(item.start), instant(item.end),
        _percent(s - low, high - low), _percent(e - s, high - low),
        item.start.astimezone(zone).strftime("%H:%M") if s == item.start else None,
        item.end.astimezone(zone).strftime("%H:%M") if e == item.end else None,
        f"{item.label}, {local_minute(item.start, zone)} – {local_minute(item.end, zone)}")


def _outside(low: datetime, high: datetime, start: datetime, end: datetime) -> list[Piece]:
    """The parts of the day ``[low, high)`` before ``start`` and after ``end``: not shown."""
    spans = [(low, min(start, high)), (max(end, low), high)]
    return [Piece(-1, "out", "ik-tl-out", "", instant(s), instant(e),
                  _percent(s - low, high - low), _percent(e - s, high - low), None, None,
                  "outside the period shown")
            for s, e in spans if s < e]


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def timeline(schedule: Schedule, names: Names, start: datetime, end: datetime,
             time_off: Mapping[str, list[TimeOff]] | None = None) -> Timeline:
    """The rows of ``[start, end)``, one per day of the schedule's time zone."""
    zone = ZoneInfo(schedule.timezone)
    things = items(schedule, names, start, end, time_off or {})
    day = start.astimezone(zone).date()
    last = (end - timedelta(microseconds=1)).astimezone(zone).date()
    days = []
    while day <= last:
        low, high = _midnight(day, zone), _midnight(day + timedelta(days=1), zone)
        pieces = [_piece(n, item, low, high, zone) for n, item in enumerate(things)
                  if item.start < high and low < item.end]
        pieces += _outside(low, high, start, end)
        days.append(Day(day.isoformat(), f"{day:%a} {day.day} {day:%b}",
                        tuple(sorted(pieces, key=lambda p: (p.kind == "away", float(p.left))))))
        day += timedelta(days=1)
    return Timeline(schedule.timezone, instant(start), instant(end), tuple(days))
