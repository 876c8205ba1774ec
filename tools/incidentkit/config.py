"""``incidentkit.yaml``: optional configuration; every key has a built-in default (SPEC §2.5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from incidentkit.model.fields import CustomField
from incidentkit.model.incident import Incident
from incidentkit.model.notify import NotifySettings
from incidentkit.model.postmortem import PostmortemMeta
from incidentkit.model.types import STRICT, Duration, NonEmptyStr, TimeZoneName

if TYPE_CHECKING:
    from incidentkit.model.postmortem import ActionItem

#: Names a custom field may not take: the built-in keys of incidents and postmortems, and the
#: built-in groupings of ``metrics --by`` and columns of the incidents index (a field is
#: grouped and filtered by its name).
RESERVED_FIELD_NAMES: frozenset[str] = frozenset(
    set(Incident.model_fields) | set(PostmortemMeta.model_fields)
    | {"month", "person", "service", "year", "none"}
)

#: The incident roles a severity may require (``roles:`` of an incident; experts are counted
#: apart, by ``min_experts``).
RoleName = Literal["commander", "communications", "scribe", "tech_lead"]
ROLE_NAMES: tuple[RoleName, ...] = ("commander", "communications", "scribe", "tech_lead")


@dataclass(frozen=True, slots=True)
class RequiredRoles:
    """Who an incident of a severity must name: these roles, and at least this many experts."""

    roles: tuple[RoleName, ...]
    experts: int


#: The required roles of a level that does not say, by its rank (its place in ``severities``,
#: 0 the most severe), as ``classify`` maps ranks: SEV0 needs a commander, a communications
#: lead, a scribe and an expert; SEV1 a commander and an expert; every other level a commander.
DEFAULT_ROLES_BY_RANK: tuple[RequiredRoles, ...] = (
    RequiredRoles(("commander", "communications", "scribe"), 1),
    RequiredRoles(("commander",), 1),
    RequiredRoles(("commander",), 0),
)


class SeverityLevel(BaseModel):
    model_config = STRICT

    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    name: NonEmptyStr
    description: NonEmptyStr
    ack_within: Duration
    update_every: Duration | None = None
    resolve_within: Duration | None = None
    postmortem: Literal["required", "optional"]
    #: Roles an incident of this level must fill (``null``: the default of its rank).
    required_roles: list[RoleName] | None = None
    #: How many experts it must name at least (``null``: the default of its rank).
    min_experts: Annotated[int, Field(ge=0, le=100, strict=True)] | None = None


def _h(hours: float) -> timedelta:
    return timedelta(hours=hours)


DEFAULT_SEVERITIES: tuple[SeverityLevel, ...] = (
    SeverityLevel(
        id="SEV0",
        name="Critical outage",
        description="Complete outage or critical data loss.",
        ack_within=timedelta(minutes=5),
        update_every=timedelta(minutes=15),
        resolve_within=_h(4),
        postmortem="required",
        required_roles=["commander", "communications", "scribe"],
        min_experts=1,
    ),
    SeverityLevel(
        id="SEV1",
        name="Major degradation",
        description="Major functionality degraded for a significant subset of customers.",
        ack_within=timedelta(minutes=15),
        update_every=timedelta(minutes=30),
        resolve_within=_h(8),
        postmortem="required",
        required_roles=["commander"],
        min_experts=1,
    ),
    SeverityLevel(
        id="SEV2",
        name="Minor",
        description="Minor functionality or a small subset of customers; a workaround exists.",
        ack_within=_h(1),
        update_every=_h(2),
        resolve_within=_h(72),
        postmortem="optional",
        required_roles=["commander"],
        min_experts=0,
    ),
    SeverityLevel(
        id="SEV3",
        name="Low",
        description="Cosmetic; no customer functionality affected.",
        ack_within=_h(24),
        update_every=None,
        resolve_within=None,
        postmortem="optional",
        required_roles=["commander"],
        min_experts=0,
    ),
)

DEFAULT_SECTIONS: tuple[str, ...] = (
    "Summary",
    "Impact",
    "Timeline",
    "Root Cause",
    "Contributing Factors",
    "Detection",
    "Response",
    "Lessons Learned",
    "Action Items",
    "Supporting Information",
)

DEFAULT_BLAMELESS: tuple[str, ...] = (
    "human error",
    "careless",
    "carelessness",
    "should have known",
    "fault of",
    "his fault",
    "her fault",
    "their fault",
    "negligent",
    "negligence",
    "incompetent",
    "sloppy",
    "screwed up",
    "messed up",
    "to blame",
)


class PostmortemPolicy(BaseModel):
    model_config = STRICT

    due_after: Duration = _h(48)
    final_within: Duration = timedelta(days=14)
    required_sections: list[NonEmptyStr] = list(DEFAULT_SECTIONS)
    #: Sections that may stay empty even in review (the front matter is the source of truth).
    may_be_empty: list[NonEmptyStr] = ["Action Items"]


class ActionItemPolicy(BaseModel):
    model_config = STRICT

    due_after: dict[Literal["P0", "P1", "P2", "P3"], Duration] = {
        "P0": timedelta(days=7),
        "P1": timedelta(days=14),
        "P2": timedelta(days=30),
        "P3": timedelta(days=90),
    }

    def due(self, item: ActionItem, resolved_at: datetime | None) -> datetime | date | None:
        """The one rule for when an action item is due: its ``due`` day (due by the end of
        it, :func:`~incidentkit.model.times.end_of_day`), else its priority's default after
        the incident's resolution, else not yet (the incident is open)."""
        if item.due is not None:
            return item.due
        if resolved_at is not None:
            return resolved_at + self.due_after[item.priority]
        return None


