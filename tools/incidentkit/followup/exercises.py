"""When each runbook was last put to the test by a drill (``kind: drill``, ``exercised``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date

from incidentkit.model.incident import Incident


@dataclass(frozen=True, slots=True)
class Exercise:
    #: The day the drill started (UTC).
    day: date
    incident: Incident


def last_exercises(incidents: Iterable[Incident]) -> dict[str, Exercise]:
    """Each runbook's latest drill, by slug (a runbook no drill names is absent)."""
    found: dict[str, Exercise] = {}
    for incident in incidents:
        if incident.kind != "drill":
            continue
        day = incident.started_at.astimezone(UTC).date()
        for slug in incident.exercised:
            known = found.get(slug)
            if known is None or (day, incident.id) > (known.day, known.incident.id):
                found[slug] = Exercise(day, incident)
    return found
