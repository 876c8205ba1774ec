"""What a change does to on call, as records: each schedule's shifts over the coming weeks in
both versions (computed by :mod:`~incidentkit.changes.schedules`), and the people, services,
escalation policies, runbooks and time off in words (:mod:`~incidentkit.changes.catalog`).

A schedule is looked at when its file changed, or when a person it names (a layer's member, an
override's ``person`` or ``replaces``) was added, removed or changed in ``oncall/people.yaml`` or
in ``oncall/time-off.yaml``. Its final shifts are computed by the schedule engine in both
versions over the same window ``[start, end)`` and compared: the hours each person gains or
loses, the gaps opened and closed, the windows an override leaves uncovered on purpose
(``person: null``, never counted as gaps) opened and closed, the fairness spread of
:mod:`incidentkit.oncall.load` before and after, and who is newly on call. A schedule whose
file changed is listed even when its shifts in the window did not; one brought in by a person's
change only when they did. A file one version cannot read is listed as unreadable by the diff
and not compared here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from incidentkit.changes.compare import Delta
from incidentkit.changes.versions import Snapshot
from incidentkit.repository import Repository
from incidentkit.store.layout import Kind, Layout, stem


class Area(StrEnum):
    """What kind of on-call thing changed, in the order of the report's groups."""

    SCHEDULE = "schedule"
    POLICY = "escalation-policy"
    SERVICE = "service"
    PERSON = "person"
    RUNBOOK = "runbook"
    TIME_OFF = "time-off"


class Action(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Entry:
    """A person, service, escalation policy, runbook or someone's time off that changed."""

    area: Area
    action: Action
    #: The handle, id or runbook slug.
    id: str
    #: Its name or title (the version that has it; the head's when both do).
    name: str
    #: The file, in the head version (in the base version for a removal).
    path: str
    #: What changed; ``before``/``after`` are ``None`` where a thing was added or removed, both
    #: ``None`` for a field that was edited in a way not worth spelling out.
    deltas: tuple[Delta, ...] = ()
    #: What describes a thing added (or removed).
    facts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PersonHours:
    """One person's time on call in the window before and after, in microseconds."""

    person: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class Window:
    """An interval with nobody on call: a gap (``reason`` ``None``), or a window uncovered on
    purpose and its reason."""

    start: datetime
    end: datetime
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Spread:
    """The fairness figure (:class:`incidentkit.oncall.load.Spread`): microseconds between the
    most and the least loaded member."""

    difference: int
    most: str
    most_hours: int
    least: str
    least_hours: int


@dataclass(frozen=True, slots=True)
class FirstShift:
    """Someone newly on call, and their first shift in the window."""

    person: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    id: str
    name: str
    #: The file, in the head version (in the base version for a removal).
    path: str
    #: The schedule's time zone, in which its intervals are shown.
    timezone: str
    action: Action
    #: Its file did not change: the people whose change brought it in.
    because: tuple[str, ...]
    #: The people whose hours changed, by handle.
    hours: tuple[PersonHours, ...]
    gaps_opened: tuple[Window, ...]
    gaps_closed: tuple[Window, ...]
    uncovered_opened: tuple[Window, ...]
    uncovered_closed: tuple[Window, ...]
    #: ``None``: no member of the schedule is in effect in the window (or no such version).
    spread_before: Spread | None
    spread_after: Spread | None
    #: People with no time on call in the window before, and some after.
    newly: tuple[FirstShift, ...]

    @property
    def same(self) -> bool:
        """Nothing differs in the window."""
        return not (self.hours or self.gaps_opened or self.gaps_closed or self.uncovered_opened
                    or self.uncovered_closed or self.newly) and (
            self.spread_before == self.spread_after)


@dataclass(frozen=True, slots=True)
class OnCall:
    """What a change does to on call over ``[start, end)`` (``weeks`` weeks)."""

    start: datetime
    end: datetime
    weeks: int
    schedules: tuple[ScheduleChange, ...]
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Version:
    """One version as the on-call comparison reads it."""

    snap: Snapshot
    #: Its schedule files by stem.
    schedules: dict[str, str]
    #: The files it could not read.
    broken: frozenset[str]
    layout: Layout

    @classmethod
    def of(cls, snap: Snapshot) -> Version:
        layout = snap.version.layout()
        return cls(snap, {stem(rel): rel for rel in layout.of(Kind.SCHEDULE)},
                   frozenset(f.path for f in snap.repository.findings), layout)

    @property
    def repo(self) -> Repository:
        return self.snap.repository


@dataclass(frozen=True, slots=True)
class Versions:
    """The two versions, and the on-call files that differ between them."""

    base: Version
    head: Version
    #: The on-call files that differ.
    touched: frozenset[str]

    def readable(self, kind: Kind) -> bool:
        """Both versions read the kind's single file (or have none)."""
        return not any(set(v.layout.of(kind)) & v.broken for v in (self.base, self.head))

    def path(self, kind: Kind) -> str:
        """The kind's single file: the head's, else the base's."""
        for version in (self.head, self.base):
            files = version.layout.of(kind)
            if files:
                return files[0]
        return ""  # pragma: no cover - a compared kind without a file has no changes

    @classmethod
    def of(cls, base: Snapshot, head: Snapshot, touched: frozenset[str]) -> Versions:
        return cls(Version.of(base), Version.of(head), touched)
