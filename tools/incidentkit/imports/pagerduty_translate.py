"""PagerDuty's schedule layers, restrictions, escalation rules and services in our formats.

The reading (which endpoints, pages, saved responses) is :mod:`incidentkit.imports.pagerduty`;
this module only turns the decoded objects into our documents (SPEC §2.3) and says, as a
:class:`~incidentkit.imports.plan.Note`, whatever it cannot express exactly.

How PagerDuty's semantics are carried over:

* **Layer order.** ``GET /schedules/{id}`` lists ``schedule_layers`` with the layer that wins
  first: the reverse of the order ``POST``/``PUT`` take, in which the last layer wins as in the
  web app ("Layer 2" over "Layer 1"). PagerDuty's own Terraform provider reverses the list it
  reads for that reason (``flattenScheduleLayers``), as do its public-support-scripts' layer
  reorganizer and Grafana's PagerDuty migrator ("Layer 3, Layer 2, Layer 1"). Our later layer
  wins, so the list is reversed here; the comparison with the final schedule would show it
  if PagerDuty ever answered otherwise.
* **Turns.** ``rotation_virtual_start`` is turn 0 and ``rotation_turn_length_seconds`` the
  length of a turn. A length of whole days is a calendar step at the same wall-clock time in
  the schedule's ``time_zone`` (a weekly Monday 09:00 handoff stays at 09:00 across a DST
  change), which is our ``daily``/``weekly``/``every: Nd``. Any other length is a fixed
  duration, our ``every: Nh`` (PagerDuty does not document its handoffs across DST for those,
  so the import says so). A layer's ``start`` (when the layer, often its last edit, took
  effect) need not be a handoff: our layer starts at the handoff at or before it with the
  members turned so that the same person is on at ``start``.
* **Restrictions.** ``start_time_of_day`` is in the requested ``time_zone`` (the schedule's)
  and ``duration_seconds`` is read as wall-clock time from it (the web app edits a restriction
  as "from 17:00 Friday to 09:00 Monday"). A daily restriction is one window on every day; a
  weekly one longer than a day is cut at midnights into windows of our kind (``to`` exclusive,
  ``24:00`` the end of the day). The member whose turn it is covers the windows in the turn,
  as in our engine.
* **Overrides** replace whoever is on call, as ours without ``replaces``.
* **Escalation rules.** ``escalation_delay_in_minutes`` is how long a rule waits before the
  next; our ``after`` counts from the first page, so each step's ``after`` is the sum of the
  delays before it. ``num_loops`` is our ``repeat``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from incidentkit.imports.plan import Translation
from incidentkit.model.schedule import WEEKDAYS
from incidentkit.model.types import format_duration

_DAY = 86400
_LONGEST_TURN = 365 * _DAY

#: The handle of a PagerDuty user reference (``{"id": ..., "summary": ...}``).
Person = Callable[[Mapping[str, Any]], str]


def instant(text: str) -> datetime:
    """A PagerDuty timestamp (ISO 8601 with an offset or ``Z``) as an aware datetime."""
    return datetime.fromisoformat(text)


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    """The naive wall-clock time of an instant in ``zone``."""
    return moment.astimezone(zone).replace(tzinfo=None)


def _local(wall: datetime) -> str:
    return wall.strftime("%Y-%m-%dT%H:%M")


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _seconds_of_day(text: str) -> int:
    hours, minutes, *rest = (int(part) for part in text.split(":"))
    return hours * 3600 + minutes * 60 + (rest[0] if rest else 0)


def _windows(raw: Mapping[str, Any]) -> list[tuple[int, int, int]]:
    """One restriction as ``(weekday 0-6, from, to)`` in minutes, none longer than a day
    unless it is a whole wrapping day of its own (``from == to``)."""
    start = _seconds_of_day(str(raw["start_time_of_day"])) // 60
    length = min(int(raw["duration_seconds"]) // 60, 7 * 1440)
    if raw.get("type") == "daily_restriction":
        return [(day, start, (start + min(length, 1440)) % 1440) for day in range(7)]
    first = (int(raw.get("start_day_of_week") or 1) - 1) * 1440 + start
    if length <= 1440:
        return [((first // 1440) % 7, start, (start + length) % 1440)]
    out: list[tuple[int, int, int]] = []
    at, end = first, first + length
    while at < end:
        day = at // 1440
        stop = min(end, (day + 1) * 1440)
        out.append((day % 7, at - day * 1440, stop - day * 1440))
        at = stop
    return out


def restrictions(raw: Sequence[Mapping[str, Any]], note: Callable[[str], None]
                 ) -> list[dict[str, Any]]:
    """Our restrictions for a layer's PagerDuty restrictions (windows of equal times joined
    into one restriction with several days)."""
    grouped: dict[tuple[int, int], set[int]] = {}
    for item in raw:
        seconds = _seconds_of_day(str(item["start_time_of_day"])), int(item["duration_seconds"])
        if seconds[0] % 60 or seconds[1] % 60:
            note(f"restriction from {item['start_time_of_day']} for {seconds[1]} s is not in "
                 "whole minutes: rounded down to the minute")
        if seconds[1] < 60:
            continue
        for day, begin, end in _windows(item):
            grouped.setdefault((begin, end), set()).add(day)
    out: list[dict[str, Any]] = []
    for (begin, end), days in grouped.items():
        entry: dict[str, Any] = {}
        if len(days) < 7:
            entry["days"] = [WEEKDAYS[d] for d in sorted(days)]
        entry["from"] = _clock(begin)
        entry["to"] = _clock(end)
        out.append(entry)
    return out


def _rotation(seconds: int) -> Any:
    if seconds == _DAY:
        return "daily"
    if seconds == 7 * _DAY:
        return "weekly"
    return {"every": format_duration(timedelta(seconds=seconds))}


def _has_dst(zone: ZoneInfo, around: datetime) -> bool:
    offsets = {zone.utcoffset(around.replace(tzinfo=None) + timedelta(days=d))
               for d in range(0, 366, 30)}
    return len(offsets) > 1


def layer(raw: Mapping[str, Any], zone: ZoneInfo, person: Person, window: tuple[datetime, datetime],
          note: Callable[[str], None]) -> dict[str, Any] | None:
    """Our layer for one PagerDuty schedule layer, or None (with a note) when it has none."""
    name = str(raw.get("name") or "Layer").strip() or "Layer"
    what = f"layer {name!r}"
    end = instant(raw["end"]) if raw.get("end") else None
    if end is not None and end <= window[0]:
        note(f"{what} ended at {end.isoformat()}: not imported (it no longer applies)")
        return None
    length = int(raw["rotation_turn_length_seconds"])
    if not 3600 <= length <= _LONGEST_TURN:
        note(f"{what} hands off every {length} s: incidentkit rotations last from 1 hour to "
             "365 days; the layer is not imported")
        return None
    users = [person(entry["user"]) for entry in raw.get("users") or []]
    if not users:
        note(f"{what} has no users: not imported")
        return None
    virtual, start = instant(raw["rotation_virtual_start"]), instant(raw["start"])
    if length % _DAY:
        turn = (start - virtual) // timedelta(seconds=length)
        handoff = _wall(virtual + turn * timedelta(seconds=length), zone)
        if _has_dst(zone, start):
            note(f"{what} hands off every {format_duration(timedelta(seconds=length))}: "
                 "incidentkit keeps such turns exactly that long across daylight-saving "
                 "changes (PagerDuty does not document what it does): see the comparison")
    else:
        step = timedelta(days=length // _DAY)
        base = _wall(virtual, zone)
        turn = (_wall(start, zone) - base) // step

        def at(n: int) -> datetime:
            return (base + n * step).replace(tzinfo=zone).astimezone(start.tzinfo)

        while at(turn + 1) <= start:
            turn += 1
        while at(turn) > start:
            turn -= 1
        handoff = base + turn * step
    if handoff.second or handoff.microsecond:
        note(f"{what} hands off at {handoff.time()}: rounded down to the minute")
    if start > window[0] and _wall(start, zone) != handoff:
        note(f"{what} begins at {start.isoformat()}, in the middle of a turn: incidentkit "
             f"starts it at that turn's handoff, {_local(handoff)}")
    shift = turn % len(users)
    out: dict[str, Any] = {
        "name": name,
        "start": _local(handoff),
        "rotation": _rotation(length),
        "members": users[shift:] + users[:shift],
    }
    windows = restrictions(raw.get("restrictions") or [], lambda text: note(f"{what}: {text}"))
    if windows:
        out["restrictions"] = windows
    if end is not None:
        out["effective_until"] = _local(_wall(end, zone))
    return out


def schedule(raw: Mapping[str, Any], ident: str, zone: ZoneInfo, person: Person,
             overrides: Sequence[Mapping[str, Any]], found: Translation) -> dict[str, Any] | None:
    """Our schedule for a PagerDuty schedule (layers reversed: ours, the later wins)."""
    subject = f"schedule {raw.get('name')!r} ({raw['id']})"
    layers = [made for made in (
        layer(item, zone, person, found.window, lambda text: found.note(subject, text))
        for item in reversed(raw.get("schedule_layers") or [])) if made is not None]
    if not layers:
        found.note(subject, "no layer could be imported: the schedule is not imported")
        return None
    out: dict[str, Any] = {"id": ident, "name": str(raw.get("name") or ident),
                           "timezone": str(raw["time_zone"]), "layers": layers}
    taken = [{"from": instant(o["start"]).astimezone(zone).isoformat(),
              "to": instant(o["end"]).astimezone(zone).isoformat(),
              "person": person(o["user"])}
             for o in sorted(overrides, key=lambda o: (instant(o["start"]), str(o.get("id"))))]
    if taken:
        out["overrides"] = taken
    return out


def _strategy(rule: Mapping[str, Any]) -> str:
    value = rule.get("escalation_rule_assignment_strategy")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("type")
    return str(value or "assign_to_everyone")


def policy(raw: Mapping[str, Any], ident: str, person: Person, schedules: Mapping[str, str],
           found: Translation) -> dict[str, Any] | None:
    """Our escalation policy for a PagerDuty one; ``schedules`` maps PagerDuty schedule ids
    to the ids of the schedules imported."""
    subject = f"escalation policy {raw.get('name')!r} ({raw['id']})"
    steps: list[dict[str, Any]] = []
    after = 0
    rules = raw.get("escalation_rules") or []
    for number, rule in enumerate(rules, 1):
        notify: list[str] = []
        for target in rule.get("targets") or []:
            kind = str(target.get("type"))
            if kind in ("user", "user_reference"):
                notify.append(f"person:{person(target)}")
            elif kind in ("schedule", "schedule_reference") and target["id"] in schedules:
                notify.append(f"schedule:{schedules[target['id']]}")
            elif kind in ("schedule", "schedule_reference"):
                found.note(subject, f"rule {number} targets schedule {target.get('summary')!r} "
                           f"({target['id']}), which was not imported: left out")
            else:
                found.note(subject, f"rule {number} targets a {kind} "
                           f"({target.get('summary') or target.get('id')}): incidentkit "
                           "notifies schedules and people only; left out")
        if _strategy(rule) == "round_robin":
            found.note(subject, f"rule {number} assigns its targets round robin: incidentkit "
                       "notifies all of them")
        if notify:
            steps.append({"after": format_duration(timedelta(minutes=after)),
                          "notify": list(dict.fromkeys(notify))})
        else:
            found.note(subject, f"rule {number} has no target incidentkit can notify: left out")
        after += int(rule.get("escalation_delay_in_minutes") or 0)
    if not steps:
        found.note(subject, "no rule could be imported: the policy is not imported")
        return None
    out: dict[str, Any] = {"id": ident, "name": str(raw.get("name") or ident)}
    loops = int(raw.get("num_loops") or 0)
    if loops:
        out["repeat"] = min(loops, 10)
        delay = int(rules[-1].get("escalation_delay_in_minutes") or 0)
        found.note(subject, f"repeats {loops} time{'s' * (loops != 1)} {delay} min after its "
                   "last rule; incidentkit's repeat runs the steps again without a delay of "
                   "its own" + ("; at most 10 repeats" if loops > 10 else ""))
    out["steps"] = steps
    return out


def service(raw: Mapping[str, Any], ident: str, policies: Mapping[str, str],
            team: Callable[[str], str], found: Translation,
            policy_teams: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """Our service for a PagerDuty one; ``policies`` maps PagerDuty policy ids to ours and
    ``policy_teams`` to the name of the policy's team (a service without a team of its own
    belongs to its policy's); ``team`` makes a team name ours."""
    subject = f"service {raw.get('name')!r} ({raw['id']})"
    reference = raw.get("escalation_policy") or {}
    policy_id = policies.get(str(reference.get("id")))
    if policy_id is None:
        found.note(subject, f"its escalation policy {reference.get('summary')!r} was not "
                   "imported: the service is not imported")
        return None
    teams = raw.get("teams") or []
    inherited = (policy_teams or {}).get(str(reference.get("id")))
    if teams:
        owner = team(str(teams[0].get("summary") or teams[0]["id"]))
    elif inherited:
        owner = team(inherited)
        found.note(subject, f"has no team in PagerDuty: its escalation policy's team, "
                   f"{inherited!r}, is used")
    else:
        owner = policy_id
        found.note(subject, f"has no team in PagerDuty, nor has its escalation policy: team "
                   f"set to {owner!r}")
    urgency = raw.get("incident_urgency_rule") or {}
    if urgency.get("type") == "use_support_hours":
        found.note(subject, "its incidents' urgency follows support hours: incidentkit pages "
                   "the same way at all hours; not translated")
    elif urgency.get("urgency") in ("low", "severity_based"):
        found.note(subject, f"its incidents have {urgency['urgency']} urgency: not translated")
    out: dict[str, Any] = {"id": ident, "name": str(raw.get("name") or ident), "team": owner,
                           "tier": 3, "escalation_policy": policy_id}
    if str(raw.get("description") or "").strip():
        out["description"] = " ".join(str(raw["description"]).split())
    return out
