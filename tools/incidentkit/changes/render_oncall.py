"""What a change does to on call, in words: the part of a diff's text, Markdown and JSON about
schedules, escalation policies, services, people, runbooks and time off.

Hours are shown as ``oncall load`` shows them (two decimals); a schedule's intervals in its own
time zone, with the weekday and the zone's abbreviation. Text from the files goes through the
format's ``quote`` once (:mod:`incidentkit.changes.render` passes the Markdown escaper).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from incidentkit.changes.compare import Delta
from incidentkit.changes.oncall import (
    Action,
    Area,
    Entry,
    OnCall,
    PersonHours,
    ScheduleChange,
    Spread,
    Window,
)
from incidentkit.oncall.render import hours
from incidentkit.present import local_minute, utc_minute

#: Each area's group heading, and its noun in the singular and the plural.
AREAS: dict[Area, tuple[str, str, str]] = {
    Area.SCHEDULE: ("Schedules", "schedule", "schedules"),
    Area.POLICY: ("Escalation policies", "escalation policy", "escalation policies"),
    Area.SERVICE: ("Services", "service", "services"),
    Area.PERSON: ("People", "person", "people"),
    Area.RUNBOOK: ("Runbooks", "runbook", "runbooks"),
    Area.TIME_OFF: ("Time off", "person's time off", "people's time off"),
}
_US_PER_HOUR = 3_600_000_000
_US = timedelta(microseconds=1)


def counts(on_call: OnCall | None) -> list[str]:
    """``2 schedules changed``, ``1 runbook added``, …: by area, then added, changed, removed."""
    if on_call is None:
        return []
    found: list[str] = []
    for area, (_, one, many) in AREAS.items():
        actions = ([c.action for c in on_call.schedules] if area is Area.SCHEDULE
                   else [e.action for e in on_call.entries if e.area is area])
        for action in Action:
            n = actions.count(action)
            if n:
                found.append(f"{n} {one if n == 1 else many} {action}")
    return found


def groups(on_call: OnCall) -> list[tuple[Area, int]]:
    """The areas with changes, and how many things changed in each."""
    sizes = [(Area.SCHEDULE, len(on_call.schedules))]
    sizes += [(area, sum(e.area is area for e in on_call.entries)) for area in AREAS
              if area is not Area.SCHEDULE]
    return [(area, n) for area, n in sizes if n]


def window(on_call: OnCall) -> str:
    weeks = f"{on_call.weeks} week{'s' * (on_call.weeks != 1)}"
    return f"the next {weeks}, {utc_minute(on_call.start)} to {utc_minute(on_call.end)}"


def _words(name: str) -> str:
    """A field's name as words: ``last_reviewed`` → ``last reviewed``."""
    return name.replace("_", " ")


def _signed(us: int) -> str:
    return f"+{hours(us)}" if us > 0 else hours(us)


class Words:
    """Sentences about on-call changes, with the data quoted for the output format."""

    def __init__(self, quote: Callable[[str], str], strong: Callable[[str], str]) -> None:
        self.q = quote
        self.b = strong

    def _when(self, moment: datetime, zone: ZoneInfo) -> str:
        return self.q(local_minute(moment, zone))

    def _window(self, item: Window, zone: ZoneInfo) -> str:
        span = (f"{self._when(item.start, zone)} to {self._when(item.end, zone)} "
                f"({hours(item.end - item.start)} h)")
        return span if item.reason is None else f"{span}: {self.q(item.reason)}"

    def _hours(self, item: PersonHours) -> str:
        return (f"{self.q(item.person)} {hours(item.before)} → {hours(item.after)} h "
                f"({_signed(item.after - item.before)} h)")

    def _spread(self, spread: Spread | None) -> str:
        if spread is None:
            return "none (no member in effect)"
        return (f"{hours(spread.difference)} h ({self.q(spread.most)} {hours(spread.most_hours)} "
                f"h the most, {self.q(spread.least)} {hours(spread.least_hours)} h the least)")

    def schedule(self, change: ScheduleChange, weeks: int) -> tuple[str, list[str]]:
        """The schedule's line, and the lines that detail it."""
        why = (f"not edited, but {', '.join(map(self.q, change.because))} changed"
               if change.because else str(change.action))
        head = (f"{self.b(change.id)} {self.q(change.name)} — {why}; times in "
                f"{self.q(change.timezone)}")
        if change.same:
            return head, [f"no change to who is on call in these {weeks} weeks"]
        zone = ZoneInfo(change.timezone)
        lines = []
        if change.hours:
            lines.append("hours: " + "; ".join(self._hours(h) for h in change.hours))
        lines += [f"newly on call: {self.q(f.person)}, first {self._when(f.start, zone)} to "
                  f"{self._when(f.end, zone)}" for f in change.newly]
        lines += [f"gap opened: {self._window(w, zone)}" for w in change.gaps_opened]
        lines += [f"gap closed: {self._window(w, zone)}" for w in change.gaps_closed]
        lines += [f"uncovered on purpose: {self._window(w, zone)}"
                  for w in change.uncovered_opened]
        lines += [f"no longer uncovered on purpose: {self._window(w, zone)}"
                  for w in change.uncovered_closed]
        if change.action is Action.CHANGED or change.spread_before != change.spread_after:
            lines.append(f"spread: {self._spread(change.spread_before)} → "
                         f"{self._spread(change.spread_after)}")
        return head, lines

    def _delta(self, delta: Delta) -> str:
        name = self.q(_words(delta.field))
        if delta.before is None and delta.after is None:
            return f"{name} edited"
        if delta.before is None:
            return f"{name} added: {self.q(delta.after or '')}"
        if delta.after is None:
            return f"{name} removed: {self.q(delta.before)}"
        return f"{name} {self.q(delta.before)} → {self.q(delta.after)}"

    def entry(self, entry: Entry) -> str:
        subject = self.b(entry.id) + (f" {self.q(entry.name)}" if entry.name else "")
        if entry.area is Area.TIME_OFF:
            return f"{subject} — " + "; ".join(self._delta(d) for d in entry.deltas)
        what = str(entry.action)
        if entry.facts:
            what += ": " + ", ".join(f"{self.q(_words(k))} {self.q(v)}" for k, v in entry.facts)
        if entry.deltas:
            what += ": " + "; ".join(self._delta(d) for d in entry.deltas)
        return f"{subject} — {what}"


