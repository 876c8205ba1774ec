"""``incidentkit diff`` on a branch that changes on-call files, in a git repository the test
builds: what the change does to each schedule's shifts (exact hours across the Berlin spring DST
change), to the escalation policies, services, people, runbooks and time off.

"Now" is Monday 2026-03-23 09:00 UTC (10:00 CET, a handoff of every weekly rotation below);
the clocks in Berlin go forward on Sunday 2026-03-29, so the week that starts now lasts 167
hours and the weekend gap that follows 47.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run
from tests.repos import write

NOW = "2026-03-23T09:00:00Z"
IDENTITY = "oncall/schedules/identity-primary.yaml"
PAYMENTS = "oncall/schedules/payments-primary.yaml"
SEARCH = "oncall/schedules/search-primary.yaml"
LEGACY = "oncall/schedules/legacy-primary.yaml"

WEEKDAYS = """\
    restrictions:
      - days: [mon, tue, wed, thu, fri]
        from: "00:00"
        to: "24:00"
"""

PAYMENTS_MAIN = f"""\
id: payments-primary
name: Payments primary
timezone: Europe/Berlin
layers:
  - name: weekdays
    start: "2026-03-02T10:00"
    rotation: weekly
    members: [bob, carol]
{WEEKDAYS}"""

SEARCH_MAIN = """\
id: search-primary
name: Search <primary> | *on call*
timezone: Europe/Berlin
layers:
  - name: weekly
    start: "2026-03-02T10:00"
    rotation: weekly
    members: [carol, jane]
"""

LEGACY_MAIN = """\
id: legacy-primary
name: Legacy primary
timezone: UTC
layers:
  - name: daily
    start: "2026-01-01T00:00"
    rotation: daily
    members: [bob]
"""

RUNBOOK = """\
---
title: Restart the pods
services: [auth-api]
owner: jane
last_reviewed: 2026-03-20
---
# Restart the pods

## Trigger
Pods stop answering.

## Impact
Logins fail.

## Diagnosis
Check the pod status.

## Steps
Restart them one by one.

## Verification
Logins work.

## Rollback
Nothing to roll back.

## Escalation
Page the identity secondary.
"""


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
         "-c", "commit.gpgsign=false", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    ).stdout.strip()


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _commit(root: Path, message: str) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)


@pytest.fixture(autouse=True)
def _now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", NOW)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """``main``: the base corpus and three more schedules. ``feature``: dan joins the identity
    rotation and a day of it is left uncovered on purpose, an override covers a payments
    weekend gap, the search layer is restricted to weekdays, the legacy schedule goes; a
    policy step, a service's tier, a person, a runbook and time off change too."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    write(root, PAYMENTS, PAYMENTS_MAIN)
    write(root, SEARCH, SEARCH_MAIN)
    write(root, LEGACY, LEGACY_MAIN)
    _git(root, "init", "-q", "-b", "main")
    _commit(root, "main")
    _git(root, "checkout", "-q", "-b", "feature")

    _edit(root, IDENTITY, "members: [jane, bob, carol]", "members: [jane, bob, carol, dan]")
    _edit(root, IDENTITY, "    reason: swap\n", (
        "    reason: swap\n"
        "  - from: 2026-04-01T10:00:00+02:00\n"
        "    to: 2026-04-02T10:00:00+02:00\n"
        "    person: null\n"
        "    reason: Team offsite\n"))
    write(root, PAYMENTS, PAYMENTS_MAIN + (
        "overrides:\n"
        "  - from: 2026-04-04T00:00:00+02:00\n"
        "    to: 2026-04-06T00:00:00+02:00\n"
        "    person: dan\n"
        "    reason: weekend cover\n"))
    write(root, SEARCH, SEARCH_MAIN + WEEKDAYS)
    (root / LEGACY).unlink()
    _edit(root, "oncall/people.yaml", "  timezone: Asia/Singapore\n", (
        "  timezone: Asia/Singapore\n"
        "- handle: dan\n"
        "  name: Dan <Ops> Park\n"
        "  timezone: Europe/Berlin\n"))
    _edit(root, "oncall/escalation-policies.yaml", "repeat: 2", "repeat: 1")
    _edit(root, "oncall/escalation-policies.yaml",
          "    - after: 15m\n      notify: [person:carol]\n",
          "    - after: 10m\n      notify: [person:carol, person:bob]\n"
          "    - after: 30m\n      notify: [schedule:payments-primary]\n")
    _edit(root, "oncall/services.yaml", "  tier: 1\n", "  tier: 2\n")
    write(root, "oncall/runbooks/restart-pods.md", RUNBOOK)
    write(root, "oncall/time-off.yaml", (
        "- person: jane\n"
        "  from: 2026-04-01T00:00:00Z\n"
        "  to: 2026-04-03T00:00:00Z\n"
        "  reason: holiday\n"))
    _commit(root, "feature")
    return root


