"""An import's documents as edits of the repository's files.

Every byte already in a file stays: people, services and escalation policies that are new are
appended to their list files; a schedule is a file of its own, created when absent. Something
already present under the same handle or id is left as it is: ``unchanged`` when it says the
same as the import, ``kept`` when it differs (the team's edits win; delete it to import it
again). So a second import of the same data changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from incidentkit.errors import FatalError
from incidentkit.imports.plan import Translation
from incidentkit.store.atomic import write_text
from incidentkit.store.layout import PEOPLE, POLICIES, SCHEDULES, SERVICES


class Status(StrEnum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    KEPT = "kept"


@dataclass(frozen=True, slots=True)
class Outcome:
    rel: str
    #: "person alice", "schedule identity-primary", …
    subject: str
    status: Status


@dataclass(frozen=True, slots=True)
class FileEdit:
    rel: str
    #: None when the file does not exist yet.
    before: str | None
    after: str


@dataclass(frozen=True, slots=True)
class Plan:
    edits: tuple[FileEdit, ...]
    outcomes: tuple[Outcome, ...]


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key (``members:\\n  - alice``), as the docs write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump(data: Any) -> str:
    """YAML for imported data: keys in the given order, block style, UTF-8 kept."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)


def _same(existing: Any, new: Mapping[str, Any]) -> bool:
    return bool(yaml.safe_load(dump(existing)) == yaml.safe_load(dump(dict(new))))


def _read(root: Path, rel: str) -> str | None:
    try:
        return (root / rel).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise FatalError(f"{rel}: cannot be read ({exc})") from None


def _list_file(root: Path, rel: str, key: str, noun: str, entries: Sequence[Mapping[str, Any]]
               ) -> tuple[FileEdit | None, list[Outcome]]:
    text = _read(root, rel)
    try:
        data = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        raise FatalError(f"{rel} is not valid YAML; run incidentkit validate and fix it "
                         "before importing") from None
    if data is not None and not isinstance(data, list):
        raise FatalError(f"{rel} is not a list; run incidentkit validate and fix it "
                         "before importing")
    present: dict[str, Mapping[str, Any]] = {
        str(e.get(key)): e for e in data or [] if isinstance(e, dict)}
    outcomes: list[Outcome] = []
    new: list[dict[str, Any]] = []
    for entry in entries:
        name = str(entry[key])
        if name in present:
            status = Status.UNCHANGED if _same(present[name], entry) else Status.KEPT
        else:
            status = Status.CREATED
            new.append(dict(entry))
            present[name] = entry
        outcomes.append(Outcome(rel, f"{noun} {name}", status))
    if not new:
        return None, outcomes
    if not data:  # absent, empty, comments only, or []
        kept = "".join(line for line in (text or "").splitlines(keepends=True)
                       if line.lstrip().startswith("#"))
        after = kept + ("\n" if kept and not kept.endswith("\n") else "") + dump(new)
    else:
        assert text is not None
        after = text + ("" if text.endswith("\n") else "\n") + dump(new)
    return FileEdit(rel, text, after), outcomes


def plan(root: Path, found: Translation) -> Plan:
    """The edits that add what ``found`` holds and the repository lacks."""
    edits: list[FileEdit] = []
    outcomes: list[Outcome] = []
    for rel, key, noun, entries in (
        (PEOPLE, "handle", "person", found.people),
        (SERVICES, "id", "service", found.services),
        (POLICIES, "id", "escalation policy", found.policies),
    ):
        if not entries:
            continue
        edit, done = _list_file(root, rel, key, noun, entries)
        outcomes += done
        if edit is not None:
            edits.append(edit)
    for schedule in found.schedules:
        rel = f"{SCHEDULES}/{schedule['id']}.yaml"
        text = _read(root, rel)
        if text is None:
            edits.append(FileEdit(rel, None, dump(schedule)))
            status = Status.CREATED
        else:
            try:
                same = _same(yaml.safe_load(text), schedule)
            except yaml.YAMLError:
                same = False
            status = Status.UNCHANGED if same else Status.KEPT
        outcomes.append(Outcome(rel, f"schedule {schedule['id']}", status))
    return Plan(tuple(edits), tuple(outcomes))


def apply(root: Path, edits: Sequence[FileEdit]) -> None:
    """Write the edits, each atomically; refuse when a file changed since it was planned."""
    for edit in edits:
        if _read(root, edit.rel) != edit.before:
            raise FatalError(f"{edit.rel} changed while the import ran; run it again")
    for edit in edits:
        path = root / edit.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, edit.after)


def stage(root: Path, edits: Sequence[FileEdit], into: Path) -> None:
    """A copy of the repository's configuration and on-call files, with the edits made, in
    ``into`` (to validate the result before anything is written)."""
    import shutil

    for name in ("incidentkit.yaml", "oncall"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, into / name, symlinks=True)
        elif source.is_file():
            shutil.copy2(source, into / name)
    for edit in edits:
        path = into / edit.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(edit.after, encoding="utf-8")
