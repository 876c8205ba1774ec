"""Two versions of an incident repository: a git commit, or the working tree.

A version lists its incidentkit files with a content key (the git blob id) so that only files
that differ between two versions are parsed. They are parsed in memory by the same checks as
``validate`` (``check_text``), each version against its own configuration and catalog. A
commit's files are read from git's object database: the working tree is never touched.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from incidentkit.checks.context import Catalog, Context
from incidentkit.checks.files import check_text, parse
from incidentkit.checks.finding import Finding, Severity
from incidentkit.config import Config
from incidentkit.errors import FatalError
from incidentkit.model.incident import Incident
from incidentkit.model.postmortem import PostmortemMeta
from incidentkit.repository import Doc, invalid_configuration
from incidentkit.store.frontmatter import Split, split
from incidentkit.store.layout import CONFIG, PEOPLE, POLICIES, SERVICES, Kind, Layout, kind_of, stem
from incidentkit.store.reading import read_file
from incidentkit.store.yamlload import MAX_FILE_BYTES, Problem, decode

#: The kinds a diff reports on; the others only give the checks their context.
COMPARED = (Kind.INCIDENT, Kind.POSTMORTEM)
_TOPS = ("incidents", "postmortems", "oncall", CONFIG)
_SYMLINK = 0o120000


def blob_id(data: bytes) -> str:
    """The git blob id of some bytes (what ``git hash-object`` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class Version:
    """The incidentkit files of one version: path → content key, and how to read them."""

    #: What the user named (``main``, ``HEAD``), or ``working tree``.
    label: str
    #: The commit, or ``None`` for the working tree.
    commit: str | None
    files: dict[str, str]
    #: Where the files are on disk (the working tree), or ``None`` for a commit.
    root: Path | None = None
    #: A commit's blobs by path (GitPython objects).
    blobs: dict[str, Any] = field(default_factory=dict, repr=False)

    def read(self, rel: str) -> bytes | Problem:
        if self.root is not None:
            return read_file(self.root, rel)
        blob = self.blobs[rel]
        if blob.size > MAX_FILE_BYTES:
            return Problem(1, 1, "file-too-large", f"file is {blob.size} bytes; the limit is "
                           f"{MAX_FILE_BYTES}: split it or remove data")
        return bytes(blob.data_stream.read())

    def of(self, kind: Kind) -> list[str]:
        return sorted(rel for rel in self.files if kind_of(rel) is kind)


def _at(commit: Any, prefix: str, label: str) -> Version:
    """The incidentkit files of a commit, under ``prefix`` (the repository inside the git one)."""
    tree = commit.tree
    if prefix:
        try:
            tree = tree / prefix
        except KeyError:
            return Version(label, commit.hexsha, {})
    files: dict[str, str] = {}
    blobs: dict[str, Any] = {}
    for top in _TOPS:
        try:
            node = tree / top
        except KeyError:
            continue
        for item in [node] if node.type == "blob" else node.traverse():
            if item.type != "blob" or item.mode == _SYMLINK:
                continue
            rel = item.path[len(prefix) + 1:] if prefix else item.path
            if kind_of(rel) is not None and not any(p.startswith(".") for p in rel.split("/")):
                files[rel] = item.hexsha
                blobs[rel] = item
    return Version(label, commit.hexsha, files, blobs=blobs)


def _worktree(root: Path) -> Version:
    files = {}
    for rel in Layout.scan(root).all():
        raw = read_file(root, rel)
        files[rel] = f"unreadable: {raw.code}" if isinstance(raw, Problem) else blob_id(raw)
    return Version("working tree", None, files, root=root)


def _commit(repo: Any, name: str) -> Any:
    import git

    try:
        return repo.commit(name)
    except (git.BadName, git.BadObject, ValueError):
        raise FatalError(
            f"unknown git revision {name!r}: pass a branch, tag or commit that exists here "
            "(in GitHub Actions, check out with fetch-depth: 0)") from None


def open_versions(root: Path, base: str, head: str | None) -> tuple[Version, Version]:
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

    base_version = _at(bases[0], prefix, base)
    if head is None:
        return base_version, _worktree(root.resolve())
    return base_version, _at(head_commit, prefix, head)


def touched(base: Version, head: Version) -> set[str]:
    """Stems of compared documents whose file differs, appeared or went."""
    keys: set[str] = set()
    for rel in base.files.keys() | head.files.keys():
        if kind_of(rel) in COMPARED and base.files.get(rel) != head.files.get(rel):
            keys.add(stem(rel))
    return keys


@dataclass(slots=True)
class Snapshot:
    """The touched documents of one version, parsed."""

    version: Version
    severity_ids: list[str]
    #: Every touched file present in this version, by kind and stem.
    present: dict[Kind, dict[str, str]]
    incidents: dict[str, Doc[Incident]] = field(default_factory=dict)
    postmortems: dict[str, Doc[PostmortemMeta]] = field(default_factory=dict)
    #: Postmortem bodies (the Markdown under the front matter), by stem.
    bodies: dict[str, str] = field(default_factory=dict)
    #: The first error of each file that could not be read, and how many more it has.
    unreadable: list[tuple[Finding, int]] = field(default_factory=list)


def _text(version: Version, rel: str) -> str | Problem:
    try:
        raw = version.read(rel)
    except OSError as exc:
        return Problem(1, 1, "unreadable", f"cannot read the file: {exc}")
    return raw if isinstance(raw, Problem) else decode(raw)


def _ids(version: Version, rel: str, key: str) -> frozenset[str] | None:
    """Ids named in a catalog list, read leniently, as ``validate`` reads them."""
    if rel not in version.files:
        return frozenset()
    text = _text(version, rel)
    got = None if isinstance(text, Problem) else parse(rel, Kind.PEOPLE, text)
    if got is None or isinstance(got, Finding) or not isinstance(got[0].data, list):
        return None
    return frozenset(
        e[key] for e in got[0].data if isinstance(e, dict) and isinstance(e.get(key), str)
    )


def context(version: Version) -> Context:
    """The configuration and catalog of a version. An invalid configuration stops the command
    as it stops every other (:func:`~incidentkit.repository.invalid_configuration`); other
    catalog files that cannot be read leave their ids unchecked."""
    config = Config()
    if CONFIG in version.files:
        text = _text(version, CONFIG)
        if isinstance(text, Problem):
            findings = [Finding(CONFIG, text.line, text.col, Severity.ERROR, text.code,
                                text.message)]
        else:
            model, findings = check_text(CONFIG, Kind.CONFIG, text, Context(config))
            if isinstance(model, Config):
                config = model
        stop = invalid_configuration(
            findings, None if version.commit is None else version.label)
        if stop is not None:
            raise stop
    return Context(config, Catalog(
        people=_ids(version, PEOPLE, "handle"),
        services=_ids(version, SERVICES, "id"),
        policies=_ids(version, POLICIES, "id"),
        runbooks=frozenset(stem(r) for r in version.of(Kind.RUNBOOK)),
        schedules=frozenset(stem(r) for r in version.of(Kind.SCHEDULE)),
        incidents=frozenset(stem(r) for r in version.of(Kind.INCIDENT)),
    ))


def _check(version: Version, rel: str, kind: Kind, ctx: Context
           ) -> tuple[Any, list[Finding], str]:
    """The model, findings and text of one file (as ``check_file`` would see it on disk)."""
    if rel.endswith(".yml"):
        return None, [Finding(rel, 1, 1, Severity.ERROR, "file-name",
                              "incidentkit reads '.yaml' files: rename this file to .yaml")], ""
    text = _text(version, rel)
    if isinstance(text, Problem):
        return None, [Finding(rel, text.line, text.col, Severity.ERROR, text.code,
                              text.message)], ""
    model, findings = check_text(rel, kind, text, ctx)
    return model, findings, text


def _body(text: str) -> str:
    cut = split(text.replace("\r\n", "\n"))
    return cut.body if isinstance(cut, Split) else ""


def snapshot(version: Version, keys: set[str]) -> Snapshot:
    """Parse the compared documents of ``version`` whose stem is in ``keys``."""
    present: dict[Kind, dict[str, str]] = {kind: {} for kind in COMPARED}
    wanted: list[tuple[str, Kind]] = []
    for kind in COMPARED:
        for rel in version.of(kind):
            if stem(rel) in keys:
                present[kind].setdefault(stem(rel), rel)
                wanted.append((rel, kind))
    ctx = context(version)
    snap = Snapshot(version, ctx.config.severity_ids, present)
    for rel, kind in wanted:
        model, findings, text = _check(version, rel, kind, ctx)
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            snap.unreadable.append((errors[0], len(errors) - 1))
        elif model is None:  # pragma: no cover - every check that gives no model says why
            snap.unreadable.append((Finding(rel, 1, 1, Severity.ERROR, "invalid",
                                            "invalid file: run incidentkit validate"), 0))
        elif isinstance(model, Incident):
            snap.incidents.setdefault(stem(rel), Doc(rel, model))
        elif isinstance(model, PostmortemMeta):
            snap.postmortems.setdefault(stem(rel), Doc(rel, model))
            snap.bodies[stem(rel)] = _body(text)
    return snap
