"""Opsgenie's schedules, escalations and timelines in our terms (SPEC §2.3), as plain data.

What Opsgenie means, as its documentation says it, and how each part is written here:

Rotations
    ``type`` daily, weekly or hourly with a ``length`` (a 2-week rotation is weekly, length 2).
    The time of ``startDate`` is the handover time; a daily or weekly rotation hands off at that
    local time in the schedule's time zone, across DST changes: our ``daily``/``weekly``/
    ``{every: Nd}``/``{every: Nw}`` layers do the same. An hourly rotation is ``{every: Nh}``;
    one of a whole number of days would hand off at local time here, which is said in a note.
    ``endDate`` is ``effective_until``.
    A time restriction does not pause the rotation (as ours).

Restrictions
    ``time-of-day`` (one ``restriction``) opens every day from ``startHour:startMin`` to
    ``endHour:endMin``, past midnight when the end is not after the start. Each
    ``weekday-and-time-of-day`` restriction is ONE continuous window from ``startDay`` at its
    time to ``endDay`` at its time (monday 09:00 to friday 17:00 includes the nights between),
    past the end of the week when the end comes first. It is cut exactly into our per-day
    windows (monday 09:00-24:00, tuesday to thursday 00:00-24:00, friday 00:00-17:00), whose
    union is the same stretch of local time on every week, DST changes included.

Rotations together
    Opsgenie has no precedence between rotations: everyone on call in any rotation is notified
    (its schedule documentation: "cumulative"). Ours has one person at a time, the later layer
    winning. Layers keep Opsgenie's rotation order, except that rotations with a time
    restriction come after those without (so a daytime rotation over a round-the-clock one
    shows, as the later layer). Where the vendor's timeline has two rotations on call at once,
    a note says for how long, and the comparison takes the person of the rotation that comes
    later in that order, as ours does. A rotation marked ``enabled: false`` is left out, and so
    is one with a participant that is not a user (a team, an escalation, or ``none``: a turn of
    nobody), with a note: a layer's members are people.

Overrides
    A user's override is ``person``; one of ``none`` is ``person: null`` with a reason. Times
    keep the schedule's local offset. An override that ended before the compared weeks start
    is not imported; one that names only some rotations applies to the whole schedule here
    (noted).

Escalations
    Rules with the same delay are one step (``after`` is the delay from the alert, as in
    Opsgenie). A rule for a schedule or user of ``notifyType`` default is a ``schedule:`` or
    ``person:`` target; others (next or previous on-call, a team or an escalation) are left
    out with a note, and so is ``if-not-closed`` noted. ``repeat.count`` is ``repeat`` (at most
    10); a ``waitInterval`` is noted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from itertools import combinations
from typing import Any
from zoneinfo import ZoneInfo

from incidentkit.imports.plan import Translation, VendorShift
from incidentkit.model.schedule import WEEKDAYS
from incidentkit.present import utc_minute

DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = 24 * 60
_WEEK = 7 * _DAY
#: A recipient (user participant) → our handle; ``None`` when the recipient is no user.
Who = Callable[[Mapping[str, Any]], str | None]


def instant(text: str) -> datetime:
    """An Opsgenie date (``2017-01-15T08:00:00+02:00``, ``...Z``, with or without millis)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _local(text: str, zone: ZoneInfo) -> str:
    return instant(text).astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minute(day: str | None, hour: Any, minute: Any) -> int:
    at = int(hour or 0) * 60 + int(minute or 0)
    return at if day is None else DAY_NAMES.index(day.lower()) * _DAY + at


