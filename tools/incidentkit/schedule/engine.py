"""The schedule engine: who is on call, exactly, over any interval (SPEC §2.3).

All functions are pure: they take a :class:`~incidentkit.model.schedule.Schedule` and aware
datetimes, and return :class:`~incidentkit.schedule.shifts.Shift` records in UTC, sorted by start.
Intervals are half-open, ``[start, end)``.

Local time
    A layer's times (``start``, ``effective_until``, restriction windows) are wall-clock times of
    the layer's ``timezone``, or of the schedule's when the layer has none. A local time is read
    with ``fold=0`` and normalized through UTC: a time inside a spring-forward gap uses the offset
    in force before the change (02:30 on the Berlin spring day is 01:30Z, shown as 03:30 CEST); an
    ambiguous time of an autumn fold is its first occurrence (02:30 CEST, not 02:30 CET).

Rotation
    Turn 0 starts at the layer's ``start``; member ``k`` of ``n`` takes every turn ``t`` with
    ``t mod n == k``. A period that is a whole number of days (``daily``, ``weekly``, ``every:
    3d``) steps in local calendar days: handoffs stay at the same wall-clock time, so the weekly
    turn across a DST change lasts 167 h or 169 h. Any other period (``every: 12h``, ``every:
    36h``) steps in absolute time from the localized ``start``: every turn lasts exactly the
    period and the wall-clock time of the handoff moves by the DST change. Before ``start`` the
    layer has nobody; from ``effective_until`` on it has nobody either (the next version of the
    layer is a later layer of the list). A period of zero is a ``ValueError``; a layer without
    members has nobody. ``monthly`` hands off on ``handoff_day`` of every month (its last day
    when the month is shorter) at ``start``'s wall-clock time; turn 0 runs from ``start`` to the
    first such handoff after it.

Restrictions
    A restriction does *not* pause the rotation: the turns run on whether or not a window is
    open, and the member whose turn it is covers the parts of the layer's windows that fall in
    that turn. A window opens on each listed day at ``from`` and closes at ``to``, in the layer's
    local time; ``to`` is exclusive (the first minute not covered) and ``24:00`` is the end of
    the day. When ``from`` is later than ``to`` the window wraps past midnight: it opens on the
    listed day and closes on the next day (``fri 22:00-06:00`` is Friday 22:00 to Saturday
    06:00). When ``from`` equals ``to`` the window lasts 24 hours (``09:00-09:00`` is 09:00 to
    09:00 the next day). A restriction with ``every_weeks: N`` and ``anchor: DATE`` opens its
    windows only in weeks 0, N, 2N, ... counted in 7-day weeks from the anchor date (a window
    belongs to the week of the local day it opens on), and none before the anchor. Several
    restrictions union; no restrictions means the layer covers all time.

Layers and overrides
    Where several layers have someone, the later layer of the list wins; where it has nobody the
    earlier layers show through. Overrides then apply in file order on top of that result, each
    one on top of the previous ones: an override without ``replaces`` wins wherever it is; one
    with ``replaces: X`` applies only while X would be on call without it (from the layers or an
    earlier override). So where two overrides overlap, the later one in the file wins, and an
    override may hand over a shift that an earlier override gave. Adjacent pieces of the same
    person and source are joined; a shift's ``source`` is the layer's name or ``"override"``.
    An override with ``person: null`` puts nobody on call by the same rules: its windows are
    not :func:`gaps` but :func:`uncovered` on purpose, with the override's ``reason``.
Time off
    Time off (bound to the schedule by :meth:`~incidentkit.model.schedule.Schedule.with_time_off`)
    changes a layer only when it has ``time_off_cover: next``: wherever the member whose turn
    it is is away, the next member in ``members`` order (wrapping around, each member once)
    who is not away covers; where that one is away too, the one after; where every member is
    away, the layer has nobody (earlier layers show through, or it is a gap). The cover covers
    exactly the layer's windows the away member would have covered; the turns do not move.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

from incidentkit.model.schedule import Layer, Monthly, Schedule
from incidentkit.schedule.restrictions import windows
from incidentkit.schedule.shifts import (
    OVERRIDE,
    US_PER_DAY,
    LocalClock,
    Piece,
    Shift,
    Span,
    Uncovered,
    clock,
    from_us,
    intersect,
    join,
    to_us,
    union,
)

#: ``(start, end, person or None for a gap, source)`` in microseconds. A gap's source is ``""``;
#: a window an override leaves uncovered on purpose has no person and the source ``"#N"`` (N:
#: the override's index in the file).
_Segment = tuple[int, int, str | None, str]
#: ``(start, end, person or None, replaces, source)`` in microseconds.
_Override = tuple[int, int, str | None, str | None, str]

_US = timedelta(microseconds=1)
_FIRST_REACH = 8 * US_PER_DAY
_MAX_REACH = 2048 * US_PER_DAY
#: A monthly turn lasts at least this long (a first turn can be shorter; ``turn_at`` corrects).
_SHORTEST_MONTH = 28 * US_PER_DAY


@dataclass(frozen=True, slots=True)
class _Rotation:
    clock: LocalClock
    start: int
    start_day: int
    start_within: int
    period: int
    #: The period in days when it is a whole number of days (calendar steps), else 0.
    step_days: int
    #: ``rotation: monthly``: the ``handoff_day`` (else 0), and the month (``year * 12 + month -
    #: 1``) of the first handoff after ``start``.
    handoff_day: int = 0
    first_month: int = 0

    def turn_start(self, turn: int) -> int:
        if self.handoff_day:
            if turn == 0:
                return self.start
            day = _month_day(self.first_month + turn - 1, self.handoff_day)
            return self.clock.instant(day, self.start_within)
        if self.step_days:
            return self.clock.instant(self.start_day + turn * self.step_days, self.start_within)
        return self.start + turn * self.period

    def turn_at(self, moment: int) -> int:
        """The turn under way at ``moment``, which is not before the first handoff."""
        turn = max(0, (moment - self.start) // self.period)
        while turn > 0 and self.turn_start(turn) > moment:
            turn -= 1
        while self.turn_start(turn + 1) <= moment:
            turn += 1
        return turn


def _month_day(month: int, day: int) -> int:
    """Day ``day`` of ``month`` (``year * 12 + month - 1``), or its last day, as an ordinal."""
    year, index = divmod(month, 12)
    return date(year, index + 1, min(day, monthrange(year, index + 1)[1])).toordinal()


def _clock(schedule: Schedule, layer: Layer) -> LocalClock:
    return clock(layer.timezone or schedule.timezone)


def _rotation(layer: Layer, clock: LocalClock) -> _Rotation:
    start = layer.start
    within = (start.hour * 3600 + start.minute * 60 + start.second) * 1_000_000
    if isinstance(layer.rotation, Monthly):
        handoff_day = layer.handoff_day or 1
        month = start.year * 12 + start.month - 1
        if _month_day(month, handoff_day) <= start.toordinal():
            month += 1
        return _Rotation(
            clock=clock,
            start=clock.instant_of(start),
            start_day=start.toordinal(),
            start_within=within + start.microsecond,
            period=_SHORTEST_MONTH,
            step_days=0,
            handoff_day=handoff_day,
            first_month=month,
        )
    period = layer.rotation.period // _US
    if period <= 0:
        raise ValueError(f"layer {layer.name!r}: the rotation period must be longer than zero")
    return _Rotation(
        clock=clock,
        start=clock.instant_of(start),
        start_day=start.toordinal(),
        start_within=within + start.microsecond,
        period=period,
        step_days=period // US_PER_DAY if period % US_PER_DAY == 0 else 0,
    )


def _turn_starts(rotation: _Rotation, turn: int, high: int) -> list[int]:
    """The starts of turn ``turn`` and the following ones, up to the first at or after ``high``."""
    if rotation.handoff_day:
        bounds = [rotation.turn_start(turn)]
        while bounds[-1] < high:
            turn += 1
            bounds.append(rotation.turn_start(turn))
        return bounds
    if rotation.step_days:
        instant, within, step = rotation.clock.instant, rotation.start_within, rotation.step_days
        day = rotation.start_day + turn * step
        bounds = [instant(day, within)]
        while bounds[-1] < high:
            day += step
            bounds.append(instant(day, within))
        return bounds
    first = rotation.start + turn * rotation.period
    return list(range(first, high + rotation.period, rotation.period))


def _layer_pieces(schedule: Schedule, index: int, low: int, high: int) -> list[Piece]:
    layer = schedule.layers[index]
    clock = _clock(schedule, layer)
    rotation = _rotation(layer, clock)
    members = layer.members
    low = max(low, rotation.start)
    if layer.effective_until is not None:
        high = min(high, clock.instant_of(layer.effective_until))
    if not members or low >= high:
        return []
    turn = rotation.turn_at(low)
    bounds = _turn_starts(rotation, turn, high)
    count = len(members)
    clipped = (
        (
            begin if begin > low else low,
            finish if finish < high else high,
            members[(turn + number) % count],
        )
        for number, (begin, finish) in enumerate(pairwise(bounds))
    )
    # A turn can be empty where the zone skipped a whole local day.
    turns: list[Piece] = [piece for piece in clipped if piece[0] < piece[1]]
    if layer.restrictions:
        turns = intersect(turns, windows(layer.restrictions, clock, low, high))
    if layer.time_off_cover is not None and schedule.time_off:
        turns = _covered(turns, members, _away(schedule, members))
    return join(turns)


def _away(schedule: Schedule, members: list[str]) -> dict[str, list[Span]]:
    """Each member's time off, as sorted disjoint spans."""
    found: dict[str, list[Span]] = {}
    for entry in schedule.time_off:
        if entry.person in members:
            found.setdefault(entry.person, []).append((to_us(entry.from_), to_us(entry.to)))
    return {person: union(spans) for person, spans in found.items()}


