"""``notify`` and bad input: dry runs, secrets, configuration mistakes, a damaged ledger.

Whatever goes wrong, no secret is printed (also with ``INCIDENTKIT_DEBUG=1``, also when a
server echoes the request back), and a mistake found before sending sends nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.conftest import Run
from tests.notify.conftest import DECLARED, INCIDENT, Repo, git
from tests.notify.fakes import Fakes, Mailbox

Notify = Callable[..., Run]


def declare(repo: Repo) -> tuple[str, str]:
    base = git(repo.root, "rev-parse", "HEAD")
    repo.write(INCIDENT, DECLARED)
    return base, repo.commit("Declare checkout errors")


def nothing_sent(repo: Repo, fakes: Fakes, mailbox: tuple[Mailbox, int]) -> None:
    assert fakes.received == []
    assert mailbox[0].messages == []
    assert not repo.ledger.exists()


def test_a_dry_run_shows_the_payloads_and_sends_and_writes_nothing(
        repo: Repo, notify: Notify, fakes: Fakes, mailbox: tuple[Mailbox, int],
        secrets: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    base, new = declare(repo)
    got = notify("--base", base, "--head", new, "--dry-run")
    assert got.status == 0 and got.err == ""
    event = "2026-03-01-checkout-errors:declared"
    assert [line for line in got.out.splitlines() if line.startswith("would send")] == [
        f"would send  {name} {event}" for name in (
            "ops-slack (slack)", "ops-bot (slack)", "leadership (teams)", "customers (email)",
            "audit (webhook)", "pager (pagerduty)")]
    assert '"event_action": "trigger"' in got.out and '"routing_key"' not in got.out
    assert got.out.endswith("Dry run: nothing was sent and the ledger was not changed.\n")
    assert not any(value in got.out for value in secrets.values())
    nothing_sent(repo, fakes, mailbox)
    # A dry run needs no secret at all.
    for name in secrets:
        monkeypatch.delenv(name)
    again = notify("--base", base, "--head", new, "--dry-run")
    assert again.status == 0 and again.out == got.out
    nothing_sent(repo, fakes, mailbox)


@pytest.mark.parametrize("debug", [False, True])
def test_secrets_never_appear_in_what_is_printed(
        repo: Repo, notify: Notify, fakes: Fakes, secrets: dict[str, str], debug: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    if debug:
        monkeypatch.setenv("INCIDENTKIT_DEBUG", "1")
    base, new = declare(repo)
    # Every server fails and echoes the request (its address, headers and body) back.
    for prefix in ("/slack/", "/teams/", "/hook/", "/pagerduty/"):
        fakes.fail(prefix, 502, times=2, echo=True)
    got = notify("--base", base, "--head", new)
    assert got.status == 1
    printed = got.out + got.err
    assert printed.count("FAILED") == 5
    assert "***" in printed  # the echoes were there, redacted
    for name, value in secrets.items():
        assert value not in printed, name
        if value.startswith("http"):  # the part of the address that is the secret
            assert value.split("/", 3)[3] not in printed
            assert value.split("/")[-1] not in printed or len(value.split("/")[-1]) < 12
    again = notify("--base", base, "--head", new, "--dry-run")
    assert not any(value in again.out + again.err for value in secrets.values())


def test_a_missing_secret_stops_the_run_before_anything_is_sent(
        repo: Repo, notify: Notify, fakes: Fakes, mailbox: tuple[Mailbox, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAGERDUTY_ROUTING_KEY")
    base, new = declare(repo)
    got = notify("--base", base, "--head", new)
    assert got.status == 2
    assert got.err == (
        "incidentkit: error: PAGERDUTY_ROUTING_KEY is not set: channel pager (pagerduty) reads "
        "its secret from it; export it (in a workflow: `env: PAGERDUTY_ROUTING_KEY: ${{ "
        "secrets.PAGERDUTY_ROUTING_KEY }}`)\n")
    nothing_sent(repo, fakes, mailbox)


@pytest.mark.parametrize("url", [
    "ftp://hooks.example.com/T0/B0/secretpart", "hooks.example.com/secretpart",
    "http://hooks.example.com/secretpart", "https://user:secretpart@hooks.example.com/x",
    "https:///secretpart", "https://hooks.example.com:99999/secretpart",
])
def test_a_malformed_webhook_address_stops_the_run_without_showing_it(
        repo: Repo, notify: Notify, fakes: Fakes, mailbox: tuple[Mailbox, int],
        monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("TEAMS_WEBHOOK_URL", url)
    base, new = declare(repo)
    got = notify("--base", base, "--head", new)
    assert got.status == 2
    assert got.err == (
        "incidentkit: error: TEAMS_WEBHOOK_URL (channel leadership) is not an https address "
        "with a host name: set it to the address the service gave you (its value is not "
        "shown)\n")
    assert "secretpart" not in got.out + got.err
    nothing_sent(repo, fakes, mailbox)


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    ("channels: [leadership, ops-bot]", "channels: [leadership, ops-bto]", "37:30",
     "channel 'ops-bto' does not exist: did you mean 'ops-bot'? define it under "
     "notify.channels or fix the name"),
    ("events: [declared, resolved]", "events: [declared, resolved, paged]", "35:36",
     "'paged' is not allowed for 'events': use 'declared', 'acknowledged', "
     "'severity-changed', 'status-changed', 'update-posted', 'resolved' or "
     "'postmortem-final'"),
    ("{at_least: SEV1}}\n      channels: [pager]", "{at_least: SEV5}}\n      channels: [pager]",
     "42:30", "severity 'SEV5' is not configured: did you mean 'SEV3'? use one of SEV0, SEV1, "
     "SEV2, SEV3"),
])
def test_a_configuration_mistake_is_named_at_its_place_and_nothing_is_sent(
        repo: Repo, notify: Notify, fakes: Fakes, mailbox: tuple[Mailbox, int], old: str,
        new: str, where: str, message: str) -> None:
    repo.edit("incidentkit.yaml", old.replace("}}", "}"), new.replace("}}", "}"))
    base, head = declare(repo)
    got = notify("--base", base, "--head", head)
    assert got.status == 1
    assert got.err == (f"incidentkit: error: {head}:incidentkit.yaml:{where}: {message}: fix the "
                       "configuration first (incidentkit validate lists every problem)\n")
    nothing_sent(repo, fakes, mailbox)


def test_an_unknown_service_in_a_route_is_named_at_its_place(
        repo: Repo, notify: Notify, fakes: Fakes, mailbox: tuple[Mailbox, int]) -> None:
    repo.edit("incidentkit.yaml", "services: [auth-api]", "services: [auth-api, billing]")
    base, head = declare(repo)
    got = notify("--base", base, "--head", head)
    assert got.status == 1
    assert got.err == (
        f"incidentkit: error: {head}:incidentkit.yaml:39:28: service 'billing' does not exist: "
        "add it to oncall/services.yaml or fix the name: fix the configuration first "
        "(incidentkit validate lists every problem)\n")
    nothing_sent(repo, fakes, mailbox)


def test_a_damaged_ledger_stops_the_run(repo: Repo, notify: Notify, fakes: Fakes,
                                        mailbox: tuple[Mailbox, int]) -> None:
    base, head = declare(repo)
    repo.ledger.parent.mkdir()
    repo.ledger.write_text('{"version": 1,\n "delivered": [}\n')
    got = notify("--base", base, "--head", head)
    assert got.status == 2
    assert got.err == ("incidentkit: error: .incidentkit/notify-ledger.json:2:16: the notify "
                       "ledger is not JSON (Expecting value): restore it from git\n")
    assert fakes.received == [] and mailbox[0].messages == []
    repo.ledger.write_text(json.dumps({"version": 7}))
    got = notify("--base", base, "--head", head)
    assert got.err == ("incidentkit: error: .incidentkit/notify-ledger.json: the notify ledger "
                       "is not a version 1 ledger: restore it from git\n")


def test_no_configuration_means_nothing_to_send(repo: Repo, notify: Notify) -> None:
    repo.write("incidentkit.yaml", "timezone: UTC\n")
    base, head = declare(repo)
    got = notify("--base", base, "--head", head)
    assert got.status == 0
    assert got.out == (f"1 event from {base} to {head}: 0 new deliveries, 0 to try again, "
                       "0 waiting.\n")
    assert not repo.ledger.exists()
