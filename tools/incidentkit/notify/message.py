"""An event in words, before any channel's format: a title, a headline and a body, plain text.

Channels escape these once, for their own format. An ``external`` channel sees only what was
written for customers: the title, the status and the update's text; an ``internal`` one sees the
incident's summary, impact and the change too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from incidentkit.comms.view import STATUS_LABELS, IncidentView, build, format_time
from incidentkit.config import Config
from incidentkit.model.oncall import Person, Service
from incidentkit.notify.events import Event
from incidentkit.present import duration


@dataclass(frozen=True, slots=True)
class Message:
    event: Event
    view: IncidentView
    #: ``[SEV1] Login failures for ~30% of users`` (without the severity for customers;
    #: ``[SEV2] [drill] …`` for a drill or a near-miss, which only internal channels get).
    title: str
    #: ``Status changed: Investigating → Identified``.
    headline: str
    #: Paragraphs.
    body: tuple[str, ...]
    #: ``internal`` or ``external``: whom the text is for.
    audience: str
    #: The severity's rank: 0 the most severe.
    rank: int

    @property
    def text(self) -> str:
        """Everything as plain text (email, webhooks, fallbacks)."""
        return "\n\n".join((self.headline, *self.body))


def _headline(event: Event, config: Config) -> str:
    incident = event.incident
    kind = event.kind
    if kind == "declared":
        return f"Incident declared: {incident.severity}, {STATUS_LABELS[incident.status]}"
    if kind == "acknowledged":
        assert incident.acknowledged_at is not None
        return f"Acknowledged at {format_time(incident.acknowledged_at)}"
    if kind == "severity-changed":
        order = config.severity_ids
        raised = (event.before in order and event.after in order
                  and order.index(str(event.after)) < order.index(str(event.before)))
        return (f"Severity {'raised' if raised else 'lowered'}: "
                f"{event.before} → {event.after}")
    if kind == "resolved":
        assert incident.resolved_at is not None
        return (f"Resolved at {format_time(incident.resolved_at)} after "
                f"{duration(incident.resolved_at - incident.started_at)}")
    if kind == "status-changed":
        return (f"Status changed: {STATUS_LABELS.get(str(event.before), event.before)} → "
                f"{STATUS_LABELS[incident.status]}")
    if kind == "postmortem-final":
        return "Postmortem final"
    assert event.update is not None
    return (f"Update ({event.update.audience}): {STATUS_LABELS[event.update.status]} at "
            f"{format_time(event.update.at)}")


def _body(event: Event, view: IncidentView, audience: str) -> tuple[str, ...]:
    update = event.update.text.strip() if event.update is not None else None
    if audience == "external":
        return (update,) if update else ()
    parts: list[str] = []
    if update:
        parts.append(update)
    if event.kind in ("declared", "severity-changed") or not parts:
        parts.append(view.summary)
        extent = f" ({view.impact.extent})" if view.impact.extent else ""
        parts.append(f"Impact: {view.impact.summary}{extent}")
    if event.kind == "postmortem-final":
        parts.append(f"The postmortem postmortems/{view.id}.md is final.")
    return tuple(parts)


def compose(event: Event, config: Config, *, now: datetime, audience: str,
            people: dict[str, Person], services: dict[str, Service]) -> Message:
    """The message of ``event`` for channels of ``audience``."""
    view = build(event.incident, config, now=now, people=people.values(),
                 services=services.values())
    ids = config.severity_ids
    rank = ids.index(event.incident.severity) if event.incident.severity in ids else len(ids)
    kind = event.incident.kind
    marked = view.title if kind == "incident" else f"[{kind}] {view.title}"
    title = view.title if audience == "external" else f"[{view.severity.id}] {marked}"
    return Message(event, view, title,
                   _headline(event, config), _body(event, view, audience), audience, rank)
