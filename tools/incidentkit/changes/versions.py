"""Two versions of an incident repository: a git commit, or the working tree.

Each version is a :class:`~incidentkit.store.source.Source`. Files are compared by a content
key (the git blob id) so that only documents that differ between two versions are parsed, by
:func:`~incidentkit.repository.open_repository` like every other command: each version
against its own configuration and catalog. A commit's files are read from git's object
database: the working tree is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from incidentkit.checks.finding import Finding
from incidentkit.checks.registry import BY_KIND, KINDS
from incidentkit.errors import FatalError
from incidentkit.model.incident import Incident
from incidentkit.model.postmortem import PostmortemMeta
from incidentkit.repository import Doc, Repository, open_repository
from incidentkit.store.frontmatter import Split, split
from incidentkit.store.layout import Kind, stem
from incidentkit.store.source import GitCommit, Source, WorkingTree
from incidentkit.store.yamlload import Problem, decode

#: The kinds a diff reports on (``compared`` in the registry); the others only give the checks
#: their context.
COMPARED = tuple(spec.kind for spec in KINDS if spec.compared)
#: The compared kinds whose documents are compared one by one, by file stem.
DOCUMENTS = (Kind.INCIDENT, Kind.POSTMORTEM)
#: The compared on-call kinds: a change to any of them can move shifts (``changes.oncall``).
ON_CALL = tuple(kind for kind in COMPARED if kind not in DOCUMENTS)


def _commit(repo: Any, name: str) -> Any:
    import git

    try:
        return repo.commit(name)
    except (git.BadName, git.BadObject, ValueError):
        raise FatalError(
            f"unknown git revision {name!r}: pass a branch, tag or commit that exists here "
            "(in GitHub Actions, check out with fetch-depth: 0)") from None


def open_versions(root: Path, base: str, head: str | None) -> tuple[Source, Source]:
    """The merge base of ``base`` and ``head`` (as a pull request compares), and ``head``.

    Without ``head``, the working tree (committed or not, as ``validate`` sees it) against
    the merge base of ``base`` and ``HEAD``.
    """
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise FatalError(f"diff needs a git repository; {root} is not one") from None
    top = Path(repo.working_tree_dir or root).resolve()
    head_commit = _commit(repo, head or "HEAD")
    base_commit = _commit(repo, base)
    try:
        bases = repo.merge_base(base_commit, head_commit)
    except git.GitCommandError as exc:  # pragma: no cover - both commits exist
        raise FatalError(f"cannot compare with {base!r}: {exc.stderr.strip() or exc}") from None
    if not bases:
        raise FatalError(f"{base} and {head or 'HEAD'} have no common ancestor")
    try:
        prefix = root.resolve().relative_to(top).as_posix().strip(".")
    except ValueError:
        raise FatalError(f"{root} is outside the git repository {top}") from None

    base_version = GitCommit.of(root, bases[0], prefix, base)
    if head is None:
        return base_version, WorkingTree(root.resolve())
    return base_version, GitCommit.of(root, head_commit, prefix, head)


def touched_files(base: Source, head: Source, kinds: tuple[Kind, ...] = COMPARED) -> set[str]:
    """The files of ``kinds`` that differ, appeared or went."""
    old, new = base.layout(), head.layout()
    return {
        rel
        for kind in kinds
        for rel in set(old.of(kind)) | set(new.of(kind))
        if base.key(rel) != head.key(rel)
    }


def touched(base: Source, head: Source) -> set[str]:
    """Stems of incidents and postmortems whose file differs, appeared or went."""
    return {stem(rel) for rel in touched_files(base, head, DOCUMENTS)}


@dataclass(slots=True)
class Snapshot:
    """The touched documents of one version, parsed."""

    version: Source
    severity_ids: list[str]
    #: Every touched file present in this version, by kind and stem.
    present: dict[Kind, dict[str, str]]
    #: The version's repository: the catalog, the touched documents and, when on-call files
    #: were touched, every schedule and the touched runbooks.
    repository: Repository
    incidents: dict[str, Doc[Incident]] = field(default_factory=dict)
    postmortems: dict[str, Doc[PostmortemMeta]] = field(default_factory=dict)
    #: Postmortem bodies (the Markdown under the front matter), by stem.
    bodies: dict[str, str] = field(default_factory=dict)
    #: The first error of each file that could not be read, and how many more it has.
    unreadable: list[tuple[Finding, int]] = field(default_factory=list)


def _body(source: Source, rel: str) -> str:
    raw = source.read(rel)
    text = raw if isinstance(raw, Problem) else decode(raw)
    if isinstance(text, Problem):
        return ""
    cut = split(text.replace("\r\n", "\n"))
    return cut.body if isinstance(cut, Split) else ""


def snapshot(version: Source, keys: set[str], on_call: frozenset[str] = frozenset()
             ) -> Snapshot:
    """Parse the incidents and postmortems of ``version`` whose stem is in ``keys``; with
    ``on_call`` (the touched on-call files), every schedule too. The errors of these files (and
    then of the catalog files, which are always read) are listed in ``unreadable``."""
    layout = version.layout()
    present: dict[Kind, dict[str, str]] = {kind: {} for kind in DOCUMENTS}
    wanted = set(on_call).intersection(layout.all())
    for kind in DOCUMENTS:
        for rel in layout.of(kind):
            if stem(rel) in keys:
                present[kind].setdefault(stem(rel), rel)
                wanted.add(rel)
    if on_call:
        wanted.update(layout.of(Kind.SCHEDULE))
    repo = open_repository(version, only=wanted.__contains__)
    if on_call:  # read with the catalog either way: a change can break one
        wanted.update(rel for kind in ON_CALL if BY_KIND[kind].items for rel in layout.of(kind))
    snap = Snapshot(version, repo.config.severity_ids, present, repo)
    errors: dict[str, list[Finding]] = {}
    for finding in sorted(repo.findings):
        if finding.path in wanted:
            errors.setdefault(finding.path, []).append(finding)
    snap.unreadable = [(found[0], len(found) - 1) for found in errors.values()]
    for doc in repo.incidents.values():
        snap.incidents.setdefault(stem(doc.rel), doc)
    for pm in repo.postmortems.values():
        snap.postmortems.setdefault(stem(pm.rel), pm)
        snap.bodies[stem(pm.rel)] = _body(version, pm.rel)
    return snap
