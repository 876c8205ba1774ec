"""What a communication template sees: an incident as display-ready, immutable records.

Times are formatted in UTC, people and services carry their display names, durations read as
``1h 30m``. Values stay raw text: escaping is the renderer's job, done once, for every value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from incidentkit.config import Config
from incidentkit.model.incident import Incident
from incidentkit.model.oncall import Person, Service
from incidentkit.present import duration

STATUS_LABELS = {
    "investigating": "Investigating",
    "identified": "Identified",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
}


@dataclass(frozen=True, slots=True)
class Named:
    """A person or service: ``{{ x }}`` prints its name; ``x.id`` is its handle or id."""

    id: str
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class SeverityView:
    id: str
    name: str
    description: str

    def __str__(self) -> str:
        return self.id


@dataclass(frozen=True, slots=True)
class ImpactView:
    summary: str
    #: ``120,000`` or ``None``.
    users_affected: str | None
    #: ``30%`` or ``None``.
    percent: str | None
    customer_facing: bool

    @property
    def extent(self) -> str | None:
        """``120,000 users, 30%``, either part alone, or ``None``."""
        users = f"{self.users_affected} users" if self.users_affected else None
        return ", ".join(p for p in (users, self.percent) if p) or None


@dataclass(frozen=True, slots=True)
class RolesView:
    commander: Named
    communications: Named | None
    scribe: Named | None
    tech_lead: Named | None
    experts: tuple[Named, ...]


@dataclass(frozen=True, slots=True)
class UpdateView:
    at: str
    status: str
    status_label: str
    audience: str
    text: str


@dataclass(frozen=True, slots=True)
class LinkView:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class IncidentView:
    id: str
    title: str
    summary: str
    status: str
    status_label: str
    is_open: bool
    severity: SeverityView
    services: tuple[Named, ...]
    impact: ImpactView
    roles: RolesView
    started_at: str
    detected_at: str
    acknowledged_at: str | None
    mitigated_at: str | None
    resolved_at: str | None
    #: From start to resolution, or to now while open (``1h 30m``).
    duration: str
    #: The latest update with audience ``external`` (what customers were last told).
    latest_update: UpdateView | None
    #: When the next status update is due if one is posted now (the severity's cadence).
    next_update_at: str | None
    links: tuple[LinkView, ...]
    tags: tuple[str, ...]
    #: Raw times for code that needs them (Slack's localised dates), not for templates.
    started: datetime
    resolved: datetime | None


def format_time(moment: datetime) -> str:
    """``2026-01-15 14:00 UTC`` (seconds only when there are some)."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%d %H:%M:%S UTC" if utc.second else "%Y-%m-%d %H:%M UTC")


def _optional_time(moment: datetime | None) -> str | None:
    return format_time(moment) if moment is not None else None


def human_duration(delta: timedelta) -> str:
    """``1h 30m``, ``2d 4h``, ``45m``; whole minutes, never negative."""
    return duration(delta)


def _names(items: Iterable[Person | Service], key: str) -> dict[str, str]:
    return {getattr(item, key): item.name for item in items}


def build(
    incident: Incident,
    config: Config,
    *,
    now: datetime,
    people: Iterable[Person] = (),
    services: Iterable[Service] = (),
) -> IncidentView:
    """The view of ``incident`` as of ``now``."""
    person_names = _names(people, "handle")
    service_names = _names(services, "id")

    def person(handle: str | None) -> Named | None:
        return None if handle is None else Named(handle, person_names.get(handle, handle))

    level = config.severity(incident.severity)
    severity = SeverityView(
        incident.severity,
        level.name if level else incident.severity,
        level.description if level else "",
    )
    end = incident.resolved_at if incident.resolved_at is not None else now
    external = [u for u in incident.updates if u.audience == "external"]
    latest = max(reversed(external), key=lambda u: u.at, default=None)  # ties: the last
    cadence = level.update_every if level else None
    impact = incident.impact
    roles = incident.roles
    commander = person(roles.commander)
    assert commander is not None
    return IncidentView(
        id=incident.id,
        title=incident.title,
        summary=incident.summary.strip(),
        status=incident.status,
        status_label=STATUS_LABELS[incident.status],
        is_open=incident.is_open,
        severity=severity,
        services=tuple(Named(s, service_names.get(s, s)) for s in incident.services),
        impact=ImpactView(
            summary=impact.summary.strip(),
            users_affected=None if impact.users_affected is None
            else f"{impact.users_affected:,}",
            percent=None if impact.percent is None else f"{impact.percent:g}%",
            customer_facing=impact.customer_facing,
        ),
        roles=RolesView(
            commander=commander,
            communications=person(roles.communications),
            scribe=person(roles.scribe),
            tech_lead=person(roles.tech_lead),
            experts=tuple(Named(h, person_names.get(h, h)) for h in roles.experts),
        ),
        started_at=format_time(incident.started_at),
        detected_at=format_time(incident.detected_at),
        acknowledged_at=_optional_time(incident.acknowledged_at),
        mitigated_at=_optional_time(incident.mitigated_at),
        resolved_at=_optional_time(incident.resolved_at),
        duration=human_duration(end - incident.started_at),
        latest_update=None if latest is None else UpdateView(
            at=format_time(latest.at),
            status=latest.status,
            status_label=STATUS_LABELS[latest.status],
            audience=latest.audience,
            text=latest.text.strip(),
        ),
        next_update_at=format_time(now + cadence)
        if incident.is_open and cadence is not None else None,
        links=tuple(LinkView(link.title, link.url) for link in incident.links),
        tags=tuple(incident.tags),
        started=incident.started_at,
        resolved=incident.resolved_at,
    )
