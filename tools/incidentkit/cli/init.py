"""``incidentkit init``: write a team's incident repository from the files in ``scaffold/``.

A file or folder of the scaffold whose name starts with ``dot_`` is written as ``.<rest>``
(``dot_gitignore`` → ``.gitignore``): package data leaves hidden files out. Every file's text has
the tokens of :mod:`incidentkit.provenance` replaced, so the pre-commit hook and the workflows
pin the incidentkit that wrote them.

``init`` adds what is missing and never touches a file that exists, unless ``--force``, which
replaces the scaffold's own files (and no other). A run that fails half-way undoes itself: the
files it created are removed and the files it replaced get their old bytes back.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import click

from incidentkit.cli.setup_git import configure, report
from incidentkit.errors import FatalError
from incidentkit.merging.gitconfig import work_tree
from incidentkit.provenance import Provenance, installed
from incidentkit.store.atomic import create_text, write_text

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"
#: The example data (``--no-example`` leaves it out): every file under these folders.
EXAMPLE_FOLDERS = ("incidents/", "postmortems/", "oncall/")


def _target_name(part: str) -> str:
    return "." + part[len("dot_"):] if part.startswith("dot_") else part


def scaffold_files(
    provenance: Provenance | None = None, *, example: bool = True
) -> list[tuple[str, str]]:
    """(path in the new repository, text) of every scaffold file, sorted by path, with the
    tokens of ``provenance`` (default: the running incidentkit's) replaced."""
    provenance = provenance if provenance is not None else installed()
    files = []
    for source in SCAFFOLD.rglob("*"):
        rel = source.relative_to(SCAFFOLD)
        if not source.is_file() or "__pycache__" in rel.parts:
            continue
        target = str(PurePosixPath(*(_target_name(part) for part in rel.parts)))
        if not example and target.startswith(EXAMPLE_FOLDERS):
            continue
        files.append((target, provenance.substitute(source.read_bytes().decode("utf-8"))))
    return sorted(files)


@dataclass
class Plan:
    """What a run does to each scaffold file."""

    create: list[tuple[str, str]] = field(default_factory=list)
    replace: list[tuple[str, str]] = field(default_factory=list)
    #: Files that exist and are left alone, each with why.
    keep: list[tuple[str, str]] = field(default_factory=list)


def plan(folder: Path, files: list[tuple[str, str]], *, force: bool) -> Plan:
    todo = Plan()
    for rel, text in files:
        path = folder / rel
        if not os.path.lexists(path):
            todo.create.append((rel, text))
        elif not force or not path.is_file() or path.is_symlink():
            why = "it exists; --force replaces it" if path.is_file() and not \
                path.is_symlink() else "it exists and is not a regular file"
            todo.keep.append((rel, why))
        elif _same(path, text):
            todo.keep.append((rel, "it is the scaffold's already"))
        else:
            todo.replace.append((rel, text))
    return todo


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


class _Undo:
    """What a run changed so far, and how to take it back."""

    def __init__(self) -> None:
        self.created: list[Path] = []
        self.made_dirs: list[Path] = []
        self.backups: list[tuple[Path, str]] = []

    def mkdirs(self, folder: Path) -> None:
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        for directory in reversed(missing):
            directory.mkdir()
            self.made_dirs.append(directory)

    def backup(self, path: Path) -> None:
        fd, backup = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        self.backups.append((path, backup))
        shutil.copy2(path, backup)

    def rollback(self) -> None:
        for path, backup in reversed(self.backups):
            with contextlib.suppress(OSError):
                os.replace(backup, path)
        for path in reversed(self.created):
            path.unlink(missing_ok=True)
        for directory in reversed(self.made_dirs):
            with contextlib.suppress(OSError):
                directory.rmdir()

    def commit(self) -> None:
        for _, backup in self.backups:
            with contextlib.suppress(OSError):
                os.unlink(backup)


def apply(folder: Path, todo: Plan) -> None:
    """Create and replace the planned files, all or nothing."""
    undo = _Undo()
    try:
        for rel, text in todo.create:
            path = folder / rel
            undo.mkdirs(path.parent)
            create_text(path, text)
            undo.created.append(path)
        for rel, text in todo.replace:
            path = folder / rel
            undo.backup(path)
            write_text(path, text)
    except OSError as exc:
        undo.rollback()
        raise FatalError(
            f"cannot write to {folder}: {exc}; nothing was changed: fix the problem and run "
            "init again"
        ) from None
    undo.commit()


def _summary(directory: Path, todo: Plan, *, example: bool) -> str:
    changed = len(todo.create) + len(todo.replace)
    if not changed:
        return "nothing to do: every scaffold file is already there; no file was changed"
    verb = "Created" if not todo.keep and not todo.replace else "Completed"
    more = "" if example else " (without the example)"
    return (f"{verb} an incident repository in {directory}{more}. Next: `incidentkit -C "
            f"{directory} validate`, then read README.md"
            + (" to replace the example with your own." if example else "."))


def _merge_driver(directory: Path) -> None:
    """Configure the merge driver when DIR is a git work tree; else say how to."""
    top = work_tree(directory)
    if top == directory.resolve():
        for line in report(configure(directory)):
            click.echo(f"merge driver: {line}")
    elif top is not None:
        click.echo(f"merge driver: not installed: {directory} is inside the git work tree "
                   f"{top}, whose .gitattributes would have to route its files; in a git "
                   f"repository of its own, run `incidentkit -C {directory} setup-git`")
    else:
        click.echo(f"merge driver: {directory} is not a git work tree yet: after `git init` "
                   f"(and in every clone) run `incidentkit -C {directory} setup-git`")


@click.command()
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace the scaffold's files that exist with the scaffold's text (any "
                   "other file is left alone).")
@click.option("--example/--no-example", default=True, show_default=True,
              help="Write the example people, services, schedule, runbook, incidents and "
                   "postmortem.")
def init(directory: Path, force: bool, example: bool) -> int:
    """Write a team's incident repository in DIR (new or existing).

    incidentkit.yaml (every default, commented), a MkDocs Material knowledge base with the
    incidentkit plugin and the handbook, a pre-commit configuration and GitHub workflows that
    pin this incidentkit, a README, and an example (people, services, an escalation policy, a
    schedule, a runbook, a resolved incident with its postmortem and an open one).

    In a folder that has files, init adds what is missing and lists what it left alone: it
    never changes a file that exists unless --force, which replaces the scaffold's own files
    only. Run twice, the second run changes nothing.

    In a git work tree, init also installs the merge driver for incident and postmortem files
    in the clone's git configuration (as `incidentkit setup-git` does); elsewhere it says to
    run setup-git after `git init`.
    """
    if directory.exists() and not directory.is_dir():
        raise FatalError(f"{directory} exists and is not a folder: choose another DIR")
    todo = plan(directory, scaffold_files(installed(), example=example), force=force)
    apply(directory, todo)
    for rel, _ in todo.create:
        click.echo(f"wrote {rel}")
    for rel, _ in todo.replace:
        click.echo(f"replaced {rel}")
    for rel, why in todo.keep:
        click.echo(f"kept {rel} ({why})")
    _merge_driver(directory)
    click.echo(_summary(directory, todo, example=example))
    return 0
