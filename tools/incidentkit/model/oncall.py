"""People, services and escalation policies (SPEC §2.3)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from incidentkit.model.types import (
    EMAIL_PATTERN,
    GITHUB_LOGIN_PATTERN,
    NOTIFY_PATTERN,
    STRICT,
    Duration,
    Handle,
    NonEmptyStr,
    Slug,
    TimeZoneName,
)


class Person(BaseModel):
    model_config = STRICT

    handle: Handle
    name: NonEmptyStr
    github: Annotated[
        str, StringConstraints(pattern=GITHUB_LOGIN_PATTERN)
    ] | None = None
    email: Annotated[str, StringConstraints(pattern=EMAIL_PATTERN)] | None = None
    timezone: TimeZoneName = "UTC"


class StatusPageEntry(BaseModel):
    """How a service appears on the public status page (``incidentkit status-page``); a
    service without one is not shown there."""

    model_config = STRICT

    #: The name customers know it by ("Login", not "auth-api").
    name: NonEmptyStr
    #: Components of one group are shown together under its name ("Core", "Payments").
    group: NonEmptyStr | None = None
    #: One line for customers (the catalog's ``description`` is internal).
    description: NonEmptyStr | None = None


class Service(BaseModel):
    model_config = STRICT

    id: Slug
    name: NonEmptyStr
    team: NonEmptyStr
    tier: Literal[1, 2, 3]
    escalation_policy: Slug
    runbooks: list[Slug] = []
    description: str | None = None
    status_page: StatusPageEntry | None = None


NotifyTarget = Annotated[
    str, StringConstraints(pattern=NOTIFY_PATTERN)
]


class EscalationStep(BaseModel):
    model_config = STRICT

    after: Duration
    notify: Annotated[list[NotifyTarget], Field(min_length=1)]


class EscalationPolicy(BaseModel):
    model_config = STRICT

    id: Slug
    name: NonEmptyStr
    repeat: Annotated[int, Field(ge=0, le=10, strict=True)] = 0
    steps: Annotated[list[EscalationStep], Field(min_length=1)]
