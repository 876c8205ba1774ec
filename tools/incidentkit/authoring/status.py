"""``status``: move an incident's status, record the update, keep the milestones in step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from incidentkit.authoring.repository import editing, moment, open_incident, preceding
from incidentkit.errors import FatalError
from incidentkit.model.incident import STATUSES
from incidentkit.store import edit

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


def _put(text: str, key: str, value: datetime) -> str:
    """Set a top-level key, adding it after the key that precedes it in the spec."""
    keys = edit.mapping_keys(text)
    if key in keys:
        return edit.set_scalar(text, (key,), value)
    return edit.insert_key(text, (), key, value, after=preceding(keys, key))


def change_status(
    *,
    root: Path,
    incident_id: str,
    status: str,
    message: str | None = None,
    audience: str = "internal",
    at: datetime | None = None,
) -> StatusChange:
    """Set ``status``, append a status update, and set or clear the milestones.

    ``monitoring`` sets ``mitigated_at`` if it is absent; ``resolved`` sets ``resolved_at`` (and
    ``mitigated_at`` if absent); any open status removes ``resolved_at``. Without ``message`` the
    update says "Status changed to <status>." (or "Status remains <status>.").
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
                text = _put(text, "mitigated_at", when)
                set_keys.append("mitigated_at")
            if status == "resolved" and incident.resolved_at is None:
                text = _put(text, "resolved_at", when)
                set_keys.append("resolved_at")
            if status != "resolved" and incident.resolved_at is not None:
                text = edit.delete_key(text, (), "resolved_at")
                removed.append("resolved_at")
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