class GitHubSettings(BaseModel):
    model_config = STRICT

    repository: Annotated[
        str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
    ] | None = None
    label: NonEmptyStr = "incident-action-item"
    tracking_issue_title: NonEmptyStr = "Overdue incident follow-ups"
    site_url: str | None = None


class RunbookPolicy(BaseModel):
    model_config = STRICT

    review_every: Duration = timedelta(days=180)
    #: A runbook no drill has exercised (``kind: drill``, ``exercised``) for this long after
    #: its last exercise (or, never exercised, after its ``last_reviewed``) is overdue; null:
    #: drills are not required.
    exercise_every: Duration | None = None


Percent = Annotated[float, Field(ge=0, le=100)]


class Targets(BaseModel):
    """Floors ``incidentkit metrics`` reports against (null: none), and ``--fail-under``
    enforces. Percentages are of the incidents started in the window (near-misses and drills
    left out unless ``--include``)."""

    model_config = STRICT

    #: Resolved incidents acknowledged within their severity's ``ack_within``.
    ack_compliance: Percent | None = None
    #: Resolved incidents resolved within their severity's ``resolve_within``.
    resolve_compliance: Percent | None = None
    #: Resolved incidents whose severity requires a postmortem, with a ``final`` one.
    postmortem_completion: Percent | None = None
    #: Action items done (won't do left out).
    action_item_completion: Percent | None = None
    #: Incidents with a service that has a runbook (``runbooks`` in ``oncall/services.yaml``).
    runbook_coverage: Percent | None = None
    #: By service tier (``1``, ``2``, ``3``): the shortest mean time between a service's
    #: incidents.
    mtbf: dict[Literal["1", "2", "3"], Duration] = {}


class Config(BaseModel):
    model_config = STRICT

    severities: Annotated[list[SeverityLevel], Field(min_length=1)] = list(DEFAULT_SEVERITIES)
    postmortems: PostmortemPolicy = PostmortemPolicy()
    action_items: ActionItemPolicy = ActionItemPolicy()
    github: GitHubSettings = GitHubSettings()
    runbooks: RunbookPolicy = RunbookPolicy()
    blameless_phrases: list[NonEmptyStr] = list(DEFAULT_BLAMELESS)
    #: Time zone for displaying times when nothing else says (people have their own).
    timezone: TimeZoneName = "UTC"
    #: ``incidentkit notify``: channels and routes (none by default: nothing is sent).
    notify: NotifySettings = NotifySettings()
    #: What ``metrics`` compares the figures with (none by default).
    targets: Targets = Targets()
    #: Custom fields of incidents and postmortems (none by default), in the order the site
    #: shows them (model/fields.py).
    fields: list[CustomField] = []

    @model_validator(mode="after")
    def _unique_severities(self) -> Config:
        seen: set[str] = set()
        for level in self.severities:
            if level.id in seen:
                raise ValueError(f"severity {level.id} is listed twice")
            seen.add(level.id)
        return self

    def severity(self, severity_id: str) -> SeverityLevel | None:
        return next((s for s in self.severities if s.id == severity_id), None)

    def required_roles(self, severity_id: str) -> RequiredRoles | None:
        """What an incident of ``severity_id`` must name (``None``: not a configured level);
        what the level leaves out is the default of its rank (:data:`DEFAULT_ROLES_BY_RANK`)."""
        for rank, level in enumerate(self.severities):
            if level.id == severity_id:
                default = DEFAULT_ROLES_BY_RANK[min(rank, len(DEFAULT_ROLES_BY_RANK) - 1)]
                roles = default.roles if level.required_roles is None else tuple(
                    dict.fromkeys(level.required_roles))
                experts = default.experts if level.min_experts is None else level.min_experts
                return RequiredRoles(roles, experts)
        return None

    def custom_fields(self, kind: Literal["incidents", "postmortems"]) -> list[CustomField]:
        """The fields declared for ``kind``, in their order (the first of a name declared
        twice: ``validate`` reports the second)."""
        seen: dict[str, CustomField] = {}
        for declared in self.fields:
            if declared.applies(kind):
                seen.setdefault(declared.name, declared)
        return list(seen.values())

    @property
    def severity_ids(self) -> list[str]:
        return [s.id for s in self.severities]
