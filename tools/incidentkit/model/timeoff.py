"""Time off: ``oncall/time-off.yaml``, a list of the windows in which a person is away.

Time off does not change who is on call (covering is done with an override); ``validate`` warns
about a shift that falls in its person's time off, and ``oncall now`` / ``oncall show`` mark it.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from incidentkit.model.types import STRICT, Handle, NonEmptyStr, Timestamp


class TimeOff(BaseModel):
    model_config = STRICT

    #: A handle of ``oncall/people.yaml``.
    person: Handle
    from_: Timestamp = Field(alias="from")
    to: Timestamp
    reason: NonEmptyStr | None = None

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Whether the window ``[start, end)`` shares a moment with this time off."""
        return self.from_ < end and start < self.to


def away(entries: list[TimeOff], person: str, start: datetime, end: datetime
         ) -> TimeOff | None:
    """The first entry of ``person``'s time off that overlaps ``[start, end)``, if any."""
    for entry in entries:
        if entry.person == person and entry.overlaps(start, end):
            return entry
    return None


def by_person(entries: list[TimeOff]) -> dict[str, list[TimeOff]]:
    """Each person's entries, in the file's order."""
    found: dict[str, list[TimeOff]] = {}
    for entry in entries:
        found.setdefault(entry.person, []).append(entry)
    return found
