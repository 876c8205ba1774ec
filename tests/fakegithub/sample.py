"""Incident repositories for the sync tests, written into ``tmp_path``.

The base corpus (config, people, services, runbooks) plus ``postmortems`` resolved incidents,
each with a draft postmortem of ``items`` open action items. Owners cycle through jane, bob and
carol (GitHub logins jane-doe, bobstone, carol-lim), priorities through P0..P3, and every other
item has an explicit due date.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from incidentkit.followup.github.markers import Key, item_key
from incidentkit.repository import open_repository
from incidentkit.store.source import WorkingTree
from tests.conftest import EXAMPLES
from tests.fakegithub import REPOSITORY
from tests.fakegithub.server import FakeGitHub


@dataclass(frozen=True)
class Synced:
    """What a sync returned and printed."""

    status: int
    out: str
    err: str


#: The ``sync`` fixture: ``sync(root, dry_run=False, policy=None, **environment)``.
Sync = Callable[..., Synced]

OWNERS = ("jane", "bob", "carol")
LOGINS = {"jane": "jane-doe", "bob": "bobstone", "carol": "carol-lim"}

INCIDENT = """\
id: {id}
title: Outage number {n}
severity: SEV2
status: resolved
summary: Something broke.
services: [auth-api]
detection: automated
impact:
  summary: Some requests failed
  customer_facing: true
roles:
  commander: jane
started_at: {day}T10:00:00Z
detected_at: {day}T10:05:00Z
resolved_at: {day}T11:00:00Z
"""

BODY = """\
# Postmortem: Outage number {n}

## Summary
To be written.
"""


def incident_id(n: int) -> str:
    return f"{date(2025, 1, 1) + timedelta(days=n)}-outage-{n:03d}"


def item(n: int, k: int) -> str:
    owner = OWNERS[(n + k) % 3]
    lines = [f"  - id: AI-{k}", f"    title: Fix thing {k} of outage {n}", f"    owner: {owner}",
             f"    priority: P{(n + k) % 4}"]
    if k % 2:
        lines.append(f"    due: {date(2026, 6, 1) + timedelta(days=n)}")
    lines.append("    status: open")
    return "\n".join(lines) + "\n"


def postmortem(n: int, items: int) -> str:
    head = (f"---\nincident: {incident_id(n)}\nstatus: draft\nauthors: [jane]\n"
            "action_items:\n")
    return head + "".join(item(n, k) for k in range(1, items + 1)) + "---\n" + BODY.format(n=n)


def write_repository(root: Path, *, postmortems: int, items: int) -> Path:
    shutil.copytree(EXAMPLES / "base", root)
    for old in (root / "postmortems").glob("*.md"):
        old.unlink()
    for n in range(postmortems):
        iid = incident_id(n)
        day = iid[:10]
        folder = root / "incidents" / day[:4]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{iid}.yaml").write_text(INCIDENT.format(id=iid, n=n, day=day))
        (root / "postmortems" / f"{iid}.md").write_text(postmortem(n, items))
    return root


def postmortem_path(root: Path, n: int) -> Path:
    return root / "postmortems" / f"{incident_id(n)}.md"


def issues_of(fake: FakeGitHub) -> dict[int, Key]:
    """Issue number → the (incident, item) of its marker, for every issue on the fake."""
    found = {}
    for number, issue in fake.repo(REPOSITORY).issues.items():
        key = item_key(issue.body or "")
        assert key is not None, f"#{number} has no marker"
        found[number] = key
    return found


def recorded(root: Path) -> dict[Key, int]:
    """(incident, item) → the issue number written in the postmortem."""
    repo = open_repository(WorkingTree(root))
    assert not repo.findings, repo.findings
    return {(pm.model.incident, item.id): item.issue for pm in repo.postmortems.values()
            for item in pm.model.action_items if item.issue is not None}


def assert_converged(fake: FakeGitHub, root: Path, items: int) -> None:
    """Exactly one issue per item, and every file names its item's issue."""
    by_number = issues_of(fake)
    assert len(by_number) == items
    assert len(set(by_number.values())) == items
    assert {key: number for number, key in by_number.items()} == recorded(root)
