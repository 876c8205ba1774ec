"""``incidentkit oncall handoff``: the Markdown handoff note (exact output)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run

# billing pages a person, not the schedule: its incident is not identity-primary's business.
SERVICES = """\
- id: billing
  name: Billing
  team: payments
  tier: 2
  escalation_policy: billing
"""
POLICY = """\
- id: billing
  name: Billing escalation
  steps:
    - after: 0m
      notify: [person:carol]
"""
OPEN = """\
id: 2026-02-05-checkout-errors
title: "Checkout <b>errors</b> | 500s"
severity: SEV2
status: investigating
summary: Checkout returns 500s.
services: [{service}]
detection: manual
impact:
  summary: Some checkouts fail
  customer_facing: true
roles:
  commander: jane
started_at: 2026-02-05T10:00:00Z
detected_at: 2026-02-05T10:05:00Z
updates:
  - at: 2026-02-08T11:30:00Z
    status: investigating
    audience: internal
    text: Still looking.
"""
ACTION_ITEMS = """\
action_items:
  - id: AI-1
    title: Add connection timeout to all database configs
    owner: carol
    priority: P1
    due: 2026-01-20
    status: open
  - id: AI-2
    title: Alert on pool saturation
    owner: bob
    priority: P2
    due: 2026-03-01
    status: open
---
"""


@pytest.fixture
def repo(tmp_path: Path) -> str:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    oncall = root / "oncall"
    (oncall / "services.yaml").write_text((oncall / "services.yaml").read_text() + SERVICES)
    policies = oncall / "escalation-policies.yaml"
    policies.write_text(policies.read_text() + POLICY)
    incidents = root / "incidents" / "2026"
    (incidents / "2026-02-05-checkout-errors.yaml").write_text(OPEN.format(service="auth-api"))
    (incidents / "2026-02-06-billing-retries.yaml").write_text(
        OPEN.format(service="billing").replace("2026-02-05-checkout-errors",
                                               "2026-02-06-billing-retries"))
    postmortem = root / "postmortems" / "2026-01-15-auth-login-failures.md"
    text = postmortem.read_text()
    start, end = text.index("action_items:"), text.index("---", 4)
    postmortem.write_text(text[:start] + ACTION_ITEMS + text[end + 4:])
    return str(root)


def test_note_with_open_incidents_and_overdue_items(repo: str, run: Callable[..., Run]) -> None:
    result = run("-C", repo, "oncall", "handoff", "--at", "2026-02-08T12:00:00Z")
    assert result.status == 0, result.err
    assert result.err == ""
    assert result.out == (
        "# On-call handoff, 2026-02-08 12:00 UTC\n"
        "\n"
        "## Identity primary (`identity-primary`)\n"
        "\n"
        "**Bob Stone (bob)** hands over to **Carol Lim (carol)** at Mon 2026-02-09 10:00 CET.\n"
        "\n"
        "| | Who | From | Until | Through |\n"
        "|---|---|---|---|---|\n"
        "| Now | **Bob Stone (bob)** | Tue 2026-02-03 10:00 CET | Mon 2026-02-09 10:00 CET "
        "| layer weekly |\n"
        "| Next | **Carol Lim (carol)** | Mon 2026-02-09 10:00 CET | Mon 2026-02-16 10:00 CET "
        "| layer weekly |\n"
        "\n"
        "### During the outgoing shift\n"
        "\n"
        "Services paged through this schedule: auth-api, login-web.\n"
        "\n"
        "From the start of **Bob Stone (bob)**'s shift at Tue 2026-02-03 10:00 CET to "
        "Sun 2026-02-08 13:00 CET:\n"
        "\n"
        "| Incident | Severity | Status | Title | During the shift |\n"
        "|---|---|---|---|---|\n"
        "| [`2026-02-05-checkout-errors`](incidents/2026/2026-02-05-checkout-errors.yaml) "
        "| SEV2 | investigating | Checkout &lt;b&gt;errors&lt;/b&gt; \\| 500s "
        "| started Thu 2026-02-05 11:00 CET, 1 update |\n"
        "\n"
        "### Open incidents\n"
        "\n"
        "| Incident | Severity | Status | Title | Services | Started |\n"
        "|---|---|---|---|---|---|\n"
        "| `2026-02-05-checkout-errors` | SEV2 | investigating "
        "| Checkout &lt;b&gt;errors&lt;/b&gt; \\| 500s | auth-api | Thu 2026-02-05 11:00 CET |\n"
        "\n"
        "### Overdue action items\n"
        "\n"
        "| Action item | Owner | Incident | Due | Late by |\n"
        "|---|---|---|---|---|\n"
        "| AI-1 Add connection timeout to all database configs (P1) | carol "
        "| `2026-01-15-auth-login-failures` | 2026-01-20 | 18d 12h |\n"
    )


def test_an_override_hands_over_and_the_viewers_zone(repo: str, run: Callable[..., Run]) -> None:
    """At 2026-02-02 08:00Z jane hands to carol, who covers bob's first day by an override."""
    result = run("-C", repo, "oncall", "handoff", "--schedule", "identity-primary",
                 "--at", "2026-02-02T08:00:00Z", "--tz", "America/New_York")
    lines = result.out.splitlines()
    assert lines[4:10] == [
        "**Jane Doe (jane)** hands over to **Carol Lim (carol)** at Mon 2026-02-02 04:00 EST.",
        "",
        "| | Who | From | Until | Through |",
        "|---|---|---|---|---|",
        "| Now | **Jane Doe (jane)** | Mon 2026-01-26 04:00 EST | Mon 2026-02-02 04:00 EST "
        "| layer weekly |",
        "| Next | **Carol Lim (carol)** | Mon 2026-02-02 04:00 EST | Tue 2026-02-03 04:00 EST "
        "| override |",
    ]


