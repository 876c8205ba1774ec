"""Two snapshots → the changes between them, without git: two working trees side by side."""

from __future__ import annotations

from pathlib import Path

from incidentkit.changes.compare import Change, ChangeKind, Delta, compare
from incidentkit.changes.versions import snapshot, touched
from incidentkit.store.source import WorkingTree
from tests.repos import copy_base, write

ID = "2026-01-15-auth-login-failures"
INC = f"incidents/2026/{ID}.yaml"
PM = f"postmortems/{ID}.md"
TITLE = "Login failures for ~30% of users"
AI1 = "Add connection timeout to all database configs"

DNS = """\
id: 2026-02-10-dns-outage
title: DNS outage
severity: SEV3
status: resolved
summary: A stale record.
services: [login-web]
detection: customer
impact:
  summary: Nothing much
  customer_facing: false
roles:
  commander: carol
started_at: 2026-02-10T08:00:00Z
detected_at: 2026-02-10T08:10:00Z
resolved_at: 2026-02-10T09:00:00Z
"""
DNS_REL = "incidents/2026/2026-02-10-dns-outage.yaml"


def _edit(root: Path, rel: str, *pairs: tuple[str, str]) -> None:
    text = (root / rel).read_text()
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    write(root, rel, text)


def _changes(base: Path, head: Path) -> list[Change]:
    old, new = WorkingTree(base), WorkingTree(head)
    keys = touched(old, new)
    return compare(snapshot(old, keys), snapshot(new, keys))


def test_nothing_touched_nothing_changed(tmp_path: Path) -> None:
    base, head = copy_base(tmp_path, "a"), copy_base(tmp_path, "b")
    assert touched(WorkingTree(base), WorkingTree(head)) == set()
    # A file outside the compared kinds is not looked at.
    _edit(head, "oncall/people.yaml", ("Jane Doe", "Jane D."))
    assert _changes(base, head) == []


def test_declared_raised_edited_and_postmortem_changes(tmp_path: Path) -> None:
    base, head = copy_base(tmp_path, "a"), copy_base(tmp_path, "b")
    _edit(base, INC, ("severity: SEV1", "severity: SEV2"))
    _edit(head, INC, ("tags: [database]", "tags: [pool]"),
          ("  percent: 30\n", "  percent: 40\n"))
    _edit(head, PM, ("status: final", "status: in-review"), ("owner: carol", "owner: bob"),
          ("    status: done\n", "    status: done\n  - id: AI-2\n    title: Alert on pool "
           "saturation\n    owner: jane\n    priority: P2\n    status: in-progress\n"),
          ("Rolled back.", "Rolled back quickly."))
    write(head, DNS_REL, DNS)
    assert _changes(base, head) == [
        Change(ChangeKind.DECLARED, "2026-02-10-dns-outage", DNS_REL, "DNS outage",
               facts=(("severity", "SEV3"), ("status", "resolved"), ("services", "login-web"))),
        Change(ChangeKind.SEVERITY, ID, INC, TITLE,
               deltas=(Delta("severity", "SEV2", "SEV1"),), facts=(("direction", "raised"),)),
        Change(ChangeKind.POSTMORTEM_STATUS, ID, PM,
               deltas=(Delta("status", "final", "in-review"),)),
        Change(ChangeKind.ITEM_ADDED, ID, PM, "Alert on pool saturation", "AI-2",
               facts=(("owner", "jane"), ("priority", "P2"), ("due", ""),
                      ("status", "in-progress"))),
        Change(ChangeKind.ITEM_CHANGED, ID, PM, AI1, "AI-1",
               deltas=(Delta("owner", "carol", "bob"),)),
        Change(ChangeKind.EDITED, ID, INC, TITLE,
               facts=(("impact.percent", "30 → 40"), ("tags", "+pool -database"))),
        Change(ChangeKind.EDITED, ID, PM, facts=(("text", "edited in Response"),)),
    ]


def test_removed_lowered_status_and_postmortem_removed(tmp_path: Path) -> None:
    base, head = copy_base(tmp_path, "a"), copy_base(tmp_path, "b")
    write(base, DNS_REL, DNS)
    _edit(head, INC, ("severity: SEV1", "severity: SEV2"),
          ("status: resolved", "status: monitoring"), ("resolved_at: 2026-01-15T15:30:00Z\n", ""))
    (head / PM).unlink()
    assert _changes(base, head) == [
        Change(ChangeKind.SEVERITY, ID, INC, TITLE,
               deltas=(Delta("severity", "SEV1", "SEV2"),), facts=(("direction", "lowered"),)),
        Change(ChangeKind.STATUS, ID, INC, TITLE,
               deltas=(Delta("status", "resolved", "monitoring"),)),
        Change(ChangeKind.REMOVED, "2026-02-10-dns-outage", DNS_REL, "DNS outage"),
        Change(ChangeKind.POSTMORTEM_REMOVED, ID, PM, facts=(("action_items", "1"),)),
        Change(ChangeKind.EDITED, ID, INC, TITLE,
               facts=(("resolved_at", "removed"),)),
    ]


