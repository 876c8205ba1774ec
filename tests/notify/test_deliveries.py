"""``incidentkit notify`` end to end: real git pushes, real HTTP and SMTP fakes on 127.0.0.1.

An incident is declared, acknowledged, escalated, updated and resolved in separate commits, and
its postmortem made final; each push is told to the channels its routes name, with the payloads
each vendor documents, once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.notify.conftest import DECLARED, INCIDENT, Repo, git
from tests.notify.fakes import (
    HOOK_SECRET,
    ROUTING_KEY,
    SLACK_TOKEN,
    Fakes,
    Mailbox,
    Received,
)

Notify = Callable[..., Run]
GOLDEN = Path(__file__).parent / "golden" / "lifecycle.json"

SECTION_DECLARED = ("*Incident declared: SEV1, Investigating*\n"
                    "We are investigating failed checkouts.\n\n"
                    "Checkout returns 500s for some users.\n\nImpact: Some checkouts fail")
HEADER = "[SEV1] Checkout &lt;b&gt;errors&lt;/b&gt; &amp; *timeouts*"
CONTEXT = ("Started <!date^1772359200^{date_short_pretty} {time}|2026-03-01 10:00 UTC> · "
           "Ongoing for 1h · 2026-03-01-checkout-errors")
FIELDS = [
    {"type": "mrkdwn", "text": "*Severity*\nSEV1 · Major degradation"},
    {"type": "mrkdwn", "text": "*Status*\nInvestigating"},
    {"type": "mrkdwn", "text": "*Services*\nAuth API"},
    {"type": "mrkdwn", "text": "*Commander*\nJane Doe"},
]
SLACK_DECLARED = {
    "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": HEADER, "emoji": True}},
        {"type": "section", "text": {"type": "mrkdwn", "text": SECTION_DECLARED}},
        {"type": "section", "fields": FIELDS},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": CONTEXT}]},
    ],
    "text": f"{HEADER}: Incident declared: SEV1, Investigating\n"
            + SECTION_DECLARED.split("\n", 1)[1],
}
TEAMS_DECLARED = {
    "type": "message",
    "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive",
        "contentUrl": None,
        "content": {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": [
                {"type": "TextBlock", "text": "\\[SEV1\\] Checkout <b>errors</b> & \\*timeouts\\*",
                 "weight": "Bolder", "size": "Medium", "wrap": True},
                {"type": "TextBlock", "text": "Incident declared: SEV1, Investigating",
                 "wrap": True, "spacing": "Small"},
                {"type": "TextBlock", "text": "We are investigating failed checkouts.",
                 "wrap": True},
                {"type": "TextBlock", "text": "Checkout returns 500s for some users.",
                 "wrap": True},
                {"type": "TextBlock", "text": "Impact: Some checkouts fail", "wrap": True},
                {"type": "FactSet", "facts": [
                    {"title": "Severity", "value": "SEV1 · Major degradation"},
                    {"title": "Status", "value": "Investigating"},
                    {"title": "Services", "value": "Auth API"},
                    {"title": "Commander", "value": "Jane Doe"},
                ]},
            ],
            "msteams": {"width": "Full"},
        },
    }],
}
INCIDENT_JSON = {
    "id": "2026-03-01-checkout-errors",
    "title": "Checkout <b>errors</b> & *timeouts*",
    "severity": "SEV1",
    "status": "investigating",
    "services": ["auth-api"],
    "started_at": "2026-03-01T10:00:00Z",
    "acknowledged_at": None,
    "resolved_at": None,
}
WEBHOOK_DECLARED = {
    "id": "2026-03-01-checkout-errors:declared",
    "event": "declared",
    "events": ["declared", "update-posted"],
    "audience": "external",
    "title": "Checkout <b>errors</b> & *timeouts*",
    "headline": "Incident declared: SEV1, Investigating",
    "text": "Incident declared: SEV1, Investigating\n\nWe are investigating failed checkouts.",
    "incident": INCIDENT_JSON,
    "change": None,
    "update": {"at": "2026-03-01T10:10:00Z", "status": "investigating",
               "audience": "external", "text": "We are investigating failed checkouts."},
}
PAGERDUTY_TRIGGER = {
    "routing_key": ROUTING_KEY,
    "event_action": "trigger",
    "dedup_key": "2026-03-01-checkout-errors",
    "payload": {
        "summary": "[SEV1] Checkout <b>errors</b> & *timeouts* (auth-api)",
        "source": "incidentkit",
        "severity": "error",
        "timestamp": "2026-03-01T10:00:00Z",
        "component": "auth-api",
        "class": "SEV1",
        "custom_details": {
            "headline": "Incident declared: SEV1, Investigating",
            "status": "investigating",
            "commander": "jane",
            "summary": "Checkout returns 500s for some users.",
            "impact": "Some checkouts fail",
        },
    },
    "client": "incidentkit",
}
EMAIL_TEXT = """\
Checkout <b>errors</b> & *timeouts*