def _sha(root: Path, ref: str) -> str:
    return _git(root, "rev-parse", ref)[:12]


TEXT = """\
Changes from main (merge base {base}) to feature ({head}): 3 schedules changed, 1 schedule \
removed, 1 escalation policy changed, 1 service changed, 1 person added, 1 runbook added, 1 \
person's time off added.

Schedules (4), the next 2 weeks, 2026-03-23 09:00 UTC to 2026-04-06 09:00 UTC
  identity-primary Identity primary — changed; times in Europe/Berlin
    hours: carol 167.00 → 0.00 h (-167.00 h); dan 0.00 → 167.00 h (+167.00 h); jane 168.00 → \
144.00 h (-24.00 h)
    newly on call: dan, first Mon 2026-03-23 10:00 CET to Mon 2026-03-30 10:00 CEST
    uncovered on purpose: Wed 2026-04-01 10:00 CEST to Thu 2026-04-02 10:00 CEST (24.00 h): Team \
offsite
    spread: 167.00 h (jane 168.00 h the most, bob 1.00 h the least) → 167.00 h (dan 167.00 h the \
most, carol 0.00 h the least)
  legacy-primary Legacy primary — removed; times in UTC
    hours: bob 336.00 → 0.00 h (-336.00 h)
    spread: 0.00 h (bob 336.00 h the most, bob 336.00 h the least) → none (no member in effect)
  payments-primary Payments primary — changed; times in Europe/Berlin
    hours: dan 0.00 → 48.00 h (+48.00 h)
    newly on call: dan, first Sat 2026-04-04 00:00 CEST to Mon 2026-04-06 00:00 CEST
    gap closed: Sat 2026-04-04 00:00 CEST to Mon 2026-04-06 00:00 CEST (48.00 h)
    spread: 1.00 h (carol 121.00 h the most, bob 120.00 h the least) → 1.00 h (carol 121.00 h the \
most, bob 120.00 h the least)
  search-primary Search <primary> | *on call* — changed; times in Europe/Berlin
    hours: carol 168.00 → 120.00 h (-48.00 h); jane 168.00 → 121.00 h (-47.00 h)
    gap opened: Sat 2026-03-28 00:00 CET to Mon 2026-03-30 00:00 CEST (47.00 h)
    gap opened: Sat 2026-04-04 00:00 CEST to Mon 2026-04-06 00:00 CEST (48.00 h)
    spread: 0.00 h (carol 168.00 h the most, jane 168.00 h the least) → 1.00 h (jane 121.00 h the \
most, carol 120.00 h the least)

Escalation policies (1)
  identity Identity escalation — changed: step 2 delay 15m → 10m; step 2 notify person:carol → \
person:carol, person:bob; step 3 added: after 30m: schedule:payments-primary; repeat 2 → 1

Services (1)
  auth-api Auth API — changed: tier 1 → 2

People (1)
  dan Dan <Ops> Park — added: timezone Europe/Berlin

Runbooks (1)
  restart-pods Restart the pods — added: owner jane, last reviewed 2026-03-20, services auth-api

Time off (1)
  jane Jane Doe — time off added: 2026-04-01 00:00 UTC to 2026-04-03 00:00 UTC (holiday)
"""

