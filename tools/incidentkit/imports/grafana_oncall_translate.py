"""Grafana OnCall's on-call shifts and escalation steps in our terms (SPEC §2.3).

How OnCall computes a schedule (its ``CustomOnCallShift.convert_to_ical``, documented in the
on_call_shifts API reference as RFC 5545 recurrence rules), and how each part is translated:

* A shift recurs at the same wall-clock time in its ``time_zone`` (the schedule's when null),
  across DST changes, as our layers do. ``start`` and ``until`` are local times.
* ``rolling_users``: each turn of ``interval`` × ``frequency`` goes to the next group of
  ``rolling_users`` (from ``start_rotation_from_user_index``), on call for ``duration`` seconds
  from the turn's start. A duration as long as the turn is a plain rotation; a shorter one is a
  restriction window opening at ``start``'s time.
* ``weekly`` with ``by_day``: weeks begin on ``week_start``; the group of the week is on call
  on each chosen day from ``start``'s time. The rotation does NOT pause on the other days: it
  is our weekly layer (handing off on ``week_start`` at ``start``'s time) with a restriction.
  With ``interval`` N, a group holds N weeks but has windows in the first one only
  (``every_weeks: N``).
* ``daily`` with ``by_day``: the turns count only the chosen days (Mon A, Tue B, Wed A, ...,
  Mon B the next week: the rotation pauses on the other days). OnCall itself writes this as one
  weekly rule per (group, day), repeating every few weeks; so do we: one layer per group, with
  windows in every N-th week from an anchor.
* Levels: the higher ``level`` wins where it has someone, so layers are written from the
  lowest level up (ours: a later layer wins). Overrides win over every level, as ours do.
* ``single_event``: one layer that ends (``effective_until``) after its one shift.

What cannot be said in our format is returned as a reason and reported, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, time, timedelta
from math import lcm
from typing import Any
from zoneinfo import ZoneInfo

from incidentkit.model.schedule import WEEKDAYS
from incidentkit.model.types import format_duration

#: OnCall's (iCal) day codes, in Python's weekday order (Monday 0).
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY = timedelta(days=1)
_WEEK = timedelta(weeks=1)

#: A vendor user id to our handle (None: no such user).
Who = Callable[[str], str | None]


def local(text: str) -> datetime:
    """OnCall's ``yyyy-MM-dd'T'HH:mm:ss`` (a local time without offset)."""
    return datetime.fromisoformat(text).replace(tzinfo=None)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _minutes_only(moment: datetime, length: timedelta) -> bool:
    return moment.second == 0 and length.total_seconds() % 60 == 0


def _days(codes: Iterable[str], week_start: int) -> list[int]:
    """The weekdays named, in the order of OnCall's weeks (from ``week_start``)."""
    chosen = {DAYS.index(c) for c in codes if c in DAYS}
    return [d % 7 for d in range(week_start, week_start + 7) if d % 7 in chosen]


