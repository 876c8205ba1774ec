"""``incidentkit diff``: what a branch does to the incidents, in a git repository the test builds.

``main`` gets the base corpus plus a few documents; ``feature`` declares, escalates, resolves,
removes and breaks things; every format is compared as a whole.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run

INCIDENT = EXAMPLES / "base/incidents/2026/2026-01-15-auth-login-failures.yaml"
POSTMORTEM = EXAMPLES / "base/postmortems/2026-01-15-auth-login-failures.md"
EXISTING = "incidents/2026/2026-01-15-auth-login-failures.yaml"
EXISTING_PM = "postmortems/2026-01-15-auth-login-failures.md"

#: A title that tries every way into Markdown and HTML.
NASTY = "Checkout <script>alert(1)</script> **down** | [x](https://e.example) ~~y~~ $z$ @team"

NEW_INCIDENT = f"""\
id: 2026-03-01-checkout-errors
title: "{NASTY}"
severity: SEV2
status: investigating
summary: Checkout returns 500s.
services: [auth-api, login-web]
detection: manual
impact:
  summary: Some checkouts fail
  customer_facing: true
roles:
  commander: jane
started_at: 2026-03-01T10:00:00Z
detected_at: 2026-03-01T10:05:00Z
"""

OLD_INCIDENT = """\
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

ITEMS_BEFORE = """\
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
    status: in-progress
  - id: AI-3
    title: Load test the pool
    owner: jane
    priority: P3
    status: done
  - id: AI-4
    title: Write a runbook
    owner: jane
    priority: P3
"""

ITEMS_AFTER = """\
action_items:
  - id: AI-1
    title: Add connection timeout to all database configs
    owner: bob
    priority: P0
    due: 2026-02-01
    status: open
  - id: AI-2
    title: Alert on pool saturation
    owner: bob
    priority: P2
    status: wont-do
  - id: AI-3
    title: Load test the pool
    owner: jane
    priority: P3
    status: open
  - id: AI-5
    title: "Review `pool` defaults <b>now</b>"
    owner: carol
    priority: P1
"""

NEW_POSTMORTEM = """\
---
incident: 2026-03-01-checkout-errors
status: draft
authors: [jane]
action_items:
  - id: AI-1
    title: Roll back faster
    owner: bob
    priority: P2
    due: 2026-03-15
---
# Postmortem: Checkout errors
"""


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    ).stdout.strip()


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_step_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Running under GitHub Actions must not write these tests' reports to the real summary."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return build(tmp_path)


def build(tmp_path: Path) -> Path:
    """``main``: the base corpus, a second incident and a postmortem with four action items.
    ``feature`` (checked out): every kind of change, committed."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    _write(root, "incidents/2026/2026-02-10-dns-outage.yaml", OLD_INCIDENT)
    _write(root, "postmortems/2026-02-10-dns-outage.md", NEW_POSTMORTEM.replace(
        "2026-03-01-checkout-errors", "2026-02-10-dns-outage"))
    _edit(root, EXISTING_PM, POSTMORTEM.read_text().split("action_items:\n")[1].split("---")[0],
          "")
    _edit(root, EXISTING_PM, "action_items:\n", ITEMS_BEFORE)
    # Invalid on main, fixed on the branch:
    _write(root, "incidents/2026/2026-02-20-broken.yaml", OLD_INCIDENT.replace(
        "2026-02-10-dns-outage", "2026-02-20-broken").replace("2026-02-10", "2026-02-20")
        .replace("severity: SEV3", "severity: SEV9"))
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "main")
    _git(root, "checkout", "-q", "-b", "feature")

    _write(root, "incidents/2026/2026-03-01-checkout-errors.yaml", NEW_INCIDENT)
    _write(root, "postmortems/2026-03-01-checkout-errors.md", NEW_POSTMORTEM)
    _edit(root, EXISTING, "severity: SEV1", "severity: SEV0")
    _edit(root, EXISTING, "status: resolved", "status: monitoring")
    _edit(root, EXISTING, "resolved_at: 2026-01-15T15:30:00Z\n", "")
    _edit(root, EXISTING, "  commander: jane", "  commander: bob")
    _edit(root, EXISTING, "    text: Error-rate alert fired\n    author: jane\n",
          "    text: Error-rate alert fired\n    author: jane\n"
          "  - at: 2026-01-15T14:20:00Z\n    kind: note\n    text: Pool exhausted\n")
    _edit(root, EXISTING_PM, "status: final", "status: in-review")
    _edit(root, EXISTING_PM, ITEMS_BEFORE, ITEMS_AFTER)
    _edit(root, EXISTING_PM, "Rolled back.", "Rolled back v2.3.1.")
    _edit(root, EXISTING, "services: [auth-api, login-web]", "services: [auth-api]")
    (root / "incidents/2026/2026-02-10-dns-outage.yaml").unlink()
    (root / "postmortems/2026-02-10-dns-outage.md").unlink()
    _edit(root, "incidents/2026/2026-02-20-broken.yaml", "severity: SEV9", "severity: SEV3")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "feature")
    return root


def _sha(root: Path, ref: str) -> str:
    return _git(root, "rev-parse", ref)[:12]


MARKDOWN = """\
## Incident changes