MARKDOWN = """\
## Incident changes

Changes from **main** (merge base `{base}`) to **feature** (`{head}`): 3 schedules changed, 1 \
schedule removed, 1 escalation policy changed, 1 service changed, 1 person added, 1 runbook \
added, 1 person's time off added.

### Schedules (4)

Who is on call over the next 2 weeks, 2026-03-23 09:00 UTC to 2026-04-06 09:00 UTC:

- **identity-primary** Identity primary — changed; times in Europe/Berlin
  - hours: carol 167.00 → 0.00 h (-167.00 h); dan 0.00 → 167.00 h (+167.00 h); jane 168.00 → \
144.00 h (-24.00 h)
  - newly on call: dan, first Mon 2026-03-23 10:00 CET to Mon 2026-03-30 10:00 CEST
  - uncovered on purpose: Wed 2026-04-01 10:00 CEST to Thu 2026-04-02 10:00 CEST (24.00 h): Team \
offsite
  - spread: 167.00 h (jane 168.00 h the most, bob 1.00 h the least) → 167.00 h (dan 167.00 h the \
most, carol 0.00 h the least)
- **legacy-primary** Legacy primary — removed; times in UTC
  - hours: bob 336.00 → 0.00 h (-336.00 h)
  - spread: 0.00 h (bob 336.00 h the most, bob 336.00 h the least) → none (no member in effect)
- **payments-primary** Payments primary — changed; times in Europe/Berlin
  - hours: dan 0.00 → 48.00 h (+48.00 h)
  - newly on call: dan, first Sat 2026-04-04 00:00 CEST to Mon 2026-04-06 00:00 CEST
  - gap closed: Sat 2026-04-04 00:00 CEST to Mon 2026-04-06 00:00 CEST (48.00 h)
  - spread: 1.00 h (carol 121.00 h the most, bob 120.00 h the least) → 1.00 h (carol 121.00 h the \
most, bob 120.00 h the least)
- **search-primary** Search \\<primary\\> \\| \\*on call\\* — changed; times in Europe/Berlin
  - hours: carol 168.00 → 120.00 h (-48.00 h); jane 168.00 → 121.00 h (-47.00 h)
  - gap opened: Sat 2026-03-28 00:00 CET to Mon 2026-03-30 00:00 CEST (47.00 h)
  - gap opened: Sat 2026-04-04 00:00 CEST to Mon 2026-04-06 00:00 CEST (48.00 h)
  - spread: 0.00 h (carol 168.00 h the most, jane 168.00 h the least) → 1.00 h (jane 121.00 h the \
most, carol 120.00 h the least)

### Escalation policies (1)

- **identity** Identity escalation — changed: step 2 delay 15m → 10m; step 2 notify person:carol \
→ person:carol, person:bob; step 3 added: after 30m: schedule:payments-primary; repeat 2 → 1

### Services (1)

- **auth-api** Auth API — changed: tier 1 → 2

### People (1)

- **dan** Dan \\<Ops\\> Park — added: timezone Europe/Berlin

### Runbooks (1)

- **restart-pods** Restart the pods — added: owner jane, last reviewed 2026-03-20, services \
auth-api

### Time off (1)

- **jane** Jane Doe — time off added: 2026-04-01 00:00 UTC to 2026-04-03 00:00 UTC (holiday)
"""


def test_text(repo: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "diff", "main", "feature", "--weeks", "2")
    assert (result.status, result.err) == (0, "")
    assert result.out == TEXT.format(base=_sha(repo, "main"), head=_sha(repo, "feature"))


def test_markdown(repo: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "diff", "main", "feature", "--weeks", "2", "--format",
                 "markdown")
    assert (result.status, result.err) == (0, "")
    assert result.out == MARKDOWN.format(base=_sha(repo, "main"), head=_sha(repo, "feature"))


