"""Incident files: ``incidents/<YYYY>/<id>.yaml`` (SPEC §2.1)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from incidentkit.model.types import (
    INCIDENT_ID_PATTERN,
    STRICT,
    TAG_PATTERN,
    URL_PATTERN,
    Handle,
    NonEmptyStr,
    Slug,
    StrictBool,
    Timestamp,
)

Status = Literal["investigating", "identified", "monitoring", "resolved"]
STATUSES: tuple[Status, ...] = ("investigating", "identified", "monitoring", "resolved")
Detection = Literal["automated", "manual", "customer"]
EntryKind = Literal["alert", "action", "decision", "communication", "change", "note"]
ENTRY_KINDS: tuple[EntryKind, ...] = (
    "alert", "action", "decision", "communication", "change", "note",
)
Audience = Literal["internal", "external"]
IncidentIdStr = Annotated[str, StringConstraints(pattern=INCIDENT_ID_PATTERN)]


class Impact(BaseModel):
    model_config = STRICT

    summary: NonEmptyStr
    users_affected: Annotated[int, Field(ge=0, strict=True)] | None = None
    percent: Annotated[float, Field(ge=0, le=100)] | None = None
    customer_facing: StrictBool


class Roles(BaseModel):
    model_config = STRICT

    commander: Handle
    communications: Handle | None = None
    scribe: Handle | None = None
    tech_lead: Handle | None = None
    experts: list[Handle] = []


class TimelineEntry(BaseModel):
    model_config = STRICT

    at: Timestamp
    kind: EntryKind
    text: NonEmptyStr
    author: Handle | None = None


class StatusUpdate(BaseModel):
    model_config = STRICT

    at: Timestamp
    status: Status
    audience: Audience
    text: NonEmptyStr


class Link(BaseModel):
    model_config = STRICT

    title: NonEmptyStr
    url: Annotated[str, StringConstraints(pattern=URL_PATTERN)]


IncidentKind = Literal["incident", "near-miss", "drill"]
INCIDENT_KINDS: tuple[IncidentKind, ...] = ("incident", "near-miss", "drill")


class Incident(BaseModel):
    model_config = STRICT

    id: IncidentIdStr
    #: ``near-miss``: caught before it hurt; ``drill``: a rehearsal (game day). Both validate
    #: and have pages like any incident, and stay out of the figures unless asked for.
    kind: IncidentKind = "incident"
    title: NonEmptyStr
    #: The title customers see on the public status page (default: ``title``).
    public_title: NonEmptyStr | None = None
    severity: NonEmptyStr
    status: Status
    summary: NonEmptyStr
    services: Annotated[list[Slug], Field(min_length=1)]
    detection: Detection
    impact: Impact
    roles: Roles
    started_at: Timestamp
    detected_at: Timestamp
    acknowledged_at: Timestamp | None = None
    mitigated_at: Timestamp | None = None
    resolved_at: Timestamp | None = None
    timeline: list[TimelineEntry] = []
    updates: list[StatusUpdate] = []
    tags: list[Annotated[str, StringConstraints(pattern=TAG_PATTERN)]] = []
    runbooks: list[Slug] = []
    related: list[IncidentIdStr] = []
    links: list[Link] = []
    #: A drill's runbooks it put to the test (slugs of ``oncall/runbooks/``).
    exercised: list[Slug] = []
    #: The values of the custom fields ``incidentkit.yaml`` declares (model/fields.py), by
    #: name; checked against their declarations by checks/fields.py.
    fields: dict[str, Any] = {}

    @property
    def year(self) -> str:
        return self.id[:4]

    @property
    def is_open(self) -> bool:
        return self.status != "resolved"

    def people(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every handle the incident names, with the path of the key that names it."""
        found: list[tuple[tuple[str | int, ...], str]] = [
            (("roles", "commander"), self.roles.commander)
        ]
        for role in ("communications", "scribe", "tech_lead"):
            handle = getattr(self.roles, role)
            if handle is not None:
                found.append((("roles", role), handle))
        found.extend((("roles", "experts", i), h) for i, h in enumerate(self.roles.experts))
        found.extend(
            (("timeline", i, "author"), e.author)
            for i, e in enumerate(self.timeline)
            if e.author is not None
        )
        return found

    def last_update_at(self) -> datetime | None:
        return max((u.at for u in self.updates), default=None)