def _covered(turns: list[Piece], members: list[str], away: dict[str, list[Span]]
             ) -> list[Piece]:
    """``turns`` with each away member's time handed to the next member who is not away."""
    order = list(dict.fromkeys(members))
    out: list[Piece] = []
    for start, end, person in turns:
        at = order.index(person)
        out += _cover(start, end, order[at:] + order[:at], away)
    out.sort()
    return out


def _cover(start: int, end: int, order: list[str], away: dict[str, list[Span]]) -> list[Piece]:
    """``[start, end)`` given to ``order[0]`` where they are not away, the rest (recursively)
    to the members after them; nobody where every one of them is away."""
    if not order:
        return []
    who, rest = order[0], order[1:]
    free = _subtract([(start, end, who)], away.get(who, []))
    out = list(free)
    cursor = start
    for begin, finish, _ in free:
        if begin > cursor:
            out += _cover(cursor, begin, rest, away)
        cursor = finish
    if cursor < end:
        out += _cover(cursor, end, rest, away)
    return out


def _subtract(pieces: list[Piece], covered: list[Span]) -> list[Piece]:
    """The parts of sorted disjoint ``pieces`` outside sorted disjoint ``covered``."""
    out: list[Piece] = []
    first, size = 0, len(covered)
    for start, end, person in pieces:
        while first < size and covered[first][1] <= start:
            first += 1
        index, cursor = first, start
        while index < size and covered[index][0] < end:
            if covered[index][0] > cursor:
                out.append((cursor, covered[index][0], person))
            cursor = max(cursor, covered[index][1])
            index += 1
        if cursor < end:
            out.append((cursor, end, person))
    return out


