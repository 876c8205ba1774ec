"""A diff in words: every group in text and Markdown (data escaped once), and JSON."""

from __future__ import annotations

import json

from incidentkit.changes.compare import Change, ChangeKind, Delta
from incidentkit.changes.render import FORMATS, as_json, markdown, text
from incidentkit.changes.report import Report, Unreadable
from incidentkit.checks.finding import Finding, Severity

ID = "2026-01-15-x"
INC = f"incidents/2026/{ID}.yaml"
PM = f"postmortems/{ID}.md"
GONE = "2026-02-01-y"
CHANGES = (
    Change(ChangeKind.DECLARED, ID, INC, "Checkout <b>down</b> | *x*",
           facts=(("severity", "SEV2"), ("status", "investigating"), ("services", "a, b"))),
    Change(ChangeKind.SEVERITY, ID, INC, "T", deltas=(Delta("severity", "SEV2", "SEV1"),),
           facts=(("direction", "raised"),)),
    Change(ChangeKind.STATUS, ID, INC, "T",
           deltas=(Delta("status", "investigating", "resolved"),)),
    Change(ChangeKind.REMOVED, GONE, f"incidents/2026/{GONE}.yaml", "Y"),
    Change(ChangeKind.POSTMORTEM_ADDED, ID, PM, facts=(("status", "draft"),
                                                       ("action_items", "1"))),
    Change(ChangeKind.POSTMORTEM_STATUS, ID, PM, deltas=(Delta("status", "draft", "final"),)),
    Change(ChangeKind.POSTMORTEM_REMOVED, GONE, f"postmortems/{GONE}.md",
           facts=(("action_items", "2"),)),
    Change(ChangeKind.ITEM_ADDED, ID, PM, "Add alert", "AI-2",
           facts=(("owner", "jane"), ("priority", "P1"), ("due", ""), ("status", "in-progress"))),
    Change(ChangeKind.ITEM_CLOSED, ID, PM, "Fix", "AI-1",
           deltas=(Delta("due", "2026-01-20", "2026-01-27"), Delta("status", "open", "wont-do"))),
    Change(ChangeKind.ITEM_CHANGED, ID, PM, "Fix", "AI-3",
           deltas=(Delta("owner", "carol", "bob"), Delta("priority", "P2", "P1"),
                   Delta("title", "Old", "Fix"), Delta("status", "done", "open"))),
    Change(ChangeKind.ITEM_REMOVED, ID, PM, "Gone", "AI-4"),
    Change(ChangeKind.EDITED, ID, INC, "T", facts=(("tags", "+pool"),
                                                   ("text", "edited in Response"))),
)
UNREADABLE = (Unreadable("main", Finding(
    "incidents/2026/2026-03-01-z.yaml", 5, 11, Severity.ERROR, "yaml-syntax",
    "YAML syntax error: bad `x`"), 2),)
REPORT = Report("main", "0123456789abcdef0123", "feature/x", "fedcba9876543210fedc", CHANGES,
                UNREADABLE)
EMPTY = Report("main", "0123456789abcdef0123", None, None, (), ())

TEXT = """\
Changes from main (merge base 0123456789ab) to feature/x (fedcba987654): 1 incident declared, \
1 severity change, 1 status change, 1 incident removed, 1 postmortem added, 1 postmortem moved, \
1 postmortem removed, 1 action item added, 1 action item closed, 1 action item changed, \
1 action item removed, 1 other edit, 1 file could not be read.

Incidents declared (1)
  2026-01-15-x Checkout <b>down</b> | *x* — SEV2, investigating; services: a, b

Severity changes (1)
  2026-01-15-x T — SEV2 → SEV1 (raised)

Status changes (1)
  2026-01-15-x T — investigating → resolved

Incidents removed (1)
  2026-02-01-y Y — incidents/2026/2026-02-01-y.yaml deleted

Postmortems added (1)
  2026-01-15-x — draft, 1 action item

Postmortems moved (1)
  2026-01-15-x — draft → final

Postmortems removed (1)
  2026-02-01-y — postmortems/2026-02-01-y.md deleted with 2 action items

Action items added (1)
  2026-01-15-x AI-2 Add alert — owner jane, P1, due by the priority's default, in-progress

Action items closed (1)
  2026-01-15-x AI-1 Fix — won't do; re-dated 2026-01-20 → 2026-01-27

Action items changed (1)
  2026-01-15-x AI-3 Fix — reopened (done → open); re-owned carol → bob; \
re-prioritised P2 → P1; renamed from Old

Action items removed (1)
  2026-01-15-x AI-4 Gone — removed from the postmortem

Other edits (1)
  incidents/2026/2026-01-15-x.yaml — tags: +pool; text: edited in Response

Could not be read (1)
  incidents/2026/2026-03-01-z.yaml in main — line 5, column 11: YAML syntax error: bad `x` \
(and 2 more errors)
"""


