"""PagerDuty, through the Events API v2 (``POST /v2/enqueue``).

``declared`` (and ``severity-changed``, when a route sends it: the alert is raised, or updated
when it exists) triggers an alert, ``acknowledged`` acknowledges it, ``resolved`` resolves it;
the incident id is the ``dedup_key``, so all three land on one PagerDuty incident. The
severity maps by rank: the most severe configured level is ``critical``, the next ``error``, the
next ``warning``, the rest ``info``. Other events are not PagerDuty's: a route that sends them
to a PagerDuty channel sends nothing for them. The routing key comes from the environment at
send time and is never stored in the ledger.
"""

from __future__ import annotations

import json
from typing import Any

from incidentkit.followup.github.safe import Redactor
from incidentkit.model.notify import Channel
from incidentkit.notify.channels.base import Failure, Secrets, as_json, check_url, post
from incidentkit.notify.message import Message

DEFAULT_API = "https://events.pagerduty.com"
ACTIONS = {"declared": "trigger", "severity-changed": "trigger",
           "acknowledged": "acknowledge", "resolved": "resolve"}
SEVERITIES = ("critical", "error", "warning", "info")
MAX_SUMMARY = 1024


def applies(kind: str) -> bool:
    return kind in ACTIONS


def payload(message: Message, channel: Channel) -> dict[str, Any]:
    event, incident = message.event, message.event.incident
    action = ACTIONS[event.kind]
    body: dict[str, Any] = {"event_action": action, "dedup_key": incident.id}
    if action == "trigger":
        summary = f"{message.title} ({', '.join(incident.services)})"
        body["payload"] = {
            "summary": summary if len(summary) <= MAX_SUMMARY
            else summary[: MAX_SUMMARY - 1] + "…",
            "source": channel.source or "incidentkit",
            "severity": SEVERITIES[min(message.rank, len(SEVERITIES) - 1)],
            "timestamp": incident.started_at.isoformat().replace("+00:00", "Z"),
            "component": ", ".join(incident.services),
            "class": incident.severity,
            "custom_details": {
                "headline": message.headline,
                "status": incident.status,
                "commander": incident.roles.commander,
                "summary": incident.summary.strip(),
                "impact": incident.impact.summary.strip(),
            },
        }
        body["client"] = "incidentkit"
    return body


def needs(channel: Channel) -> list[str]:
    assert channel.routing_key_env is not None
    return [channel.routing_key_env]


def check(channel: Channel, secrets: Secrets) -> None:
    check_url(channel.api_url or DEFAULT_API, "api_url", channel)


def send(channel: Channel, body: dict[str, Any], secrets: Secrets, redact: Redactor) -> str:
    assert channel.routing_key_env is not None
    url = (channel.api_url or DEFAULT_API).rstrip("/") + "/v2/enqueue"
    event = {"routing_key": secrets[channel.routing_key_env], **body}
    answer = post(url, as_json(event), {"Content-Type": "application/json"}, redact)
    try:
        said = json.loads(answer.text)
    except ValueError:
        said = None
    if not isinstance(said, dict) or said.get("status") != "success":
        raise Failure(f"HTTP {answer.status} without status success")
    return f"HTTP {answer.status}, dedup_key {body['dedup_key']}"