def windows(days: Iterable[int], opens: time, length: timedelta,
            extra: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Restrictions for windows of ``length`` (at most a week) opening on ``days`` at
    ``opens``: one window up to a day long, or a day-by-day split of a longer one."""
    start = opens.hour * 60 + opens.minute
    total = int(length.total_seconds()) // 60
    parts: dict[tuple[int, int], set[int]] = {}
    for day in days:
        if total <= 24 * 60:
            parts.setdefault((start, (start + total) % 1440), set()).add(day)
            continue
        at, left, weekday = start, total, day
        while left > 0:
            piece = min(left, 1440 - at)
            parts.setdefault((at, (at + piece) % 1440), set()).add(weekday % 7)
            left -= piece
            at, weekday = 0, weekday + 1
    found = []
    for (begin, end), chosen in parts.items():
        found.append({"days": [WEEKDAYS[d] for d in range(7) if d in chosen],
                      "from": f"{begin // 60:02d}:{begin % 60:02d}",
                      "to": f"{end // 60:02d}:{end % 60:02d}", **(extra or {})})
    return found


def members_of(shift: Mapping[str, Any], who: Who) -> tuple[list[str], list[str]]:
    """Our members (one per group, in turn order) and what could not be kept of the groups."""
    if shift.get("type") == "rolling_users":
        groups: list[list[str]] = [list(g or []) for g in shift.get("rolling_users") or []]
        first = int(shift.get("start_rotation_from_user_index") or 0)
        if groups and 0 < first < len(groups):
            groups = groups[first:] + groups[:first]
    else:
        groups = [list(shift.get("users") or [])]
    members: list[str] = []
    notes: list[str] = []
    for group in groups:
        handles = []
        for user in group:
            handle = who(user)
            if handle is None:
                notes.append(f"user {user} is not among the API's users: left out")
            else:
                handles.append(handle)
        if len(handles) > 1:
            notes.append(f"{', '.join(handles)} are on call together in one turn; incidentkit "
                         f"has one person per turn: {handles[0]} kept")
        if handles:  # OnCall skips an empty group too
            members.append(handles[0])
    return members, notes


def layers(shift: Mapping[str, Any], members: list[str], zone: str | None
           ) -> tuple[list[dict[str, Any]], str | None]:
    """Our layers for one rotation (``rolling_users``, ``recurrent_event``, ``single_event``)
    of people ``members``, or the reason it cannot be said in our format.

    ``rotation_start`` is not needed: OnCall drops the shifts before it (in the past), but its
    turns still count from ``start`` (the skipped turns use up their groups)."""
    name = str(shift.get("name") or shift.get("id"))
    start = local(str(shift["start"]))
    length = timedelta(seconds=int(shift.get("duration") or 0))
    base: dict[str, Any] = {"name": name}
    if zone is not None:
        base["timezone"] = zone
    until = local(str(shift["until"])) if shift.get("until") else None

    def layer(begin: datetime, rotation: Any, people: list[str],
              restrictions: list[dict[str, Any]] | None = None, **more: Any) -> dict[str, Any]:
        doc = {**base, "start": _stamp(begin), "rotation": rotation, **more, "members": people}
        if restrictions:
            doc["restrictions"] = restrictions
        if until is not None:
            doc["effective_until"] = _stamp(until)
        return doc

    if not _minutes_only(start, length) or length <= timedelta(0):
        return [], "its start or duration is not in whole minutes"
    if shift.get("type") == "single_event":
        if not timedelta(hours=1) <= length <= timedelta(days=365):
            return [], "a single shift shorter than an hour cannot be a layer"
        until = start + length
        return [layer(start, {"every": format_duration(length)}, members[:1])], None
    frequency = shift.get("frequency")
    interval = int(shift.get("interval") or 1)
    if shift.get("by_month") or shift.get("by_monthday"):
        return [], "by_month and by_monthday (days of the month) have no equivalent"
    week_start = DAYS.index(shift["week_start"]) if shift.get("week_start") in DAYS else 6
    by_day = _days(shift.get("by_day") or [], week_start)
    if by_day and frequency not in ("daily", "weekly"):
        return [], f"by_day with a {frequency} rotation has no equivalent"
    if by_day and start.weekday() not in by_day:
        # OnCall moves the first shift to the first chosen day of a week (its weeks' order).
        start += _DAY * ((by_day[0] - start.weekday()) % 7)
    if frequency == "daily" and by_day:
        if shift.get("type") != "rolling_users" and interval > 1:
            return [], "every other day that is also a chosen day has no equivalent"
        return _counted_days(shift, layer, members, start, length, by_day, interval)
    if frequency == "weekly" and by_day:
        if any(((d - week_start) % 7) * _DAY + length > _WEEK for d in by_day):
            return [], "its shifts run past the next week's handoff"
        if interval > 1 and length > _DAY:
            return [], "shifts longer than a day in every other week have no equivalent"
        week0 = start.date() - _DAY * ((start.weekday() - week_start) % 7)
        every = {"every_weeks": interval, "anchor": week0.isoformat()} if interval > 1 else {}
        rotation = "weekly" if interval == 1 else {"every": f"{interval}w"}
        return [layer(datetime.combine(week0, start.time()), rotation, members,
                      windows(by_day, start.time(), length, every))], None
    unit = {"hourly": timedelta(hours=1), "daily": _DAY, "weekly": _WEEK}.get(str(frequency))
    if frequency == "monthly":
        if interval != 1 or length < timedelta(days=28):
            return [], "a monthly rotation is translated only with interval 1 and month-long shifts"
        if start.day > 28:
            return [], (f"OnCall skips the months without a day {start.day}, where incidentkit "
                        "hands off on the month's last day")
        return [layer(start, "monthly", members, handoff_day=start.day)], None
    if unit is None:
        return [], f"frequency {frequency!r} is not hourly, daily, weekly or monthly"
    turn = unit * interval
    named = {_DAY: "daily", _WEEK: "weekly"}
    rotation = named.get(turn) or {"every": format_duration(turn)}
    if length >= turn:
        return [layer(start, rotation, members)], None
    if turn == _DAY:
        return [layer(start, rotation, members, windows(range(7), start.time(), length))], None
    weeks = turn // _WEEK
    if turn == weeks * _WEEK and length < _WEEK:  # daily every 7 days is weekly
        every = {"every_weeks": weeks, "anchor": start.date().isoformat()} if weeks > 1 else {}
        return [layer(start, rotation, members,
                      windows([start.weekday()], start.time(), length, every))], None
    return [], (f"shifts of {format_duration(length)} in turns of {format_duration(turn)} "
                "leave gaps incidentkit cannot place")


def _counted_days(shift: Mapping[str, Any], layer: Callable[..., dict[str, Any]],
                  members: list[str], start: datetime, length: timedelta, by_day: list[int],
                  interval: int) -> tuple[list[dict[str, Any]], str | None]:
    """``daily`` + ``by_day``: turns count the chosen days only. The pattern repeats after
    ``weeks`` weeks; each group gets its days of each week of the pattern, every ``weeks``."""
    if length > _DAY:
        return [], "daily shifts longer than a day on chosen days have no equivalent"
    occurrences = lcm(len(by_day), len(members) * interval)
    weeks = occurrences // len(by_day)
    if weeks > 52:
        return [], f"its pattern repeats only after {weeks} weeks (incidentkit: at most 52)"
    anchor = start.date()
    chosen: list[dict[int, list[int]]] = [{} for _ in members]  # group → week → weekdays
    day, count = anchor, 0
    while count < occurrences:
        if day.weekday() in by_day:
            group = (count // interval) % len(members)
            chosen[group].setdefault((day - anchor).days // 7, []).append(day.weekday())
            count += 1
        day += _DAY
    found = []
    for group, person in enumerate(members):
        restrictions = []
        for week, weekdays in sorted(chosen[group].items()):
            every = {"every_weeks": weeks,
                     "anchor": (anchor + _WEEK * week).isoformat()} if weeks > 1 else {}
            restrictions += windows(sorted(weekdays), start.time(), length, every)
        one = layer(start, "weekly", [person], restrictions)
        one["name"] = f"{one['name']} ({person})"
        found.append(one)
    return found, None


def override(shift: Mapping[str, Any], who: Who, zone: str
             ) -> tuple[dict[str, Any] | None, list[str]]:
    """Our override for an OnCall override (a local start and a length, in ``zone``)."""
    users = list(shift.get("users") or [])
    for group in shift.get("rolling_users") or []:  # overrides made in the web UI
        users += [u for u in group or [] if u not in users]
    members, notes = members_of({"type": "override", "users": users}, who)
    if not members:
        return None, [*notes, "nobody in it"]
    start = local(str(shift["start"]))
    end = start + timedelta(seconds=int(shift.get("duration") or 0))
    tz = ZoneInfo(zone)
    return {"from": start.replace(tzinfo=tz).isoformat(),
            "to": end.replace(tzinfo=tz).isoformat(), "person": members[0]}, notes


def escalation(steps: Sequence[Mapping[str, Any]], who: Who, schedule: Mapping[str, str]
               ) -> tuple[list[dict[str, Any]], int, list[str]]:
    """Our steps, repeat count and what was left out, for a chain's escalation policies (in
    ``position`` order). ``after`` counts from the first page: the sum of the waits before."""
    after = timedelta(0)
    found: list[dict[str, Any]] = []
    repeat = 0
    notes: list[str] = []
    for step in steps:
        kind = str(step.get("type"))
        targets: list[str] = []
        if kind == "wait":
            after += timedelta(seconds=int(step.get("duration") or 0))
            continue
        if kind == "repeat_escalation":
            repeat = 5  # OnCall repeats a chain at most 5 times
            continue
        if kind == "notify_persons":
            for user in step.get("persons_to_notify") or []:
                handle = who(user)
                if handle is None:
                    notes.append(f"step {step.get('position')}: user {user} is not among the "
                                 "API's users: left out")
                else:
                    targets.append(f"person:{handle}")
        elif kind == "notify_on_call_from_schedule":
            vendor_id = str(step.get("notify_on_call_from_schedule"))
            if vendor_id in schedule:
                targets.append(f"schedule:{schedule[vendor_id]}")
            else:
                notes.append(f"step {step.get('position')}: schedule {vendor_id} was not "
                             "imported: left out")
        else:
            notes.append(f"step {step.get('position')}: {kind} has no equivalent: left out")
            continue
        if step.get("important"):
            notes.append(f"step {step.get('position')}: \"important\" notifications have no "
                         "equivalent: notified as usual")
        if not targets:
            continue
        when = format_duration(after)
        if found and found[-1]["after"] == when:
            found[-1]["notify"] += [t for t in targets if t not in found[-1]["notify"]]
        else:
            found.append({"after": when, "notify": targets})
    return found, repeat, notes