def test_before_the_schedule_starts_is_a_gap(run: Callable[..., Run]) -> None:
    result = run("-C", str(EXAMPLES / "base"), "oncall", "handoff",
                 "--at", "2026-01-01T00:00:00Z")
    assert result.out.splitlines()[4:10] == [
        "Nobody is on call now (a gap in the schedule); **Jane Doe (jane)** takes over at "
        "Mon 2026-01-05 10:00 CET.",
        "",
        "| | Who | From | Until | Through |",
        "|---|---|---|---|---|",
        "| Gap | nobody | Thu 2026-01-01 01:00 CET | Mon 2026-01-05 10:00 CET | — |",
        "| Next | **Jane Doe (jane)** | Mon 2026-01-05 10:00 CET | Mon 2026-01-12 10:00 CET "
        "| layer weekly |",
    ]
    assert result.out.endswith(
        "### During the outgoing shift\n\n"
        "Services paged through this schedule: auth-api, login-web.\n\n"
        "Nobody is on call now: there is no outgoing shift.\n\n"
        "### Open incidents\n\nNone.\n\n### Overdue action items\n\nNone.\n")


def test_a_gap_between_two_shifts_and_no_next_shift(tmp_path: Path,
                                                    run: Callable[..., Run]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    (root / "oncall" / "schedules" / "identity-primary.yaml").write_text("""\
id: identity-primary
name: Identity primary
timezone: UTC
layers:
  - name: days
    start: "2026-01-05T09:00"
    rotation: daily
    members: [jane, bob]
    effective_until: "2026-01-07T09:00"
    restrictions:
      - {days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}
""")
    first = run("-C", str(root), "oncall", "handoff", "--at", "2026-01-05T12:00:00Z")
    assert first.out.splitlines()[4] == (
        "**Jane Doe (jane)** hands over at Mon 2026-01-05 17:00 UTC, then nobody is on call for "
        "16.00 h (a gap in the schedule), until **Bob Stone (bob)** takes over at "
        "Tue 2026-01-06 09:00 UTC."
    )
    assert first.out.splitlines()[9] == (
        "| Gap | nobody | Mon 2026-01-05 17:00 UTC | Tue 2026-01-06 09:00 UTC | — |")
    last = run("-C", str(root), "oncall", "handoff", "--at", "2026-01-06T12:00:00Z")
    assert last.out.splitlines()[4] == (
        "**Bob Stone (bob)** hands over at Tue 2026-01-06 17:00 UTC; after that nobody is on "
        "call for at least 90 days."
    )
    after = run("-C", str(root), "oncall", "handoff", "--at", "2026-01-08T12:00:00Z")
    assert after.out.splitlines()[4] == (
        "Nobody is on call now, and nobody is on call for at least 90 days.")


def test_unknown_schedule(run: Callable[..., Run]) -> None:
    result = run("-C", str(EXAMPLES / "base"), "oncall", "handoff", "--schedule", "nope")
    assert (result.status, result.err) == (
        2, "incidentkit: error: no schedule 'nope' (known: identity-primary)\n")


# --- during the outgoing shift: bob's, from Tue 2026-02-03 09:00 UTC ----------------------

EARLIER = """\
id: 2026-02-01-{slug}
title: {title}
severity: SEV3
status: {status}
summary: Something.
services: [login-web]
detection: manual
impact:
  summary: A few users
  customer_facing: false
roles:
  commander: jane
started_at: 2026-02-01T10:00:00Z
detected_at: 2026-02-01T10:05:00Z
{extra}"""


def _during(output: str) -> list[str]:
    lines = output.splitlines()
    return lines[lines.index("### During the outgoing shift") + 4:lines.index("### Open incidents")]


def test_an_incident_started_within_the_shift(repo: str, run: Callable[..., Run]) -> None:
    """At 2026-02-05 12:00Z the checkout incident has started; its update is still to come."""
    result = run("-C", repo, "oncall", "handoff", "--at", "2026-02-05T12:00:00Z")
    assert (result.status, result.err) == (0, "")
    assert _during(result.out) == [
        "From the start of **Bob Stone (bob)**'s shift at Tue 2026-02-03 10:00 CET to "
        "Thu 2026-02-05 13:00 CET:",
        "",
        "| Incident | Severity | Status | Title | During the shift |",
        "|---|---|---|---|---|",
        "| [`2026-02-05-checkout-errors`](incidents/2026/2026-02-05-checkout-errors.yaml) "
        "| SEV2 | investigating | Checkout &lt;b&gt;errors&lt;/b&gt; \\| 500s "
        "| started Thu 2026-02-05 11:00 CET |",
        "",
    ]


def test_an_incident_updated_within_the_shift(repo: str, run: Callable[..., Run]) -> None:
    """Started before bob's shift; a timeline entry and a status update within it count, an
    update before it does not."""
    Path(repo, "incidents/2026/2026-02-01-slow-logins.yaml").write_text(EARLIER.format(
        slug="slow-logins", title="Slow logins", status="identified", extra="""\
timeline:
  - at: 2026-02-03T08:59:00Z
    kind: note
    text: Before the shift
  - at: 2026-02-04T12:00:00Z
    kind: action
    text: Restarted the pool
updates:
  - at: 2026-02-04T11:30:00Z
    status: identified
    audience: internal
    text: Found it.
"""))
    result = run("-C", repo, "oncall", "handoff", "--at", "2026-02-04T13:00:00Z")
    assert (result.status, result.err) == (0, "")
    assert _during(result.out)[4:] == [
        "| [`2026-02-01-slow-logins`](incidents/2026/2026-02-01-slow-logins.yaml) "
        "| SEV3 | identified | Slow logins | 2 updates |",
        "",
    ]


def test_an_incident_resolved_within_the_shift(repo: str, run: Callable[..., Run]) -> None:
    Path(repo, "incidents/2026/2026-02-01-slow-logins.yaml").write_text(EARLIER.format(
        slug="slow-logins", title="Slow logins", status="resolved", extra="""\
acknowledged_at: 2026-02-01T10:10:00Z
mitigated_at: 2026-02-01T12:00:00Z
resolved_at: 2026-02-03T12:00:00Z
"""))
    result = run("-C", repo, "oncall", "handoff", "--at", "2026-02-04T13:00:00Z")
    assert (result.status, result.err) == (0, "")
    assert _during(result.out)[4:] == [
        "| [`2026-02-01-slow-logins`](incidents/2026/2026-02-01-slow-logins.yaml) "
        "| SEV3 | resolved | Slow logins | resolved Tue 2026-02-03 13:00 CET |",
        "",
    ]


def test_nothing_happened_within_the_shift(run: Callable[..., Run]) -> None:
    """The only incident (the SEV1 of 15 January) was over before carol's shift of 2 March."""
    result = run("-C", str(EXAMPLES / "base"), "oncall", "handoff",
                 "--at", "2026-03-04T12:00:00Z")
    assert _during(result.out) == [
        "From the start of **Carol Lim (carol)**'s shift at Mon 2026-03-02 10:00 CET to "
        "Wed 2026-03-04 13:00 CET:",
        "",
        "No incident of these services started, was updated or was resolved.",
        "",
    ]


def test_windows_left_uncovered_on_purpose_are_not_called_a_gap(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    schedule = root / "oncall" / "schedules" / "identity-primary.yaml"
    schedule.write_text(schedule.read_text(encoding="utf-8") + (
        "  - from: 2026-02-16T09:00:00Z\n    to: 2026-02-17T09:00:00Z\n    person: null\n"
        "    reason: office <closed> for the move\n"
        "  - from: 2026-02-17T09:00:00Z\n    to: 2026-02-17T12:00:00Z\n    person: null\n"
        "    reason: half day\n"), encoding="utf-8")
    now = run("-C", str(root), "oncall", "handoff", "--at", "2026-02-16T12:00:00Z")
    assert now.out.splitlines()[4:10] == [
        "Nobody is on call now (uncovered on purpose: office &lt;closed&gt; for the move; then "
        "half day); **Jane Doe (jane)** takes over at Tue 2026-02-17 13:00 CET.",
        "",
        "| | Who | From | Until | Through |",
        "|---|---|---|---|---|",
        "| Uncovered | nobody | Mon 2026-02-16 13:00 CET | Tue 2026-02-17 10:00 CET "
        "| override: office &lt;closed&gt; for the move |",
        "| Uncovered | nobody | Tue 2026-02-17 10:00 CET | Tue 2026-02-17 13:00 CET "
        "| override: half day |",
    ]


def test_an_uncovered_window_followed_by_a_gap(tmp_path: Path, run: Callable[..., Run]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    (root / "oncall" / "schedules" / "identity-primary.yaml").write_text("""\
id: identity-primary
name: Identity primary
timezone: Europe/Berlin
layers:
  - name: office
    start: "2026-01-05T10:00"
    rotation: weekly
    members: [jane, bob]
    restrictions:
      - days: [mon, tue, wed, thu, fri]
        from: "09:00"
        to: "17:00"
overrides:
  - from: 2026-02-16T14:00:00Z
    to: 2026-02-16T16:00:00Z
    person: null
    reason: team offsite
""", encoding="utf-8")
    result = run("-C", str(root), "oncall", "handoff", "--at", "2026-02-16T12:00:00Z")
    assert result.out.splitlines()[4:11] == [
        "**Jane Doe (jane)** hands over at Mon 2026-02-16 15:00 CET, then nobody is on call "
        "for 18.00 h (uncovered on purpose: team offsite, until Mon 2026-02-16 17:00 CET; "
        "then a gap in the schedule), until **Jane Doe (jane)** takes over at "
        "Tue 2026-02-17 09:00 CET.",
        "",
        "| | Who | From | Until | Through |",
        "|---|---|---|---|---|",
        "| Now | **Jane Doe (jane)** | Mon 2026-02-16 10:00 CET | Mon 2026-02-16 15:00 CET "
        "| layer office |",
        "| Uncovered | nobody | Mon 2026-02-16 15:00 CET | Mon 2026-02-16 17:00 CET "
        "| override: team offsite |",
        "| Gap | nobody | Mon 2026-02-16 17:00 CET | Tue 2026-02-17 09:00 CET | — |",
    ]
