"""A generic JSON webhook, signed with HMAC-SHA256.

The body is the event as JSON (compact UTF-8, the exact bytes signed). Two headers go with it:

* ``X-Incidentkit-Timestamp``: the Unix time of sending, in seconds;
* ``X-Incidentkit-Signature``: ``sha256=`` and the hex HMAC-SHA256, keyed with the channel's
  secret, of ``<timestamp>.`` followed by the body bytes.

A receiver recomputes the HMAC over the timestamp header, a dot and the raw body, compares it in
constant time, and refuses a timestamp more than five minutes from its clock (so a captured
request cannot be replayed later). ``id`` is the event's stable id: a receiver that keeps the
ids it saw also ignores a retry of a delivery it already took.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from incidentkit.followup.github.safe import Redactor
from incidentkit.model.notify import Channel
from incidentkit.notify.channels.base import Secrets, as_json, check_url, post
from incidentkit.notify.message import Message

SIGNATURE = "X-Incidentkit-Signature"
TIMESTAMP = "X-Incidentkit-Timestamp"


def _time(value: Any) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def payload(message: Message, channel: Channel) -> dict[str, Any]:
    event, incident = message.event, message.event.incident
    update = event.update
    return {
        "id": event.id,
        "event": event.kind,
        "events": list(event.kinds),
        "audience": message.audience,
        "title": message.title,
        "headline": message.headline,
        "text": message.text,
        "incident": {
            "id": incident.id,
            "title": incident.title,
            "severity": incident.severity,
            "status": incident.status,
            "services": list(incident.services),
            "started_at": _time(incident.started_at),
            "acknowledged_at": _time(incident.acknowledged_at),
            "resolved_at": _time(incident.resolved_at),
        },
        "change": None if event.before is None else {"before": event.before,
                                                     "after": event.after},
        "update": None if update is None else {
            "at": _time(update.at), "status": update.status, "audience": update.audience,
            "text": update.text,
        },
    }


def needs(channel: Channel) -> list[str]:
    assert channel.webhook_url_env is not None and channel.secret_env is not None
    return [channel.webhook_url_env, channel.secret_env]


def check(channel: Channel, secrets: Secrets) -> None:
    assert channel.webhook_url_env is not None
    check_url(secrets[channel.webhook_url_env], channel.webhook_url_env, channel)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body,
                      hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def send(channel: Channel, body: dict[str, Any], secrets: Secrets, redact: Redactor) -> str:
    assert channel.webhook_url_env is not None and channel.secret_env is not None
    data = as_json(body)
    stamp = str(int(time.time()))
    answer = post(secrets[channel.webhook_url_env], data, {
        "Content-Type": "application/json; charset=utf-8",
        TIMESTAMP: stamp,
        SIGNATURE: sign(secrets[channel.secret_env], stamp, data),
        "User-Agent": "incidentkit-notify",
    }, redact)
    return f"HTTP {answer.status}"
