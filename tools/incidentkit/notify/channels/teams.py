"""Microsoft Teams, through a Workflows webhook ("When a Teams webhook request is received"):
a message with one Adaptive Card (version 1.4), as Microsoft documents for those webhooks.

The card: the title (bold), the event, the body's paragraphs and a fact set (severity, status,
services, commander). Text from the files is escaped for the Markdown subset ``TextBlock``
renders (:func:`incidentkit.escape.teams`); fact values are plain text. A Workflows webhook
answers 202 Accepted.
"""

from __future__ import annotations

from typing import Any

from incidentkit.escape import teams as esc
from incidentkit.followup.github.safe import Redactor
from incidentkit.model.notify import Channel
from incidentkit.notify.channels.base import Secrets, as_json, check_url, post
from incidentkit.notify.message import Message

CARD = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
#: Longest text of one block (Teams refuses a message over about 28 KB in all).
MAX_BLOCK = 8000


def _cut(text: str) -> str:
    return text if len(text) <= MAX_BLOCK else text[: MAX_BLOCK - 1].rstrip("\\") + "…"


def payload(message: Message, channel: Channel) -> dict[str, Any]:
    view = message.view
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": _cut(esc(message.title)), "weight": "Bolder",
         "size": "Medium", "wrap": True},
        {"type": "TextBlock", "text": _cut(esc(message.headline)), "wrap": True,
         "spacing": "Small"},
    ]
    body += [{"type": "TextBlock", "text": _cut(esc(part)), "wrap": True}
             for part in message.body]
    facts = [("Severity", f"{view.severity.id} · {view.severity.name}"),
             ("Status", view.status_label),
             ("Services", ", ".join(s.name for s in view.services))]
    if message.audience == "internal":
        facts.append(("Commander", view.roles.commander.name))
    body.append({"type": "FactSet",
                 "facts": [{"title": title, "value": esc(value)} for title, value in facts]})
    return {
        "type": "message",
        "attachments": [{
            "contentType": CARD,
            "contentUrl": None,
            "content": {"$schema": SCHEMA, "type": "AdaptiveCard", "version": "1.4",
                        "body": body, "msteams": {"width": "Full"}},
        }],
    }


def needs(channel: Channel) -> list[str]:
    assert channel.webhook_url_env is not None
    return [channel.webhook_url_env]


def check(channel: Channel, secrets: Secrets) -> None:
    assert channel.webhook_url_env is not None
    check_url(secrets[channel.webhook_url_env], channel.webhook_url_env, channel)


def send(channel: Channel, body: dict[str, Any], secrets: Secrets, redact: Redactor) -> str:
    assert channel.webhook_url_env is not None
    answer = post(secrets[channel.webhook_url_env], as_json(body),
                  {"Content-Type": "application/json"}, redact)
    return f"HTTP {answer.status}"
