"""What an import found: our documents as plain data, and what it could not translate."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Note:
    """Something of the vendor's that the import could not translate (or translated loosely).

    ``subject`` names the vendor object ("schedule 'Primary' (PXXXX)"); ``detail`` says what
    was left out and why, so that a team can decide what to do by hand.
    """

    subject: str
    detail: str


@dataclass(frozen=True, slots=True)
class VendorShift:
    """One piece of the vendor's own rendered schedule: who (a handle, or None for nobody)."""

    start: datetime
    end: datetime
    person: str | None


@dataclass(slots=True)
class Translation:
    """Everything one import produced, in our formats (SPEC §2.3), as plain data.

    Each document is a dict whose keys are in the order they are written. ``final`` holds,
    for each imported schedule id, the vendor's rendered final schedule over ``window``
    (PagerDuty's ``final_schedule``, Opsgenie's timeline, Grafana OnCall's final shifts).
    """

    vendor: str
    window: tuple[datetime, datetime]
    people: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    policies: list[dict[str, Any]] = field(default_factory=list)
    schedules: list[dict[str, Any]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    final: dict[str, list[VendorShift]] = field(default_factory=dict)

    def note(self, subject: str, detail: str) -> None:
        self.notes.append(Note(subject, detail))
