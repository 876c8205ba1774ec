"""Scheduled maintenance: ``maintenance/<YYYY>/<id>.yaml``, shown on the public status page.

Everything in a maintenance file is meant for customers (its updates have no audience: they are
all external). ``status`` is what the team says; the status page also moves a ``scheduled``
maintenance to in progress at ``starts_at`` and to completed at ``ends_at`` (see
:func:`phase`), so a file nobody touches during the window still shows the truth.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from incidentkit.model.types import INCIDENT_ID_PATTERN, STRICT, NonEmptyStr, Slug, Timestamp

MaintenanceStatus = Literal["scheduled", "in-progress", "completed"]
#: In the order a maintenance goes through them (updates never go back).
MAINTENANCE_STATUSES: tuple[MaintenanceStatus, ...] = ("scheduled", "in-progress", "completed")


class MaintenanceUpdate(BaseModel):
    model_config = STRICT

    at: Timestamp
    status: MaintenanceStatus
    text: NonEmptyStr


class Maintenance(BaseModel):
    model_config = STRICT

    #: ``YYYY-MM-DD-slug``, the day the window starts, as incident ids.
    id: Annotated[str, StringConstraints(pattern=INCIDENT_ID_PATTERN)]
    title: NonEmptyStr
    description: NonEmptyStr | None = None
    starts_at: Timestamp
    ends_at: Timestamp
    #: Service ids of ``oncall/services.yaml``.
    components: Annotated[list[Slug], Field(min_length=1)]
    status: MaintenanceStatus
    updates: list[MaintenanceUpdate] = []

    @property
    def year(self) -> str:
        return self.id[:4]


def phase(maintenance: Maintenance, now: datetime) -> MaintenanceStatus:
    """Where the maintenance stands at ``now``: the stored status, except that a ``scheduled``
    one is in progress from ``starts_at`` and completed from ``ends_at`` (an ``in-progress`` one
    stays in progress past its window until the team says it is completed: it overran)."""
    if maintenance.status != "scheduled":
        return maintenance.status
    if now >= maintenance.ends_at:
        return "completed"
    return "in-progress" if now >= maintenance.starts_at else "scheduled"
