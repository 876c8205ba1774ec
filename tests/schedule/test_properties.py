"""Properties of the schedule engine over random schedules (hypothesis).

The oracle below evaluates the documented semantics at one instant with plain ``datetime`` and
``zoneinfo`` arithmetic, independently of the engine's integer sweep.
"""

from __future__ import annotations

from bisect import bisect_right
from calendar import monthrange
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentkit.model.schedule import WEEKDAYS, Every, Layer, Schedule
from incidentkit.model.timeoff import TimeOff
from incidentkit.schedule import (
    OVERRIDE,
    Shift,
    final_shifts,
    gaps,
    layer_shifts,
    on_call_at,
    uncovered,
)

# Zones with DST at 02:00/03:00, at midnight (Santiago), by 30 minutes (Lord Howe), and none.
ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
]
PEOPLE = ["alice", "bob", "carol", "dave", "erin"]
_naive = datetime.fromisoformat  # a wall-clock time, no zone

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIRST, LAST = _naive("2025-12-01T00:00"), _naive("2027-01-31T00:00")


def _changes(zone: str) -> list[datetime]:
    """A UTC instant at most 3 hours after each offset change of ``zone`` between FIRST and LAST."""
    tz = ZoneInfo(zone)
    moment, out = FIRST.replace(tzinfo=UTC), []
    offset = moment.astimezone(tz).utcoffset()
    while moment < LAST.replace(tzinfo=UTC):
        moment += timedelta(hours=3)
        if moment.astimezone(tz).utcoffset() != offset:
            offset = moment.astimezone(tz).utcoffset()
            out.append(moment)
    return out


#: Each zone's DST changes: schedules and intervals are drawn near them to hit gaps and folds.
CHANGES = {zone: _changes(zone) for zone in ZONES}

clocks = st.integers(0, 96).map(lambda q: f"{q * 15 // 60:02d}:{q * 15 % 60:02d}")
rotations = st.one_of(
    st.sampled_from(["daily", "weekly"]),
    st.builds(lambda n: {"every": f"{n}h"}, st.integers(1, 60)),
    st.builds(lambda n: {"every": f"{n}d"}, st.integers(1, 9)),
    st.builds(lambda n: {"every": f"{n}m"}, st.integers(60, 600)),
)
#: The layer keys of a rotation: ``rotation``, and ``handoff_day`` with ``monthly``.
rotation_keys = st.one_of(
    rotations.map(lambda rotation: {"rotation": rotation}),
    st.integers(1, 31).map(lambda day: {"rotation": "monthly", "handoff_day": day}),
)
#: ``every_weeks`` and ``anchor`` of a restriction, or neither.
repeats = st.one_of(
    st.just({}),
    st.builds(
        lambda every, anchor: {"every_weeks": every, "anchor": anchor.isoformat()},
        st.integers(1, 4),
        st.dates(min_value=FIRST.date(), max_value=LAST.date()),
    ),
)
restrictions = st.builds(
    lambda window, repeat: {**window, **repeat},
    st.fixed_dictionaries(
        {
            "days": st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True),
            "from": clocks,
            "to": clocks,
        }
    ),
    repeats,
)
random_local = st.datetimes(min_value=FIRST, max_value=LAST).map(
    lambda d: d.replace(minute=d.minute - d.minute % 15, second=0, microsecond=0)
)
random_instant = st.datetimes(min_value=FIRST, max_value=LAST, timezones=st.just(UTC))


def _local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _near(anchor: datetime, before_days: int, after_days: int) -> st.SearchStrategy[datetime]:
    """Moments every 15 minutes from ``before_days`` before ``anchor`` to ``after_days`` after."""
    quarters = st.integers(-before_days * 96, after_days * 96)
    return quarters.map(lambda q: anchor + timedelta(minutes=15 * q))