def _stack(layers: list[tuple[str, list[Piece]]], low: int, high: int) -> list[_Segment]:
    """Segments that tile ``[low, high)``: a later layer wins where it has someone."""
    covered: list[Span] = []
    parts: list[_Segment] = []
    for number, (name, pieces) in enumerate(reversed(layers)):
        parts.extend((s, e, person, name) for s, e, person in _subtract(pieces, covered))
        if number < len(layers) - 1:
            covered = union([*covered, *((s, e) for s, e, _ in pieces)])
    parts.sort()
    out: list[_Segment] = []
    cursor = low
    for part in parts:
        if part[0] > cursor:
            out.append((cursor, part[0], None, ""))
        out.append(part)
        cursor = part[1]
    if cursor < high:
        out.append((cursor, high, None, ""))
    return out


def _override(segments: list[_Segment], override: _Override) -> None:
    """Apply one override to segments that tile an interval containing it."""
    start, end, who, replaces, by = override
    first = bisect_right(segments, start, key=_start) - 1
    after = bisect_left(segments, end, key=_start)
    changed: list[_Segment] = []
    for s, e, person, source in segments[first:after]:
        if s < start:
            changed.append((s, start, person, source))
            s = start
        tail = (end, e, person, source) if e > end else None
        if replaces is None or replaces == person:
            changed.append((s, min(e, end), who, by))
        else:
            changed.append((s, min(e, end), person, source))
        if tail is not None:
            changed.append(tail)
    segments[first:after] = changed


