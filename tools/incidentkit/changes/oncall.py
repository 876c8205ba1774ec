"""What a change does to on call: each schedule's shifts over the coming weeks in both versions,
and the people, services, escalation policies, runbooks and time off, in words.

A schedule is looked at when its file changed, or when a person it names (a layer's member, an
override's ``person`` or ``replaces``) was added, removed or changed in ``oncall/people.yaml`` or
in ``oncall/time-off.yaml``. Its final shifts are computed by the schedule engine in both
versions over the same window ``[start, end)`` and compared: the hours each person gains or
loses, the gaps opened and closed, the windows an override leaves uncovered on purpose
(``person: null``, never counted as gaps) opened and closed, the fairness spread of
:mod:`incidentkit.oncall.load` before and after, and who is newly on call. A schedule whose
file changed is listed even when its shifts in the window did not; one brought in by a person's
change only when they did. A file one version cannot read is listed as unreadable by the diff
and not compared here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from incidentkit.changes.compare import Delta
from incidentkit.changes.versions import Snapshot
from incidentkit.model.oncall import EscalationPolicy, EscalationStep, Person, Service
from incidentkit.model.schedule import Schedule
from incidentkit.model.timeoff import TimeOff
from incidentkit.model.types import format_duration
from incidentkit.oncall.load import ScheduleLoad, members_in_effect, shifts_load
from incidentkit.present import utc_minute
from incidentkit.schedule import Shift, final_shifts, gaps, uncovered
from incidentkit.store.layout import Kind, stem


class Area(StrEnum):
    """What kind of on-call thing changed, in the order of the report's groups."""

    SCHEDULE = "schedule"
    POLICY = "escalation-policy"
    SERVICE = "service"
    PERSON = "person"
    RUNBOOK = "runbook"
    TIME_OFF = "time-off"


