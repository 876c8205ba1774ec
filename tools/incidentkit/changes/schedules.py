"""What a change does to each schedule's shifts over a window, computed in both versions by the
schedule engine (see :mod:`incidentkit.changes.oncall` for which schedules, and what is said)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from incidentkit.changes.oncall import (
    Action,
    FirstShift,
    PersonHours,
    ScheduleChange,
    Spread,
    Versions,
    Window,
)
from incidentkit.model.schedule import Schedule
from incidentkit.oncall.load import ScheduleLoad, members_in_effect, shifts_load
from incidentkit.repository import Repository
from incidentkit.schedule import Shift, final_shifts, gaps, uncovered
from incidentkit.store.layout import Kind

Interval = tuple[datetime, datetime]


def _minus(keep: list[Interval], drop: list[Interval]) -> list[Interval]:
    """The parts of sorted disjoint ``keep`` outside sorted disjoint ``drop``."""
    out: list[Interval] = []
    for start, end in keep:
        cursor = start
        for s, e in drop:
            if e <= cursor or s >= end:
                continue
            if s > cursor:
                out.append((cursor, s))
            cursor = max(cursor, e)
        if cursor < end:
            out.append((cursor, end))
    return out


@dataclass(frozen=True, slots=True)
class _Side:
    """One version of a schedule over the window."""

    shifts: list[Shift]
    gaps: list[Interval]
    #: Windows uncovered on purpose, by reason.
    uncovered: dict[str, list[Interval]]
    load: ScheduleLoad


def _zones(repo: Repository) -> dict[str, str]:
    return {handle: person.timezone for handle, person in repo.people.items()}


def _side(schedule: Schedule, zones: Mapping[str, str], start: datetime, end: datetime
          ) -> _Side:
    shifts = final_shifts(schedule, start=start, end=end)
    intended: dict[str, list[Interval]] = {}
    for window in uncovered(schedule, start=start, end=end):
        intended.setdefault(window.reason, []).append((window.start, window.end))
    load = shifts_load(schedule.id, schedule.name, shifts,
                       members_in_effect(schedule, start, end), zones)
    return _Side(shifts, gaps(schedule, start=start, end=end), intended, load)


def _spread(side: _Side | None) -> Spread | None:
    spread = None if side is None else side.load.spread
    if spread is None:
        return None
    return Spread(spread.difference, spread.most.person, spread.most.hours.total,
                  spread.least.person, spread.least.hours.total)


def _hours(side: _Side | None) -> dict[str, int]:
    return {} if side is None else {p.person: p.hours.total for p in side.load.people}


def _windows(before: _Side, after: _Side
             ) -> tuple[list[Window], list[Window], list[Window], list[Window]]:
    """Gaps opened and closed, windows uncovered on purpose opened and closed."""
    intended_opened = [
        Window(s, e, reason) for reason, spans in after.uncovered.items()
        for s, e in _minus(spans, before.uncovered.get(reason, []))
    ]
    intended_closed = [
        Window(s, e, reason) for reason, spans in before.uncovered.items()
        for s, e in _minus(spans, after.uncovered.get(reason, []))
    ]
    return ([Window(s, e) for s, e in _minus(after.gaps, before.gaps)],
            [Window(s, e) for s, e in _minus(before.gaps, after.gaps)],
            sorted(intended_opened, key=_begin), sorted(intended_closed, key=_begin))


def _begin(window: Window) -> datetime:
    return window.start


def _newly(before: _Side, after: _Side) -> list[FirstShift]:
    was_on = {shift.person for shift in before.shifts}
    first: dict[str, Shift] = {}
    for shift in after.shifts:
        if shift.person not in was_on:
            first.setdefault(shift.person, shift)
    return [FirstShift(p, first[p].start, first[p].end) for p in sorted(first)]


def _named(schedule: Schedule) -> set[str]:
    """Everyone a schedule names: its layers' members, its overrides' people and replaced."""
    found = {member for layer in schedule.layers for member in layer.members}
    for override in schedule.overrides:
        found.update(h for h in (override.person, override.replaces) if h is not None)
    return found


def _people_changed(v: Versions) -> set[str]:
    """Handles whose entry in ``oncall/people.yaml`` or whose time off changed."""
    changed: set[str] = set()
    for kind, old, new in ((Kind.PEOPLE, v.base.repo.people, v.head.repo.people),
                           (Kind.TIME_OFF, v.base.repo.time_off, v.head.repo.time_off)):
        if v.readable(kind):
            changed.update(h for h in old.keys() | new.keys() if old.get(h) != new.get(h))
    return changed


def _schedule(v: Versions, key: str, start: datetime, end: datetime, changed: set[str]
              ) -> ScheduleChange | None:
    old_rel, new_rel = v.base.schedules.get(key), v.head.schedules.get(key)
    old_doc, new_doc = v.base.repo.schedules.get(key), v.head.repo.schedules.get(key)
    if (old_rel is not None and old_doc is None) or (new_rel is not None and new_doc is None):
        return None  # listed as unreadable
    old, new = (old_doc.model if old_doc else None), (new_doc.model if new_doc else None)
    file_changed = bool({old_rel, new_rel} & v.touched)
    because: tuple[str, ...] = ()
    if not file_changed:
        assert old is not None and new is not None  # the same file, read in both versions
        because = tuple(sorted((_named(old) | _named(new)) & changed))
        if not because:
            return None
    before = None if old is None else _side(old, _zones(v.base.repo), start, end)
    after = None if new is None else _side(new, _zones(v.head.repo), start, end)
    old_hours, new_hours = _hours(before), _hours(after)
    hours = tuple(
        PersonHours(p, old_hours.get(p, 0), new_hours.get(p, 0))
        for p in sorted(old_hours.keys() | new_hours.keys())
        if old_hours.get(p, 0) != new_hours.get(p, 0)
    )
    # A schedule added or removed: its hours say it.
    opened, closed, intended_opened, intended_closed = (
        _windows(before, after) if before and after else ([], [], [], []))
    shown = new or old
    assert shown is not None
    found = ScheduleChange(
        id=key, name=shown.name, path=new_rel or old_rel or "", timezone=shown.timezone,
        action=Action.ADDED if old is None else Action.REMOVED if new is None else Action.CHANGED,
        because=because, hours=hours, gaps_opened=tuple(opened), gaps_closed=tuple(closed),
        uncovered_opened=tuple(intended_opened), uncovered_closed=tuple(intended_closed),
        spread_before=_spread(before), spread_after=_spread(after),
        newly=tuple(_newly(before, after)) if before and after else (),
    )
    return None if because and found.same else found


def compare(v: Versions, start: datetime, end: datetime) -> Iterator[ScheduleChange]:
    """The schedules whose shifts could differ, by id, compared over ``[start, end)``."""
    changed = _people_changed(v)
    for key in sorted(v.base.schedules.keys() | v.head.schedules.keys()):
        found = _schedule(v, key, start, end, changed)
        if found is not None:
            yield found
