"""``log``: add an entry to an incident's timeline, in time order, by a byte-minimal edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from incidentkit.authoring.repository import editing, moment, open_incident, preceding
from incidentkit.model.incident import Incident
from incidentkit.store import edit


@dataclass(frozen=True, slots=True)
class Logged:
    rel: str
    path: Path
    #: Where the entry went in the timeline (0-based); earlier entries go before later ones.
    index: int
    at: datetime


def entry_index(incident: Incident, at: datetime) -> int:
    """Where an entry at ``at`` goes: after the last entry that is not later than it."""
    entries = incident.timeline
    return next((i for i, entry in enumerate(entries) if entry.at > at), len(entries))


def add_entry(
    text: str, incident: Incident, *, at: datetime, kind: str, what: str,
    author: str | None = None,
) -> str:
    """``text`` (the incident ``incident`` as read) with a timeline entry added in time order.

    Every command that changes an incident leaves one, so the timeline says what changed.
    """
    item: list[tuple[str, edit.Scalar]] = [("at", at), ("kind", kind), ("text", what.strip())]
    if author:
        item.append(("author", author))
    return edit.append_item(text, ("timeline",), item, index=entry_index(incident, at),
                            after=preceding(edit.mapping_keys(text), "timeline"))


def log_entry(
    *,
    root: Path,
    incident_id: str,
    text: str,
    kind: str = "note",
    author: str | None = None,
    at: datetime | None = None,
) -> Logged:
    """Add ``text`` to the timeline at ``at`` (now when omitted).

    The entry goes after the last entry that is not later than it, so the timeline stays in
    time order when an entry is logged after the fact.
    """
    when = moment(at)
    with open_incident(root, incident_id) as doc:
        index = entry_index(doc.incident, when)
        with editing(doc.rel):
            new = add_entry(doc.text, doc.incident, at=when, kind=kind, what=text, author=author)
        written = doc.save(new)
    return Logged(written.rel, written.path, index, when)