Incident declared: SEV1, Investigating

We are investigating failed checkouts.

--\x20

Incident 2026-03-01-checkout-errors · Investigating
"""
EMAIL_HTML = """\
<!DOCTYPE html>
<html><body>
<h2>Checkout &lt;b&gt;errors&lt;/b&gt; &amp; *timeouts*</h2>
<p>Incident declared: SEV1, Investigating</p>
<p>We are investigating failed checkouts.</p>
<hr>
<p><small>Incident 2026-03-01-checkout-errors · Investigating</small></p>
</body></html>
"""


def head(repo: Repo) -> str:
    return git(repo.root, "rev-parse", "HEAD")


def declare(repo: Repo) -> tuple[str, str]:
    base = head(repo)
    repo.write(INCIDENT, DECLARED)
    return base, repo.commit("Declare checkout errors")


def verify_signature(received: Received) -> None:
    """What a receiver does: recompute the HMAC over ``<timestamp>.<body>``."""
    headers, body = received.headers, received.body
    expected = hmac.new(HOOK_SECRET.encode(), headers["x-incidentkit-timestamp"].encode()
                        + b"." + body, hashlib.sha256).hexdigest()
    assert headers["x-incidentkit-signature"] == f"sha256={expected}"


def test_a_declaration_reaches_every_routed_channel_in_its_vendors_shape(
        repo: Repo, notify: Notify, fakes: Fakes, mailbox: tuple[Mailbox, int]) -> None:
    base, new = declare(repo)
    got = notify("--base", base, "--head", new)
    assert got.status == 0, got.err
    event = "2026-03-01-checkout-errors:declared"
    assert got.out == (
        f"1 event from {base} to {new}: 6 new deliveries, 0 to try again, 0 waiting.\n"
        f"sent     ops-slack (slack) {event}: ok\n"
        f"sent     ops-bot (slack) {event}: ok, ts 2.000100\n"
        f"sent     leadership (teams) {event}: HTTP 202\n"
        f"sent     customers (email) {event}: sent to 1 recipient(s)\n"
        f"sent     audit (webhook) {event}: HTTP 200\n"
        f"sent     pager (pagerduty) {event}: HTTP 202, dedup_key 2026-03-01-checkout-errors\n")
    assert got.err == ""

    (hook,) = fakes.at("/slack/hook/")
    assert hook.json == SLACK_DECLARED
    (bot,) = fakes.at("/slack/api/chat.postMessage")
    assert bot.headers["authorization"] == f"Bearer {SLACK_TOKEN}"
    assert bot.json == {"channel": "#incidents", **SLACK_DECLARED}
    (teams,) = fakes.at("/teams/")
    assert teams.json == TEAMS_DECLARED
    (audit,) = fakes.at("/hook/audit")
    assert audit.json == WEBHOOK_DECLARED
    verify_signature(audit)
    (pager,) = fakes.at("/pagerduty/")
    assert pager.json == PAGERDUTY_TRIGGER
    assert fakes.alerts == {"2026-03-01-checkout-errors": "triggered"}

    box = mailbox[0]
    (mail,) = box.messages
    assert box.envelopes == [("status@example.com", ["customers@example.com"])]
    assert mail["Subject"] == ("Checkout <b>errors</b> & *timeouts* — Incident declared: SEV1, "
                               "Investigating")
    assert mail["From"] == "status@example.com"
    assert mail["To"] == "customers@example.com"
    plain = mail.get_body(("plain",))
    markup = mail.get_body(("html",))
    assert plain is not None and markup is not None
    assert plain.get_content().replace("\r\n", "\n") == EMAIL_TEXT
    assert markup.get_content().replace("\r\n", "\n") == EMAIL_HTML

    ledger = json.loads(repo.ledger.read_text())
    assert sorted(ledger["delivered"][event]) == [
        "audit", "customers", "leadership", "ops-bot", "ops-slack", "pager"]
    assert ledger["pending"] == {}


def _sections(fakes: Fakes) -> list[str]:
    return [r.json["blocks"][1]["text"]["text"] for r in fakes.at("/slack/hook/")]


def test_each_event_of_an_incidents_life_is_told_once_to_its_channels(
        repo: Repo, notify: Notify, fakes: Fakes, mailbox: tuple[Mailbox, int]) -> None:
    start, declared = declare(repo)
    pushes = [(start, declared)]
    repo.edit(INCIDENT, "detected_at: 2026-03-01T10:05:00Z\n",
              "detected_at: 2026-03-01T10:05:00Z\nacknowledged_at: 2026-03-01T10:07:00Z\n")
    pushes.append((declared, repo.commit("ack")))
    repo.edit(INCIDENT, "severity: SEV1", "severity: SEV0")
    pushes.append((pushes[-1][1], repo.commit("raise")))
    repo.edit(INCIDENT, "status: investigating", "status: identified")
    repo.write(INCIDENT, (repo.root / INCIDENT).read_text() + """\
  - at: 2026-03-01T10:30:00Z
    status: identified
    audience: internal
    text: Bad deploy of payments-db config; rolling back.
