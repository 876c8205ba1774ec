"""Runbooks: ``oncall/runbooks/<slug>.md`` (SPEC §2.4)."""

from __future__ import annotations

from pydantic import BaseModel

from incidentkit.model.types import STRICT, Day, Handle, NonEmptyStr, Slug

RUNBOOK_SECTIONS: tuple[str, ...] = (
    "Trigger", "Impact", "Diagnosis", "Steps", "Verification", "Rollback", "Escalation",
)


class RunbookMeta(BaseModel):
    """The front matter of a runbook."""

    model_config = STRICT

    title: NonEmptyStr
    services: list[Slug] = []
    owner: Handle
    last_reviewed: Day
    alerts: list[NonEmptyStr] = []