class Action(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


AREAS = {area: n for n, area in enumerate(Area)}


@dataclass(frozen=True, slots=True)
class Entry:
    """A person, service, escalation policy, runbook or someone's time off that changed."""

    area: Area
    action: Action
    #: The handle, id or runbook slug.
    id: str
    #: Its name or title (the version that has it; the head's when both do).
    name: str
    #: The file, in the head version (in the base version for a removal).
    path: str
    #: What changed; ``before``/``after`` are ``None`` where a thing was added or removed, both
    #: ``None`` for a field that was edited in a way not worth spelling out.
    deltas: tuple[Delta, ...] = ()
    #: What describes a thing added (or removed).
    facts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PersonHours:
    """One person's time on call in the window before and after, in microseconds."""

    person: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class Window:
    """An interval with nobody on call: a gap (``reason`` ``None``), or a window uncovered on
    purpose and its reason."""

    start: datetime
    end: datetime
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Spread:
    """The fairness figure (:class:`incidentkit.oncall.load.Spread`): microseconds between the
    most and the least loaded member."""

    difference: int
    most: str
    most_hours: int
    least: str
    least_hours: int


@dataclass(frozen=True, slots=True)
class FirstShift:
    """Someone newly on call, and their first shift in the window."""

    person: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    id: str
    name: str
    #: The file, in the head version (in the base version for a removal).
    path: str
    #: The schedule's time zone, in which its intervals are shown.
    timezone: str
    action: Action
    #: Its file did not change: the people whose change brought it in.
    because: tuple[str, ...]
    #: The people whose hours changed, by handle.
    hours: tuple[PersonHours, ...]
    gaps_opened: tuple[Window, ...]
    gaps_closed: tuple[Window, ...]
    uncovered_opened: tuple[Window, ...]
    uncovered_closed: tuple[Window, ...]
    #: ``None``: no member of the schedule is in effect in the window (or no such version).
    spread_before: Spread | None
    spread_after: Spread | None
    #: People with no time on call in the window before, and some after.
    newly: tuple[FirstShift, ...]

    @property
    def same(self) -> bool:
        """Nothing differs in the window."""
        return not (self.hours or self.gaps_opened or self.gaps_closed or self.uncovered_opened
                    or self.uncovered_closed or self.newly) and (
            self.spread_before == self.spread_after)


@dataclass(frozen=True, slots=True)
class OnCall:
    """What a change does to on call over ``[start, end)`` (``weeks`` weeks)."""

    start: datetime
    end: datetime
    weeks: int
    schedules: tuple[ScheduleChange, ...]
    entries: tuple[Entry, ...]

    @property
    def empty(self) -> bool:
        return not (self.schedules or self.entries)


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


def _windows(before: _Side | None, after: _Side | None
             ) -> tuple[list[Window], list[Window], list[Window], list[Window]]:
    """Gaps opened and closed, windows uncovered on purpose opened and closed."""
    old_gaps, new_gaps = (before.gaps if before else []), (after.gaps if after else [])
    old_intended = before.uncovered if before else {}
    new_intended = after.uncovered if after else {}
    opened = [Window(s, e) for s, e in _minus(new_gaps, old_gaps)]
    closed = [Window(s, e) for s, e in _minus(old_gaps, new_gaps)]
    intended_opened = [
        Window(s, e, reason) for reason, spans in new_intended.items()
        for s, e in _minus(spans, old_intended.get(reason, []))
    ]
    intended_closed = [
        Window(s, e, reason) for reason, spans in old_intended.items()
        for s, e in _minus(spans, new_intended.get(reason, []))
    ]
    return opened, closed, sorted(intended_opened, key=_begin), sorted(intended_closed,
                                                                        key=_begin)


def _begin(window: Window) -> datetime:
    return window.start


def _newly(before: _Side, after: _Side) -> list[FirstShift]:
    was_on = {shift.person for shift in before.shifts}
    first: dict[str, Shift] = {}
    for shift in after.shifts:
        if shift.person not in was_on:
            first.setdefault(shift.person, shift)
    return [FirstShift(p, first[p].start, first[p].end) for p in sorted(first)]


def _named(schedule: Schedule | None) -> set[str]:
    """Everyone a schedule names: its layers' members, its overrides' people and replaced."""
    if schedule is None:
        return set()
    found = {member for layer in schedule.layers for member in layer.members}
    for override in schedule.overrides:
        found.update(h for h in (override.person, override.replaces) if h is not None)
    return found


@dataclass(frozen=True, slots=True)
class _Versions:
    base: Snapshot
    head: Snapshot
    #: The on-call files that differ.
    touched: frozenset[str]

    def readable(self, kind: Kind) -> bool:
        """Both versions read the kind's single file (or have none)."""
        return all(
            not any(f.path in snap.version.layout().of(kind) for f in snap.repository.findings)
            for snap in (self.base, self.head)
        )

    def path(self, kind: Kind) -> str:
        """The kind's single file: the head's, else the base's."""
        for snap in (self.head, self.base):
            files = snap.version.layout().of(kind)
            if files:
                return files[0]
        return ""  # pragma: no cover - a compared kind without a file has no changes


def _people_changed(v: _Versions) -> set[str]:
    """Handles whose entry in ``oncall/people.yaml`` or whose time off changed."""
    changed: set[str] = set()
    for kind, old, new in ((Kind.PEOPLE, v.base.repository.people, v.head.repository.people),
                           (Kind.TIME_OFF, v.base.repository.time_off,
                            v.head.repository.time_off)):
        if v.readable(kind):
            changed.update(h for h in old.keys() | new.keys() if old.get(h) != new.get(h))
    return changed


def _schedule(v: _Versions, key: str, start: datetime, end: datetime, changed: set[str]
              ) -> ScheduleChange | None:
    old_rel = next((r for r in v.base.version.layout().of(Kind.SCHEDULE) if stem(r) == key), None)
    new_rel = next((r for r in v.head.version.layout().of(Kind.SCHEDULE) if stem(r) == key), None)
    old_doc, new_doc = v.base.repository.schedules.get(key), v.head.repository.schedules.get(key)
    if (old_rel is not None and old_doc is None) or (new_rel is not None and new_doc is None):
        return None  # listed as unreadable
    old, new = (old_doc.model if old_doc else None), (new_doc.model if new_doc else None)
    file_changed = bool({old_rel, new_rel} & v.touched)
    because = () if file_changed else tuple(sorted((_named(old) | _named(new)) & changed))
    if not file_changed and not because:
        return None
    zones = {h: p.timezone for h, p in v.base.repository.people.items()}
    before = None if old is None else _side(old, zones, start, end)
    zones = {h: p.timezone for h, p in v.head.repository.people.items()}
    after = None if new is None else _side(new, zones, start, end)
    old_hours, new_hours = _hours(before), _hours(after)
    hours = tuple(
        PersonHours(p, old_hours.get(p, 0), new_hours.get(p, 0))
        for p in sorted(old_hours.keys() | new_hours.keys())
        if old_hours.get(p, 0) != new_hours.get(p, 0)
    )
    opened, closed, intended_opened, intended_closed = _windows(before, after)
    if old is None or new is None:  # added or removed: its hours say it
        opened = closed = intended_opened = intended_closed = []
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


def _schedules(v: _Versions, start: datetime, end: datetime) -> Iterator[ScheduleChange]:
    changed = _people_changed(v)
    keys = v.base.version.layout().stems(Kind.SCHEDULE) | v.head.version.layout().stems(
        Kind.SCHEDULE)
    for key in sorted(keys):
        found = _schedule(v, key, start, end, changed)
        if found is not None:
            yield found


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def _fields(old: BaseModel, new: BaseModel, spelled: tuple[str, ...]) -> list[Delta]:
    """``spelled`` fields that differ, old → new, then the other fields that differ, edited."""
    before, after = old.model_dump(), new.model_dump()
    found = [Delta(name, _show(before[name]), _show(after[name]))
             for name in spelled if before[name] != after[name]]
    found += [Delta(name, None, None) for name in before
              if name not in spelled and before[name] != after[name]]
    return found


def _catalog(v: _Versions, area: Area, kind: Kind, old: Mapping[str, Any],
             new: Mapping[str, Any], name: Callable[[Any], str],
             facts: Callable[[Any], tuple[tuple[str, str], ...]],
             deltas: Callable[[Any, Any], list[Delta]]) -> Iterator[Entry]:
    if not v.readable(kind):
        return
    path = v.path(kind)
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key), new.get(key)
        if was is None:
            yield Entry(area, Action.ADDED, key, name(now), path, facts=facts(now))
        elif now is None:
            yield Entry(area, Action.REMOVED, key, name(was), path)
        elif was != now:
            yield Entry(area, Action.CHANGED, key, name(now), path, tuple(deltas(was, now)))


