"""``incidentkit merge-driver``: the git merge driver for incident and postmortem files."""

from __future__ import annotations

from pathlib import Path

import click

from incidentkit.cli.merge_run import merge_and_report

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("merge-driver", short_help="The git merge driver for incident and postmortem "
               "files (setup-git installs it).")
@click.argument("base", metavar="ANCESTOR", type=_FILE)
@click.argument("ours", metavar="OURS", type=_FILE)
@click.argument("theirs", metavar="THEIRS", type=_FILE)
@click.argument("path", metavar="[PATH]", required=False)
def merge_driver(base: Path, ours: Path, theirs: Path, path: str | None) -> int:
    """Merge OURS with THEIRS three ways (git runs this as `%O %A %B %P`).

    The result is written to OURS. Incidents and postmortems are merged as documents: the
    timeline and updates entries of both sides are kept, in time order (an identical entry
    once); a value changed on one side only is taken; action items are matched by id. Every
    byte of OURS is kept, and what comes from THEIRS is copied from its own text.

    A value both sides changed differently is a conflict: the file gets git's conflict
    markers around its lines, each conflict is named on stderr, and the status is 1, so git
    stops the merge. A Markdown body is merged by git's line merge. Any other file, or one
    that does not parse on some side, is merged by `git merge-file`, exactly as git would.

    Install it in a clone with `incidentkit setup-git` (`init` does it in a git work tree);
    `.gitattributes` routes the files to it.
    """
    return merge_and_report(base, ours, theirs, path)
