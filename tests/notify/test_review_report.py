"""``incidentkit review --notify``: the weekly agenda through the notify channels, each in its
own form, over real HTTP to the fakes; internal channels only; nothing sent when one is wrong."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable

from tests.conftest import Run
from tests.notify.conftest import HOOK_SECRET, Repo
from tests.notify.fakes import Fakes, Mailbox

AUDIT_INTERNAL = ("    - id: audit\n      type: webhook\n      audience: external\n",
                  "    - id: audit\n      type: webhook\n")


def test_slack_teams_and_a_webhook_get_the_agenda(repo: Repo, fakes: Fakes,
                                                  run: Callable[..., Run]) -> None:
    repo.edit("incidentkit.yaml", *AUDIT_INTERNAL)
    result = run("-C", str(repo.root), "review", "--since", "30d", "--at",
                 "2026-01-20T00:00:00Z", "--notify", "ops-slack", "--notify", "leadership",
                 "--notify", "audit")
    assert result.status == 0, result.err
    agenda = result.out
    title = agenda.splitlines()[0].removeprefix("# ")
    summary = next(line for line in agenda.splitlines()[1:] if line.strip())
    assert title == "Incident review, 2025-12-21 00:00 UTC to 2026-01-20 00:00 UTC"
    (hook,) = fakes.at("/slack/hook/")
    assert hook.json["blocks"][0] == {"type": "header",
                                      "text": {"type": "plain_text", "text": title}}
    assert hook.json["blocks"][1]["text"]["text"] == summary
    (card,) = fakes.at("/teams/")
    texts = [b["text"] for b in card.json["attachments"][0]["content"]["body"]]
    assert texts == [title, summary]
    (audit,) = fakes.at("/hook/audit")
    body = json.loads(audit.body)
    assert (body["event"], body["title"], body["text"], body["url"]) == (
        "review", title, agenda, None)
    stamp = audit.headers["x-incidentkit-timestamp"]
    expected = hmac.new(HOOK_SECRET.encode(), stamp.encode() + b"." + audit.body,
                        hashlib.sha256).hexdigest()
    assert audit.headers["x-incidentkit-signature"] == f"sha256={expected}"
    assert result.err.splitlines()[-3:] == [
        "incidentkit: review sent to ops-slack: ok",
        "incidentkit: review sent to leadership: HTTP 202",
        "incidentkit: review sent to audit: HTTP 200",
    ]


def test_customers_pagerduty_and_unknown_channels_are_refused_before_sending(
        repo: Repo, fakes: Fakes, run: Callable[..., Run]) -> None:
    for channel, message in (
        ("customers", "--notify customers: the channel is for customers (audience: external); "
                      "the review is internal"),
        ("pager", "--notify pager: a pagerduty channel takes incidents only; name a Slack, "
                  "Teams, email or webhook channel"),
        ("ops", "--notify ops: no such channel in incidentkit.yaml (channels: audit, customers, "
                "leadership, ops-bot, ops-slack, pager)"),
    ):
        result = run("-C", str(repo.root), "review", "--notify", "ops-slack", "--notify",
                     channel)
        assert (result.status, result.out, result.err) == (
            2, "", f"incidentkit: error: {message}\n")
    assert fakes.at("/slack/") == []


def test_an_internal_mailing_list_gets_the_whole_agenda(
        repo: Repo, run: Callable[..., Run], mailbox: tuple[Mailbox, int]) -> None:
    repo.edit("incidentkit.yaml",
              "    - id: customers\n      type: email\n      audience: external\n",
              "    - id: customers\n      type: email\n")
    result = run("-C", str(repo.root), "review", "--at", "2026-01-20T00:00:00Z",
                 "--notify", "customers")
    assert result.status == 0, result.err
    (mail,) = mailbox[0].messages
    assert mail["Subject"] == ("Incident review, 2026-01-13 00:00 UTC to "
                               "2026-01-20 00:00 UTC")
    plain = mail.get_body(("plain",))
    assert plain is not None
    assert plain.get_content().replace("\r\n", "\n") == result.out  # SMTP lines end in CRLF
