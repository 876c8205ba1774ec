"""Postmortem files: ``postmortems/<id>.md``, YAML front matter and Markdown body (SPEC §2.2)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

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
    #: The values of the custom fields declared for postmortems (model/fields.py), by name.
    fields: dict[str, Any] = {}


#: The questions a drafted postmortem asks (``templates/postmortem.md.j2`` gets them as
#: ``prompts``, each inside an HTML comment). In a postmortem in review or final, a comment or
#: one of these texts left in the body is a placeholder: ``validate`` reports it.
DRAFT_PROMPTS: dict[str, str] = {
    "root cause": "What in the system made this failure possible? Follow the chain of causes; "
                  "describe conditions and decisions, not people.",
    "contributing factors": "What made the impact larger, longer or harder to see?",
    "response": "What did the responders do? What helped, and what slowed them down?",
    "action items": "Action items live in the front matter (action_items:); the site shows "
                    "them as a table.",
    "timeline": "What happened, and when?",
    "detection": "How did we find out? Could we have known sooner?",
    "went well": "What worked: tools, alerts, runbooks, people's knowledge?",
    "went wrong": "What made the response harder than it needed to be?",
    "lucky": "What could have made this much worse, and did not?",
    "supporting information": "Dashboards, graphs, logs, chat transcripts, related incidents.",
    "users affected": "how many?",
    "share affected": "what percentage of users or requests?",
    "ongoing": "fill in once it is resolved",
}
#: The prompt of a configured section the template has no question for.
OTHER_SECTION_PROMPT = "Write the {section} section."
