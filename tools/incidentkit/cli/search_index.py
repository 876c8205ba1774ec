"""``incidentkit search-index SITE``: the Pagefind search index of a built site (Zensical)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("search-index")
@click.argument("site", type=click.Path(file_okay=False, path_type=Path))
def search_index(site: Path) -> int:
    """Index the built site SITE for its search box (writes SITE/pagefind/).

    `mkdocs build` does this itself (the incidentkit plugin); Zensical runs no MkDocs plugin, so
    run it after `zensical build`: incidentkit site --out kb && (cd kb && zensical build) &&
    incidentkit search-index kb/site
    """
    from incidentkit.site.search import index

    click.echo(index(site).summary() + f" ({site})")
    return 0
