"""Where each kind of file lives in an incident repository (SPEC §1), and finding them."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    INCIDENT = "incident"
    POSTMORTEM = "postmortem"
    PEOPLE = "people"
    SERVICES = "services"
    POLICIES = "policies"
    SCHEDULE = "schedule"
    RUNBOOK = "runbook"
    CONFIG = "config"
    MAINTENANCE = "maintenance"
    TIME_OFF = "time-off"


INCIDENTS = "incidents"
POSTMORTEMS = "postmortems"
PEOPLE = "oncall/people.yaml"
SERVICES = "oncall/services.yaml"
POLICIES = "oncall/escalation-policies.yaml"
SCHEDULES = "oncall/schedules"
RUNBOOKS = "oncall/runbooks"
CONFIG = "incidentkit.yaml"
MAINTENANCE = "maintenance"
TIME_OFF = "oncall/time-off.yaml"

_YAML = (".yaml", ".yml")
_MARKDOWN = (".md", ".markdown")


@dataclass(frozen=True, slots=True)
class Folder:
    """Where the files of a kind that has one file per document live."""

    kind: Kind
    top: str
    #: The files, in words (``"incidents"``), for messages.
    what: str
    #: The extension the files must have, and the extensions read as that kind (a ``.yml``
    #: incident is read, and told to be renamed, by its check).
    ext: str
    suffixes: tuple[str, ...]
    #: Extensions (lowercased) of files that look like this kind but are not read: a finding.
    lookalikes: tuple[str, ...]
    #: Files may sit in subfolders of ``top`` (incidents by year); else directly in it.
    nested: bool = False

    @property
    def depth(self) -> int:
        return self.top.count("/") + 2


#: The registry of locations: a kind is one line here (and its single-file name, if any).
FOLDERS = (
    Folder(Kind.INCIDENT, INCIDENTS, "incidents", ".yaml", _YAML, _YAML, nested=True),
    Folder(Kind.POSTMORTEM, POSTMORTEMS, "postmortems", ".md", (".md",), _MARKDOWN),
    Folder(Kind.SCHEDULE, SCHEDULES, "schedules", ".yaml", _YAML, _YAML),
    Folder(Kind.RUNBOOK, RUNBOOKS, "runbooks", ".md", (".md",), _MARKDOWN),
    Folder(Kind.MAINTENANCE, MAINTENANCE, "maintenance files", ".yaml", _YAML, _YAML,
           nested=True),
)
SINGLE_FILES = {PEOPLE: Kind.PEOPLE, SERVICES: Kind.SERVICES, POLICIES: Kind.POLICIES,
                TIME_OFF: Kind.TIME_OFF, CONFIG: Kind.CONFIG}



def stem(rel: str) -> str:
    """``incidents/2026/x.yaml`` → ``x`` (string operations: this runs for every file; the
    same answer as ``posixpath.splitext(posixpath.basename(rel))[0]``)."""
    name = rel.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if dot > 0 and name[:dot].strip(".") else name


_BY_TOP = {f.top: f for f in FOLDERS}


def _folder(rel: str) -> Folder | None:
    head, _, rest = rel.partition("/")
    found = _BY_TOP.get(head)
    if found is None and rest:
        found = _BY_TOP.get(f"{head}/{rest.partition('/')[0]}")
    return found if found is not None and rel.startswith(found.top + "/") else None


def kind_of(rel: str) -> Kind | None:
    """The kind of file at a repository-relative path, or ``None`` if incidentkit ignores it."""
    if rel in SINGLE_FILES:
        return SINGLE_FILES[rel]
    folder = _folder(rel)
    if folder is None:
        return None
    depth = rel.count("/") + 1
    if posixpath.splitext(rel)[1] in folder.suffixes and (
            depth >= folder.depth if folder.nested else depth == folder.depth):
        return folder.kind
    return None


@dataclass(frozen=True, slots=True)
class Stray:
    """A path that looks like an incidentkit file but will not be read as one: a finding."""

    code: str
    message: str


def misplaced(rel: str) -> Stray | None:
    """Where a file that looks like an incident, postmortem, schedule or runbook belongs, when
    its folder or extension keeps incidentkit from reading it (``None``: not such a file)."""
    folder = _folder(rel)
    base, suffix = posixpath.splitext(posixpath.basename(rel))
    if folder is None or suffix.lower() not in folder.lookalikes or kind_of(rel) is not None:
        return None
    if not folder.nested and rel.count("/") + 1 != folder.depth:
        return _stray(f"{folder.what} are read only directly from {folder.top}/, not from a "
                      f"subfolder: move it to {folder.top}/{base}{folder.ext}")
    where = posixpath.dirname(rel) if folder.nested else folder.top
    return _stray(f"incidentkit reads {folder.what} only from '{folder.ext}' files: rename it "
                  f"to {where}/{base}{folder.ext}")


def _stray(message: str) -> Stray:
    return Stray("misplaced-file", message)


def _linked_folder(root: Path, rel: str) -> Stray:
    real, real_root = os.path.realpath(root / rel), os.path.realpath(root)
    if not real.startswith(real_root.rstrip(os.sep) + os.sep):
        return Stray("outside-repository",
                     "this folder is a link leading outside the repository: copy the files "
                     "into the repository instead of linking to them")
    return Stray("linked-folder",
                 "this folder is a symbolic link, which incidentkit does not follow: replace "
                 "it with the folder itself")


def _walk(root: Path, top: str, strays: dict[str, Stray]) -> list[str]:
    """Every file under ``top`` (special files included: reading them makes the finding);
    folder links and unreadable folders go to ``strays``."""
    base = root / top
    found: list[str] = []
    if os.path.islink(base):
        if base.is_dir() or not base.exists():
            strays[top] = _linked_folder(root, top)
        return found
    if not base.is_dir():
        return found

    def unreadable(exc: OSError) -> None:
        rel = Path(exc.filename).relative_to(root).as_posix() if exc.filename else top
        strays[rel] = Stray("unreadable", f"cannot read this folder: {exc.strerror or exc}: "
                                          "check its permissions")

    for directory, dirs, files in os.walk(base, onerror=unreadable):
        rel_dir = Path(directory).relative_to(root).as_posix()  # strings: once per file
        for name in dirs:
            if not name.startswith(".") and os.path.islink(os.path.join(directory, name)):
                strays[f"{rel_dir}/{name}"] = _linked_folder(root, f"{rel_dir}/{name}")
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(f"{rel_dir}/{name}" for name in files if not name.startswith("."))
    return sorted(found)


def _single_variants(root: Path, strays: dict[str, Stray]) -> None:
    """``incidentkit.yml``, ``oncall/People.yaml``: a known file under a name not read."""
    for folder in ("", "oncall"):
        try:
            names = os.listdir(root / folder) if folder else os.listdir(root)
        except OSError:
            continue
        for name in names:
            rel = posixpath.join(folder, name) if folder else name
            normal = posixpath.splitext(rel)[0].lower() + ".yaml"
            suffix = posixpath.splitext(rel)[1].lower()
            if normal in SINGLE_FILES and rel != normal and suffix in _YAML:
                strays[rel] = _stray(f"incidentkit reads this file only as {normal}: rename it")


@dataclass(frozen=True, slots=True)
class Layout:
    """Every incidentkit file of a repository, by kind, as sorted relative POSIX paths, and the
    files that look like incidentkit files but are misplaced (``strays``)."""

    root: Path
    files: dict[Kind, list[str]] = field(default_factory=dict)
    strays: dict[str, Stray] = field(default_factory=dict)

    @classmethod
    def scan(cls, root: Path) -> Layout:
        files: dict[Kind, list[str]] = {kind: [] for kind in Kind}
        strays: dict[str, Stray] = {}
        candidates = [rel for folder in FOLDERS for rel in _walk(root, folder.top, strays)]
        candidates += [rel for rel in SINGLE_FILES if os.path.lexists(root / rel)]
        _single_variants(root, strays)
        for rel in candidates:
            kind = kind_of(rel)
            if kind is not None:
                files[kind].append(rel)
            elif (stray := misplaced(rel)) is not None:
                strays[rel] = stray
        return cls(root, files, dict(sorted(strays.items())))

    @classmethod
    def of_paths(cls, root: Path, rels: Iterable[str]) -> Layout:
        """The layout of a list of paths (a git tree's): every path incidentkit reads, by
        kind; nothing is looked at on disk."""
        files: dict[Kind, list[str]] = {kind: [] for kind in Kind}
        for rel in sorted(rels):
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
