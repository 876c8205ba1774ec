"""``incidentkit init``: scaffold a new incident repository from the files in ``scaffold/``.

The scaffold is copied verbatim. A file or folder whose name starts with ``dot_`` is written as
``.<rest>`` (``dot_gitignore`` → ``.gitignore``): package data leaves hidden files out.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import click

from incidentkit.errors import FatalError
from incidentkit.store.atomic import create_text

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"
#: Entries that do not make a folder "not empty" (``git init`` first, then ``incidentkit init``).
IGNORED_ENTRIES = frozenset({".git"})


def _target_name(part: str) -> str:
    return "." + part[len("dot_"):] if part.startswith("dot_") else part


def scaffold_files() -> list[tuple[str, str]]:
    """(path in the new repository, text) of every scaffold file, sorted by path."""
    files = []
    for source in SCAFFOLD.rglob("*"):
        rel = source.relative_to(SCAFFOLD)
        if not source.is_file() or "__pycache__" in rel.parts:
            continue
        target = PurePosixPath(*(_target_name(part) for part in rel.parts))
        files.append((str(target), source.read_bytes().decode("utf-8")))
    return sorted(files)


def _is_empty(folder: Path) -> bool:
    return all(entry.name in IGNORED_ENTRIES for entry in folder.iterdir())


def _write(folder: Path, files: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Write the files that do not exist yet; on failure remove what this run created."""
    written: list[Path] = []
    made_dirs: list[Path] = []
    kept: list[str] = []
    try:
        for rel, text in files:
            path = folder / rel
            if path.exists():
                kept.append(rel)
                continue
            missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            for directory in reversed(missing):
                directory.mkdir()
                made_dirs.append(directory)
            create_text(path, text)
            written.append(path)
    except OSError as exc:
        for path in reversed(written):
            path.unlink(missing_ok=True)
        for directory in reversed(made_dirs):
            try:
                directory.rmdir()
            except OSError:
                pass
        raise FatalError(
            f"cannot write to {folder}: {exc}; nothing was left behind: fix the problem and run "
            "init again"
        ) from None
    return [p.relative_to(folder).as_posix() for p in written], kept


@click.command()
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True,
              help="Also write into a folder that is not empty; existing files are kept.")
def init(directory: Path, force: bool) -> int:
    """Scaffold a new incident repository in DIR.

    Writes incidentkit.yaml (the defaults, commented), oncall/ (people, services, escalation
    policies, a schedule and a runbook), an example incident and its postmortem, a MkDocs
    Material knowledge base, a pre-commit hook and a README that says how to remove the example.
    A folder that is not empty is refused (a .git folder alone is fine) unless --force.
    """
    if directory.exists() and not directory.is_dir():
        raise FatalError(f"{directory} exists and is not a folder: choose another DIR")
    if directory.is_dir() and not _is_empty(directory) and not force:
        raise FatalError(
            f"{directory} is not empty: choose an empty or new folder, or pass --force to add "
            "the scaffold's files to it (existing files are kept)"
        )
    written, kept = _write(directory, scaffold_files())
    for rel in written:
        click.echo(f"wrote {rel}")
    for rel in kept:
        click.echo(f"kept {rel} (it exists)")
    click.echo(
        f"Created an incident repository in {directory}. Next: `incidentkit -C {directory} "
        "validate`, then read README.md to replace the example with your own."
    )
    return 0


