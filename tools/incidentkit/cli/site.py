"""``incidentkit site --out DIR``: the knowledge base's pages as Markdown on disk."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from incidentkit.cli.common import TIMESTAMP, Env, pass_env
from incidentkit.cli.overdue import invalid_notice
from incidentkit.repository import open_repository
from incidentkit.store.source import WorkingTree


@click.command()
@click.option("--out", "out", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Write DIR/docs (pages) and DIR/mkdocs.yml; build there with zensical build.")
@click.option("--at", "at", type=TIMESTAMP, default=None,
              help="Show the site as of this time (on call, open incidents, overdue); "
              "default: the plugin's now option, else INCIDENTKIT_NOW, else the clock.")
@click.option("--git-history/--no-git-history", default=None,
              help="Each incident's change history from git (default: the plugin's option).")
@pass_env
def site(env: Env, out: Path, at: datetime | None, git_history: bool | None) -> int:
    """Write the knowledge base's generated pages (for Zensical or any Markdown site builder).

    The same pages the MkDocs plugin adds to `mkdocs build`, with a copy of docs/ and the
    repository's mkdocs.yml beside them: without the plugin, with the stylesheet and scripts the
    pages need and with the detail pages kept out of the navigation, as the plugin does.
    """
    from incidentkit.site.output import pages_for, write

    repo = open_repository(WorkingTree(env.root))
    notice = invalid_notice(repo)
    if notice:
        click.echo(notice, err=True)
    pages, settings = pages_for(env.root, repo, now=at, git_history=git_history)
    write(out, env.root, pages, settings)
    click.echo(f"Wrote {len(pages)} generated files and {settings.docs_dir}/ to {out}")
    return 0
