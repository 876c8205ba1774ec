"""``incidentkit handbook``: write the handbook pages generated from ``incidentkit.yaml``, or
check that they are current (CI and the ``incidentkit-handbook`` pre-commit hook)."""

from __future__ import annotations

import click

from incidentkit.cli.common import Env, pass_env
from incidentkit.errors import FatalError
from incidentkit.handbook import SEVERITY_PAGE, severity_page
from incidentkit.repository import open_repository
from incidentkit.store.atomic import write_text
from incidentkit.store.source import WorkingTree


def _current(env: Env) -> str | None:
    path = env.root / SEVERITY_PAGE
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise FatalError(f"cannot read {SEVERITY_PAGE}: {exc}") from None


@click.command()
@click.option("--check", is_flag=True,
              help=f"Write nothing; exit 1 when {SEVERITY_PAGE} differs from incidentkit.yaml.")
@pass_env
def handbook(env: Env, check: bool) -> int:
    """Write the handbook pages generated from incidentkit.yaml.

    docs/handbook/severity-levels.md lists the severity levels with their acknowledge, update
    and resolve targets and the postmortem policy, as configured. Run it after editing
    incidentkit.yaml and commit the result; `incidentkit handbook --check` fails when the page
    is out of date (the incidentkit-handbook pre-commit hook runs it).
    """
    if not env.root.is_dir():
        raise FatalError(f"repository {env.root} does not exist: pass an incident repository "
                         "with -C DIR")
    # An invalid configuration stops here as it stops every command.
    config = open_repository(WorkingTree(env.root), only=lambda rel: False).config
    page = severity_page(config)
    current = _current(env)
    if current == page:
        click.echo(f"{SEVERITY_PAGE} is up to date")
        return 0
    if check:
        state = "is missing" if current is None else "is out of date"
        click.echo(f"{SEVERITY_PAGE} {state}: run `incidentkit handbook` and commit the result",
                   err=True)
        return 1
    try:
        (env.root / SEVERITY_PAGE).parent.mkdir(parents=True, exist_ok=True)
        write_text(env.root / SEVERITY_PAGE, page)
    except OSError as exc:
        raise FatalError(f"cannot write {SEVERITY_PAGE}: {exc}") from None
    click.echo(f"wrote {SEVERITY_PAGE}")
    return 0
