"""``notify:`` in ``incidentkit.yaml``: where ``incidentkit notify`` tells people what happened.

Channels say how to reach people (Slack, Microsoft Teams, email, a signed JSON webhook,
PagerDuty) and for whom they are (``internal`` or ``external``); routes say which events go to
which channels, by severity and service. Secrets are never written here: a channel names the
environment variables that hold them (``webhook_url_env: SLACK_WEBHOOK_URL``), read when a
message is sent. References between the two lists (a route naming a channel, a severity) are
checked by :mod:`incidentkit.checks.notify`, with their line and column.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from incidentkit.model.types import (
    BASE_URL_PATTERN,
    EMAIL_PATTERN,
    ENV_NAME_PATTERN,
    HOST_PATTERN,
    REPO_PATH_PATTERN,
    STRICT,
    NonEmptyStr,
    Slug,
)

#: The events ``notify`` tells, in the order a reader follows an incident.
EVENTS: tuple[str, ...] = ("declared", "acknowledged", "severity-changed", "status-changed",
                           "update-posted", "resolved", "postmortem-final")
Event = Literal["declared", "acknowledged", "severity-changed", "status-changed",
                "update-posted", "resolved", "postmortem-final"]
ChannelType = Literal["slack", "teams", "email", "webhook", "pagerduty"]
Audience = Literal["internal", "external"]

EnvName = Annotated[str, StringConstraints(pattern=ENV_NAME_PATTERN)]
BaseUrl = Annotated[str, StringConstraints(pattern=BASE_URL_PATTERN)]
Host = Annotated[str, StringConstraints(pattern=HOST_PATTERN)]
Address = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN)]

#: What each channel type needs (besides id, type and audience), and what it may have.
REQUIRED: dict[str, tuple[str, ...]] = {
    "slack": (),  # webhook_url_env, or token_env and channel (checked below)
    "teams": ("webhook_url_env",),
    "webhook": ("webhook_url_env", "secret_env"),
    "pagerduty": ("routing_key_env",),
    "email": ("smtp_host", "from_address", "to"),
}
ALLOWED: dict[str, frozenset[str]] = {
    "slack": frozenset({"webhook_url_env", "token_env", "channel", "api_url"}),
    "teams": frozenset({"webhook_url_env"}),
    "webhook": frozenset({"webhook_url_env", "secret_env"}),
    "pagerduty": frozenset({"routing_key_env", "api_url", "source"}),
    "email": frozenset({"smtp_host", "smtp_port", "starttls", "from_address", "to",
                        "username_env", "password_env"}),
}
_COMMON = frozenset({"id", "type", "audience"})


class Channel(BaseModel):
    model_config = STRICT

    id: Slug
    type: ChannelType
    audience: Audience = "internal"
    #: Slack incoming webhook, Teams Workflows webhook, or the JSON webhook's address.
    webhook_url_env: EnvName | None = None
    #: Slack bot token (``xoxb-…``), with ``channel``.
    token_env: EnvName | None = None
    channel: NonEmptyStr | None = None
    #: Slack Web API (``https://slack.com/api/``) or PagerDuty Events API
    #: (``https://events.pagerduty.com``) base address.
    api_url: BaseUrl | None = None
    #: The JSON webhook's HMAC-SHA256 key.
    secret_env: EnvName | None = None
    #: PagerDuty integration (routing) key, and the event's ``source``.
    routing_key_env: EnvName | None = None
    source: NonEmptyStr | None = None
    #: Email over SMTP.
    smtp_host: Host | None = None
    smtp_port: Annotated[int, Field(ge=1, le=65535)] = 587
    starttls: bool = True
    from_address: Address | None = None
    to: Annotated[list[Address], Field(min_length=1)] | None = None
    username_env: EnvName | None = None
    password_env: EnvName | None = None

    @model_validator(mode="after")
    def _fits_type(self) -> Channel:
        given = {name for name in self.model_fields_set if name not in _COMMON}
        extra = sorted(given - ALLOWED[self.type])
        if extra:
            raise ValueError(f"a {self.type} channel has no {', '.join(extra)}: use "
                             f"{', '.join(sorted(ALLOWED[self.type]))}")
        missing = [name for name in REQUIRED[self.type] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"a {self.type} channel needs {' and '.join(missing)}")
        if self.type == "slack":
            webhook = self.webhook_url_env is not None
            bot = self.token_env is not None or self.channel is not None
            if webhook == bot or (bot and (self.token_env is None or self.channel is None)):
                raise ValueError("a slack channel needs webhook_url_env (an incoming webhook) "
                                 "or token_env and channel (a bot token), not both")
        if self.type == "email" and (self.username_env is None) != (self.password_env is None):
            raise ValueError("give both username_env and password_env, or neither")
        if self.type == "email" and self.username_env is not None and not self.starttls:
            raise ValueError("a login needs starttls: true (the password would cross the "
                             "network in the clear)")
        return self


class AtLeast(BaseModel):
    model_config = STRICT

    #: This severity and every more severe one (earlier in ``severities``).
    at_least: NonEmptyStr


class Route(BaseModel):
    model_config = STRICT

    events: Annotated[list[Event], Field(min_length=1)]
    #: Severity ids, or ``{at_least: SEV1}``; left out: every severity.
    severities: list[NonEmptyStr] | AtLeast | None = None
    #: Service ids; left out: every service. An incident matches when it affects one of them.
    services: list[NonEmptyStr] | None = None
    channels: Annotated[list[Slug], Field(min_length=1)]


class NotifySettings(BaseModel):
    model_config = STRICT

    channels: list[Channel] = []
    routes: list[Route] = []
    #: Where the record of what was sent is kept, relative to the repository.
    ledger: Annotated[str, StringConstraints(pattern=REPO_PATH_PATTERN)
                      ] = ".incidentkit/notify-ledger.json"
