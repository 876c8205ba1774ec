"""``incidentkit diff``: what a change does to the incidents, in words."""

from __future__ import annotations

import os
from pathlib import Path

import click

from incidentkit.changes.compare import diff as compute
from incidentkit.changes.render import FORMATS, markdown
from incidentkit.cli.common import Env, pass_env
from incidentkit.errors import FatalError


@click.command()
@click.argument("base", metavar="BASE")
@click.argument("head", metavar="[HEAD]", required=False)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text",
              show_default=True, help="How to print the changes.")
@pass_env
def diff(env: Env, base: str, head: str | None, fmt: str) -> int:
    """Incidents declared, severity and status changes, postmortems and action items added,
    moved or closed between two git versions.

    BASE and HEAD are git revisions (branches, tags, commits). Like a pull request, the
    comparison starts at the merge base of BASE and HEAD, so changes made on BASE since the
    branch was cut do not show up. Without HEAD, the working tree is compared (committed or
    not, as validate sees it). Files that cannot be read in either version are listed with
    their first error. Nothing on disk is changed.

    Under GitHub Actions ($GITHUB_STEP_SUMMARY set) the Markdown report is appended to the
    step summary as well.
    """
    if not env.root.is_dir():
        raise FatalError(f"repository {env.root} does not exist")
    report = compute(env.root, base, head)
    click.echo(FORMATS[fmt](report), nl=False)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as handle:
            handle.write(markdown(report))
    return 0
