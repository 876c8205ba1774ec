"""The overdue engine on a repository opened from a temporary folder: boundaries and rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from incidentkit.followup.overdue import OverdueItem, compute
from tests.repos import copy_base, opened, write

ID = "2026-01-15-auth-login-failures"
PM = f"postmortems/{ID}.md"
INC = f"incidents/2026/{ID}.yaml"
RESOLVED = datetime(2026, 1, 15, 15, 30, tzinfo=UTC)

OPEN = """\
id: 2026-03-01-checkout
title: Checkout errors
severity: {severity}
status: identified
summary: Checkout returns 500s.
services: [auth-api]
detection: manual
impact:
  summary: Some checkouts fail
  customer_facing: true
roles:
  commander: jane
started_at: 2026-03-01T10:00:00Z
detected_at: 2026-03-01T10:05:00Z
"""


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text()
    assert old in text
    write(root, rel, text.replace(old, new))


def test_an_item_is_late_after_the_end_of_its_due_day(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    _edit(root, PM, "    status: done\n", "    status: open\n")
    repo = opened(root)
    end = datetime(2026, 1, 21, tzinfo=UTC)
    assert compute(repo, at=end) == []  # due by the end of 2026-01-20: not late at midnight
    (item,) = compute(repo, at=end + timedelta(minutes=1))
    assert item == OverdueItem(
        "action-item", "AI-1 Add connection timeout to all database configs (P1)", ("carol",),
        end, timedelta(minutes=1), ID, PM, 7, 5, date(2026, 1, 20))


def test_without_a_due_date_the_priority_default_after_resolution(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    _edit(root, PM, "    due: 2026-01-20\n    status: done\n",
          "    status: in-progress\n  - id: AI-2\n    title: Later\n    owner: bob\n"
          "    priority: P3\n    status: wont-do\n")
    repo = opened(root)
    due = RESOLVED + timedelta(days=14)  # P1
    assert compute(repo, at=due) == []
    (item,) = compute(repo, at=due + timedelta(hours=2))
    assert (item.what, item.due, item.late, item.due_day) == (
        "AI-1 Add connection timeout to all database configs (P1)", due, timedelta(hours=2),
        None)


def test_the_configured_policy_applies(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    _edit(root, PM, "    due: 2026-01-20\n    status: done\n", "    status: open\n")
    _edit(root, PM, "status: final", "status: draft")
    write(root, "incidentkit.yaml", "action_items:\n  due_after: {P0: 1d, P1: 1d, P2: 1d, "
          "P3: 1d}\npostmortems:\n  final_within: 2d\nrunbooks:\n  review_every: 30d\n")
    at = datetime(2026, 1, 20, tzinfo=UTC)
    found = compute(opened(root), at=at)
    assert [(i.kind, i.what, i.owners, i.late, i.line, i.col) for i in found] == [
        ("action-item", "AI-1 Add connection timeout to all database configs (P1)", ("carol",),
         at - RESOLVED - timedelta(days=1), 7, 5),
        ("postmortem-not-final", f"postmortem of {ID} is draft", ("jane",),
         at - RESOLVED - timedelta(days=2), 3, 9),
    ]
    late = compute(opened(root), at=datetime(2026, 11, 1, 0, 1, tzinfo=UTC))
    assert [(i.kind, i.due_day, i.line) for i in late][-1] == (
        "runbook-review", date(2026, 10, 31), 5)


def test_a_missing_postmortem_only_where_the_severity_requires_one(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    (root / PM).unlink()
    at = RESOLVED + timedelta(hours=49)
    (missing,) = compute(opened(root), at=at)
    assert (missing.kind, missing.what, missing.owners, missing.late, missing.path,
            missing.line) == (
        "postmortem-missing", f"postmortem of {ID} (SEV1) not written", ("jane",),
        timedelta(hours=1), INC, 2)
    _edit(root, INC, "severity: SEV1", "severity: SEV2")  # optional
    assert compute(opened(root), at=at) == []


def test_stale_open_incidents_latest_first(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    write(root, "incidents/2026/2026-03-01-checkout.yaml", OPEN.format(severity="SEV1"))
    write(root, "incidents/2026/2026-03-01-other.yaml", OPEN.format(severity="SEV0").replace(
        "2026-03-01-checkout", "2026-03-01-other").replace(
        "detected_at: 2026-03-01T10:05:00Z\n",
        "detected_at: 2026-03-01T10:05:00Z\nupdates:\n  - at: 2026-03-01T11:00:00Z\n"
        "    status: identified\n    audience: internal\n    text: Found it.\n"))
    write(root, "incidents/2026/2026-03-01-low.yaml", OPEN.format(severity="SEV3").replace(
        "2026-03-01-checkout", "2026-03-01-low"))
    at = datetime(2026, 3, 1, 12, tzinfo=UTC)
    found = compute(opened(root), at=at)
    # Neither was acknowledged: late since detection + the severity's ack_within (SEV3: 1d).
    assert [(i.kind, i.incident, i.late) for i in found if i.kind != "stale-incident"] == [
        ("not-acknowledged", "2026-03-01-other", timedelta(minutes=110)),
        ("not-acknowledged", "2026-03-01-checkout", timedelta(minutes=100))]
    assert [(i.incident, i.what, i.late, i.line, i.col) for i in found
            if i.kind == "stale-incident"] == [
        # No update: late since detection + 30m, placed at its status.
        ("2026-03-01-checkout", "2026-03-01-checkout (SEV1, identified) needs a status update "
         "every 30m", timedelta(minutes=85), 4, 9),
        # The last update + 15m, placed at that update.
        ("2026-03-01-other", "2026-03-01-other (SEV0, identified) needs a status update every "
         "15m", timedelta(minutes=45), 16, 5),
    ]  # SEV3 has no update cadence
