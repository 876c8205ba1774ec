"""People, services, escalation policies, runbooks and time off compared in words: what was
added, removed, or changed and how."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from incidentkit.changes.compare import Delta
from incidentkit.changes.oncall import Action, Area, Entry, Versions
from incidentkit.model.oncall import EscalationPolicy, EscalationStep, Person, Service
from incidentkit.model.timeoff import TimeOff
from incidentkit.model.types import format_duration
from incidentkit.present import utc_minute
from incidentkit.store.layout import Kind, kind_of, stem


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def _fields(old: BaseModel, new: BaseModel, spelled: tuple[str, ...]) -> list[Delta]:
    """``spelled`` fields that differ, old → new, then the other fields that differ, edited."""
    before, after = old.model_dump(), new.model_dump()
    found = [Delta(name, _show(before[name]), _show(after[name]))
             for name in spelled if before[name] != after[name]]
    found += [Delta(name, None, None) for name in before
              if name not in spelled and before[name] != after[name]]
    return found


def _catalog(v: Versions, area: Area, kind: Kind, old: Mapping[str, Any],
             new: Mapping[str, Any], name: Callable[[Any], str],
             facts: Callable[[Any], tuple[tuple[str, str], ...]],
             deltas: Callable[[Any, Any], list[Delta]]) -> Iterator[Entry]:
    if not v.readable(kind):
        return
    path = v.path(kind)
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key), new.get(key)
        if was is None:
            yield Entry(area, Action.ADDED, key, name(now), path, facts=facts(now))
        elif now is None:
            yield Entry(area, Action.REMOVED, key, name(was), path)
        elif was != now:
            yield Entry(area, Action.CHANGED, key, name(now), path, tuple(deltas(was, now)))


def _step(step: EscalationStep) -> str:
    return f"after {format_duration(step.after)}: {', '.join(step.notify)}"


def _policy_deltas(old: EscalationPolicy, new: EscalationPolicy) -> list[Delta]:
    found = [Delta("name", old.name, new.name)] if old.name != new.name else []
    for number in range(max(len(old.steps), len(new.steps))):
        label = f"step {number + 1}"
        if number >= len(old.steps):
            found.append(Delta(label, None, _step(new.steps[number])))
        elif number >= len(new.steps):
            found.append(Delta(label, _step(old.steps[number]), None))
        else:
            was, now = old.steps[number], new.steps[number]
            if was.after != now.after:
                found.append(Delta(f"{label} delay", format_duration(was.after),
                                   format_duration(now.after)))
            if was.notify != now.notify:
                found.append(Delta(f"{label} notify", ", ".join(was.notify),
                                   ", ".join(now.notify)))
    if old.repeat != new.repeat:
        found.append(Delta("repeat", str(old.repeat), str(new.repeat)))
    return found


def _policy_facts(policy: EscalationPolicy) -> tuple[tuple[str, str], ...]:
    return (("steps", "; ".join(_step(s) for s in policy.steps)), ("repeat", str(policy.repeat)))


def _service_facts(service: Service) -> tuple[tuple[str, str], ...]:
    return (("team", service.team), ("tier", str(service.tier)),
            ("escalation_policy", service.escalation_policy),
            ("runbooks", _show(service.runbooks)))


def _person_facts(person: Person) -> tuple[tuple[str, str], ...]:
    return (("timezone", person.timezone),)


def _runbooks(v: Versions) -> Iterator[Entry]:
    old, new = v.base.repo.runbooks, v.head.repo.runbooks
    for rel in sorted(r for r in v.touched if kind_of(r) is Kind.RUNBOOK):
        key = stem(rel)
        was, now = old.get(key), new.get(key)
        if rel in v.base.broken or rel in v.head.broken:
            continue  # listed as unreadable
        if was is None and now is not None:
            meta = now.model
            yield Entry(Area.RUNBOOK, Action.ADDED, key, meta.title, rel, facts=(
                ("owner", meta.owner), ("last_reviewed", meta.last_reviewed.isoformat()),
                ("services", _show(meta.services))))
        elif now is None and was is not None:
            yield Entry(Area.RUNBOOK, Action.REMOVED, key, was.model.title, rel)
        elif was is not None and now is not None:
            deltas = _fields(was.model, now.model, ("title", "last_reviewed"))
            yield Entry(Area.RUNBOOK, Action.CHANGED, key, now.model.title, rel,
                        tuple(deltas or [Delta("text", None, None)]))


def _away(entry: TimeOff) -> str:
    why = f" ({entry.reason})" if entry.reason else ""
    return f"{utc_minute(entry.from_)} to {utc_minute(entry.to)}{why}"


def _time_off(v: Versions) -> Iterator[Entry]:
    if not v.readable(Kind.TIME_OFF):
        return
    old, new = v.base.repo.time_off, v.head.repo.time_off
    names = {**v.base.repo.people, **v.head.repo.people}
    for handle in sorted(old.keys() | new.keys()):
        was = [_away(e) for e in old.get(handle, [])]
        now = [_away(e) for e in new.get(handle, [])]
        if sorted(was) == sorted(now):
            continue  # the same windows (in another order, or only seconds apart)
        deltas = [Delta("time off", None, w) for w in now if w not in was]
        deltas += [Delta("time off", w, None) for w in was if w not in now]
        action = Action.ADDED if not was else Action.REMOVED if not now else Action.CHANGED
        person = names.get(handle)
        yield Entry(Area.TIME_OFF, action, handle, person.name if person else "",
                    v.path(Kind.TIME_OFF), tuple(deltas))


def compare(v: Versions) -> Iterator[Entry]:
    """Every change to the catalog, the runbooks and time off, by area, then id."""
    base, head = v.base.repo, v.head.repo
    yield from _catalog(v, Area.POLICY, Kind.POLICIES, base.policies, head.policies,
                        lambda p: p.name, _policy_facts, _policy_deltas)
    yield from _catalog(
        v, Area.SERVICE, Kind.SERVICES, base.services, head.services, lambda s: s.name,
        _service_facts,
        lambda a, b: _fields(a, b, ("name", "team", "tier", "escalation_policy", "runbooks")))
    yield from _catalog(v, Area.PERSON, Kind.PEOPLE, base.people, head.people,
                        lambda p: p.name, _person_facts,
                        lambda a, b: _fields(a, b, ("name", "timezone")))
    yield from _runbooks(v)
    yield from _time_off(v)
