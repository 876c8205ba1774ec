"""Checks of ``oncall/time-off.yaml``: schema, the people it names, each window's order, and
(as a warning) two entries of one person that overlap; and :func:`clashes`, the shifts of a
schedule that fall in their person's time off (the schedule's ``shift-in-time-off`` warning,
:mod:`incidentkit.checks.oncall`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import TypeAdapter

from incidentkit.checks import references, schema
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.located import Located
from incidentkit.model.schedule import Schedule
from incidentkit.model.timeoff import TimeOff, away
from incidentkit.schedule import Shift, final_shifts

ADAPTER: TypeAdapter[list[TimeOff]] = TypeAdapter(list[TimeOff])


def _overlaps(source: Located, entries: list[TimeOff]) -> list[Finding]:
    found = []
    for i, entry in enumerate(entries):
        if entry.to <= entry.from_:
            continue
        for j in range(i):
            other = entries[j]
            if other.person == entry.person and other.to > other.from_ \
                    and entry.overlaps(other.from_, other.to):
                found.append(source.finding(
                    (i, "from"), "overlapping-time-off",
                    f"this time off of {entry.person} ({entry.from_.isoformat()} to "
                    f"{entry.to.isoformat()}) overlaps entry {j + 1} ({other.from_.isoformat()} "
                    f"to {other.to.isoformat()}): merge the two entries or make them meet",
                    severity=Severity.WARNING))
                break
    return found


def check(source: Located, data: Any, ctx: Context
          ) -> tuple[list[TimeOff] | None, list[Finding]]:
    entries, findings = schema.validate(source, ADAPTER, data)
    if entries is None:
        return None, findings
    findings += references.dangling(
        source, "person", (((i, "person"), e.person) for i, e in enumerate(entries)),
        ctx.catalog.people)
    for i, entry in enumerate(entries):
        if entry.to <= entry.from_:
            findings.append(source.finding(
                (i, "to"), "time-order",
                f"to ({entry.to.isoformat()}) is not after from ({entry.from_.isoformat()}): "
                "the time off must end after it starts"))
    return entries, findings + _overlaps(source, entries)


def clashes(schedule: Schedule, entries: tuple[TimeOff, ...], *, start: datetime, end: datetime
            ) -> list[tuple[Shift, TimeOff]]:
    """The final shifts of ``schedule`` over ``[start, end)`` that fall (in part) in their
    person's time off, each with the first entry it falls in, in time order."""
    if not entries:
        return []
    found = []
    for shift in final_shifts(schedule, start=start, end=end):
        entry = away(list(entries), shift.person, shift.start, shift.end)
        if entry is not None:
            found.append((shift, entry))
    return found


def clash_start(shift: Shift, entry: TimeOff) -> datetime:
    """The first moment the shift and the time off share."""
    return max(shift.start, entry.from_)