def test_json(repo: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "diff", "main", "feature", "--weeks", "2", "--format", "json")
    assert (result.status, result.err) == (0, "")
    got = json.loads(result.out)
    assert (got["changes"], got["unreadable"]) == ([], [])
    on_call = got["on_call"]
    assert {k: on_call[k] for k in ("from", "to", "weeks", "unit")} == {
        "from": "2026-03-23T09:00:00Z", "to": "2026-04-06T09:00:00Z", "weeks": 2,
        "unit": "hours"}
    schedules = {s["id"]: s for s in on_call["schedules"]}
    assert [(s["id"], s["action"]) for s in on_call["schedules"]] == [
        ("identity-primary", "changed"), ("legacy-primary", "removed"),
        ("payments-primary", "changed"), ("search-primary", "changed")]
    assert schedules["identity-primary"] == {
        "id": "identity-primary", "name": "Identity primary", "path": IDENTITY,
        "timezone": "Europe/Berlin", "action": "changed", "because": [],
        "hours": [
            {"person": "carol", "before": 167.0, "after": 0.0, "change": -167.0},
            {"person": "dan", "before": 0.0, "after": 167.0, "change": 167.0},
            {"person": "jane", "before": 168.0, "after": 144.0, "change": -24.0},
        ],
        "newly_on_call": [
            {"person": "dan", "from": "2026-03-23T09:00:00Z", "to": "2026-03-30T08:00:00Z"}],
        "gaps_opened": [], "gaps_closed": [],
        "uncovered_opened": [{"from": "2026-04-01T08:00:00Z", "to": "2026-04-02T08:00:00Z",
                              "hours": 24.0, "reason": "Team offsite"}],
        "uncovered_closed": [],
        "spread_before": {"hours": 167.0, "most": "jane", "most_hours": 168.0,
                          "least": "bob", "least_hours": 1.0},
        "spread_after": {"hours": 167.0, "most": "dan", "most_hours": 167.0,
                         "least": "carol", "least_hours": 0.0},
    }
    # The spring-forward weekend is 47 hours long.
    assert schedules["search-primary"]["gaps_opened"] == [
        {"from": "2026-03-27T23:00:00Z", "to": "2026-03-29T22:00:00Z", "hours": 47.0},
        {"from": "2026-04-03T22:00:00Z", "to": "2026-04-05T22:00:00Z", "hours": 48.0}]
    assert schedules["search-primary"]["name"] == "Search <primary> | *on call*"
    assert schedules["payments-primary"]["gaps_closed"] == [
        {"from": "2026-04-03T22:00:00Z", "to": "2026-04-05T22:00:00Z", "hours": 48.0}]
    assert schedules["legacy-primary"]["hours"] == [
        {"person": "bob", "before": 336.0, "after": 0.0, "change": -336.0}]
    assert schedules["legacy-primary"]["spread_after"] is None
    assert [(c["area"], c["action"], c["id"]) for c in on_call["changes"]] == [
        ("escalation-policy", "changed", "identity"), ("service", "changed", "auth-api"),
        ("person", "added", "dan"), ("runbook", "added", "restart-pods"),
        ("time-off", "added", "jane")]
    policy, service, person, runbook, away = on_call["changes"]
    assert policy["changes"] == [
        {"field": "step 2 delay", "before": "15m", "after": "10m"},
        {"field": "step 2 notify", "before": "person:carol",
         "after": "person:carol, person:bob"},
        {"field": "step 3", "before": None, "after": "after 30m: schedule:payments-primary"},
        {"field": "repeat", "before": "2", "after": "1"}]
    assert (policy["path"], policy["name"]) == ("oncall/escalation-policies.yaml",
                                                "Identity escalation")
    assert service["changes"] == [{"field": "tier", "before": "1", "after": "2"}]
    assert (person["name"], person["facts"]) == ("Dan <Ops> Park",
                                                 {"timezone": "Europe/Berlin"})
    assert (runbook["path"], runbook["facts"]) == ("oncall/runbooks/restart-pods.md", {
        "owner": "jane", "last_reviewed": "2026-03-20", "services": "auth-api"})
    assert away["changes"] == [{"field": "time off", "before": None,
                                "after": "2026-04-01 00:00 UTC to 2026-04-03 00:00 UTC (holiday)"}]


def test_four_weeks_by_default(repo: Path, run: Callable[..., Run]) -> None:
    got = json.loads(run("-C", str(repo), "diff", "main", "feature", "--format", "json").out)
    assert (got["on_call"]["to"], got["on_call"]["weeks"]) == ("2026-04-20T09:00:00Z", 4)
    # carol's 167-hour week and the next one go to dan and bob; jane loses a day and the first
    # hour of the next turn (which goes to dan after 4 weeks of a 4-member rotation).
    assert got["on_call"]["schedules"][0]["hours"] == [
        {"person": "carol", "before": 335.0, "after": 168.0, "change": -167.0},
        {"person": "dan", "before": 0.0, "after": 168.0, "change": 168.0},
        {"person": "jane", "before": 169.0, "after": 144.0, "change": -25.0}]