def _step(step: EscalationStep) -> str:
    return f"after {format_duration(step.after)}: {', '.join(step.notify)}"


def _policy_deltas(old: EscalationPolicy, new: EscalationPolicy) -> list[Delta]:
    found = [Delta("name", old.name, new.name)] if old.name != new.name else []
    for number in range(max(len(old.steps), len(new.steps))):
        label = f"step {number + 1}"
        if number >= len(old.steps):
            found.append(Delta(label, None, _step(new.steps[number])))
        elif number >= len(new.steps):
            found.append(Delta(label, _step(old.steps[number]), None))
        else:
            was, now = old.steps[number], new.steps[number]
            if was.after != now.after:
                found.append(Delta(f"{label} delay", format_duration(was.after),
                                   format_duration(now.after)))
            if was.notify != now.notify:
                found.append(Delta(f"{label} notify", ", ".join(was.notify),
                                   ", ".join(now.notify)))
    if old.repeat != new.repeat:
        found.append(Delta("repeat", str(old.repeat), str(new.repeat)))
    return found


def _policy_facts(policy: EscalationPolicy) -> tuple[tuple[str, str], ...]:
    return (("steps", "; ".join(_step(s) for s in policy.steps)), ("repeat", str(policy.repeat)))


def _service_facts(service: Service) -> tuple[tuple[str, str], ...]:
    return (("team", service.team), ("tier", str(service.tier)),
            ("escalation_policy", service.escalation_policy),
            ("runbooks", _show(service.runbooks)))


