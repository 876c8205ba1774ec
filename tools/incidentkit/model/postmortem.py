"""Postmortem files: ``postmortems/<id>.md``, YAML front matter and Markdown body (SPEC §2.2)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from incidentkit.model.incident import IncidentIdStr
from incidentkit.model.types import ACTION_ITEM_ID_PATTERN, STRICT, Day, Handle, NonEmptyStr

PostmortemStatus = Literal["draft", "in-review", "final"]
Priority = Literal["P0", "P1", "P2", "P3"]
ItemStatus = Literal["open", "in-progress", "done", "wont-do"]


class ActionItem(BaseModel):
    model_config = STRICT

    id: Annotated[str, StringConstraints(pattern=ACTION_ITEM_ID_PATTERN)]
    title: NonEmptyStr
    owner: Handle
    priority: Priority
    due: Day | None = None
    status: ItemStatus = "open"
    issue: Annotated[int, Field(gt=0, strict=True)] | None = None

    @property
    def is_closed(self) -> bool:
        return self.status in ("done", "wont-do")


class PostmortemMeta(BaseModel):
    """The front matter of a postmortem."""

    model_config = STRICT

    incident: IncidentIdStr
    status: PostmortemStatus
    authors: Annotated[list[Handle], Field(min_length=1)]
    reviewers: list[Handle] = []
    action_items: list[ActionItem] = []