@pytest.mark.parametrize("weeks", ["0", "105", "two", "1.5", "", "٣"])
def test_weeks_must_be_a_whole_number_from_1_to_104(
    repo: Path, run: Callable[..., Run], weeks: str
) -> None:
    result = run("-C", str(repo), "diff", "main", "feature", "--weeks", weeks)
    assert (result.status, result.out) == (2, "")
    assert result.err.endswith(
        f"\n\nError: Invalid value for '--weeks': {weeks!r} is not a whole number of weeks "
        "from 1 to 104\n"), result.err


GONE = "person 'carol' does not exist: add it to oncall/people.yaml or fix the name"


def test_a_person_removed_breaks_what_names_them(repo: Path, run: Callable[..., Run]) -> None:
    """The schedules and the policy that name carol do not validate without her: their files
    did not change, but the change broke them, so they are listed; nothing is compared in a
    file one version cannot read."""
    _git(repo, "checkout", "-q", "-b", "carol-leaves", "main")
    _edit(repo, "oncall/people.yaml", (
        "- handle: carol\n  name: Carol Lim\n  github: carol-lim\n  email: carol@example.com\n"
        "  timezone: Asia/Singapore\n"), "")
    _commit(repo, "carol leaves")
    result = run("-C", str(repo), "diff", "main", "carol-leaves", "--weeks", "1")
    assert (result.status, result.err) == (0, "")
    assert result.out.split("\n", 1)[1] == (
        "\n"
        "People (1)\n"
        "  carol Carol Lim — removed\n"
        "\n"
        "Could not be read (4)\n"
        f"  oncall/escalation-policies.yaml in carol-leaves — line 8, column 16: {GONE}\n"
        "  oncall/schedules/identity-primary.yaml in carol-leaves — line 8, column 26: "
        f"{GONE} (and 1 more error)\n"
        f"  oncall/schedules/payments-primary.yaml in carol-leaves — line 8, column 20: {GONE}\n"
        f"  oncall/schedules/search-primary.yaml in carol-leaves — line 8, column 15: {GONE}\n")


def test_edits_that_change_no_shift(repo: Path, run: Callable[..., Run]) -> None:
    """A schedule edited beyond the window, a runbook's text and a person's e-mail: said, with
    no hours; a schedule that names the person but did not change is not listed."""
    _git(repo, "checkout", "-q", "-b", "later", "main")
    _edit(repo, PAYMENTS, "    members: [bob, carol]\n",
          "    members: [bob, carol]\n    effective_until: \"2027-01-04T10:00\"\n")
    _edit(repo, "oncall/runbooks/db-connection-pool.md", "Restart the pods one by one.",
          "Restart the pods one by one, oldest first.")
    _edit(repo, "oncall/people.yaml", "bob@example.com", "bob@example.org")
    _commit(repo, "later")
    result = run("-C", str(repo), "diff", "main", "later", "--weeks", "3", "--format",
                 "markdown")
    assert (result.status, result.err) == (0, "")
    assert result.out == (
        "## Incident changes\n"
        "\n"
        f"Changes from **main** (merge base `{_sha(repo, 'main')}`) to **later** "
        f"(`{_sha(repo, 'later')}`): 1 schedule changed, 1 person changed, 1 runbook changed.\n"
        "\n"
        "### Schedules (1)\n"
        "\n"
        "Who is on call over the next 3 weeks, 2026-03-23 09:00 UTC to 2026-04-13 09:00 UTC:\n"
        "\n"
        "- **payments-primary** Payments primary — changed; times in Europe/Berlin\n"
        "  - no change to who is on call in these 3 weeks\n"
        "\n"
        "### People (1)\n"
        "\n"
        "- **bob** Bob Stone — changed: email edited\n"
        "\n"
        "### Runbooks (1)\n"
        "\n"
        "- **db-connection-pool** Database connection pool exhaustion — changed: text edited\n")


def test_no_on_call_change(repo: Path, run: Callable[..., Run]) -> None:
    _git(repo, "checkout", "-q", "-b", "quiet", "main")
    _edit(repo, "oncall/people.yaml", "# Everyone", "# Everybody")
    _commit(repo, "a comment")
    result = run("-C", str(repo), "diff", "main", "quiet", "--format", "json")
    assert json.loads(result.out)["on_call"] == {
        "from": "2026-03-23T09:00:00Z", "to": "2026-04-20T09:00:00Z", "weeks": 4,
        "unit": "hours", "schedules": [], "changes": []}
    sha = _sha(repo, "main")
    assert run("-C", str(repo), "diff", "main", "quiet").out == (
        f"No changes to incidents, postmortems, action items or on call from main (merge base "
        f"{sha}) to quiet ({_sha(repo, 'quiet')}).\n")


