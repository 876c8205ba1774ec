"""What happened in one commit (compared with its parent), as events people are told about.

Each event has an id that stays the same however the push is cut (a rerun, an overlapping range):
the incident id, the event and what identifies it: ``declared`` once per incident,
``acknowledged``/``resolved`` by the time the file gives, an update by its time and a hash of
its audience, status and text, a severity or status change by its values and the commit that
made it (a change back and forth is told each time).

A status change or a declaration that comes with an update of the new status carries that
update (one message, not two); it then also matches routes for ``update-posted``, and the
update's own id is its alias (a range that sees the update apart knows it was told). An event
is for ``external`` channels only when it carries an external update.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from incidentkit.changes.versions import Snapshot
from incidentkit.model.incident import Incident, StatusUpdate


@dataclass(frozen=True, slots=True)
class Event:
    #: Stable: the ledger's key (``2026-01-15-auth:update:2026-01-15T14:30:00Z:3f2a…``).
    id: str
    #: The event it is (``status-changed``), first, then any other it also matches.
    kinds: tuple[str, ...]
    incident: Incident
    #: The values before and after, for a change.
    before: str | None = None
    after: str | None = None
    #: The update it carries, if any.
    update: StatusUpdate | None = None

    @property
    def aliases(self) -> tuple[str, ...]:
        """The id the carried update has on its own: a range that sees the update without the
        change (or the declaration) must know it was told."""
        if self.update is None or self.kind == "update-posted":
            return ()
        return (update_id(self.incident.id, self.update),)

    @property
    def kind(self) -> str:
        return self.kinds[0]

    @property
    def audience(self) -> str:
        """``external`` for an external update of an incident; a near-miss or a drill never
        reaches customers."""
        return "external" if self.update is not None and self.update.audience == "external" \
            and self.incident.kind == "incident" else "internal"


def _time(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def update_id(key: str, update: StatusUpdate) -> str:
    digest = hashlib.sha256(
        f"{update.audience}\0{update.status}\0{update.text}".encode()).hexdigest()[:12]
    return f"{key}:update:{_time(update.at)}:{digest}"


def _carried(new: list[StatusUpdate], status: str) -> StatusUpdate | None:
    """The latest new update of ``status``, an external one first."""
    matching = [u for u in new if u.status == status]
    external = [u for u in matching if u.audience == "external"]
    chosen = external or matching
    return chosen[-1] if chosen else None


def _with_update(kinds: tuple[str, ...], update: StatusUpdate | None) -> tuple[str, ...]:
    return (*kinds, "update-posted") if update is not None else kinds


def _incident(key: str, old: Incident | None, new: Incident, commit: str) -> Iterator[Event]:
    fresh = [u for u in new.updates if old is None or u not in old.updates]
    carried: list[StatusUpdate] = []
    if old is None:
        update = _carried(fresh, new.status)
        yield Event(f"{key}:declared", _with_update(("declared",), update), new, update=update)
        if update is not None:
            carried.append(update)
    if new.acknowledged_at is not None and (old is None or old.acknowledged_at is None):
        yield Event(f"{key}:acknowledged:{_time(new.acknowledged_at)}", ("acknowledged",), new)
    if old is not None and old.severity != new.severity:
        yield Event(f"{key}:severity:{old.severity}>{new.severity}@{commit[:12]}",
                    ("severity-changed",), new, old.severity, new.severity)
    if old is not None and old.status != new.status:
        update = _carried(fresh, new.status)
        if new.status == "resolved" and new.resolved_at is not None:
            event_id = f"{key}:resolved:{_time(new.resolved_at)}"
            kinds = _with_update(("resolved", "status-changed"), update)
        else:
            event_id = f"{key}:status:{old.status}>{new.status}@{commit[:12]}"
            kinds = _with_update(("status-changed",), update)
        yield Event(event_id, kinds, new, old.status, new.status, update)
        if update is not None:
            carried.append(update)
    for update in fresh:
        if update not in carried:
            yield Event(update_id(key, update), ("update-posted",), new, update=update)


def events(base: Snapshot, head: Snapshot, commit: str) -> list[Event]:
    """Every event from ``base`` to ``head`` (the commit ``commit``), by incident."""
    found: list[Event] = []
    for key in sorted(head.incidents):
        new = head.incidents[key].model
        old_doc = base.incidents.get(key)
        # A file that could not be read before is compared with nothing: what it holds is
        # told unless the ledger knows it already (every id but a change's is its content's).
        found += _incident(key, None if old_doc is None else old_doc.model, new, commit)
    for key in sorted(head.postmortems):
        meta = head.postmortems[key].model
        was = base.postmortems.get(key)
        if meta.status != "final" or (was is not None and was.model.status == "final"):
            continue
        incident = head.incidents.get(meta.incident)
        if incident is not None:
            found.append(Event(f"{key}:postmortem-final", ("postmortem-final",),
                               incident.model))
    return found
