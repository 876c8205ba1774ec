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
