"""``severity``: raise or lower an incident's severity, with the reason in the timeline.

``classify --incident`` applies its decision through :func:`change_severity` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from incidentkit.authoring.repository import editing, moment, open_incident, refuse_before
from incidentkit.authoring.timeline import add_entry
from incidentkit.config import Config
from incidentkit.errors import FatalError
from incidentkit.store import edit


@dataclass(frozen=True, slots=True)
class SeverityChange:
    rel: str
    path: Path
    previous: str
    severity: str
    at: datetime
    #: ``upgraded`` (more severe: earlier in incidentkit.yaml), ``downgraded`` or ``unchanged``.
    direction: str

    @property
    def changed(self) -> bool:
        return self.previous != self.severity


def direction(config: Config, previous: str, severity: str) -> str:
    if previous == severity:
        return "unchanged"
    ids = config.severity_ids
    old = ids.index(previous) if previous in ids else len(ids)
    return "upgraded" if ids.index(severity) < old else "downgraded"


def configured(config: Config, severity: str) -> str:
    """The configured id ``severity`` names (case does not matter); exit 2 when none does."""
    found = next((s for s in config.severity_ids if s.casefold() == severity.strip().casefold()),
                 None)
    if found is None:
        raise FatalError(f"severity {severity!r} is not configured: use one of "
                         f"{', '.join(config.severity_ids)} (incidentkit.yaml)")
    return found


def change_severity(
    *,
    root: Path,
    incident_id: str,
    severity: str,
    reason: str,
    at: datetime | None = None,
    author: str | None = None,
    refuse_same: bool = True,
) -> SeverityChange:
    """Set the severity and log the decision "Severity SEV1 → SEV0: <reason>".

    An unknown severity or an empty reason is a usage error (exit 2); the incident's own
    severity is refused (exit 1) unless ``refuse_same`` is false, when nothing is written and
    the change comes back unchanged. Nothing is written either way.
    """
    if not reason.strip():
        raise FatalError("give a reason for the change (--reason): it goes into the timeline")
    when = moment(at)
    with open_incident(root, incident_id) as doc:
        level = configured(doc.ctx.config, severity)
        previous = doc.incident.severity
        if level == previous:
            if refuse_same:
                raise FatalError(f"the severity is already {level}: nothing was written",
                                 location=doc.rel, status=1)
            return SeverityChange(doc.rel, doc.root / doc.rel, previous, level, when,
                                  "unchanged")
        refuse_before(when, "started_at", doc.incident, doc.rel, "the change")
        with editing(doc.rel):
            text = edit.set_scalar(doc.text, ("severity",), level)
            text = add_entry(text, doc.incident, at=when, kind="decision",
                             what=f"Severity {previous} → {level}: {reason.strip()}",
                             author=author)
        written = doc.save(text)
    return SeverityChange(written.rel, written.path, previous, level, when,
                          direction(doc.ctx.config, previous, level))
