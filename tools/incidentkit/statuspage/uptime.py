"""Uptime over the last days from the impact windows of incidents.

A component's downtime is the time covered by its incidents' windows (``started_at`` →
``resolved_at``, or now while open), weighted by what the incident did to it, as Statuspage
weighs it: a major outage counts in full, a partial outage at 30 %, degraded performance not
at all (it shows on the bar but is not downtime). Where windows overlap, the heaviest counts
once. Scheduled maintenance is never downtime. The period is whole UTC days: from midnight of
the first of the ``days`` days to ``now``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

#: The component statuses incidents cause, lightest first.
LEVELS = ("degraded_performance", "partial_outage", "major_outage")
#: How much of an impact window counts as downtime.
WEIGHT = {"degraded_performance": 0.0, "partial_outage": 0.3, "major_outage": 1.0}


@dataclass(frozen=True, slots=True)
class Window:
    start: datetime
    end: datetime
    level: str


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    #: The worst level of any window that touches the day (``None``: no incident).
    level: str | None
    #: Weighted downtime within the day.
    down: timedelta
    #: Time covered by any window within the day (shown as "affected for ...").
    affected: timedelta


@dataclass(frozen=True, slots=True)
class Uptime:
    days: tuple[Day, ...]
    #: Weighted downtime and the length of the period.
    down: timedelta
    period: timedelta

    @property
    def percent(self) -> float:
        """Uptime in percent, rounded down to two decimals (any downtime shows below 100)."""
        if self.period <= timedelta(0):
            return 100.0
        up = self.period - self.down  # whole microseconds: exact integer arithmetic
        return up * 10000 // self.period / 100


def _weighted(windows: Sequence[Window], start: datetime, end: datetime
              ) -> tuple[timedelta, timedelta]:
    """Weighted downtime and covered time of ``windows`` within ``[start, end)``; overlaps
    count once, at the heaviest weight."""
    clipped = [(max(w.start, start), min(w.end, end), WEIGHT[w.level]) for w in windows]
    clipped = [c for c in clipped if c[0] < c[1]]
    if not clipped:
        return timedelta(0), timedelta(0)
    cuts = sorted({t for a, b, _ in clipped for t in (a, b)})
    down = covered = timedelta(0)
    for a, b in zip(cuts, cuts[1:], strict=False):
        weights = [w for s, e, w in clipped if s <= a and b <= e]
        if weights:
            covered += b - a
            down += (b - a) * max(weights)
    return down, covered


def uptime(windows: Iterable[Window], *, now: datetime, days: int) -> Uptime:
    """The last ``days`` UTC days up to ``now`` of one component."""
    chosen = [w for w in windows if w.start < w.end]
    first = now.astimezone(UTC).date() - timedelta(days=days - 1)
    start = datetime.combine(first, time(), tzinfo=UTC)
    bars = []
    for n in range(days):
        day = first + timedelta(days=n)
        a = start + timedelta(days=n)
        b = min(a + timedelta(days=1), now)
        touching = [w for w in chosen if w.start < a + timedelta(days=1) and w.end > a
                    and w.start < now]
        level = max((w.level for w in touching), key=LEVELS.index, default=None)
        down, affected = _weighted(chosen, a, b) if a < b else (timedelta(0), timedelta(0))
        bars.append(Day(day, level, down, affected))
    total, _ = _weighted(chosen, start, now)
    return Uptime(tuple(bars), total, max(now - start, timedelta(0)))