def test_the_catalog_in_words(repo: Path, run: Callable[..., Run]) -> None:
    """Policies, services, runbooks and time off added, removed and changed; a schedule added."""
    _git(repo, "checkout", "-q", "-b", "before", "main")
    write(repo, "oncall/runbooks/old-runbook.md", RUNBOOK.replace("Restart the pods", "Old"))
    write(repo, "oncall/time-off.yaml", (
        "- person: jane\n  from: 2026-04-01T00:00:00Z\n  to: 2026-04-03T00:00:00Z\n"
        "- person: bob\n  from: 2026-05-01T00:00:00Z\n  to: 2026-05-02T00:00:00Z\n"))
    _commit(repo, "before")
    _git(repo, "checkout", "-q", "-b", "after")
    (repo / "oncall/runbooks/old-runbook.md").unlink()
    write(repo, "oncall/time-off.yaml", (
        "- person: jane\n  from: 2026-04-02T00:00:00Z\n  to: 2026-04-03T00:00:00Z\n"
        "  reason: half of it\n"))
    _edit(repo, "oncall/escalation-policies.yaml", "name: Identity escalation",
          "name: Identity pager")
    _edit(repo, "oncall/escalation-policies.yaml",
          "    - after: 15m\n      notify: [person:carol]\n", "")
    write(repo, "oncall/escalation-policies.yaml",
          (repo / "oncall/escalation-policies.yaml").read_text() + (
              "- id: billing\n  name: Billing\n  steps:\n"
              "    - after: 0m\n      notify: [schedule:billing-primary]\n"))
    _edit(repo, "oncall/services.yaml", "  team: identity\n  tier: 2\n",
          "  team: web\n  tier: 2\n")
    write(repo, "oncall/services.yaml", (repo / "oncall/services.yaml").read_text() + (
        "- id: billing\n  name: Billing\n  team: payments\n  tier: 3\n"
        "  escalation_policy: billing\n"))
    _edit(repo, "oncall/runbooks/db-connection-pool.md", "last_reviewed: 2026-10-01",
          "last_reviewed: 2026-03-01")
    _edit(repo, "oncall/runbooks/db-connection-pool.md",
          "title: Database connection pool exhaustion", "title: DB pool exhaustion")
    write(repo, "oncall/schedules/billing-primary.yaml", (
        "id: billing-primary\nname: Billing primary\ntimezone: UTC\nlayers:\n"
        "  - name: weekly\n    start: \"2026-03-23T00:00\"\n    rotation: weekly\n"
        "    members: [bob]\n"
        "    restrictions:\n      - days: [mon]\n        from: \"00:00\"\n        to: \"12:00\"\n"))
    _commit(repo, "after")
    result = run("-C", str(repo), "diff", "before", "after", "--weeks", "1")
    assert (result.status, result.err) == (0, "")
    assert result.out.split("\n", 1)[1] == (
        "\n"
        "Schedules (1), the next 1 week, 2026-03-23 09:00 UTC to 2026-03-30 09:00 UTC\n"
        "  billing-primary Billing primary — added; times in UTC\n"
        "    hours: bob 0.00 → 12.00 h (+12.00 h)\n"
        "    spread: none (no member in effect) → 0.00 h (bob 12.00 h the most, bob 12.00 h "
        "the least)\n"
        "\n"
        "Escalation policies (2)\n"
        "  billing Billing — added: steps after 0m: schedule:billing-primary, repeat 0\n"
        "  identity Identity pager — changed: name Identity escalation → Identity pager; "
        "step 2 removed: after 15m: person:carol\n"
        "\n"
        "Services (2)\n"
        "  billing Billing — added: team payments, tier 3, escalation policy billing, "
        "runbooks none\n"
        "  login-web Login web — changed: team identity → web\n"
        "\n"
        "Runbooks (2)\n"
        "  db-connection-pool DB pool exhaustion — changed: title Database connection pool "
        "exhaustion → DB pool exhaustion; last reviewed 2026-10-01 → 2026-03-01\n"
        "  old-runbook Old — removed\n"
        "\n"
        "Time off (2)\n"
        "  bob Bob Stone — time off removed: 2026-05-01 00:00 UTC to 2026-05-02 00:00 UTC\n"
        "  jane Jane Doe — time off added: 2026-04-02 00:00 UTC to 2026-04-03 00:00 UTC "
        "(half of it); time off removed: 2026-04-01 00:00 UTC to 2026-04-03 00:00 UTC\n")


