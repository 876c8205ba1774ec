"""Kinds of hour in a person's own time zone: business hours, evenings and nights, weekends.

One definition for everything that asks whether on-call time or a page fell out of hours
(``oncall load`` and ``metrics --by person``), in the local time of the person concerned:

* ``business``: Monday to Friday, 09:00 to 18:00 local time;
* ``evenings_nights``: the rest of Monday to Friday (00:00-09:00 and 18:00-24:00);
* ``weekends``: all of Saturday and Sunday, local time.

Local days are the zone's calendar days, so a day with a daylight-saving change is 23 or 25 hours
long and its hours fall where the clocks on the wall say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from incidentkit.schedule.shifts import LocalClock

BUSINESS_DAYS = "Mon-Fri"
BUSINESS_OPENS = 9
BUSINESS_CLOSES = 18
_HOUR = 3_600_000_000

HourKind = Literal["business", "evenings_nights", "weekends"]


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


def _overlap(start: int, end: int, low: int, high: int) -> int:
    return max(0, min(end, high) - max(start, low))


def is_weekend(day: int) -> bool:
    """Whether the local day ``day`` (``date.toordinal``) is a Saturday or a Sunday."""
    return (day - 1) % 7 >= 5  # date.fromordinal(day).weekday() >= 5


def opens(day: int, local: LocalClock) -> int:
    """The instant business hours open on local day ``day`` (a weekday or not)."""
    return local.instant(day, BUSINESS_OPENS * _HOUR)


def split(start: int, end: int, local: LocalClock) -> Hours:
    """``[start, end)`` (microseconds) split into business, evening/night and weekend time."""
    business = evenings = weekends = 0
    day = local.day_of(start)
    midnight = min(local.instant(day, 0), start)
    while midnight < end:
        following = max(local.instant(day + 1, 0), midnight)
        if is_weekend(day):
            weekends += _overlap(start, end, midnight, following)
        else:
            begin = min(max(opens(day, local), midnight), following)
            close = min(max(local.instant(day, BUSINESS_CLOSES * _HOUR), begin), following)
            business += _overlap(start, end, begin, close)
            evenings += _overlap(start, end, midnight, begin)
            evenings += _overlap(start, end, close, following)
        day, midnight = day + 1, following
    return Hours(business, evenings, weekends)


def kind_of(moment: int, local: LocalClock) -> HourKind:
    """The kind of hour the instant ``moment`` falls in: where :func:`split` puts its one
    microsecond."""
    piece = split(moment, moment + 1, local)
    if piece.business:
        return "business"
    return "weekends" if piece.weekends else "evenings_nights"


def business_hours() -> str:
    """``Mon-Fri 09:00-18:00``."""
    return f"{BUSINESS_DAYS} {BUSINESS_OPENS:02d}:00-{BUSINESS_CLOSES:02d}:00"
