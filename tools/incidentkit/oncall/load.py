"""Load: the hours each person is on call, split by when they fall in the person's own zone.

Each stretch of a final shift is counted in the time zone of the person on call (from
``oncall/people.yaml``; UTC for a handle it does not know):

* ``business``: Monday to Friday, 09:00 to 18:00 local time;
* ``evenings_nights``: the rest of Monday to Friday (00:00-09:00 and 18:00-24:00);
* ``weekends``: all of Saturday and Sunday, local time.

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
from incidentkit.schedule.shifts import LocalClock, Shift, clock, to_us

BUSINESS_DAYS = "Mon-Fri"
BUSINESS_OPENS = 9
BUSINESS_CLOSES = 18
_HOUR = 3_600_000_000


@dataclass(frozen=True, slots=True)
class Hours:
    """Time on call in microseconds, by kind of hour."""

    business: int = 0
    evenings_nights: int = 0
    weekends: int = 0

    @property
    def total(self) -> int:
        return self.business + self.evenings_nights + self.weekends

    def __add__(self, other: Hours) -> Hours:
        return Hours(
            self.business + other.business,
            self.evenings_nights + other.evenings_nights,
            self.weekends + other.weekends,
        )


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


def _overlap(start: int, end: int, low: int, high: int) -> int:
    return max(0, min(end, high) - max(start, low))


def split(start: int, end: int, local: LocalClock) -> Hours:
    """``[start, end)`` (microseconds) split into business, evening/night and weekend time."""
    business = evenings = weekends = 0
    day = local.day_of(start)
    midnight = min(local.instant(day, 0), start)
    while midnight < end:
        following = max(local.instant(day + 1, 0), midnight)
        if (day - 1) % 7 >= 5:  # date.fromordinal(day).weekday(): Saturday or Sunday
            weekends += _overlap(start, end, midnight, following)
        else:
            opens = min(max(local.instant(day, BUSINESS_OPENS * _HOUR), midnight), following)
            closes = min(max(local.instant(day, BUSINESS_CLOSES * _HOUR), opens), following)
            business += _overlap(start, end, opens, closes)
            evenings += _overlap(start, end, midnight, opens)
            evenings += _overlap(start, end, closes, following)
        day, midnight = day + 1, following
    return Hours(business, evenings, weekends)


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
