"""``status``: move an incident's status, record the update, keep the milestones in step.

Reopening: moving a resolved incident to an open status removes ``resolved_at``, and also
``mitigated_at`` unless the new status is ``monitoring`` (the fix is believed to hold); the
timeline gets a "Reopened: …" entry that keeps the removed times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from incidentkit.authoring.repository import editing, moment, open_incident, preceding, put_key
from incidentkit.authoring.timeline import add_entry
from incidentkit.errors import FatalError
from incidentkit.model.incident import STATUSES, Incident
from incidentkit.store import edit
from incidentkit.store.edit import format_timestamp

AUDIENCES = ("internal", "external")


@dataclass(frozen=True, slots=True)
class StatusChange:
    rel: str
    path: Path
    previous: str
    status: str
    at: datetime
    #: Milestone keys given a value (``mitigated_at``, ``resolved_at``), and removed on reopen.
    set_keys: tuple[str, ...]
    removed_keys: tuple[str, ...]

    @property
    def reopened(self) -> bool:
        return self.previous == "resolved" and self.status != "resolved"


def reopened_keys(incident: Incident, status: str) -> tuple[str, ...]:
    """The milestones that reopening ``incident`` to ``status`` removes (none if it is open)."""
    if incident.status != "resolved" or status == "resolved":
        return ()
    keys = ["resolved_at"] if incident.resolved_at is not None else []
    if status != "monitoring" and incident.mitigated_at is not None:
        keys.append("mitigated_at")
    return tuple(keys)


def reopened_text(incident: Incident, status: str, message: str | None) -> str:
    """The timeline entry of a reopening: what changed, why, and the times it removed."""
    removed = ", ".join(f"{key} {format_timestamp(getattr(incident, key))}"
                        for key in reopened_keys(incident, status))
    why = f": {message.strip()}" if message and message.strip() else ""
    return (f"Reopened: {incident.status} → {status}{why}"
            + (f" (removed {removed})" if removed else ""))


def change_status(
    *,
    root: Path,
    incident_id: str,
    status: str,
    message: str | None = None,
    audience: str = "internal",
    at: datetime | None = None,
    author: str | None = None,
) -> StatusChange:
    """Set ``status``, append a status update, and set or clear the milestones.

    ``monitoring`` sets ``mitigated_at`` if it is absent; ``resolved`` sets ``resolved_at`` (and
    ``mitigated_at`` if absent). Reopening a resolved incident removes ``resolved_at``, and
    ``mitigated_at`` unless the new status is ``monitoring``, and logs "Reopened: …" (by
    ``author``) in the timeline. Without ``message`` the update says "Status changed to
    <status>." (or "Status remains <status>.").
    """
    if status not in STATUSES:
        raise FatalError(f"{status!r} is not a status: use one of {', '.join(STATUSES)}")
    if audience not in AUDIENCES:
        raise FatalError(f"{audience!r} is not an audience: use internal or external")
    when = moment(at)
    with open_incident(root, incident_id) as doc:
        incident = doc.incident
        text = doc.text
        set_keys: list[str] = []
        removed: list[str] = []
        with editing(doc.rel):
            if status != incident.status:
                text = edit.set_scalar(text, ("status",), status)
            if status in ("monitoring", "resolved") and incident.mitigated_at is None:
                text = put_key(text, "mitigated_at", when)
                set_keys.append("mitigated_at")
            if status == "resolved" and incident.resolved_at is None:
                text = put_key(text, "resolved_at", when)
                set_keys.append("resolved_at")
            for key in reopened_keys(incident, status):
                text = edit.delete_key(text, (), key)
                removed.append(key)
            if incident.status == "resolved" and status != "resolved":
                text = add_entry(text, incident, at=when, kind="decision",
                                 what=reopened_text(incident, status, message), author=author)
            verb = "changed to" if status != incident.status else "remains"
            updates = incident.updates
            index = next((i for i, u in enumerate(updates) if u.at > when), len(updates))
            item: list[tuple[str, edit.Scalar]] = [
                ("at", when), ("status", status), ("audience", audience),
                ("text", (message or "").strip() or f"Status {verb} {status}."),
            ]
            text = edit.append_item(text, ("updates",), item, index=index,
                                    after=preceding(edit.mapping_keys(text), "updates"))
        written = doc.save(text)
    return StatusChange(written.rel, written.path, incident.status, status, when,
                        tuple(set_keys), tuple(removed))
