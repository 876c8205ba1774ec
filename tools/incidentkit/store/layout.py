"""Where each kind of file lives in an incident repository (SPEC §1), and finding them."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath


class Kind(StrEnum):
    INCIDENT = "incident"
    POSTMORTEM = "postmortem"
    PEOPLE = "people"
    SERVICES = "services"
    POLICIES = "policies"
    SCHEDULE = "schedule"
    RUNBOOK = "runbook"
    CONFIG = "config"


INCIDENTS = "incidents"
POSTMORTEMS = "postmortems"
PEOPLE = "oncall/people.yaml"
SERVICES = "oncall/services.yaml"
POLICIES = "oncall/escalation-policies.yaml"
SCHEDULES = "oncall/schedules"
RUNBOOKS = "oncall/runbooks"
CONFIG = "incidentkit.yaml"

_SINGLE = {PEOPLE: Kind.PEOPLE, SERVICES: Kind.SERVICES, POLICIES: Kind.POLICIES,
           CONFIG: Kind.CONFIG}
_YAML = (".yaml", ".yml")


def stem(rel: str) -> str:
    """``incidents/2026/x.yaml`` → ``x`` (string operations: this runs for every file)."""
    return posixpath.splitext(posixpath.basename(rel))[0]


def kind_of(rel: str) -> Kind | None:
    """The kind of file at a repository-relative path, or ``None`` if incidentkit ignores it."""
    if rel in _SINGLE:
        return _SINGLE[rel]
    parts = tuple(rel.split("/"))
    suffix = posixpath.splitext(parts[-1])[1]
    if parts[0] == INCIDENTS and suffix in _YAML and len(parts) >= 2:
        return Kind.INCIDENT
    if parts[0] == POSTMORTEMS and suffix == ".md" and len(parts) == 2:
        return Kind.POSTMORTEM
    if parts[:2] == ("oncall", "schedules") and suffix in _YAML and len(parts) == 3:
        return Kind.SCHEDULE
    if parts[:2] == ("oncall", "runbooks") and suffix == ".md" and len(parts) == 3:
        return Kind.RUNBOOK
    return None


def _walk(root: Path, top: str) -> list[str]:
    base = root / top
    found: list[str] = []
    if not base.is_dir():
        return found
    for directory, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_dir = PurePosixPath(Path(directory).relative_to(root).as_posix())
        found.extend(str(rel_dir / name) for name in files if not name.startswith("."))
    return sorted(found)


@dataclass(frozen=True, slots=True)
class Layout:
    """Every incidentkit file of a repository, by kind, as sorted relative POSIX paths."""

    root: Path
    files: dict[Kind, list[str]] = field(default_factory=dict)

    @classmethod
    def scan(cls, root: Path) -> Layout:
        files: dict[Kind, list[str]] = {kind: [] for kind in Kind}
        candidates = [*_walk(root, INCIDENTS), *_walk(root, POSTMORTEMS),
                      *_walk(root, SCHEDULES), *_walk(root, RUNBOOKS)]
        candidates += [rel for rel in _SINGLE if (root / rel).is_file()]
        for rel in candidates:
            kind = kind_of(rel)
            if kind is not None:
                files[kind].append(rel)
        return cls(root, files)

    def of(self, kind: Kind) -> list[str]:
        return self.files.get(kind, [])

    def stems(self, kind: Kind) -> frozenset[str]:
        return frozenset(stem(rel) for rel in self.of(kind))

    def all(self) -> list[str]:
        return sorted(rel for rels in self.files.values() for rel in rels)
