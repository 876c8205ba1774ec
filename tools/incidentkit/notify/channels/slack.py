"""Slack, through the official ``slack-sdk``: an incoming webhook (``WebhookClient``), or a bot
token and a channel (``WebClient.chat_postMessage``, against ``api_url``, by default Slack's).

The message is :func:`incidentkit.comms.slack.blocks` (header, the event as a ``mrkdwn``
section, severity, status, services, commander, times) within Slack's documented limits: at most
50 blocks, 150 characters of header text, 3000 per section text, 40,000 for the message's
``text`` (the notification's fallback); longer text is cut with an ellipsis, after escaping
(``&``, ``<``, ``>``, once), never inside an entity (``SECTION_MAX`` in comms).
"""

from __future__ import annotations

import logging
from typing import Any

from incidentkit.comms.slack import blocks, fit
from incidentkit.escape import slack as esc
from incidentkit.followup.github.safe import Redactor, server_text
from incidentkit.model.notify import Channel
from incidentkit.notify.channels.base import Failure, Secrets, check_url
from incidentkit.notify.message import Message

MAX_BLOCKS = 50
MAX_TEXT = 40_000
DEFAULT_API = "https://slack.com/api/"

#: slack-sdk logs failed requests at ERROR; Python's last-resort handler would print them.
_LOG = logging.getLogger("incidentkit.notify.slack")
_LOG.addHandler(logging.NullHandler())
_LOG.propagate = False


def payload(message: Message, channel: Channel) -> dict[str, Any]:
    body = "\n\n".join(esc(part) for part in message.body)
    mrkdwn = f"*{esc(message.headline)}*" + (f"\n{body}" if body else "")
    result = blocks(message.view, mrkdwn)
    if message.audience == "external":  # customers see no names of responders
        for block in result["blocks"]:
            if "fields" in block:
                block["fields"] = [f for f in block["fields"]
                                   if not f["text"].startswith("*Commander*")]
    result["blocks"] = result["blocks"][:MAX_BLOCKS]
    # The section holds the start of a long text (SECTION_MAX); the fallback text more of it.
    result["text"] = fit(esc(f"{message.title}: {message.headline}") + "\n" + body, MAX_TEXT)
    return result


def needs(channel: Channel) -> list[str]:
    return [name for name in (channel.webhook_url_env, channel.token_env) if name]


def check(channel: Channel, secrets: Secrets) -> None:
    if channel.api_url:
        check_url(channel.api_url, "api_url", channel)
    if channel.webhook_url_env:
        check_url(secrets[channel.webhook_url_env], channel.webhook_url_env, channel)


def send(channel: Channel, body: dict[str, Any], secrets: Secrets, redact: Redactor) -> str:
    from slack_sdk.errors import SlackApiError
    from slack_sdk.web import WebClient
    from slack_sdk.webhook import WebhookClient

    try:
        if channel.webhook_url_env:
            hook = WebhookClient(secrets[channel.webhook_url_env], timeout=30, logger=_LOG,
                                 retry_handlers=[])
            answer = hook.send_dict(body)
            if answer.status_code != 200 or answer.body.strip() != "ok":
                said = server_text(answer.body or "no text", redact)
                raise Failure(f"HTTP {answer.status_code}: {said}")
            return "ok"
        assert channel.token_env is not None and channel.channel is not None
        client = WebClient(token=secrets[channel.token_env],
                           base_url=channel.api_url or DEFAULT_API, timeout=30, logger=_LOG,
                           retry_handlers=[])
        posted = client.chat_postMessage(channel=channel.channel, text=body["text"],
                                         blocks=body["blocks"])
        return f"ok, ts {posted.get('ts', '?')}"
    except SlackApiError as exc:
        error = exc.response.get("error", "") if isinstance(exc.response.data, dict) else ""
        raise Failure(f"HTTP {exc.response.status_code}: "
                      f"{server_text(str(error or 'not ok'), redact)}") from None
    except Failure:
        raise
    except Exception as exc:  # urllib's errors: the kind and its reason, never the address
        reason = getattr(exc, "reason", None)
        detail = f": {server_text(str(reason), redact, 80)}" if reason else ""
        raise Failure(f"could not reach Slack ({type(exc).__name__}{detail})") from None
