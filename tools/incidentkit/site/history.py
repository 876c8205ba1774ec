"""Change history of incidents and postmortems from git: when and by whom severity, status and
the postmortem changed.

One ``git log -p --unified=0`` over ``incidents/`` and ``postmortems/`` (through GitPython) reads
the whole history in a single process, whatever the number of incidents; the top-level
``severity:`` and ``status:`` lines of each diff say what changed. Only committed changes count.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

#: Separators of the ``git log`` format (record, unit): never in a name or a date.
_RS, _US = "\x1e", "\x1f"


@dataclass(frozen=True, slots=True)
class Change:
    """One commit's change to an incident or its postmortem."""

    at: datetime
    author: str
    commit: str
    #: What changed, in words ("severity SEV2 → SEV1", "postmortem written (draft)").
    what: str


History = dict[str, tuple[Change, ...]]


def head(root: Path) -> str | None:
    """The commit checked out at ``root`` (the cache key of the history), or ``None``."""
    repo = _repo(root)
    if repo is None:
        return None
    try:
        return str(repo.head.commit.hexsha)
    except ValueError:  # no commit yet
        return None


def _repo(root: Path) -> Any:
    try:
        import git
    except ImportError:  # pragma: no cover - GitPython is a dependency; git itself may be absent
        return None
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandNotFound):
        return None


def _value(line: str) -> str:
    """``status: resolved  # comment`` → ``resolved``."""
    value = line.split(":", 1)[1].split(" #", 1)[0].strip()
    return value.strip("'\"")


def _describe(kind: str, added: bool, before: dict[str, str], after: dict[str, str]) -> str:
    if kind == "postmortem":
        if added:
            return f"postmortem written ({after.get('status', 'draft')})"
        if "status" in after and before.get("status") != after["status"]:
            return f"postmortem {before.get('status', '?')} → {after['status']}"
        return "postmortem edited"
    if added:
        parts = [after[k] for k in ("severity", "status") if k in after]
        return "declared" + (f" as {', '.join(parts)}" if parts else "")
    changes = [
        f"{key} {before.get(key, '?')} → {after[key]}"
        for key in ("severity", "status")
        if key in after and before.get(key) != after[key]
    ]
    return "; ".join(changes)


def parse(log: str, prefix: str = "") -> History:
    """The history from ``git log -p --unified=0`` output in this module's format."""
    found: dict[str, list[Change]] = defaultdict(list)
    for record in log.split(_RS)[1:]:
        header, _, diff = record.partition("\n")
        sha, author, date = header.split(_US)[:3]
        at = datetime.fromisoformat(date)
        for piece in diff.split("\ndiff --git ")[0:]:
            path, kind, added, before, after = _file_diff(piece, prefix)
            if path is None or kind is None:
                continue
            what = _describe(kind, added, before, after)
            if what:
                ident = posixpath.splitext(posixpath.basename(path))[0]
                found[ident].append(Change(at, author, sha, what))
    return {key: tuple(sorted(changes, key=lambda c: c.at)) for key, changes in found.items()}


def _file_diff(
    piece: str, prefix: str
) -> tuple[str | None, str | None, bool, dict[str, str], dict[str, str]]:
    path: str | None = None
    added = False
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for line in piece.split("\n"):
        if line.startswith("+++ "):
            if line != "+++ /dev/null":
                path = line[6:] if line.startswith("+++ b/") else line[4:]
            continue
        if line.startswith("--- "):
            added = line == "--- /dev/null"
            continue
        if line[:1] in "+-" and line[1:].startswith(("severity:", "status:")):
            (after if line[0] == "+" else before)[line[1:].split(":", 1)[0]] = _value(line[1:])
    if path is None or not path.startswith(prefix):
        return None, None, added, before, after
    rel = path[len(prefix):]
    kind = ("incident" if rel.startswith("incidents/") and rel.endswith((".yaml", ".yml"))
            else "postmortem" if rel.startswith("postmortems/") and rel.endswith(".md")
            else None)
    return rel, kind, added, before, after


def read(root: Path) -> History:
    """The history of every incident at ``root``; empty when it is not in a git repository."""
    repo = _repo(root)
    if repo is None:
        return {}
    import git

    top = Path(str(repo.working_tree_dir)).resolve()
    try:
        prefix = root.resolve().relative_to(top).as_posix()
    except ValueError:
        return {}
    prefix = "" if prefix == "." else prefix + "/"
    try:
        log = repo.git.log(
            f"--format={_RS}%H{_US}%an{_US}%aI", "-p", "--unified=0", "--no-color",
            "--no-ext-diff", "--no-renames", "--", f"{prefix}incidents", f"{prefix}postmortems",
        )
    except git.GitCommandError:  # no commit yet, or git cannot read the repository
        return {}
    return parse(str(log), prefix)
