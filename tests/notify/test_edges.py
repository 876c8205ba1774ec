"""Less common paths of ``notify``: a channel removed while a delivery to it waits, a push that
merges a branch, PagerDuty routed events it has no action for."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.conftest import Run
from tests.notify.conftest import DECLARED, INCIDENT, Repo, git
from tests.notify.fakes import Fakes

Notify = Callable[..., Run]
TEAMS = """\
    - id: leadership
      type: teams
      webhook_url_env: TEAMS_WEBHOOK_URL
"""


def test_a_waiting_delivery_to_a_removed_channel_is_dropped(
        repo: Repo, notify: Notify, fakes: Fakes, monkeypatch: pytest.MonkeyPatch) -> None:
    base = git(repo.root, "rev-parse", "HEAD")
    repo.write(INCIDENT, DECLARED)
    declared = repo.commit("declare")
    fakes.fail("/teams/", 500)
    assert notify("--base", base, "--head", declared).status == 1
    repo.edit("incidentkit.yaml", TEAMS, "")
    repo.edit("incidentkit.yaml", "channels: [leadership, ops-bot]", "channels: [ops-bot]")
    removed = repo.commit("no more Teams")
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-01T12:00:00Z")
    got = notify("--base", declared, "--head", removed)
    assert got.status == 0
    assert got.out == (f"0 events from {declared} to {removed}: 0 new deliveries, 0 to try "
                       "again, 0 waiting.\n")
    assert fakes.at("/teams/") == []
    assert json.loads(repo.ledger.read_text())["pending"] == {}


def test_a_merged_branch_is_compared_as_one_step(repo: Repo, notify: Notify,
                                                 fakes: Fakes) -> None:
    base = git(repo.root, "rev-parse", "HEAD")
    git(repo.root, "checkout", "-q", "-b", "fix")
    repo.write(INCIDENT, DECLARED)
    side = repo.commit("declare on a branch")
    repo.edit(INCIDENT, "severity: SEV1", "severity: SEV2")
    repo.commit("lower it on the branch")
    git(repo.root, "checkout", "-q", "main")
    git(repo.root, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "merge", "-q",
        "--no-ff", "-m", "merge", "fix")
    merged = git(repo.root, "rev-parse", "HEAD")
    # From the branch's first commit, which main's first parents never pass through: the net
    # change from it to the merge, in one step.
    got = notify("--base", side, "--head", merged)
    assert got.status == 0, got.err
    assert got.out == (
        f"1 event from {side} to {merged}: 1 new delivery, 0 to try again, 0 waiting.\n"
        "sent     ops-slack (slack) 2026-03-01-checkout-errors:severity:SEV1>SEV2@"
        f"{merged[:12]}: ok\n")
    # From main before the merge: the merge commit is one step, a declaration at SEV2 (below
    # the leadership and pager routes).
    got = notify("--base", base, "--head", merged)
    assert got.out.startswith(f"1 event from {base} to {merged}: 3 new deliveries")
    assert [r.json["blocks"][0]["text"]["text"][:6] for r in fakes.at("/slack/hook/")] == [
        "[SEV2]", "[SEV2]"]


def test_pagerduty_takes_only_the_events_it_has_an_action_for(
        repo: Repo, notify: Notify, fakes: Fakes) -> None:
    repo.edit("incidentkit.yaml", "channels: [customers]", "channels: [customers, pager]")
    base = git(repo.root, "rev-parse", "HEAD")
    repo.write(INCIDENT, DECLARED.replace("status: investigating\nsummary",
                                          "status: identified\nsummary"))
    new = repo.commit("declared with an older update")
    assert notify("--base", base, "--head", new).status == 0
    assert [r.json["event_action"] for r in fakes.at("/pagerduty/")] == ["trigger"]
    ledger = json.loads(repo.ledger.read_text())
    update = next(e for e in ledger["delivered"] if ":update:" in e)
    assert "pager" not in ledger["delivered"][update]
    assert "customers" in ledger["delivered"][update]


def test_an_external_slack_channel_hears_only_what_customers_may_read(
        repo: Repo, notify: Notify, fakes: Fakes) -> None:
    repo.edit("incidentkit.yaml", "    - id: ops-slack\n      type: slack\n",
              "    - id: ops-slack\n      type: slack\n      audience: external\n")
    base = git(repo.root, "rev-parse", "HEAD")
    repo.write(INCIDENT, DECLARED)
    repo.commit("declare")
    repo.edit(INCIDENT, "severity: SEV1", "severity: SEV0")
    raised = repo.commit("raise: internal news")
    assert notify("--base", base, "--head", raised).status == 0
    (hook,) = fakes.at("/slack/hook/")  # the declaration, not the severity change
    blocks = hook.json["blocks"]
    assert blocks[1]["text"]["text"] == (
        "*Incident declared: SEV1, Investigating*\nWe are investigating failed checkouts.")
    assert [f["text"].split("*")[1] for f in blocks[2]["fields"]] == [
        "Severity", "Status", "Services"]


def test_an_unreadable_incident_is_told_once_it_is_fixed(
        repo: Repo, notify: Notify, fakes: Fakes) -> None:
    base = git(repo.root, "rev-parse", "HEAD")
    repo.write(INCIDENT, DECLARED.replace("severity: SEV1", "severity: SEV9"))
    broken = repo.commit("declare, with a typo")
    got = notify("--base", base, "--head", broken)
    assert got.status == 0
    assert got.err == (
        f"skipped  {broken}:{INCIDENT}:3:11: error [unknown-severity] severity 'SEV9' is not "
        "configured: use one of SEV0, SEV1, SEV2, SEV3 (its events are "
        "told once it is fixed)\n")
    assert fakes.received == []
    repo.edit(INCIDENT, "severity: SEV9", "severity: SEV1")
    fixed = repo.commit("fix the typo")
    got = notify("--base", broken, "--head", fixed)
    assert "1 event from" in got.out and "6 new deliveries" in got.out
    # Broken again and fixed again: nothing new to tell.
    repo.edit(INCIDENT, "severity: SEV1", "severity: SEV9")
    again = repo.commit("typo again")
    repo.edit(INCIDENT, "severity: SEV9", "severity: SEV1")
    refixed = repo.commit("fixed again")
    got = notify("--base", fixed, "--head", refixed)
    assert "0 new deliveries" in got.out and again != refixed
    assert len(fakes.at("/slack/hook/")) == 1


def test_a_drill_is_told_inside_only_and_marked(repo: Repo, notify: Notify,
                                                 fakes: Fakes) -> None:
    """Its external update reaches neither the customers' email nor the external webhook;
    internal channels get it marked [drill]."""
    base = git(repo.root, "rev-parse", "HEAD")
    repo.write(INCIDENT, DECLARED.replace("title:", "kind: drill\ntitle:", 1))
    head = repo.commit("a game day")
    assert notify("--base", base, "--head", head).status == 0
    assert fakes.at("/audit") == []
    (hook,) = fakes.at("/slack/hook/")
    assert json.dumps(hook.json).count("[drill]") >= 1
    (card,) = fakes.at("/teams/")
    # Teams' Markdown escaping of the title, once.
    assert card.json["attachments"][0]["content"]["body"][0]["text"] == (
        "\\[SEV1\\] \\[drill\\] Checkout <b>errors</b> & \\*timeouts\\*")
