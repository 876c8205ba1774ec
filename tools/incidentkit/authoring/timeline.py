"""``log``: add an entry to an incident's timeline, in time order, by a byte-minimal edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from incidentkit.authoring.repository import editing, moment, open_incident, preceding
from incidentkit.store import edit


@dataclass(frozen=True, slots=True)
class Logged:
    rel: str
    path: Path
    #: Where the entry went in the timeline (0-based); earlier entries go before later ones.
    index: int
    at: datetime


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
    item: list[tuple[str, edit.Scalar]] = [("at", when), ("kind", kind), ("text", text.strip())]
    if author:
        item.append(("author", author))
    with open_incident(root, incident_id) as doc:
        entries = doc.incident.timeline
        index = next((i for i, entry in enumerate(entries) if entry.at > when), len(entries))
        with editing(doc.rel):
            keys = edit.mapping_keys(doc.text)
            new = edit.append_item(doc.text, ("timeline",), item, index=index,
                                   after=preceding(keys, "timeline"))
        written = doc.save(new)
    return Logged(written.rel, written.path, index, when)
