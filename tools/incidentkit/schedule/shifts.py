"""Shifts, and the integer time line the schedule engine computes on.

Inside the engine every instant is an ``int``: microseconds since the Unix epoch, UTC. Sweeps over
integers are exact and fast; only the public functions convert to and from ``datetime``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

#: The ``source`` of a shift that comes from an override rather than a layer.
OVERRIDE = "override"
US_PER_DAY = 86_400_000_000
US_PER_MINUTE = 60_000_000

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = _EPOCH.toordinal()
_US = timedelta(microseconds=1)
#: A day offset not computed yet (``None`` is a day with a transition).
_UNKNOWN = -1 << 80

#: ``(start, end)`` in microseconds, ``end`` exclusive.
Span = tuple[int, int]
#: ``(start, end, person)`` in microseconds, ``end`` exclusive.
Piece = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Shift:
    """``person`` is on call from ``start`` (inclusive) to ``end`` (exclusive), both aware UTC.

    ``source`` is the name of the layer the shift comes from, or ``"override"``.
    """

    person: str
    start: datetime
    end: datetime
    source: str

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Uncovered:
    """Nobody is on call from ``start`` to ``end`` on purpose: an override with ``person: null``.

    ``reason`` is the override's; not a gap.
    """

    start: datetime
    end: datetime
    reason: str


def to_us(moment: datetime) -> int:
    """An aware ``datetime`` → microseconds since the epoch; ``ValueError`` for a naive one."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no UTC offset: pass an aware datetime")
    return (moment - _EPOCH) // _US


def from_us(us: int) -> datetime:
    """Microseconds since the epoch → an aware UTC ``datetime``."""
    return _EPOCH + timedelta(0, 0, us)


class LocalClock:
    """Wall-clock times of one time zone → instants (microseconds since the epoch).

    A local time is read with ``fold=0`` and normalized through UTC, so every local time names
    exactly one instant: a time inside a spring-forward gap is read with the offset in force before
    the change (02:30 on the Berlin spring day is 01:30Z, which the clocks show as 03:30), and an
    ambiguous time of an autumn fold is its first occurrence (still summer time).

    Offsets are cached per local day: a day whose offset is the same at 00:00, 12:00 and 24:00 is
    converted with that one offset; other days (those with a transition) time by time. One clock
    per zone is shared by all callers (:func:`clock`), so the cache serves every schedule.
    """

    __slots__ = ("_days", "_midnights", "zone")

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self._midnights: dict[int, int] = {}
        self._days: dict[int, int | None] = {}

    def _offset(self, local: datetime) -> int:
        offset = local.replace(tzinfo=self.zone, fold=0).utcoffset()
        assert offset is not None  # a ZoneInfo always has an offset
        return offset // _US

    def _midnight(self, ordinal: int) -> int:
        offset = self._midnights.get(ordinal)
        if offset is None:
            offset = self._midnights[ordinal] = self._offset(datetime.fromordinal(ordinal))
        return offset

    def _day_offset(self, ordinal: int) -> int | None:
        offset = self._days.get(ordinal, _UNKNOWN)
        if offset is _UNKNOWN:
            offset = self._midnight(ordinal)
            if offset != self._midnight(ordinal + 1) or offset != self._offset(
                datetime.fromordinal(ordinal).replace(hour=12)
            ):
                offset = None
            self._days[ordinal] = offset
        return offset

    def day_offsets(self, first: int, last: int) -> list[int | None]:
        """The offset of each local day ``first..last``, or ``None`` for a day with a transition."""
        return [self._day_offset(day) for day in range(first, last + 1)]

    def instant(self, ordinal: int, within: int) -> int:
        """Local day ``ordinal`` (``date.toordinal``) at ``within`` microseconds past midnight.

        ``within`` may be a day or more: 24:00 is the next day's 00:00.
        """
        if within >= US_PER_DAY or within < 0:
            days, within = divmod(within, US_PER_DAY)
            ordinal += days
        offset = self._days.get(ordinal, _UNKNOWN)
        if offset is _UNKNOWN:
            offset = self._day_offset(ordinal)
        if offset is None:
            offset = self._offset(datetime.fromordinal(ordinal) + timedelta(0, 0, within))
        return (ordinal - EPOCH_ORDINAL) * US_PER_DAY + within - offset

    def instant_of(self, local: datetime) -> int:
        """A naive local ``datetime`` → its instant."""
        within = (local.hour * 3600 + local.minute * 60 + local.second) * 1_000_000
        return self.instant(local.toordinal(), within + local.microsecond)

    def day_of(self, us: int) -> int:
        """The local calendar day (``date.toordinal``) of an instant."""
        return from_us(us).astimezone(self.zone).toordinal()


@cache
def clock(zone: str) -> LocalClock:
    """The shared clock of an IANA zone."""
    return LocalClock(ZoneInfo(zone))


def union(spans: Iterable[Span]) -> list[Span]:
    """Sorted, disjoint spans covering the same instants; touching spans are joined."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def intersect(pieces: list[Piece], spans: list[Span]) -> list[Piece]:
    """The parts of sorted disjoint ``pieces`` inside sorted disjoint ``spans``."""
    out: list[Piece] = []
    first = 0
    for start, end, person in pieces:
        while first < len(spans) and spans[first][1] <= start:
            first += 1
        index = first
        while index < len(spans) and spans[index][0] < end:
            low, high = spans[index]
            low, high = (low if low > start else start), (high if high < end else end)
            if low < high:
                out.append((low, high, person))
            index += 1
    return out


def join(pieces: Iterable[Piece]) -> list[Piece]:
    """Sorted disjoint pieces with touching pieces of the same person joined."""
    out: list[Piece] = []
    for start, end, person in pieces:
        if out and out[-1][1] == start and out[-1][2] == person:
            out[-1] = (out[-1][0], end, person)
        else:
            out.append((start, end, person))
    return out
