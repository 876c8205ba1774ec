"""When a layer's restrictions let it be on call: the union of their windows, in instants.

A restriction opens on its days at ``from`` and closes at ``to`` (the next day when ``to`` is
not after ``from``), in the layer's local time, exact across DST changes; with ``every_weeks``
and an ``anchor`` only in weeks 0, N, 2N, ... counted in 7-day weeks from the anchor date.
"""

from __future__ import annotations

from incidentkit.model.schedule import WEEKDAYS, Restriction
from incidentkit.schedule.shifts import (
    EPOCH_ORDINAL,
    US_PER_DAY,
    US_PER_MINUTE,
    LocalClock,
    Span,
    union,
)


def _minutes(clock_time: str) -> int:
    hours, minutes = clock_time.split(":")
    return int(hours) * 60 + int(minutes)


def windows(restrictions: list[Restriction], clock: LocalClock, low: int, high: int) -> list[Span]:
    """The union of the restriction windows, clipped to ``[low, high)``."""
    # (opens, closes, the anchor's ordinal, every how many weeks; 0 for every week).
    by_weekday: list[list[tuple[int, int, int, int]]] = [[] for _ in WEEKDAYS]
    for restriction in restrictions:
        opens, closes = _minutes(restriction.from_), _minutes(restriction.to)
        if closes <= opens:
            closes += 24 * 60
        anchor = restriction.anchor.toordinal() if restriction.anchor is not None else 0
        every = restriction.every_weeks or 0
        window = (opens * US_PER_MINUTE, closes * US_PER_MINUTE, anchor, every)
        for weekday in restriction.days:
            by_weekday[WEEKDAYS.index(weekday)].append(window)
    # A window closes at most two days after the midnight of the day it opens on (24:00-24:00).
    # One opening on the day after ``high``'s local day can start before ``high`` when the clocks
    # fall back across midnight; one more day costs nothing.
    first, last = clock.day_of(low) - 2, clock.day_of(high) + 1
    offsets = clock.day_offsets(first, last + 2)
    spans: list[Span] = []
    for day in range(first, last + 1):
        rules = by_weekday[(day + 6) % 7]  # date.fromordinal(day).weekday()
        if not rules:
            continue
        midnight = (day - EPOCH_ORDINAL) * US_PER_DAY
        for opens, closes, anchor, every in rules:
            if every and (day < anchor or (day - anchor) // 7 % every):
                continue
            # Days without a transition convert by their one offset, others time by time.
            offset = offsets[day - first + opens // US_PER_DAY]
            start = midnight + opens - offset if offset is not None else clock.instant(day, opens)
            offset = offsets[day - first + closes // US_PER_DAY]
            end = midnight + closes - offset if offset is not None else clock.instant(day, closes)
            if start < high and end > low:
                spans.append((start if start > low else low, end if end < high else high))
    return union(spans)
