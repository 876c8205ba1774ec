"""Which channels an event goes to: the routes whose events, severities and services match it.

An ``internal`` event (everything but an external update) goes to internal channels only; an
event that carries an external update goes to internal and external channels alike (never one of a
near-miss or a drill: those stay internal). A PagerDuty
channel takes only what its API has an action for (:mod:`.channels.pagerduty`). Each channel gets
an event once, however many routes name it; channels come in the order they are defined.
"""

from __future__ import annotations

from incidentkit.config import Config
from incidentkit.model.notify import AtLeast, Channel, Route
from incidentkit.notify.channels import pagerduty
from incidentkit.notify.events import Event


def _severity(route: Route, severity: str, order: list[str]) -> bool:
    if route.severities is None:
        return True
    if isinstance(route.severities, AtLeast):
        if severity not in order or route.severities.at_least not in order:
            return False
        return order.index(severity) <= order.index(route.severities.at_least)
    return severity in route.severities


def matches(route: Route, event: Event, order: list[str]) -> bool:
    incident = event.incident
    return (any(kind in route.events for kind in event.kinds)
            and _severity(route, incident.severity, order)
            and (route.services is None or any(s in route.services for s in incident.services)))


def channels(event: Event, config: Config) -> list[Channel]:
    settings = config.notify
    order = config.severity_ids
    named = {name for route in settings.routes if matches(route, event, order)
             for name in route.channels}
    chosen = []
    for channel in settings.channels:
        if channel.id not in named:
            continue
        if channel.audience == "external" and event.audience != "external":
            continue
        if channel.type == "pagerduty" and not pagerduty.applies(event.kind):
            continue
        chosen.append(channel)
    return chosen