Changes from **main** (merge base `{base}`) to **feature** (`{head}`): 1 incident declared, \
1 severity change, 1 status change, 1 incident removed, 1 postmortem added, 1 postmortem moved, \
1 postmortem removed, 2 action items added, 1 action item closed, 2 action items changed, \
1 action item removed, 2 other edits, 1 file could not be read.

### Incidents declared (1)

- **2026-03-01-checkout-errors** Checkout \\<script\\>alert(1)\\</script\\> \\*\\*down\\*\\* \\| \
\\[x\\](https://e.example) \\~\\~y\\~\\~ \\$z\\$ @team — SEV2, investigating; services: auth-api, \
login-web

### Severity changes (1)

- **2026-01-15-auth-login-failures** Login failures for \\~30% of users — SEV1 → SEV0 (raised)

### Status changes (1)

- **2026-01-15-auth-login-failures** Login failures for \\~30% of users — resolved → monitoring

### Incidents removed (1)

- **2026-02-10-dns-outage** DNS outage — incidents/2026/2026-02-10-dns-outage.yaml deleted

### Postmortems added (1)

- **2026-03-01-checkout-errors** — draft, 1 action item

### Postmortems moved (1)

- **2026-01-15-auth-login-failures** — final → in-review

### Postmortems removed (1)

- **2026-02-10-dns-outage** — postmortems/2026-02-10-dns-outage.md deleted with 1 action item

### Action items added (2)

- **2026-01-15-auth-login-failures** **AI-5** Review \\`pool\\` defaults \\<b\\>now\\</b\\> — \
owner carol, P1, due by the priority's default
- **2026-03-01-checkout-errors** **AI-1** Roll back faster — owner bob, P2, due 2026-03-15

### Action items closed (1)

- **2026-01-15-auth-login-failures** **AI-2** Alert on pool saturation — won't do

### Action items changed (2)

- **2026-01-15-auth-login-failures** **AI-1** Add connection timeout to all database configs — \
re-owned carol → bob; re-dated 2026-01-20 → 2026-02-01; re-prioritised P1 → P0
- **2026-01-15-auth-login-failures** **AI-3** Load test the pool — reopened (done → open)

### Action items removed (1)

- **2026-01-15-auth-login-failures** **AI-4** Write a runbook — removed from the postmortem

### Other edits (2)

- incidents/2026/2026-01-15-auth-login-failures.yaml — services: -login-web; \
roles.commander: jane → bob; resolved\\_at: removed; timeline: 1 added
- postmortems/2026-01-15-auth-login-failures.md — text: edited in Response

### Could not be read (1)

- incidents/2026/2026-02-20-broken.yaml in main — line 3, column 11: severity 'SEV9' is not \
configured: use one of SEV0, SEV1, SEV2, SEV3
"""

TEXT = """\
Changes from main (merge base {base}) to feature ({head}): 1 incident declared, 1 severity \
change, 1 status change, 1 incident removed, 1 postmortem added, 1 postmortem moved, 1 postmortem \
removed, 2 action items added, 1 action item closed, 2 action items changed, 1 action item \
removed, 2 other edits, 1 file could not be read.

Incidents declared (1)
  2026-03-01-checkout-errors {nasty} — SEV2, investigating; services: auth-api, login-web

Severity changes (1)
  2026-01-15-auth-login-failures Login failures for ~30% of users — SEV1 → SEV0 (raised)

Status changes (1)
  2026-01-15-auth-login-failures Login failures for ~30% of users — resolved → monitoring

Incidents removed (1)
  2026-02-10-dns-outage DNS outage — incidents/2026/2026-02-10-dns-outage.yaml deleted

Postmortems added (1)
  2026-03-01-checkout-errors — draft, 1 action item

Postmortems moved (1)
  2026-01-15-auth-login-failures — final → in-review

Postmortems removed (1)
  2026-02-10-dns-outage — postmortems/2026-02-10-dns-outage.md deleted with 1 action item

Action items added (2)
  2026-01-15-auth-login-failures AI-5 Review `pool` defaults <b>now</b> — owner carol, P1, due \
by the priority's default
  2026-03-01-checkout-errors AI-1 Roll back faster — owner bob, P2, due 2026-03-15

Action items closed (1)
  2026-01-15-auth-login-failures AI-2 Alert on pool saturation — won't do

Action items changed (2)
  2026-01-15-auth-login-failures AI-1 Add connection timeout to all database configs — re-owned \
carol → bob; re-dated 2026-01-20 → 2026-02-01; re-prioritised P1 → P0
  2026-01-15-auth-login-failures AI-3 Load test the pool — reopened (done → open)

Action items removed (1)
  2026-01-15-auth-login-failures AI-4 Write a runbook — removed from the postmortem

Other edits (2)
  incidents/2026/2026-01-15-auth-login-failures.yaml — services: -login-web; roles.commander: \
jane → bob; resolved_at: removed; timeline: 1 added
  postmortems/2026-01-15-auth-login-failures.md — text: edited in Response

Could not be read (1)
  incidents/2026/2026-02-20-broken.yaml in main — line 3, column 11: severity 'SEV9' is not \
configured: use one of SEV0, SEV1, SEV2, SEV3
"""


def _sha(root: Path, ref: str) -> str:
    return _git(root, "rev-parse", ref)


def test_markdown_of_a_branch(repo: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "diff", "main", "feature", "--format", "markdown")
    assert (result.status, result.err) == (0, "")
    assert result.out == MARKDOWN.format(base=_sha(repo, "main")[:12],
                                         head=_sha(repo, "feature")[:12])


def test_text_of_a_branch(repo: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "diff", "main", "feature")
    assert (result.status, result.err) == (0, "")
    assert result.out == TEXT.format(base=_sha(repo, "main")[:12],
                                     head=_sha(repo, "feature")[:12], nasty=NASTY)


def test_json_of_a_branch(repo: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "diff", "main", "feature", "--format", "json")
    assert result.status == 0
    got = json.loads(result.out)
    assert got["base"] == {"ref": "main", "commit": _sha(repo, "main")}
    assert got["head"] == {"ref": "feature", "commit": _sha(repo, "feature")}
    assert [(c["kind"], c["incident"], c["item"]) for c in got["changes"]] == [
        ("incident-declared", "2026-03-01-checkout-errors", None),
        ("incident-severity", "2026-01-15-auth-login-failures", None),
        ("incident-status", "2026-01-15-auth-login-failures", None),
        ("incident-removed", "2026-02-10-dns-outage", None),
        ("postmortem-added", "2026-03-01-checkout-errors", None),
        ("postmortem-status", "2026-01-15-auth-login-failures", None),
        ("postmortem-removed", "2026-02-10-dns-outage", None),
        ("action-item-added", "2026-01-15-auth-login-failures", "AI-5"),
        ("action-item-added", "2026-03-01-checkout-errors", "AI-1"),
        ("action-item-closed", "2026-01-15-auth-login-failures", "AI-2"),
        ("action-item-changed", "2026-01-15-auth-login-failures", "AI-1"),
        ("action-item-changed", "2026-01-15-auth-login-failures", "AI-3"),
        ("action-item-removed", "2026-01-15-auth-login-failures", "AI-4"),
        ("edited", "2026-01-15-auth-login-failures", None),
        ("edited", "2026-01-15-auth-login-failures", None),
    ]
    assert got["changes"][10] == {
        "kind": "action-item-changed", "incident": "2026-01-15-auth-login-failures",
        "path": EXISTING_PM, "title": "Add connection timeout to all database configs",
        "item": "AI-1",
        "changes": [{"field": "owner", "before": "carol", "after": "bob"},
                    {"field": "due", "before": "2026-01-20", "after": "2026-02-01"},
                    {"field": "priority", "before": "P1", "after": "P0"}],
        "facts": {},
    }
    assert got["changes"][0]["title"] == NASTY
    assert got["changes"][13]["facts"] == {
        "services": "-login-web", "roles.commander": "jane → bob", "resolved_at": "removed",
        "timeline": "1 added"}
    assert got["unreadable"] == [{
        "path": "incidents/2026/2026-02-20-broken.yaml", "version": "main", "line": 3, "col": 11,
        "code": "unknown-severity",
        "message": "severity 'SEV9' is not configured: use one of SEV0, SEV1, SEV2, SEV3",
        "more_errors": 0,
    }]


def test_the_working_tree_is_the_default_head_and_stays_untouched(
    repo: Path, run: Callable[..., Run]
) -> None:
    # Uncommitted: the severity moves again, a postmortem breaks, an incident is declared.
    _edit(repo, EXISTING, "severity: SEV0", "severity: SEV2")
    _edit(repo, "postmortems/2026-03-01-checkout-errors.md", "status: draft", "status: drafted")
    _write(repo, "incidents/2026/2026-03-02-search-slow.yaml", NEW_INCIDENT.replace(
        "2026-03-01-checkout-errors", "2026-03-02-search-slow").replace(
        "2026-03-01T", "2026-03-02T").replace(f'"{NASTY}"', "Search is slow"))
    status = _git(repo, "status", "--porcelain")
    files = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}

    result = run("-C", str(repo), "diff", "main")
    assert result.status == 0
    assert result.out.startswith(
        f"Changes from main (merge base {_sha(repo, 'main')[:12]}) to the working tree: "
        "2 incidents declared, 1 severity change, 1 status change, 1 incident removed, "
        "1 postmortem moved, 1 postmortem removed, 1 action item added, 1 action item closed, "
        "2 action items changed, 1 action item removed, 2 other edits, "
        "2 files could not be read.\n")
    assert (
        "Incidents declared (2)\n"
        f"  2026-03-01-checkout-errors {NASTY} — SEV2, investigating; services: auth-api, "
        "login-web\n"
        "  2026-03-02-search-slow Search is slow — SEV2, investigating; services: auth-api, "
        "login-web\n"
        "\n"
        "Severity changes (1)\n"
        "  2026-01-15-auth-login-failures Login failures for ~30% of users — SEV1 → SEV2 "
        "(lowered)\n"
    ) in result.out
    assert result.out.endswith(
        "Could not be read (2)\n"
        "  incidents/2026/2026-02-20-broken.yaml in main — line 3, column 11: severity 'SEV9' is "
        "not configured: use one of SEV0, SEV1, SEV2, SEV3\n"
        "  postmortems/2026-03-01-checkout-errors.md in the working tree — line 3, column 9: "
        "'drafted' is not allowed for 'status': use 'draft', 'in-review' or 'final'\n"
    )
    assert _git(repo, "status", "--porcelain") == status
    assert {p: p.read_bytes() for p in repo.rglob("*")
            if p.is_file() and ".git" not in p.parts} == files


def test_changes_on_base_after_the_branch_point_are_not_the_branchs(
    repo: Path, run: Callable[..., Run]
) -> None:
    _git(repo, "checkout", "-q", "main")
    _write(repo, "incidents/2026/2026-04-01-queue-stuck.yaml", OLD_INCIDENT.replace(
        "2026-02-10-dns-outage", "2026-04-01-queue-stuck").replace("2026-02-10", "2026-04-01"))
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "later on main")
    _git(repo, "checkout", "-q", "feature")
    result = run("-C", str(repo), "diff", "main", "feature", "--format", "markdown")
    assert "queue-stuck" not in result.out
    merge_base = _git(repo, "merge-base", "main", "feature")
    assert f"(merge base `{merge_base[:12]}`)" in result.out
    assert _sha(repo, "main") != merge_base


def test_nothing_changed(repo: Path, run: Callable[..., Run]) -> None:
    sha = _sha(repo, "feature")[:12]
    result = run("-C", str(repo), "diff", "feature", "feature")
    assert result.out == (
        "No changes to incidents, postmortems, action items or on call from feature "
        f"(merge base {sha}) to feature ({sha}).\n")
    result = run("-C", str(repo), "diff", "feature", "HEAD", "--format", "markdown")
    assert result.out == (
        "## Incident changes\n\nNo changes to incidents, postmortems, action items or on call from "
        f"**feature** (merge base `{sha}`) to **HEAD** (`{sha}`).\n")


def test_the_step_summary_gets_the_markdown(
    repo: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run("-C", str(repo), "diff", "main", "feature")
    assert result.out.startswith("Changes from main")
    assert summary.read_text() == "earlier step\n" + MARKDOWN.format(
        base=_sha(repo, "main")[:12], head=_sha(repo, "feature")[:12])


def test_a_repository_in_a_folder_of_the_git_repository(
    tmp_path: Path, run: Callable[..., Run]
) -> None:
    top = tmp_path / "top"
    shutil.copytree(EXAMPLES / "base", top / "ops")
    (top / "incidents").mkdir()  # not the incident repository's: ignored
    _write(top, "incidents/x.yaml", "not: ours\n")
    _git(top, "init", "-q", "-b", "main")
    _git(top, "add", ".")
    _git(top, "commit", "-q", "-m", "main")
    _edit(top / "ops", EXISTING, "status: resolved", "status: monitoring")
    _edit(top / "ops", EXISTING, "resolved_at: 2026-01-15T15:30:00Z\n", "")
    _write(top, "incidents/x.yaml", "still: not ours\n")
    result = run("-C", str(top / "ops"), "diff", "main")
    assert result.out.split("\n", 1)[1] == (
        "\n"
        "Status changes (1)\n"
        "  2026-01-15-auth-login-failures Login failures for ~30% of users — resolved → "
        "monitoring\n"
        "\n"
        "Other edits (1)\n"
        f"  {EXISTING} — resolved_at: removed\n"
    )


@pytest.mark.parametrize("args", [("no-such-branch",), ("main", "no-such-branch")])
def test_unknown_revisions_are_usage_errors(
    repo: Path, run: Callable[..., Run], args: tuple[str, ...]
) -> None:
    result = run("-C", str(repo), "diff", *args)
    assert result.status == 2
    assert result.err == (
        "incidentkit: error: unknown git revision 'no-such-branch': pass a branch, tag or "
        "commit that exists here (in GitHub Actions, check out with fetch-depth: 0)\n")


def test_outside_git_is_a_usage_error(tmp_path: Path, run: Callable[..., Run]) -> None:
    shutil.copytree(EXAMPLES / "base", tmp_path / "repo")
    result = run("-C", str(tmp_path / "repo"), "diff", "main")
    assert result.status == 2
    assert result.err == (
        f"incidentkit: error: diff needs a git repository; {tmp_path / 'repo'} is not one\n")


def test_unrelated_histories_are_a_usage_error(repo: Path, run: Callable[..., Run]) -> None:
    _git(repo, "checkout", "-q", "--orphan", "other")
    _git(repo, "commit", "-q", "-m", "unrelated")
    result = run("-C", str(repo), "diff", "main", "other")
    assert result.status == 2
    assert result.err == "incidentkit: error: main and other have no common ancestor\n"
