"""``ack``: record that a responder acknowledged the incident (``acknowledged_at``).

MTTA is ``acknowledged_at − detected_at``; a second ``ack`` is refused (the first responder's
time is the one that counts) unless ``force`` corrects it. The timeline gets an ``action``
entry "Acknowledged".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from incidentkit.authoring.repository import (
    editing,
    moment,
    open_incident,
    put_key,
    refuse_before,
)
from incidentkit.authoring.timeline import add_entry
from incidentkit.errors import FatalError
from incidentkit.store.edit import format_timestamp


@dataclass(frozen=True, slots=True)
class Acknowledged:
    rel: str
    path: Path
    at: datetime
    #: The time it replaced (with ``force``), else ``None``.
    previous: datetime | None


def acknowledge(
    *,
    root: Path,
    incident_id: str,
    at: datetime | None = None,
    author: str | None = None,
    force: bool = False,
) -> Acknowledged:
    """Set ``acknowledged_at`` to ``at`` (now when omitted) and log "Acknowledged".

    Refused (exit 1, nothing written) when the incident is already acknowledged, unless
    ``force``, and when ``at`` is before ``detected_at``.
    """
    when = moment(at)
    with open_incident(root, incident_id) as doc:
        incident = doc.incident
        previous = incident.acknowledged_at
        if previous is not None and (not force or previous == when):
            hint = "" if force else "; pass --force to change the time"
            raise FatalError(
                f"already acknowledged at {format_timestamp(previous)}: nothing was written"
                f"{hint}", location=doc.rel, status=1,
            )
        refuse_before(when, "detected_at", incident, doc.rel, "acknowledging")
        what = "Acknowledged"
        if previous is not None:
            what += f" (was {format_timestamp(previous)})"
        with editing(doc.rel):
            text = put_key(doc.text, "acknowledged_at", when)
            text = add_entry(text, incident, at=when, kind="action", what=what, author=author)
        written = doc.save(text)
    return Acknowledged(written.rel, written.path, when, previous)