@st.composite
def cases(draw: st.DrawFn) -> tuple[Schedule, datetime, datetime]:
    """A random schedule and an interval ``[start, end)``, often around one of its DST changes."""
    zone = draw(st.sampled_from(ZONES))
    anchor = draw(st.sampled_from(CHANGES[zone] or CHANGES["Europe/Berlin"]))
    local = anchor.astimezone(ZoneInfo(zone)).replace(tzinfo=None, minute=0)
    local_times = st.one_of(_near(local, 21, 2), random_local).map(_local)
    layer = st.builds(
        lambda keys, rotation: {**keys, **rotation},
        st.fixed_dictionaries(
            {
                "name": st.sampled_from(["primary", "secondary", "nights"]),
                "start": local_times,
                "members": st.lists(st.sampled_from(PEOPLE), max_size=4),
            },
            optional={
                "timezone": st.sampled_from(ZONES),
                "restrictions": st.lists(restrictions, max_size=3),
                "effective_until": local_times,
            },
        ),
        rotation_keys,
    )
    instants = st.one_of(_near(anchor, 10, 2), random_instant)
    override = st.builds(
        lambda start, minutes, person, replaces: {
            "from": start.isoformat(),
            "to": (start + timedelta(minutes=minutes)).isoformat(),
            "person": person,
            "replaces": replaces,
            "reason": "planned",
        },
        instants,
        st.integers(1, 5 * 24 * 60),
        st.none() | st.sampled_from(PEOPLE),  # None: uncovered on purpose
        st.none() | st.sampled_from(PEOPLE),
    )
    cover = draw(st.booleans())
    layer = layer.map(lambda keys: {**keys, "time_off_cover": "next"} if cover else keys)
    schedule = Schedule.model_validate(
        {
            "id": "random",
            "name": "Random",
            "timezone": zone,
            "layers": draw(st.lists(layer, min_size=1, max_size=3)),
            "overrides": draw(st.lists(override, max_size=5)),
        }
    )
    start = draw(instants)
    end = start + timedelta(minutes=draw(st.integers(0, 21 * 24 * 60)))
    # Time off in or near the interval, for the layers' own members mostly.
    members = sorted({m for layer in schedule.layers for m in layer.members}) or PEOPLE
    time_off = st.builds(
        lambda person, begin, minutes: TimeOff.model_validate({
            "person": person, "from": begin.isoformat(),
            "to": (begin + timedelta(minutes=minutes)).isoformat()}),
        st.sampled_from(members) | st.sampled_from(PEOPLE), _near(start, 4, 21),
        st.integers(1, 9 * 24 * 60),
    )
    schedule = schedule.with_time_off(draw(st.lists(time_off, max_size=6)))
    # The interval may be given in any zone; the shifts come back in UTC.
    return schedule, start.astimezone(ZoneInfo(draw(st.sampled_from(ZONES)))), end


@st.composite
def covered_cases(draw: st.DrawFn) -> tuple[Schedule, datetime, datetime]:
    """Layers with ``time_off_cover: next`` in effect over the interval, and time off of their
    members in it: the rule is exercised in every example (across a DST change often)."""
    zone = draw(st.sampled_from(ZONES))
    anchor = draw(st.sampled_from(CHANGES[zone] or CHANGES["Europe/Berlin"]))
    local = anchor.astimezone(ZoneInfo(zone)).replace(tzinfo=None, minute=0)
    layer = st.builds(
        lambda start, rotation, members, restrictions: {
            "name": "covered", "start": _local(start), "rotation": rotation,
            "members": members, "restrictions": restrictions, "time_off_cover": "next"},
        _near(local, 30, 0), rotations,
        st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=5),
        st.lists(restrictions, max_size=1),
    )
    layers = draw(st.lists(layer, min_size=1, max_size=2))
    schedule = Schedule.model_validate(
        {"id": "covered", "name": "Covered", "timezone": zone, "layers": layers})
    start = draw(_near(anchor, 3, 1))
    end = start + timedelta(days=draw(st.integers(1, 14)))
    members = sorted({m for each in schedule.layers for m in each.members})
    time_off = st.builds(
        lambda person, begin, minutes: TimeOff.model_validate({
            "person": person, "from": begin.isoformat(),
            "to": (begin + timedelta(minutes=minutes)).isoformat()}),
        st.sampled_from(members), _near(start, 2, 14), st.integers(15, 6 * 24 * 60),
    )
    return schedule.with_time_off(draw(st.lists(time_off, min_size=1, max_size=8))), start, end


def _utc(moment: datetime) -> datetime:
    # Aware datetimes of different zones are never == when one is in a fold (PEP 495).
    return moment.astimezone(UTC)


# --- the oracle ----------------------------------------------------------------------------


def _instant(local: datetime, zone: ZoneInfo) -> datetime:
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def _minutes(clock: str) -> int:
    return int(clock[:2]) * 60 + int(clock[3:])


def _in_windows(layer: Layer, zone: ZoneInfo, moment: datetime) -> bool:
    today = moment.astimezone(zone).date()
    for restriction in layer.restrictions:
        opens, closes = _minutes(restriction.from_), _minutes(restriction.to)
        if closes <= opens:
            closes += 24 * 60
        for shift in range(-2, 2):
            day: date = today + timedelta(days=shift)
            if WEEKDAYS[day.weekday()] not in restriction.days:
                continue
            anchor, every = restriction.anchor, restriction.every_weeks
            if anchor is not None and every is not None:
                if day < anchor or (day - anchor).days // 7 % every:
                    continue
            midnight = datetime.combine(day, time())
            start = _instant(midnight + timedelta(minutes=opens), zone)
            end = _instant(midnight + timedelta(minutes=closes), zone)
            if start <= moment < end:
                return True
    return False


