"""The whole diff of two versions: the incidents' changes (``compare``), what the on-call files
do (``oncall``), and the files that could not be read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from incidentkit.changes import catalog, schedules
from incidentkit.changes.compare import Change, compare
from incidentkit.changes.oncall import OnCall, Versions
from incidentkit.changes.versions import (
    DOCUMENTS,
    ON_CALL,
    Snapshot,
    open_versions,
    snapshot,
    touched_files,
)
from incidentkit.checks.finding import Finding
from incidentkit.store.layout import kind_of, stem

#: The window ``diff`` computes shifts over when not told: four weeks from now.
WEEKS = 4


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A changed file that one version cannot parse: its first error, and how many follow."""

    version: str
    finding: Finding
    more: int


@dataclass(frozen=True, slots=True)
class Report:
    base: str
    base_commit: str
    #: ``None`` for the working tree.
    head: str | None
    head_commit: str | None
    changes: tuple[Change, ...]
    unreadable: tuple[Unreadable, ...]
    #: ``None`` when no on-call file changed.
    on_call: OnCall | None = None


def on_call_changes(base: Snapshot, head: Snapshot, touched: frozenset[str], *,
                    start: datetime, weeks: int) -> OnCall:
    """What the on-call files ``touched`` between ``base`` and ``head`` (snapshots taken with
    them) do over the ``weeks`` weeks from ``start``."""
    versions = Versions.of(base, head, touched)
    end = start + timedelta(weeks=weeks)
    return OnCall(start, end, weeks, tuple(schedules.compare(versions, start, end)),
                  tuple(catalog.compare(versions)))


def diff(root: Path, base: str, head: str | None = None, *, now: datetime,
         weeks: int = WEEKS) -> Report:
    """What ``head`` (default: the working tree) changes since its merge base with ``base``;
    the schedules' shifts are compared over the ``weeks`` weeks from ``now``."""
    old_version, new_version = open_versions(root, base, head)
    files = touched_files(old_version, new_version)
    keys = {stem(rel) for rel in files if kind_of(rel) in DOCUMENTS}
    on_call = frozenset(rel for rel in files if kind_of(rel) in ON_CALL)
    old, new = snapshot(old_version, keys, on_call), snapshot(new_version, keys, on_call)
    # A schedule whose file did not change is read for its shifts: listed when the change
    # broke it (a person it names was removed), not when it was as broken before.
    before = {(f.path, f.message) for f, _ in old.unreadable}
    after = {(f.path, f.message) for f, _ in new.unreadable}
    unreadable = [Unreadable(base, f, n) for f, n in old.unreadable
                  if f.path in files or (f.path, f.message) not in after]
    unreadable += [Unreadable(head or "the working tree", f, n) for f, n in new.unreadable
                   if f.path in files or (f.path, f.message) not in before]
    found = on_call_changes(old, new, on_call, start=now, weeks=weeks) if on_call else None
    assert old_version.commit is not None
    return Report(base, old_version.commit, head, new_version.commit, tuple(compare(old, new)),
                  tuple(sorted(unreadable, key=lambda u: (u.finding.path, u.version != base))),
                  found)
