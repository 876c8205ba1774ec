"""``incidentkit setup-git``: configure this clone's git to use the merge driver."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from incidentkit.cli.common import Env, pass_env
from incidentkit.merging.gitconfig import ATTRIBUTES, Installed, driver_command, install


def report(installed: Installed) -> list[str]:
    """What ``setup-git`` (and ``init`` in a git work tree) tells the user."""
    lines = []
    for setting in installed.settings:
        state = "set" if setting.changed else "already set"
        lines.append(f"{state}: git config {setting.key} {setting.value!r}")
    if not installed.routed:
        lines.append(f"note: {installed.top / '.gitattributes'} does not route files to the "
                     "driver yet; add the lines: " + "; ".join(ATTRIBUTES))
    return lines


def configure(folder: Path) -> Installed:
    return install(folder, driver_command(sys.executable))


@click.command("setup-git")
@pass_env
def setup_git(env: Env) -> int:
    """Install the incident merge driver in this clone's git configuration.

    Sets merge.incidentkit.name and merge.incidentkit.driver in .git/config (never in the
    repository: each clone runs it once; running it again changes nothing). The driver runs
    this Python by its absolute path (`python -m incidentkit merge-driver %O %A %B %P`), so
    it works from a virtual environment that is not on PATH; run setup-git again if that
    environment moves. `.gitattributes` (written by `incidentkit init`) routes
    incidents/**/*.yaml and postmortems/*.md to it.
    """
    for line in report(configure(env.root)):
        click.echo(line)
    return 0