def restrictions(found: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A ``timeRestriction`` as our restriction windows (``ValueError`` if it is not one)."""
    kind = found.get("type")
    if kind == "time-of-day":
        one = found["restriction"]
        start = _minute(None, one.get("startHour"), one.get("startMin"))
        end = _minute(None, one.get("endHour"), one.get("endMin"))
        return [{"from": _clock(start), "to": _clock(end)}]
    if kind != "weekday-and-time-of-day":
        raise ValueError(f"time restriction of type {kind!r}")
    by_day: list[list[tuple[int, int]]] = [[] for _ in DAY_NAMES]
    for window in found.get("restrictions") or []:
        start = _minute(window["startDay"], window.get("startHour"), window.get("startMin"))
        end = _minute(window["endDay"], window.get("endHour"), window.get("endMin"))
        if end <= start:
            end += _WEEK
        day = start // _DAY
        while day * _DAY < end:
            low, high = max(start, day * _DAY) - day * _DAY, min(end, (day + 1) * _DAY) - day * _DAY
            by_day[day % 7].append((low, high))
            day += 1
    grouped: dict[tuple[int, int], list[str]] = {}
    for index, spans in enumerate(by_day):
        merged: list[tuple[int, int]] = []
        for low, high in sorted(spans):
            if merged and low <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
            else:
                merged.append((low, high))
        for span in merged:
            grouped.setdefault(span, []).append(WEEKDAYS[index])
    return [{"days": days, "from": _clock(low), "to": _clock(high)}
            for (low, high), days in sorted(grouped.items(), key=lambda g: (
                WEEKDAYS.index(g[1][0]), g[0]))]


def _rotation(kind: str, length: int) -> tuple[Any, str | None]:
    """Our ``rotation:`` for an Opsgenie type and length, and a note when it is not exact."""
    if kind == "daily":
        return ("daily" if length == 1 else {"every": f"{length}d"}), None
    if kind == "weekly":
        return ("weekly" if length == 1 else {"every": f"{length}w"}), None
    if kind == "hourly":
        note = None
        if length % 24 == 0:
            note = (f"hourly rotation of {length} hours: incidentkit hands a whole number of days "
                    "off at the same local time across DST changes; check the handoffs after one")
        return {"every": f"{length}h"}, note
    raise ValueError(f"rotation type {kind!r}")


def ordered(rotations: Iterable[Mapping[str, Any]]) -> list[tuple[int, Mapping[str, Any]]]:
    """The enabled rotations (numbered from 1 in Opsgenie's order) in layer order: those
    without a time restriction first, then the restricted ones, each in Opsgenie's order."""
    numbered = [(n, r) for n, r in enumerate(rotations, 1) if r.get("enabled", True) is not False]
    return sorted(numbered, key=lambda pair: bool(pair[1].get("timeRestriction")))


def layer(rotation: Mapping[str, Any], number: int, zone: ZoneInfo, who: Who,
          found: Translation, subject: str) -> dict[str, Any] | None:
    """One rotation as a layer, or None (with a note saying why) when it cannot be one."""
    name = str(rotation.get("name") or f"Rotation {number}")
    where = f"{subject}, rotation '{name}'"
    members: list[str] = []
    for participant in rotation.get("participants") or []:
        kind = participant.get("type")
        handle = who(participant) if kind == "user" else None
        if handle is None:
            detail = ("a turn of nobody (participant none)" if kind == "none" else
                      f"a {kind} participant ({participant.get('name') or participant.get('id')})")
            found.note(where, f"{detail} cannot be a member of a layer (members are people); "
                              "the rotation was left out")
            return None
        members.append(handle)
    if not members:
        found.note(where, "no participants; the rotation was left out")
        return None
    try:
        turn, loose = _rotation(str(rotation.get("type")), int(rotation.get("length") or 1))
        windows = (restrictions(rotation["timeRestriction"])
                   if rotation.get("timeRestriction") else [])
    except (KeyError, ValueError, TypeError) as exc:
        found.note(where, f"{exc} is not understood; the rotation was left out")
        return None
    if loose:
        found.note(where, loose)
    out: dict[str, Any] = {"name": name, "start": _local(rotation["startDate"], zone),
                           "rotation": turn, "members": members}
    if windows:
        out["restrictions"] = windows
    if rotation.get("endDate"):
        out["effective_until"] = _local(rotation["endDate"], zone)
    return out


def override(found: Mapping[str, Any], zone: ZoneInfo, who: Who) -> dict[str, Any]:
    """An Opsgenie override (a user, or the reserved word none) as ours, in local offsets."""
    user = found.get("user") or {}
    person = who(user) if user.get("type") == "user" else None
    out: dict[str, Any] = {
        "from": instant(found["startDate"]).astimezone(zone).isoformat(),
        "to": instant(found["endDate"]).astimezone(zone).isoformat(),
        "person": person,
    }
    if person is None:
        out["reason"] = f"Opsgenie override {found.get('alias') or ''} with nobody on call".replace(
            "  ", " ")
    return out


def timeline(rotations: Sequence[Mapping[str, Any]], order: Sequence[str], who: Who,
             found: Translation, subject: str, start: datetime, end: datetime
             ) -> list[VendorShift]:
    """The vendor's final timeline as one person at a time, the later rotation winning; a note
    for every pair of rotations on call at the same time, and how long."""
    def rank(rotation: Mapping[str, Any]) -> tuple[int, float]:
        # A rotation the schedule does not list (disabled) comes first: the others win over it.
        ident = str(rotation.get("id"))
        return (1, order.index(ident)) if ident in order else (0, float(rotation.get("order") or 0))

    ranked = sorted(rotations, key=rank)
    pieces: list[tuple[datetime, datetime, int, str | None]] = []
    for index, rotation in enumerate(ranked):
        for period in rotation.get("periods") or []:
            low = max(instant(period["startDate"]), start)
            high = min(instant(period["endDate"]), end)
            recipient = period.get("recipient") or {}
            kind = recipient.get("type")
            if low < high and kind != "none":
                # A team or escalation on call is named as such, so the comparison shows it.
                person = who(recipient) if kind == "user" else f"{kind}:{recipient.get('name')}"
                pieces.append((low, high, index, person))
    cuts = sorted({t for low, high, _, _ in pieces for t in (low, high)})
    shifts: list[VendorShift] = []
    both: dict[tuple[int, int], tuple[timedelta, datetime]] = {}
    for low, high in zip(cuts, cuts[1:], strict=False):
        here = sorted((index, person) for s, e, index, person in pieces if s <= low < e)
        if not here:
            continue
        for (one, them), (other, those) in combinations(here, 2):
            if one != other and them != those:
                total, first = both.get((one, other), (timedelta(0), low))
                both[(one, other)] = (total + (high - low), first)
        person = here[-1][1]
        if shifts and shifts[-1].end == low and shifts[-1].person == person:
            shifts[-1] = VendorShift(shifts[-1].start, high, person)
        else:
            shifts.append(VendorShift(low, high, person))
    for (a, b), (total, first) in sorted(both.items()):
        hours = total.total_seconds() / 3600
        found.note(subject, f"rotations '{ranked[a].get('name')}' and '{ranked[b].get('name')}' "
                            f"are on call at the same time for {hours:g} h of the compared weeks "
                            f"(first {utc_minute(first)}): Opsgenie notifies both; incidentkit "
                            "has one person at a time, the later layer's (compared: "
                            f"'{ranked[b].get('name')}')")
    return shifts


_UNITS = {"minutes": "m", "hours": "h", "days": "d"}


def policy(escalation: Mapping[str, Any], ident: str, schedules: Mapping[str, str], who: Who,
           found: Translation) -> dict[str, Any] | None:
    """An escalation as our policy; rules it cannot express are left out with a note."""
    subject = f"escalation '{escalation.get('name')}' ({escalation.get('id')})"
    steps: dict[str, list[str]] = {}
    for number, rule in enumerate(escalation.get("rules") or [], 1):
        recipient = rule.get("recipient") or {}
        kind, where = recipient.get("type"), f"rule {number}"
        target: str | None = None
        if rule.get("notifyType", "default") != "default":
            found.note(subject, f"{where} notifies the {rule.get('notifyType')} "
                                f"{'users' if kind != 'schedule' else 'on-call'} of {kind} "
                                f"'{recipient.get('name') or recipient.get('id')}': incidentkit "
                                "notifies who is on call; the rule was left out")
            continue
        if kind == "schedule":
            ours = schedules.get(str(recipient.get("id")))
            target = f"schedule:{ours}" if ours else None
        elif kind == "user":
            handle = who(recipient)
            target = f"person:{handle}" if handle else None
        if target is None:
            name = recipient.get("name") or recipient.get("username") or recipient.get("id")
            why = ("which was not imported" if kind in ("schedule", "user") else
                   "and incidentkit notifies only schedules and people")
            found.note(subject, f"{where} notifies {kind} '{name}', {why}; the rule was left out")
            continue
        if rule.get("condition", "if-not-acked") != "if-not-acked":
            found.note(subject, f"{where} escalates {rule.get('condition')}: incidentkit "
                                "escalates while the page is not acknowledged")
        delay = rule.get("delay") or {}
        unit = _UNITS.get(str(delay.get("timeUnit") or "minutes"), "m")
        after = f"{int(delay.get('timeAmount') or 0)}{unit}"
        if after.startswith("0"):
            after = "0m"
        if target not in steps.setdefault(after, []):
            steps[after].append(target)
    if not steps:
        found.note(subject, "no rule could be translated; the escalation was not imported")
        return None
    out: dict[str, Any] = {"id": ident, "name": str(escalation.get("name") or ident)}
    repeat = escalation.get("repeat") or {}
    count = int(repeat.get("count") or 0)
    if count:
        if count > 10:
            found.note(subject, f"repeats {count} times; incidentkit repeats at most 10")
        out["repeat"] = min(count, 10)
        if int(repeat.get("waitInterval") or 0):
            found.note(subject, f"waits {repeat['waitInterval']} minutes before each repeat; "
                                "incidentkit repeats without waiting")
    out["steps"] = [{"after": after, "notify": targets}
                    for after, targets in sorted(steps.items(), key=lambda s: _seconds(s[0]))]
    return out


def _seconds(after: str) -> int:
    return int(after[:-1]) * {"m": 60, "h": 3600, "d": 86400}[after[-1]]


def owned(escalations: Iterable[Mapping[str, Any]], team: str) -> list[Mapping[str, Any]]:
    """The escalations whose owner team is ``team`` (an id)."""
    return [e for e in escalations if (e.get("ownerTeam") or {}).get("id") == team]