def _compose(schedule: Schedule, low: int, high: int) -> list[_Segment]:
    """Segments that tile ``[low, high)``: who is on call, or ``None`` for a gap."""
    layers = [
        (layer.name, _layer_pieces(schedule, index, low, high))
        for index, layer in enumerate(schedule.layers)
    ]
    segments = _stack(layers, low, high)
    for number, override in enumerate(schedule.overrides):
        start, end = max(to_us(override.from_), low), min(to_us(override.to), high)
        if start < end:
            by = OVERRIDE if override.person is not None else f"#{number}"
            _override(segments, (start, end, override.person, override.replaces, by))
    out: list[_Segment] = []
    for segment in segments:
        if out and out[-1][2] == segment[2] and out[-1][3] == segment[3]:
            out[-1] = (out[-1][0], segment[1], segment[2], segment[3])
        else:
            out.append(segment)
    return out


def _interval(start: datetime, end: datetime) -> tuple[int, int]:
    return to_us(start), to_us(end)


def layer_shifts(
    schedule: Schedule, layer_index: int, *, start: datetime, end: datetime
) -> list[Shift]:
    """The shifts of one layer on its own, clipped to the interval.

    Restrictions are applied; touching pieces of one person (a one-member rotation, a window
    across a handoff to the same person) are one shift.
    """
    low, high = _interval(start, end)
    name = schedule.layers[layer_index].name
    return [
        Shift(person=person, start=from_us(s), end=from_us(e), source=name)
        for s, e, person in _layer_pieces(schedule, layer_index, low, high)
    ]


def final_shifts(schedule: Schedule, *, start: datetime, end: datetime) -> list[Shift]:
    """Who is on call over the interval: layers combined, overrides applied; never overlapping."""
    low, high = _interval(start, end)
    out: list[Shift] = []
    previous = (low, from_us(low))
    for s, e, person, source in _compose(schedule, low, high):
        if person is not None:
            begin = previous[1] if s == previous[0] else from_us(s)
            previous = (e, from_us(e))
            out.append(Shift(person=person, start=begin, end=previous[1], source=source))
    return out


def gaps(schedule: Schedule, *, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The intervals with nobody on call by accident.

    With the final shifts and the windows :func:`uncovered` on purpose they tile the interval.
    """
    low, high = _interval(start, end)
    return [
        (from_us(s), from_us(e))
        for s, e, person, source in _compose(schedule, low, high)
        if person is None and not source
    ]


def _uncovered(schedule: Schedule, s: int, e: int, source: str) -> Uncovered:
    return Uncovered(
        start=from_us(s), end=from_us(e), reason=schedule.overrides[int(source[1:])].reason or ""
    )


def uncovered(schedule: Schedule, *, start: datetime, end: datetime) -> list[Uncovered]:
    """The windows overrides with ``person: null`` leave uncovered on purpose (not gaps)."""
    low, high = _interval(start, end)
    return [
        _uncovered(schedule, s, e, source)
        for s, e, person, source in _compose(schedule, low, high)
        if person is None and source
    ]


def uncovered_at(schedule: Schedule, at: datetime) -> Uncovered | None:
    """The window uncovered on purpose under way at ``at`` (clipped to 8 days either side)."""
    moment = to_us(at)
    low, high = moment - _FIRST_REACH, moment + _FIRST_REACH
    segments = _compose(schedule, low, high)
    s, e, person, source = segments[bisect_right(segments, moment, key=_start) - 1]
    return _uncovered(schedule, s, e, source) if person is None and source else None


def on_call_at(schedule: Schedule, at: datetime) -> Shift | None:
    """The final shift under way at ``at``, whole, or ``None`` when nobody is on call.

    The shift is looked for in a window around ``at`` that widens until the shift fits; one that
    lasts more than 2048 days either side of ``at`` is returned clipped to that window.
    """
    moment = to_us(at)
    reach = _FIRST_REACH
    while True:
        low, high = moment - reach, moment + reach
        segments = _compose(schedule, low, high)
        s, e, person, source = segments[bisect_right(segments, moment, key=_start) - 1]
        if person is None:
            return None
        if (low < s and e < high) or reach >= _MAX_REACH:
            return Shift(person=person, start=from_us(s), end=from_us(e), source=source)
        reach *= 4


def _start(segment: _Segment) -> int:
    return segment[0]