def _person_facts(person: Person) -> tuple[tuple[str, str], ...]:
    return (("timezone", person.timezone),)


def _runbooks(v: _Versions) -> Iterator[Entry]:
    old, new = v.base.repository.runbooks, v.head.repository.runbooks
    for rel in sorted(r for r in v.touched if r.startswith("oncall/runbooks/")):
        key = stem(rel)
        was, now = old.get(key), new.get(key)
        in_base = rel in v.base.version.layout().of(Kind.RUNBOOK)
        in_head = rel in v.head.version.layout().of(Kind.RUNBOOK)
        if (in_base and was is None) or (in_head and now is None):
            continue  # listed as unreadable
        if was is None and now is not None:
            meta = now.model
            yield Entry(Area.RUNBOOK, Action.ADDED, key, meta.title, rel, facts=(
                ("owner", meta.owner), ("last_reviewed", meta.last_reviewed.isoformat()),
                ("services", _show(meta.services))))
        elif now is None and was is not None:
            yield Entry(Area.RUNBOOK, Action.REMOVED, key, was.model.title, rel)
        elif was is not None and now is not None:
            deltas = _fields(was.model, now.model, ("title", "last_reviewed"))
            yield Entry(Area.RUNBOOK, Action.CHANGED, key, now.model.title, rel,
                        tuple(deltas or [Delta("text", None, None)]))


def _away(entry: TimeOff) -> str:
    why = f" ({entry.reason})" if entry.reason else ""
    return f"{utc_minute(entry.from_)} to {utc_minute(entry.to)}{why}"


def _time_off(v: _Versions) -> Iterator[Entry]:
    if not v.readable(Kind.TIME_OFF):
        return
    old, new = v.base.repository.time_off, v.head.repository.time_off
    names = {**v.base.repository.people, **v.head.repository.people}
    for handle in sorted(old.keys() | new.keys()):
        was = [_away(e) for e in old.get(handle, [])]
        now = [_away(e) for e in new.get(handle, [])]
        if was == now:
            continue
        deltas = [Delta("time off", None, w) for w in now if w not in was]
        deltas += [Delta("time off", w, None) for w in was if w not in now]
        action = Action.ADDED if not was else Action.REMOVED if not now else Action.CHANGED
        person = names.get(handle)
        yield Entry(Area.TIME_OFF, action, handle, person.name if person else "",
                    v.path(Kind.TIME_OFF), tuple(deltas))


def _entries(v: _Versions) -> Iterator[Entry]:
    base, head = v.base.repository, v.head.repository
    yield from _catalog(v, Area.POLICY, Kind.POLICIES, base.policies, head.policies,
                        lambda p: p.name, _policy_facts, _policy_deltas)
    yield from _catalog(
        v, Area.SERVICE, Kind.SERVICES, base.services, head.services, lambda s: s.name,
        _service_facts,
        lambda a, b: _fields(a, b, ("name", "team", "tier", "escalation_policy", "runbooks")))
    yield from _catalog(v, Area.PERSON, Kind.PEOPLE, base.people, head.people,
                        lambda p: p.name, _person_facts,
                        lambda a, b: _fields(a, b, ("name", "timezone")))
    yield from _runbooks(v)
    yield from _time_off(v)


def compare(base: Snapshot, head: Snapshot, touched: frozenset[str], *, start: datetime,
            end: datetime, weeks: int) -> OnCall:
    """What the on-call files ``touched`` between ``base`` and ``head`` (snapshots taken with
    them) do over ``[start, end)``."""
    versions = _Versions(base, head, touched)
    return OnCall(start, end, weeks, tuple(_schedules(versions, start, end)),
                  tuple(_entries(versions)))
