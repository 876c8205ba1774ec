"""Our computed shifts against the vendor's own rendering of the same schedule.

Both are turned into one timeline over the comparison window, nobody included, and every stretch
in which they name different people (or one names nobody) is a difference. Consecutive pieces
that agree are not reported, so a vendor that splits a shift where we do not (or the reverse)
is not a difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from incidentkit.imports.plan import VendorShift
from incidentkit.model.schedule import Schedule
from incidentkit.schedule import final_shifts


@dataclass(frozen=True, slots=True)
class Difference:
    start: datetime
    end: datetime
    ours: str | None
    theirs: str | None


@dataclass(frozen=True, slots=True)
class Comparison:
    schedule: str
    #: Our shifts in the window (as many as ``oncall show`` lists).
    shifts: int
    differences: tuple[Difference, ...]


def _who(pieces: Sequence[tuple[datetime, datetime, str | None]], at: datetime) -> str | None:
    for start, end, person in pieces:
        if start <= at < end:
            return person
    return None


def compare(schedule: Schedule, vendor: Sequence[VendorShift], start: datetime,
            end: datetime) -> Comparison:
    """Where ``schedule`` and the vendor's final schedule disagree in ``[start, end)``."""
    ours = [(s.start, s.end, s.person) for s in final_shifts(schedule, start=start, end=end)]
    theirs = [(max(v.start, start), min(v.end, end), v.person) for v in vendor
              if v.start < end and start < v.end]
    cuts = sorted({start, end, *(t for s, e, _ in ours + theirs for t in (s, e))})
    found: list[Difference] = []
    for low, high in zip(cuts, cuts[1:], strict=False):
        a, b = _who(ours, low), _who(theirs, low)
        if a == b:
            continue
        if found and found[-1].end == low and (found[-1].ours, found[-1].theirs) == (a, b):
            found[-1] = Difference(found[-1].start, high, a, b)
        else:
            found.append(Difference(low, high, a, b))
    return Comparison(schedule.id, len(ours), tuple(found))
