"""What the page templates see: display-ready records computed from the Repository.

Values stay raw text: the templates escape them (see :mod:`incidentkit.site.render`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from incidentkit import present
from incidentkit.comms.view import STATUS_LABELS
from incidentkit.config import Config
from incidentkit.model.incident import Incident
from incidentkit.model.postmortem import ActionItem, PostmortemMeta
from incidentkit.repository import Repository
from incidentkit.site import paths
from incidentkit.site.history import Change
from incidentkit.site.text import plain_heading

_H1 = re.compile(r"^# +\S")
_ACTION_ITEMS = re.compile(r"^## +Action Items\s*#*\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Names:
    """Display names of people and services (the handle or id when unknown)."""

    people: dict[str, str]
    services: dict[str, str]

    @classmethod
    def of(cls, repo: Repository) -> Names:
        return cls({h: p.name for h, p in repo.people.items()},
                   {s: v.name for s, v in repo.services.items()})

    def person(self, handle: str | None) -> str:
        if handle is None:
            return "—"
        return present.person(handle, self.people.get(handle))

    def service(self, service_id: str) -> str:
        return self.services.get(service_id, service_id)


@dataclass(frozen=True, slots=True)
class Row:
    """One incident in a table."""

    id: str
    title: str
    severity: str
    status: str
    services: tuple[str, ...]
    started: datetime
    page: str
    postmortem: str | None
    #: ``incident``, ``near-miss`` or ``drill``.
    kind: str = "incident"
    #: The incident's custom fields (``fields:``), by name.
    fields: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, incident: Incident, postmortem: str | None = None) -> Row:
        return cls(incident.id, incident.title, incident.severity, incident.status,
                   tuple(incident.services), incident.started_at, paths.incident(incident),
                   postmortem, incident.kind, incident.fields)


def newest_first(repo: Repository, incidents: list[Incident] | None = None) -> list[Row]:
    chosen = incidents if incidents is not None else [d.model for d in repo.incidents.values()]
    chosen = sorted(chosen, key=lambda i: (i.started_at, i.id), reverse=True)
    return [Row.of(i, paths.postmortem(i.id) if i.id in repo.postmortems else None)
            for i in chosen]


@dataclass(frozen=True, slots=True)
class Milestone:
    label: str
    at: datetime | None
    since_start: timedelta | None
    #: The measure this milestone ends ("time to detect 15m"), or "".
    measure: str


def _measure(name: str, delta: timedelta | None) -> str:
    from incidentkit.comms.view import human_duration

    return "" if delta is None else f"{name} {human_duration(delta)}"


def milestones(incident: Incident) -> list[Milestone]:
    start = incident.started_at

    def since(moment: datetime | None) -> timedelta | None:
        return None if moment is None else moment - start

    ack = incident.acknowledged_at
    return [
        Milestone("Started", start, timedelta(0), "impact began"),
        Milestone("Detected", incident.detected_at, since(incident.detected_at),
                  _measure("time to detect", incident.detected_at - start)),
        Milestone("Acknowledged", ack, since(ack),
                  _measure("time to acknowledge",
                           None if ack is None else ack - incident.detected_at)),
        Milestone("Mitigated", incident.mitigated_at, since(incident.mitigated_at),
                  _measure("time to mitigate", since(incident.mitigated_at))),
        Milestone("Resolved", incident.resolved_at, since(incident.resolved_at),
                  _measure("time to resolve", since(incident.resolved_at))),
    ]


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def tags(incident: Incident) -> list[str]:
    """Material tags of an incident: its severity, its services and its own tags (deduplicated)."""
    return list(dict.fromkeys([incident.severity, *incident.services, *incident.tags]))


@dataclass(frozen=True, slots=True)
class Item:
    """An action item with its issue link."""

    item: ActionItem
    issue_url: str | None


def items(meta: PostmortemMeta | None, config: Config, github_url: str) -> list[Item]:
    if meta is None:
        return []
    repo = config.github.repository
    return [
        Item(a, None if a.issue is None or repo is None
             else f"{github_url.rstrip('/')}/{repo}/issues/{a.issue}")
        for a in meta.action_items
    ]


def closed(meta: PostmortemMeta) -> int:
    return sum(1 for a in meta.action_items if a.is_closed)


@dataclass(frozen=True, slots=True)
class Body:
    """A Markdown body cut where the site adds its parts: after the H1, at Action Items."""

    h1: str | None
    #: The H1's text for the page title, as written (entities of the sanitised body decoded).
    title: str | None
    head: str
    #: The text after the ``## Action Items`` heading, or ``None`` when there is none.
    tail: str | None


def cut(body: str) -> Body:
    lines = body.strip("\n").split("\n")
    h1 = None
    if lines and _H1.match(lines[0]):
        h1, lines = lines[0], lines[1:]
    title = None if h1 is None else html.unescape(plain_heading(h1)).replace("\\{", "{")
    for n, line in enumerate(lines):
        if _ACTION_ITEMS.match(line):
            return Body(h1, title, "\n".join(lines[: n + 1]).strip("\n"),
                        "\n".join(lines[n + 1:]).strip("\n"))
    return Body(h1, title, "\n".join(lines).strip("\n"), None)


def history_rows(changes: tuple[Change, ...]) -> list[Change]:
    return list(changes)