""")
    pushes.append((pushes[-1][1], repo.commit("identified")))
    repo.write(INCIDENT, (repo.root / INCIDENT).read_text() + """\
  - at: 2026-03-01T10:40:00Z
    status: identified
    audience: external
    text: We found the cause and are fixing it.
""")
    pushes.append((pushes[-1][1], repo.commit("external update")))
    repo.edit(INCIDENT, "status: identified", "status: resolved")
    repo.edit(INCIDENT, "acknowledged_at: 2026-03-01T10:07:00Z\n",
              "acknowledged_at: 2026-03-01T10:07:00Z\nmitigated_at: 2026-03-01T10:45:00Z\n"
              "resolved_at: 2026-03-01T10:50:00Z\n")
    pushes.append((pushes[-1][1], repo.commit("resolved")))
    body = (repo.root / "postmortems/2026-01-15-auth-login-failures.md").read_text()
    postmortem = "postmortems/2026-03-01-checkout-errors.md"
    repo.write(postmortem, "---\nincident: 2026-03-01-checkout-errors\nstatus: draft\n"
               "authors: [jane]\n---\n" + body.split("---\n", 2)[2])
    pushes.append((pushes[-1][1], repo.commit("postmortem draft")))
    repo.edit(postmortem, "status: draft", "status: final")
    pushes.append((pushes[-1][1], repo.commit("postmortem final")))

    for base, new in pushes:
        got = notify("--base", base, "--head", new)
        assert got.status == 0, got.out + got.err

    key = "2026-03-01-checkout-errors"
    assert _sections(fakes) == [
        SECTION_DECLARED,
        "*Acknowledged at 2026-03-01 10:07 UTC*\nCheckout returns 500s for some users.\n\n"
        "Impact: Some checkouts fail",
        "*Severity raised: SEV1 → SEV0*\nCheckout returns 500s for some users.\n\n"
        "Impact: Some checkouts fail",
        "*Status changed: Investigating → Identified*\n"
        "Bad deploy of payments-db config; rolling back.",
        "*Update (external): Identified at 2026-03-01 10:40 UTC*\n"
        "We found the cause and are fixing it.",
        "*Resolved at 2026-03-01 10:50 UTC after 50m*\nCheckout returns 500s for some users.\n\n"
        "Impact: Some checkouts fail",
        "*Postmortem final*\nCheckout returns 500s for some users.\n\n"
        "Impact: Some checkouts fail\n\nThe postmortem postmortems/2026-03-01-checkout-errors.md "
        "is final.",
    ]
    # The webhook is external: it hears the events that carry an external update only.
    assert [r.json["id"] for r in fakes.at("/hook/")] == [
        f"{key}:declared",
        f"{key}:update:2026-03-01T10:40:00Z:"
        + hashlib.sha256(b"external\0identified\0We found the cause and are fixing it.")
        .hexdigest()[:12],
    ]
    for received in fakes.at("/hook/"):
        verify_signature(received)
    # PagerDuty: trigger, acknowledge, resolve, one dedup key.
    assert [r.json for r in fakes.at("/pagerduty/")][1:] == [
        {"routing_key": ROUTING_KEY, "event_action": "acknowledge", "dedup_key": key},
        {"routing_key": ROUTING_KEY, "event_action": "resolve", "dedup_key": key},
    ]
    assert fakes.alerts == {key: "resolved"}
    # Teams and the bot: declared and resolved (at least SEV1).
    teams = [r.json["attachments"][0]["content"]["body"][1]["text"] for r in fakes.at("/teams/")]
    assert teams == ["Incident declared: SEV1, Investigating",
                     "Resolved at 2026-03-01 10:50 UTC after 50m"]
    assert len(fakes.at("/slack/api/")) == 2
    # Customers: the external updates of auth-api.
    assert [m["Subject"] for m in mailbox[0].messages] == [
        "Checkout <b>errors</b> & *timeouts* — Incident declared: SEV1, Investigating",
        "Checkout <b>errors</b> & *timeouts* — Update (external): Identified at 2026-03-01 "
        "10:40 UTC",
    ]

    # Every payload, whole, as each channel received it (tests/notify/golden/lifecycle.json;
    # INCIDENTKIT_WRITE_GOLDEN=1 rewrites it, to be read in review).
    received = {
        "slack-webhook": [r.json for r in fakes.at("/slack/hook/")],
        "slack-bot": [r.json for r in fakes.at("/slack/api/")],
        "teams": [r.json for r in fakes.at("/teams/")],
        "webhook": [r.json for r in fakes.at("/hook/")],
        "pagerduty": [r.json for r in fakes.at("/pagerduty/")],
        "email": [{"subject": m["Subject"], "to": m["To"],
                   "text": m.get_body(("plain",)).get_content().replace("\r\n", "\n"),
                   "html": m.get_body(("html",)).get_content().replace("\r\n", "\n")}
                  for m in mailbox[0].messages],
    }
    if os.environ.get("INCIDENTKIT_WRITE_GOLDEN"):
        GOLDEN.write_text(json.dumps(received, indent=1, ensure_ascii=False) + "\n")
    assert received == json.loads(GOLDEN.read_text(encoding="utf-8"))

    # The whole range again, and every push again: nothing twice.
    before = len(fakes.received), len(mailbox[0].messages)
    for base, new in [(start, pushes[-1][1]), *pushes]:
        got = notify("--base", base, "--head", new)
        assert got.status == 0
        assert " 0 new deliveries, 0 to try again" in got.out
    assert (len(fakes.received), len(mailbox[0].messages)) == before


def test_a_status_that_goes_back_and_forth_is_told_each_time(
        repo: Repo, notify: Notify, fakes: Fakes) -> None:
    start, declared = declare(repo)
    assert notify("--base", start, "--head", declared).status == 0
    commits = [declared]
    for status in ("monitoring", "investigating", "monitoring"):
        text = (repo.root / INCIDENT).read_text()
        current = text.split("status: ", 1)[1].split("\n", 1)[0]
        repo.edit(INCIDENT, f"status: {current}\nsummary", f"status: {status}\nsummary")
        commits.append(repo.commit(status))
        assert notify("--base", commits[-2], "--head", commits[-1]).status == 0
    assert _sections(fakes)[1:] == [
        "*Status changed: Investigating → Monitoring*\nCheckout returns 500s for some users."
        "\n\nImpact: Some checkouts fail",
        "*Status changed: Monitoring → Investigating*\nCheckout returns 500s for some users."
        "\n\nImpact: Some checkouts fail",
        "*Status changed: Investigating → Monitoring*\nCheckout returns 500s for some users."
        "\n\nImpact: Some checkouts fail",
    ]
    ledger = json.loads(repo.ledger.read_text())
    key = "2026-03-01-checkout-errors"
    assert sorted(e for e in ledger["delivered"] if ":status:" in e) == sorted([
        f"{key}:status:investigating>monitoring@{commits[1][:12]}",
        f"{key}:status:monitoring>investigating@{commits[2][:12]}",
        f"{key}:status:investigating>monitoring@{commits[3][:12]}",
    ])
    # Rerunning the middle push, or all three at once, tells nothing again.
    for base, new in [(commits[1], commits[2]), (commits[0], commits[3])]:
        got = notify("--base", base, "--head", new)
        assert "3 events" in got.out or "1 event" in got.out
        assert " 0 new deliveries" in got.out


def test_slacks_limits_hold_for_a_huge_update(repo: Repo, notify: Notify, fakes: Fakes) -> None:
    base = head(repo)
    huge = "Rollback & <retry> " * 2000  # 38,000 characters, entities when escaped
    title = "T" * 300
    repo.write(INCIDENT, DECLARED.replace('"Checkout <b>errors</b> & *timeouts*"', title)
               .replace("We are investigating failed checkouts.", huge.strip()))
    assert notify("--base", base, "--head", repo.commit("huge")).status == 0
    (hook,) = fakes.at("/slack/hook/")
    body = hook.json
    assert len(body["blocks"]) <= 50
    header = body["blocks"][0]["text"]["text"]
    assert len(header) == 150 and header.endswith("T…")
    section = body["blocks"][1]["text"]["text"]
    assert len(section) <= 3000 and section.endswith("…")
    assert section.startswith("*Incident declared: SEV1, Investigating*\nRollback &amp; "
                              "&lt;retry&gt; ")
    # Cut after escaping, never inside an entity, never escaped twice.
    assert "&amp;amp;" not in section and section.rstrip("…").endswith((" ", ";", "k", "y"))
    assert len(body["text"]) <= 40_000 and body["text"].endswith("…")


def test_a_failing_channel_is_retried_on_a_later_run_once_and_the_others_go_out(
        repo: Repo, notify: Notify, fakes: Fakes, mailbox: tuple[Mailbox, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    base, new = declare(repo)
    fakes.fail("/teams/", 503)
    got = notify("--base", base, "--head", new)
    assert got.status == 1
    event = "2026-03-01-checkout-errors:declared"
    assert got.err == (f"FAILED   leadership (teams) {event}: HTTP 503: upstream unavailable; "
                       "next try after 2026-03-01T11:01:00Z\n")
    assert len(fakes.at("/teams/")) == 0
    assert {r.path.split("/")[1] for r in fakes.received} == {"slack", "hook", "pagerduty"}
    assert len(mailbox[0].messages) == 1
    pending = json.loads(repo.ledger.read_text())["pending"]
    assert pending[event]["leadership"]["attempts"] == 1
    assert pending[event]["leadership"]["error"] == "HTTP 503: upstream unavailable"
    assert pending[event]["leadership"]["payload"] == TEAMS_DECLARED

    # A later push before the next try is due: the delivery waits.
    got = notify("--base", new, "--head", new)
    assert got.status == 0
    assert got.out.endswith(f"waiting  leadership (teams) {event}: next try after "
                            "2026-03-01T11:01:00Z\n")
    assert len(fakes.at("/teams/")) == 0

    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-01T11:05:00Z")
    got = notify("--base", new, "--head", new)
    assert got.status == 0, got.err
    assert got.out.endswith(f"sent     leadership (teams) {event}: HTTP 202\n")
    (teams,) = fakes.at("/teams/")
    assert teams.json == TEAMS_DECLARED
    got = notify("--base", base, "--head", new)
    assert " 0 new deliveries, 0 to try again, 0 waiting." in got.out
    assert len(fakes.at("/teams/")) == 1 and len(fakes.at("/slack/hook/")) == 1
    ledger = json.loads(repo.ledger.read_text())
    assert ledger["pending"] == {}
    assert ledger["delivered"][event]["leadership"] == "2026-03-01T11:05:00Z"


def test_a_refused_connection_and_a_bad_signature_are_failures_that_wait(
        repo: Repo, notify: Notify, fakes: Fakes, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setenv("TEAMS_WEBHOOK_URL", f"http://127.0.0.1:{closed}/teams/x")
    monkeypatch.setenv("AUDIT_WEBHOOK_SECRET", "not-the-shared-secret")
    base, new = declare(repo)
    got = notify("--base", base, "--head", new)
    assert got.status == 1
    event = "2026-03-01-checkout-errors:declared"
    assert got.err == (
        f"FAILED   leadership (teams) {event}: could not connect (connection refused); next "
        "try after 2026-03-01T11:01:00Z\n"
        f"FAILED   audit (webhook) {event}: HTTP 401: bad signature; next try after "
        "2026-03-01T11:01:00Z\n")
    assert fakes.at("/hook/") == []
    # The second failure waits twice as long.
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-01T11:02:00Z")
    got = notify("--base", new, "--head", new)
    assert got.err.endswith("next try after 2026-03-01T11:04:00Z\n")
    assert json.loads(repo.ledger.read_text())["pending"][event]["audit"]["attempts"] == 2


def test_pagerduty_severity_follows_the_rank_and_unrouted_severities_page_nobody(
        repo: Repo, notify: Notify, fakes: Fakes) -> None:
    base = head(repo)
    repo.write(INCIDENT, DECLARED.replace("severity: SEV1", "severity: SEV0"))
    repo.write("incidents/2026/2026-03-01-cdn-glitch.yaml", DECLARED.replace(
        "2026-03-01-checkout-errors", "2026-03-01-cdn-glitch").replace(
        "severity: SEV1", "severity: SEV2"))
    assert notify("--base", base, "--head", repo.commit("two")).status == 0
    (pager,) = fakes.at("/pagerduty/")
    assert pager.json["dedup_key"] == "2026-03-01-checkout-errors"
    assert pager.json["payload"]["severity"] == "critical"
    assert [r.json["blocks"][0]["text"]["text"].split("]")[0] for r in fakes.at("/slack/hook/")
            ] == ["[SEV2", "[SEV0"]  # internal Slack hears both, by incident id


def test_a_refused_bot_token_and_a_redirect_are_failures(
        repo: Repo, notify: Notify, fakes: Fakes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-revoked-0000000000")
    fakes.fail("/pagerduty/", 301)
    base, new = declare(repo)
    got = notify("--base", base, "--head", new)
    assert got.status == 1
    event = "2026-03-01-checkout-errors:declared"
    assert got.err == (
        f"FAILED   ops-bot (slack) {event}: HTTP 200: invalid_auth; next try after "
        "2026-03-01T11:01:00Z\n"
        f"FAILED   pager (pagerduty) {event}: HTTP 301: upstream unavailable; next try after "
        "2026-03-01T11:01:00Z\n")
    assert "xoxb-revoked" not in got.out + got.err


def test_a_run_killed_mid_delivery_sends_again_only_the_one_in_flight(
        repo: Repo, notify: Notify, fakes: Fakes, mailbox: tuple[Mailbox, int]) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    base, new = declare(repo)
    release = fakes.hold("/teams/")
    sender = subprocess.Popen(
        [sys.executable, "-m", "incidentkit", "-C", str(repo.root), "notify", "--base", base,
         "--head", new], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ)
    try:
        deadline = time.monotonic() + 60
        while not fakes.at("/teams/") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(fakes.at("/teams/")) == 1  # the Teams delivery is in flight
        sender.send_signal(signal.SIGKILL)
        sender.wait(30)
    finally:
        release.set()
    event = "2026-03-01-checkout-errors:declared"
    ledger = json.loads(repo.ledger.read_text())
    assert sorted(ledger["delivered"][event]) == ["ops-bot", "ops-slack"]
    assert sorted(ledger["pending"][event]) == ["audit", "customers", "leadership", "pager"]
    assert {entry["attempts"] for entry in ledger["pending"][event].values()} == {0}

    got = notify("--base", base, "--head", new)
    assert got.status == 0, got.err
    assert "0 new deliveries, 4 to try again" in got.out
    # Teams got the message in flight twice; everyone else exactly once.
    assert len(fakes.at("/teams/")) == 2
    assert [len(fakes.at(p)) for p in ("/slack/hook/", "/slack/api/", "/hook/", "/pagerduty/")
            ] == [1, 1, 1, 1]
    assert len(mailbox[0].messages) == 1
    assert json.loads(repo.ledger.read_text())["pending"] == {}