def test_items_closed_redated_removed_and_a_postmortem_added(tmp_path: Path) -> None:
    base, head = copy_base(tmp_path, "a"), copy_base(tmp_path, "b")
    item2 = ("  - id: AI-2\n    title: Alert on saturation\n    owner: jane\n    priority: P2\n"
             "    status: open\n")
    _edit(base, PM, ("    status: done\n", f"    status: open\n{item2}"))
    _edit(head, PM, ("    due: 2026-01-20\n", "    due: 2026-01-27\n"))
    (base / PM).rename(base / "keep.md")  # the base has no postmortem at first ...
    first = _changes(base, head)
    assert [(c.kind, c.item) for c in first] == [
        (ChangeKind.POSTMORTEM_ADDED, None), (ChangeKind.ITEM_ADDED, "AI-1")]
    assert first[0].facts == (("status", "final"), ("action_items", "1"))
    (base / "keep.md").rename(base / PM)  # ... then it has one, with two items
    assert _changes(base, head) == [
        Change(ChangeKind.ITEM_CLOSED, ID, PM, AI1, "AI-1",
               deltas=(Delta("due", "2026-01-20", "2026-01-27"),
                       Delta("status", "open", "done"))),
        Change(ChangeKind.ITEM_REMOVED, ID, PM, "Alert on saturation", "AI-2"),
    ]


def test_a_version_that_cannot_read_a_file_lists_it_and_compares_nothing(tmp_path: Path) -> None:
    base, head = copy_base(tmp_path, "a"), copy_base(tmp_path, "b")
    _edit(head, INC, ("severity: SEV1", "severity: [SEV1"))
    old, new = WorkingTree(base), WorkingTree(head)
    keys = touched(old, new)
    assert keys == {ID}
    after = snapshot(new, keys)
    assert [(f.path, f.line, f.code, more) for f, more in after.unreadable] == [
        (INC, 5, "yaml-syntax", 0)]
    assert compare(snapshot(old, keys), after) == []


def test_numbers_are_shown_as_the_files_write_them(tmp_path: Path) -> None:
    base, head = copy_base(tmp_path, "a"), copy_base(tmp_path, "b")
    _edit(head, INC, ("  percent: 30\n", "  percent: 12.5\n"),
          ("users_affected: 120000", "users_affected: 9000"))
    (edited,) = _changes(base, head)
    assert edited.facts == (("impact.users_affected", "120000 → 9000"),
                            ("impact.percent", "30 → 12.5"))


def test_how_each_kind_of_value_changed(tmp_path: Path) -> None:
    base, head = copy_base(tmp_path, "a"), copy_base(tmp_path, "b")
    _edit(base, INC, ("mitigated_at: 2026-01-15T15:00:00Z\n", ""))
    _edit(head, INC,
          ("    author: jane\n", "    author: jane\n  - at: 2026-01-15T14:20:00Z\n"
           "    kind: note\n    text: More\n"),
          ("updates:\n  - at: 2026-01-15T14:30:00Z\n    status: investigating\n"
           "    audience: external\n    text: We are investigating reports of login failures.\n",
           "updates: []\n"),
          ('{title: Dashboard, url: "https://grafana.example.com/d/auth"}',
           '{title: Board, url: "https://grafana.example.com/d/auth"}'),
          ("  Database connection pool exhaustion in auth-api after v2.3.1.\n",
           "  " + "A much longer summary. " * 5 + "\n"))
    (edited,) = _changes(base, head)
    assert edited.kind is ChangeKind.EDITED
    assert edited.facts == (
        ("summary", "changed"), ("mitigated_at", "set to 2026-01-15T15:00:00Z"),
        ("timeline", "1 added"), ("updates", "1 removed"), ("links", "changed"))


def test_a_severity_outside_the_configured_list_has_no_direction(tmp_path: Path) -> None:
    base, head = copy_base(tmp_path, "a"), copy_base(tmp_path, "b")
    write(base, "incidentkit.yaml", "severities:\n  - {id: SEV1, name: One, description: d, "
          "ack_within: 5m, resolve_within: 1h, postmortem: required, required_roles: "
          "[commander]}\n  - {id: SEV2, name: Two, description: d, ack_within: 5m, "
          "resolve_within: 1h, postmortem: optional}\n")
    # The head's list no longer has the base's SEV1: which way it went is unknown.
    write(head, "incidentkit.yaml", (base / "incidentkit.yaml").read_text().replace(
        "SEV1", "SEV9"))
    _edit(head, INC, ("severity: SEV1", "severity: SEV9"))
    (change,) = _changes(base, head)
    assert (change.kind, change.facts) == (ChangeKind.SEVERITY, ())