def _handoff(layer: Layer, year: int, month: int) -> datetime:
    """The local handoff of a monthly layer in ``month``: ``handoff_day`` or the month's last."""
    assert layer.handoff_day is not None
    day = min(layer.handoff_day, monthrange(year, month)[1])
    return datetime.combine(date(year, month, day), layer.start.time())


def oracle_layer(schedule: Schedule, layer: Layer, moment: datetime) -> str | None:
    zone = ZoneInfo(layer.timezone or schedule.timezone)
    first = _instant(layer.start, zone)
    if not layer.members or moment < first:
        return None
    if layer.effective_until and moment >= _instant(layer.effective_until, zone):
        return None
    rotation = layer.rotation
    period = rotation.period if isinstance(rotation, Every) else timedelta(days=28)
    start = layer.start
    month = start.year * 12 + start.month - 1
    if layer.handoff_day is not None and _handoff(layer, start.year, start.month) <= start:
        month += 1  # the first handoff is next month's

    def turn_start(turn: int) -> datetime:
        if layer.handoff_day is not None:
            if turn == 0:
                return first
            year, index = divmod(month + turn - 1, 12)
            return _instant(_handoff(layer, year, index + 1), zone)
        if period % timedelta(days=1) == timedelta(0):
            return _instant(layer.start + turn * period, zone)
        return first + turn * period

    turn = max(0, (moment - first) // period - 1)
    while turn > 0 and turn_start(turn) > moment:
        turn -= 1
    while turn_start(turn + 1) <= moment:
        turn += 1
    if layer.restrictions and not _in_windows(layer, zone, moment):
        return None
    person = layer.members[turn % len(layer.members)]
    if layer.time_off_cover is None:
        return person
    # The member whose turn it is, else the next ones in members order, who is not away.
    order = list(dict.fromkeys(layer.members))
    at = order.index(person)
    for candidate in order[at:] + order[:at]:
        if not any(t.person == candidate and t.from_ <= moment < t.to
                   for t in schedule.time_off):
            return candidate
    return None


def oracle(schedule: Schedule, moment: datetime) -> tuple[str | None, str]:
    person: str | None = None
    source = ""
    for layer in reversed(schedule.layers):
        person = oracle_layer(schedule, layer, moment)
        if person is not None:
            source = layer.name
            break
    for override in schedule.overrides:
        if override.from_ <= moment < override.to:
            if override.replaces is None or override.replaces == person:
                person = override.person
                source = OVERRIDE if person is not None else ""  # uncovered on purpose
    return person, source


def _who(shifts: list[Shift], moment: datetime) -> tuple[str | None, str]:
    index = bisect_right([s.start for s in shifts], moment) - 1
    if index >= 0 and moment < shifts[index].end:
        return shifts[index].person, shifts[index].source
    return None, ""


def _assert_disjoint_sorted(shifts: list[Shift], start: datetime, end: datetime) -> None:
    for shift in shifts:
        assert shift.start.tzinfo is UTC and shift.end.tzinfo is UTC
        assert start <= shift.start < shift.end <= end
    for before, after in zip(shifts, shifts[1:], strict=False):
        assert before.end <= after.start
        if before.end == after.start:
            assert (before.person, before.source) != (after.person, after.source)


# --- properties ----------------------------------------------------------------------------


@SETTINGS
@given(cases())
def test_layer_shifts_never_overlap_and_follow_the_rotation(
    case: tuple[Schedule, datetime, datetime],
) -> None:
    schedule, given_start, end = case
    start = _utc(given_start)
    for index, layer in enumerate(schedule.layers):
        shifts = layer_shifts(schedule, index, start=given_start, end=end)
        _assert_disjoint_sorted(shifts, start, end)
        assert {s.source for s in shifts} <= {layer.name}
        assert {s.person for s in shifts} <= set(layer.members)
        for shift in shifts:
            middle = shift.start + (shift.end - shift.start) / 2
            for moment in (shift.start, middle, shift.end - timedelta(microseconds=1)):
                assert oracle_layer(schedule, layer, moment) == shift.person
        for left, right in zip(
            [start, *[s.end for s in shifts]], [*[s.start for s in shifts], end], strict=True
        ):
            if left < right:
                for moment in (left, left + (right - left) / 2):
                    assert oracle_layer(schedule, layer, moment) is None


@SETTINGS
@given(cases())
def test_final_shifts_and_gaps_tile_the_interval(case: tuple[Schedule, datetime, datetime]) -> None:
    schedule, given_start, end = case
    start = _utc(given_start)
    shifts = final_shifts(schedule, start=given_start, end=end)
    holes = gaps(schedule, start=given_start, end=end)
    windows = [(w.start, w.end) for w in uncovered(schedule, start=given_start, end=end)]
    _assert_disjoint_sorted(shifts, start, end)
    pieces = sorted([(s.start, s.end) for s in shifts] + holes + windows)
    if start >= end:
        assert pieces == []
        return
    assert pieces[0][0] == start and pieces[-1][1] == end
    for before, after in zip(pieces, pieces[1:], strict=False):
        assert before[1] == after[0]  # no overlap (at most one person), no hole
    for before, after in zip(holes, holes[1:], strict=False):
        assert before[1] < after[0]  # gaps are joined


@SETTINGS
@given(cases())
def test_final_shifts_match_the_oracle(case: tuple[Schedule, datetime, datetime]) -> None:
    schedule, given_start, end = case
    start = _utc(given_start)
    shifts = final_shifts(schedule, start=given_start, end=end)
    moments = {start}
    for shift in shifts:
        moments |= {shift.start, shift.start + (shift.end - shift.start) / 2, shift.end}
    for override in schedule.overrides:
        moments |= {override.from_, override.to - timedelta(microseconds=1)}
    for moment in sorted(m for m in moments if start <= m < end):
        assert _who(shifts, moment) == oracle(schedule, moment), moment


@SETTINGS
@given(cases(), st.floats(0, 1))
def test_splitting_the_interval_changes_nothing(
    case: tuple[Schedule, datetime, datetime], fraction: float
) -> None:
    schedule, given_start, end = case
    start = _utc(given_start)
    middle = start + (end - start) * fraction
    whole = final_shifts(schedule, start=given_start, end=end)
    halves = final_shifts(schedule, start=start, end=middle) + final_shifts(
        schedule, start=middle, end=end
    )
    joined: list[Shift] = []
    for shift in halves:
        last = joined[-1] if joined else None
        if last and (last.end, last.person, last.source) == (
            shift.start,
            shift.person,
            shift.source,
        ):
            joined[-1] = Shift(last.person, last.start, shift.end, last.source)
        else:
            joined.append(shift)
    assert joined == whole


@SETTINGS
@given(cases(), st.sampled_from(PEOPLE), st.floats(0, 1))
def test_inside_an_override_without_replaces_its_person_is_on_call(
    case: tuple[Schedule, datetime, datetime], person: str, fraction: float
) -> None:
    schedule, given_start, end = case
    start = _utc(given_start)
    end = max(end, start + timedelta(minutes=1))
    extra = {"from": given_start.isoformat(), "to": end.isoformat(), "person": person}
    data = schedule.model_dump(by_alias=True)
    schedule = Schedule.model_validate({**data, "overrides": [*data["overrides"], extra]})
    moment = min(start + (end - start) * fraction, end - timedelta(microseconds=1))
    shift = on_call_at(schedule, moment)
    assert shift is not None
    assert (shift.person, shift.source) == (person, OVERRIDE)
    assert shift.start <= start and end <= shift.end


@SETTINGS
@given(covered_cases())
def test_covered_layers_match_the_oracle_and_tile(case: tuple[Schedule, datetime, datetime]
                                                  ) -> None:
    schedule, start, end = case
    shifts = final_shifts(schedule, start=start, end=end)
    holes = gaps(schedule, start=start, end=end)
    _assert_disjoint_sorted(shifts, _utc(start), _utc(end))
    pieces = sorted([(s.start, s.end) for s in shifts] + holes)
    assert pieces[0][0] == _utc(start) and pieces[-1][1] == _utc(end)
    for before, after in zip(pieces, pieces[1:], strict=False):
        assert before[1] == after[0]
    for shift in shifts:
        for moment in (shift.start, shift.start + (shift.end - shift.start) / 2,
                       shift.end - timedelta(microseconds=1)):
            assert oracle(schedule, moment) == (shift.person, shift.source)
            # Nobody covers while away.
            assert not any(t.person == shift.person and t.from_ <= moment < t.to
                           for t in schedule.time_off)
    for left, _ in holes:
        assert oracle(schedule, left) == (None, "")
