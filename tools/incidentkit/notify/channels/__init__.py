"""The channel types, each a module with ``payload`` (the message as JSON, no secret in it),
``needs`` (the environment variables it reads), ``check`` (those values, before anything is
sent) and ``send``."""

from __future__ import annotations

from typing import Any, Protocol

from incidentkit.followup.github.safe import Redactor
from incidentkit.model.notify import Channel
from incidentkit.notify.channels import email, pagerduty, slack, teams, webhook
from incidentkit.notify.channels.base import Secrets
from incidentkit.notify.message import Message


class ChannelType(Protocol):
    def payload(self, message: Message, channel: Channel) -> dict[str, Any]: ...

    def needs(self, channel: Channel) -> list[str]: ...

    def check(self, channel: Channel, secrets: Secrets) -> None: ...

    def send(self, channel: Channel, body: dict[str, Any], secrets: Secrets,
             redact: Redactor) -> str: ...


TYPES: dict[str, ChannelType] = {
    "slack": slack, "teams": teams, "email": email, "webhook": webhook, "pagerduty": pagerduty,
}
