"""What ``validate`` finds wrong with a schedule's meaning, beyond its schema (SPEC §2.3).

Plain functions over a valid :class:`~incidentkit.model.schedule.Schedule` that return indices
into its lists; :mod:`incidentkit.checks.oncall` turns them into findings at their lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from incidentkit.model.schedule import Every, Layer, Override, Schedule
from incidentkit.schedule.engine import final_shifts, layer_shifts
from incidentkit.schedule.shifts import clock, from_us

#: Overrides longer than this are not checked for ``replaces`` (see
#: :func:`overrides_that_never_apply`).
_LONGEST_OVERRIDE_LOOKED_AT = timedelta(days=366)
#: Every window of a restriction opens within any 9 consecutive days (a week and a wrap).
_WEEK_AND_WRAP = timedelta(days=9)


@dataclass(frozen=True, slots=True)
class OverrideClash:
    """Override ``index`` overlaps the earlier override ``other`` (indices in file order)."""

    index: int
    other: int


def _clash(first: Override, second: Override) -> bool:
    """Two overlapping overrides fight over the same shift.

    Both replace the same person, or one of them replaces whoever is on call. Two that replace
    different people (``erin`` for ``bob``, ``frank`` for ``carol``, or a chain: ``frank`` for
    ``erin``, who covers ``bob``) each apply to their own person and do not clash.
    """
    return first.replaces is None or second.replaces is None or first.replaces == second.replaces


def overlapping_overrides(schedule: Schedule) -> list[OverrideClash]:
    """Each override that overlaps an earlier one of the file, with the first such one.

    Windows are half-open: an override that ends when the next begins does not overlap it.
    """
    overrides = schedule.overrides
    order = sorted(range(len(overrides)), key=lambda n: (overrides[n].from_, n))
    first_clash: dict[int, int] = {}
    active: list[int] = []
    for number in order:
        current = overrides[number]
        active = [n for n in active if overrides[n].to > current.from_]
        for other in active:
            if not _clash(overrides[other], current) or current.to <= current.from_:
                continue
            later, earlier = max(number, other), min(number, other)
            if earlier < first_clash.get(later, later):
                first_clash[later] = earlier
        if current.to > current.from_:
            active.append(number)
    return [OverrideClash(index, other) for index, other in sorted(first_clash.items())]


def _reach(layer: Layer) -> timedelta:
    """A span from the layer's start in which every restriction's window opens if it ever does.

    A window repeating every N weeks from an anchor opens within N weeks and 2 days of the later
    of the anchor and the start.
    """
    reach = _WEEK_AND_WRAP
    for restriction in layer.restrictions:
        if restriction.anchor is not None and restriction.every_weeks is not None:
            wait = max(timedelta(0), restriction.anchor - layer.start.date())
            reach = max(reach, wait + timedelta(weeks=restriction.every_weeks, days=2))
    return reach


def _never_matches(schedule: Schedule, index: int, layer: Layer) -> bool:
    until = layer.effective_until
    if until is None or not layer.restrictions or not layer.members or until <= layer.start:
        return False
    if isinstance(layer.rotation, Every) and layer.rotation.period <= timedelta(0):
        return False
    local = clock(layer.timezone or schedule.timezone)
    start = from_us(local.instant_of(layer.start))
    end = min(from_us(local.instant_of(until)), start + _reach(layer))
    return not layer_shifts(schedule, index, start=start, end=end)


def restrictions_outside_period(schedule: Schedule) -> list[int]:
    """The layers whose restriction windows all fall outside ``start`` .. ``effective_until``."""
    return [n for n, layer in enumerate(schedule.layers) if _never_matches(schedule, n, layer)]


def overrides_that_never_apply(schedule: Schedule) -> list[int]:
    """The overrides with ``replaces: X`` whose window never has X on call.

    Such an override applies only while X would be on call without it (from the layers or an
    earlier override: :mod:`incidentkit.schedule.engine`), so it never changes anything: a
    typo, a window on the wrong week, or a swap that was already made. An override longer
    than a year is not looked through (nobody plans a swap that long; hourly shifts over
    centuries would take long to list).
    """
    found = []
    for number, override in enumerate(schedule.overrides):
        if override.replaces is None or override.to <= override.from_:
            continue
        if override.to - override.from_ > _LONGEST_OVERRIDE_LOOKED_AT:
            continue  # looking through years of hourly shifts costs more than it tells
        before = schedule.model_copy(update={"overrides": schedule.overrides[:number]})
        start = override.from_
        while start < override.to:  # a week at a time: most overrides apply in their first
            end = min(start + timedelta(days=7), override.to)
            if any(s.person == override.replaces
                   for s in final_shifts(before, start=start, end=end)):
                break
            start = end
        else:
            found.append(number)
    return found