def test_text_names_every_group_in_order() -> None:
    assert text(REPORT) == TEXT


def test_markdown_escapes_the_data_once() -> None:
    got = markdown(REPORT)
    assert got.startswith(
        "## Incident changes\n\nChanges from **main** (merge base `0123456789ab`) to "
        "**feature/x** (`fedcba987654`): 1 incident declared, ")
    assert (
        "### Incidents declared (1)\n\n- **2026-01-15-x** Checkout \\<b\\>down\\</b\\> \\| "
        "\\*x\\* — SEV2, investigating; services: a, b\n") in got
    assert ("### Action items changed (1)\n\n- **2026-01-15-x** **AI-3** Fix — reopened "
            "(done → open); re-owned carol → bob; re-prioritised P2 → P1; renamed from Old\n"
            ) in got
    assert got.endswith(
        "### Could not be read (1)\n\n- incidents/2026/2026-03-01-z.yaml in main — line 5, "
        "column 11: YAML syntax error: bad \\`x\\` (and 2 more errors)\n")
    assert got.count("### ") == 13
    assert "\\\\" not in got  # nothing escaped twice


def test_no_changes() -> None:
    assert text(EMPTY) == (
        "No changes to incidents, postmortems, action items or on call from main (merge base "
        "0123456789ab) to the working tree.\n")
    assert markdown(EMPTY) == (
        "## Incident changes\n\nNo changes to incidents, postmortems, action items or on call from "
        "**main** (merge base `0123456789ab`) to the working tree.\n")


def test_json_keeps_every_value() -> None:
    data = json.loads(as_json(REPORT))
    assert data["base"] == {"ref": "main", "commit": "0123456789abcdef0123"}
    assert data["head"] == {"ref": "feature/x", "commit": "fedcba9876543210fedc"}
    assert [c["kind"] for c in data["changes"]] == [str(c.kind) for c in CHANGES]
    assert data["changes"][0] == {
        "kind": "incident-declared", "incident": ID, "path": INC,
        "title": "Checkout <b>down</b> | *x*", "item": None, "changes": [],
        "facts": {"severity": "SEV2", "status": "investigating", "services": "a, b"}}
    assert data["changes"][8]["changes"] == [
        {"field": "due", "before": "2026-01-20", "after": "2026-01-27"},
        {"field": "status", "before": "open", "after": "wont-do"}]
    assert data["unreadable"] == [{
        "path": "incidents/2026/2026-03-01-z.yaml", "version": "main", "line": 5, "col": 11,
        "code": "yaml-syntax", "message": "YAML syntax error: bad `x`", "more_errors": 2}]
    assert json.loads(as_json(EMPTY)) == {
        "base": {"ref": "main", "commit": "0123456789abcdef0123"},
        "head": {"ref": None, "commit": None}, "changes": [], "on_call": None,
        "unreadable": []}


def test_formats() -> None:
    assert FORMATS == {"text": text, "markdown": markdown, "json": as_json}
    # One line per change, whatever the data holds.
    broken = Report("main", "0" * 40, None, None, (
        Change(ChangeKind.REMOVED, ID, INC, "two\nlines\r\nhere"),), ())
    assert text(broken).splitlines()[-1] == (
        "  2026-01-15-x two lines here — incidents/2026/2026-01-15-x.yaml deleted")