def text_lines(on_call: OnCall | None, indent: Callable[[str], str]) -> list[str]:
    """The on-call groups of the text report (``indent`` makes a line safe and indents it)."""
    if on_call is None:
        return []
    words = Words(lambda s: " ".join(s.split()), lambda s: " ".join(s.split()))
    lines: list[str] = []
    for area, n in groups(on_call):
        title = f"{AREAS[area][0]} ({n})"
        if area is Area.SCHEDULE:
            lines += ["", f"{title}, {window(on_call)}"]
            for change in on_call.schedules:
                head, details = words.schedule(change, on_call.weeks)
                lines.append(indent(head))
                lines += [indent(f"  {d}") for d in details]
            continue
        lines += ["", title]
        lines += [indent(words.entry(e)) for e in on_call.entries if e.area is area]
    return lines


def markdown_lines(on_call: OnCall | None, quote: Callable[[str], str]) -> list[str]:
    """The on-call groups of the Markdown report (``quote``: the Markdown escaper)."""
    if on_call is None:
        return []
    words = Words(quote, lambda s: f"**{quote(s)}**")
    lines: list[str] = []
    for area, n in groups(on_call):
        lines += ["", f"### {AREAS[area][0]} ({n})", ""]
        if area is Area.SCHEDULE:
            lines += [f"Who is on call over {window(on_call)}:", ""]
            for change in on_call.schedules:
                head, details = words.schedule(change, on_call.weeks)
                lines.append(f"- {head}")
                lines += [f"  - {d}" for d in details]
            continue
        lines += [f"- {words.entry(e)}" for e in on_call.entries if e.area is area]
    return lines


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _number(us: int) -> float:
    """Hours as ``oncall load --format json`` gives them."""
    return round(us / _US_PER_HOUR, 4)


def _windows(items: tuple[Window, ...]) -> list[dict[str, Any]]:
    return [{"from": _stamp(w.start), "to": _stamp(w.end),
             "hours": _number((w.end - w.start) // _US),
             **({} if w.reason is None else {"reason": w.reason})} for w in items]


def _spread_json(spread: Spread | None) -> dict[str, Any] | None:
    if spread is None:
        return None
    return {"hours": _number(spread.difference), "most": spread.most,
            "most_hours": _number(spread.most_hours), "least": spread.least,
            "least_hours": _number(spread.least_hours)}


def _schedule_json(change: ScheduleChange) -> dict[str, Any]:
    return {
        "id": change.id, "name": change.name, "path": change.path,
        "timezone": change.timezone, "action": str(change.action),
        "because": list(change.because),
        "hours": [{"person": h.person, "before": _number(h.before), "after": _number(h.after),
                   "change": _number(h.after - h.before)} for h in change.hours],
        "newly_on_call": [{"person": f.person, "from": _stamp(f.start), "to": _stamp(f.end)}
                          for f in change.newly],
        "gaps_opened": _windows(change.gaps_opened),
        "gaps_closed": _windows(change.gaps_closed),
        "uncovered_opened": _windows(change.uncovered_opened),
        "uncovered_closed": _windows(change.uncovered_closed),
        "spread_before": _spread_json(change.spread_before),
        "spread_after": _spread_json(change.spread_after),
    }


def as_json(on_call: OnCall | None) -> dict[str, Any] | None:
    if on_call is None:
        return None
    return {
        "from": _stamp(on_call.start),
        "to": _stamp(on_call.end),
        "weeks": on_call.weeks,
        "unit": "hours",
        "schedules": [_schedule_json(c) for c in on_call.schedules],
        "changes": [
            {"area": str(e.area), "action": str(e.action), "id": e.id, "name": e.name,
             "path": e.path,
             "changes": [{"field": d.field, "before": d.before, "after": d.after}
                         for d in e.deltas],
             "facts": dict(e.facts)}
            for e in on_call.entries
        ],
    }
