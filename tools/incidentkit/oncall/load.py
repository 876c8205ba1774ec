"""Load: the hours each person is on call, split by when they fall in the person's own zone.

Each stretch of a final shift is counted in the time zone of the person on call (from
``oncall/people.yaml``; UTC for a handle it does not know), split into business hours, evenings
and nights, and weekends as :mod:`incidentkit.schedule.hours` defines them (the definition
``metrics --by person`` judges pages by).

A person on call for two schedules at once counts both. The fairness figure of a schedule is the
spread between its most and least loaded *members*: the people in the layers that are in effect
during the interval (a member whose turn never came still counts, with 0 hours); people on call
only through overrides are listed but do not count towards the spread.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from incidentkit.model.schedule import Schedule
from incidentkit.schedule.engine import final_shifts
from incidentkit.schedule.hours import Hours, split
from incidentkit.schedule.shifts import Shift, clock, to_us

__all__ = [
    "Hours", "PersonLoad", "ScheduleLoad", "Spread", "members_in_effect", "schedule_load",
    "shifts_load", "split", "totals",
]


@dataclass(frozen=True, slots=True)
class PersonLoad:
    person: str
    timezone: str
    hours: Hours


@dataclass(frozen=True, slots=True)
class Spread:
    """The fairness figure: the most loaded member, the least loaded, and the difference."""

    most: PersonLoad
    least: PersonLoad

    @property
    def difference(self) -> int:
        return self.most.hours.total - self.least.hours.total


@dataclass(frozen=True, slots=True)
class ScheduleLoad:
    schedule_id: str
    name: str
    #: The most loaded first (ties by handle).
    people: tuple[PersonLoad, ...]
    #: Who the spread is computed among: the members of the layers in effect.
    members: frozenset[str]

    @property
    def spread(self) -> Spread | None:
        counted = [p for p in self.people if p.person in self.members]
        if not counted:
            return None
        return Spread(most=counted[0], least=counted[-1])


def members_in_effect(schedule: Schedule, start: datetime, end: datetime) -> frozenset[str]:
    """The members of the layers in effect at some time of ``[start, end)``."""
    low, high = to_us(start), to_us(end)
    found: set[str] = set()
    for layer in schedule.layers:
        local = clock(layer.timezone or schedule.timezone)
        begins = local.instant_of(layer.start)
        ends = local.instant_of(layer.effective_until) if layer.effective_until else None
        if begins < high and (ends is None or ends > low):
            found.update(layer.members)
    return frozenset(found)


def _ranked(hours: Mapping[str, Hours], zones: Mapping[str, str]) -> tuple[PersonLoad, ...]:
    loads = [PersonLoad(p, zones.get(p, "UTC"), h) for p, h in hours.items()]
    return tuple(sorted(loads, key=lambda p: (-p.hours.total, p.person)))


def schedule_load(
    schedule: Schedule, zones: Mapping[str, str], *, start: datetime, end: datetime
) -> ScheduleLoad:
    """The load of each member and each other person on call in ``[start, end)``.

    ``zones`` maps handles to their IANA time zones.
    """
    members = members_in_effect(schedule, start, end)
    return shifts_load(schedule.id, schedule.name, final_shifts(schedule, start=start, end=end),
                       members, zones)


def shifts_load(schedule_id: str, name: str, shifts: Iterable[Shift], members: frozenset[str],
                zones: Mapping[str, str]) -> ScheduleLoad:
    """The load of each of ``members`` (0 hours for a member without a shift) and each other
    person of ``shifts``."""
    hours: dict[str, Hours] = {member: Hours() for member in members}
    for shift in shifts:
        local = clock(zones.get(shift.person, "UTC"))
        piece = split(to_us(shift.start), to_us(shift.end), local)
        hours[shift.person] = hours.get(shift.person, Hours()) + piece
    return ScheduleLoad(schedule_id, name, _ranked(hours, zones), members)


def totals(loads: Iterable[ScheduleLoad], zones: Mapping[str, str]) -> tuple[PersonLoad, ...]:
    """Each person's load summed over the schedules, the most loaded first."""
    hours: dict[str, Hours] = defaultdict(Hours)
    for load in loads:
        for person in load.people:
            hours[person.person] = hours[person.person] + person.hours
    return _ranked(hours, zones)