def test_part_of_a_gap_closed_and_time_off_broken(repo: Path, run: Callable[..., Run]) -> None:
    """Saturday covered: the 24 hours of it are closed, the 23-hour Sunday of the spring change
    stays a gap. A time-off file the change breaks is listed, not compared."""
    _git(repo, "checkout", "-q", "-b", "partial", "main")
    write(repo, PAYMENTS, PAYMENTS_MAIN + (
        "overrides:\n"
        "  - from: 2026-03-28T00:00:00+01:00\n"
        "    to: 2026-03-29T00:00:00+01:00\n"
        "    person: jane\n"))
    write(repo, "oncall/time-off.yaml", (
        "- person: nobody\n  from: 2026-04-01T00:00:00Z\n  to: 2026-04-03T00:00:00Z\n"))
    _commit(repo, "partial")
    result = run("-C", str(repo), "diff", "main", "partial", "--weeks", "1")
    assert (result.status, result.err) == (0, "")
    assert result.out.split("\n", 1)[1] == (
        "\n"
        "Schedules (1), the next 1 week, 2026-03-23 09:00 UTC to 2026-03-30 09:00 UTC\n"
        "  payments-primary Payments primary — changed; times in Europe/Berlin\n"
        "    hours: jane 0.00 → 24.00 h (+24.00 h)\n"
        "    newly on call: jane, first Sat 2026-03-28 00:00 CET to Sun 2026-03-29 00:00 CET\n"
        "    gap closed: Sat 2026-03-28 00:00 CET to Sun 2026-03-29 00:00 CET (24.00 h)\n"
        "    spread: 119.00 h (carol 120.00 h the most, bob 1.00 h the least) → 119.00 h "
        "(carol 120.00 h the most, bob 1.00 h the least)\n"
        "\n"
        "Could not be read (1)\n"
        "  oncall/time-off.yaml in partial — line 1, column 11: person 'nobody' does not "
        "exist: add it to oncall/people.yaml or fix the name\n")


def test_time_off_alone_moves_shifts_under_automatic_cover(
        repo: Path, run: Callable[..., Run]) -> None:
    """The search layer covers time off (``time_off_cover: next``) on main already; the branch
    only adds jane's two days away in her turn: carol covers them, and the diff says so."""
    _git(repo, "checkout", "-q", "-b", "covered-main", "main")
    _edit(repo, SEARCH, "    rotation: weekly\n",
          "    rotation: weekly\n    time_off_cover: next\n")
    _commit(repo, "cover")
    _git(repo, "checkout", "-q", "-b", "away")
    write(repo, "oncall/time-off.yaml", (
        "- person: jane\n  from: 2026-03-24T00:00:00+01:00\n"
        "  to: 2026-03-26T00:00:00+01:00\n  reason: conference\n"))
    _commit(repo, "away")
    result = run("-C", str(repo), "diff", "covered-main", "away", "--weeks", "1")
    assert (result.status, result.err) == (0, "")
    assert result.out.split("\n", 1)[1] == (
        "\n"
        "Schedules (1), the next 1 week, 2026-03-23 09:00 UTC to 2026-03-30 09:00 UTC\n"
        "  search-primary Search <primary> | *on call* — not edited, but jane changed; times "
        "in Europe/Berlin\n"
        "    hours: carol 1.00 → 49.00 h (+48.00 h); jane 167.00 → 119.00 h (-48.00 h)\n"
        "    spread: 166.00 h (jane 167.00 h the most, carol 1.00 h the least) → 70.00 h "
        "(jane 119.00 h the most, carol 49.00 h the least)\n"
        "\n"
        "Time off (1)\n"
        "  jane Jane Doe — time off added: 2026-03-23 23:00 UTC to 2026-03-25 23:00 UTC "
        "(conference)\n")
