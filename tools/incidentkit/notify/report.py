"""A report for people, not an event of an incident: the weekly review's agenda, sent to the
``notify`` channels ``incidentkit review --notify ID`` names.

Each channel type gets it in its own form, escaped once for it: Slack a header and the summary
(with a link to the agenda when there is one: Slack does not render Markdown tables), Teams the
same as an Adaptive Card, email the whole agenda as text (and as preformatted HTML), a webhook
the whole agenda as JSON, signed like every webhook delivery. A review is internal: an
``external`` channel or a PagerDuty one (it pages for incidents) is refused before anything is
sent, as is a channel that does not exist or lacks a secret. Unlike incident events there is no
ledger: a failed delivery is reported (exit 1) and the next run sends the review again.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from incidentkit.comms.slack import fit
from incidentkit.config import Config
from incidentkit.errors import FatalError
from incidentkit.escape import slack as slack_text
from incidentkit.escape import teams as teams_text
from incidentkit.followup.github.safe import Redactor, server_text
from incidentkit.model.notify import Channel
from incidentkit.notify.channels import TYPES
from incidentkit.notify.channels import teams as teams_channel
from incidentkit.notify.channels.base import Failure, Secrets
from incidentkit.notify.run import channel_secrets, secret_forms


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    #: One line: what the report holds.
    summary: str
    #: The whole report.
    markdown: str
    #: Where it can be read in full (the review's GitHub issue), if anywhere.
    url: str | None = None

    @property
    def id(self) -> str:
        return "report-" + hashlib.sha256(self.markdown.encode("utf-8")).hexdigest()[:16]


def _slack(report: Report) -> dict[str, Any]:
    text = slack_text(report.summary)
    if report.url:
        text += f"\n<{slack_text(report.url)}|Read the agenda>"
    return {"text": fit(slack_text(report.title) + "\n" + text, 3000),
            "blocks": [{"type": "header",
                        "text": {"type": "plain_text", "text": report.title[:150]}},
                       {"type": "section", "text": {"type": "mrkdwn", "text": fit(text, 3000)}}]}


def _teams(report: Report) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": teams_text(report.title), "weight": "Bolder",
         "size": "Medium", "wrap": True},
        {"type": "TextBlock", "text": teams_text(report.summary), "wrap": True},
    ]
    content: dict[str, Any] = {"$schema": teams_channel.SCHEMA, "type": "AdaptiveCard",
                               "version": "1.4", "body": body, "msteams": {"width": "Full"}}
    if report.url:
        content["actions"] = [{"type": "Action.OpenUrl", "title": "Read the agenda",
                               "url": report.url}]
    return {"type": "message", "attachments": [
        {"contentType": teams_channel.CARD, "contentUrl": None, "content": content}]}


def _email(report: Report) -> dict[str, Any]:
    text = report.markdown + (f"\n-- \n{report.url}\n" if report.url else "")
    markup = (f"<!DOCTYPE html>\n<html><body>\n<h2>{html.escape(report.title)}</h2>\n"
              f"<pre>{html.escape(report.markdown)}</pre>\n</body></html>\n")
    return {"subject": " ".join(report.title.split())[:250], "text": text, "html": markup}


def _webhook(report: Report) -> dict[str, Any]:
    return {"id": report.id, "event": "review", "events": ["review"], "audience": "internal",
            "title": report.title, "headline": report.summary, "text": report.markdown,
            "url": report.url}


PAYLOADS = {"slack": _slack, "teams": _teams, "email": _email, "webhook": _webhook}


def _channels(config: Config, ids: Sequence[str]) -> list[Channel]:
    known = {c.id: c for c in config.notify.channels}
    chosen: list[Channel] = []
    for channel_id in dict.fromkeys(ids):
        channel = known.get(channel_id)
        if channel is None:
            names = ", ".join(sorted(known)) or "none: declare them under notify.channels"
            raise FatalError(f"--notify {channel_id}: no such channel in incidentkit.yaml "
                             f"(channels: {names})")
        if channel.type not in PAYLOADS:
            raise FatalError(f"--notify {channel_id}: a {channel.type} channel takes incidents "
                             "only; name a Slack, Teams, email or webhook channel")
        if channel.audience != "internal":
            raise FatalError(f"--notify {channel_id}: the channel is for customers (audience: "
                             "external); the review is internal")
        chosen.append(channel)
    return chosen


@dataclass(frozen=True, slots=True)
class Targets:
    """Channels a report may go to, and their secrets, checked."""

    channels: tuple[Channel, ...]
    secrets: Secrets


def check(config: Config, ids: Sequence[str], environ: Mapping[str, str]) -> Targets:
    """The channels ``ids`` and their secrets, checked: a :class:`FatalError` otherwise."""
    channels = _channels(config, ids)
    return Targets(tuple(channels), channel_secrets(channels, environ))


def send(targets: Targets, report: Report) -> list[tuple[str, str, bool]]:
    """Send ``report`` to the checked channels: ``(channel, what happened, sent)`` each."""
    found = targets.secrets
    redact = Redactor(*(form for value in found.values.values() for form in secret_forms(value)))
    results: list[tuple[str, str, bool]] = []
    for channel in targets.channels:
        try:
            said = TYPES[channel.type].send(channel, PAYLOADS[channel.type](report), found,
                                            redact)
            results.append((channel.id, said, True))
        except Failure as exc:
            results.append((channel.id, redact(str(exc)), False))
        except Exception as exc:  # a channel's library failing: never a secret in the text
            results.append((channel.id, f"{type(exc).__name__}: "
                            f"{server_text(str(exc), redact, 200)}", False))
    return results
