"""``incidentkit schema``: export the JSON Schemas of the file formats, or check them (CI)."""

from __future__ import annotations

from pathlib import Path

import click

from incidentkit import schemas
from incidentkit.cli.common import Env, pass_env
from incidentkit.errors import FatalError
from incidentkit.repository import open_repository
from incidentkit.store.atomic import write_text
from incidentkit.store.source import WorkingTree

DEFAULT_DIR = "schemas"


def _current(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise FatalError(f"cannot read {path}: {exc}") from None


def _shown(root: Path, path: Path) -> str:
    """Relative to the repository when inside it, else as given."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@click.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=f"Folder to write to; default: {DEFAULT_DIR}/ of the repository.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 and list the files that differ from the models.")
@pass_env
def schema(env: Env, out: Path | None, check: bool) -> int:
    """Export JSON Schemas (draft 2020-12) of every file format.

    incident, postmortem (front matter), people, services, escalation-policies, schedule,
    runbook (front matter) and config (incidentkit.yaml), as <name>.schema.json; the incident
    and postmortem schemas include the custom fields incidentkit.yaml declares (fields:), so
    editors complete them. Run it again after changing them. The output is
    deterministic, so CI can run `incidentkit schema --check` to keep the committed copies in
    step with the models.
    """
    folder = out if out is not None else env.root / DEFAULT_DIR
    if folder.exists() and not folder.is_dir():
        raise FatalError(f"{_shown(env.root, folder)} is not a folder: pass --out with a folder")
    # The incident and postmortem schemas hold the custom fields of the repository's
    # configuration (an invalid one stops here, as it stops every command).
    config = open_repository(WorkingTree(env.root), only=lambda rel: False).config \
        if env.root.is_dir() else None
    wanted = schemas.exports(config)
    stale = {name: text for name, text in wanted.items() if _current(folder / name) != text}
    if check:
        for name in stale:
            state = "is missing" if not (folder / name).exists() else "is out of date"
            click.echo(f"{_shown(env.root, folder / name)} {state}")
        if stale:
            click.echo(f"{len(stale)} of {len(wanted)} schemas differ from the models: run "
                       "`incidentkit schema` and commit the result", err=True)
            return 1
        click.echo(f"{len(wanted)} schemas up to date")
        return 0
    for name, text in stale.items():
        try:
            write_text(folder / name, text)
        except OSError as exc:
            raise FatalError(f"cannot write {_shown(env.root, folder / name)}: {exc}") from None
        click.echo(f"wrote {_shown(env.root, folder / name)}")
    click.echo(f"{len(wanted)} schemas up to date" if not stale
               else f"{len(stale)} of {len(wanted)} schemas written")
    return 0


