"""``incidentkit overdue``: what is late, whose it is, and by how much."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import click

from incidentkit import clock
from incidentkit.cli.common import TIMESTAMP, Env, pass_env
from incidentkit.followup import overdue as engine
from incidentkit.followup.report import FORMATS, markdown
from incidentkit.ghactions import one_line
from incidentkit.repository import Repository, open_repository
from incidentkit.store.source import WorkingTree


def invalid_notice(repo: Repository) -> str | None:
    """One line about files left out because they are invalid, or ``None``."""
    files = repo.invalid_files
    if not files:
        return None
    shown = ", ".join(one_line(f) for f in files[:3]) + (" …" if len(files) > 3 else "")
    return (f"incidentkit: warning: {len(files)} invalid file{'s' * (len(files) != 1)} left "
            f"out ({shown}): run incidentkit validate")


@click.command()
@click.option("--at", type=TIMESTAMP, default=None,
              help="Compute as of this time (default: now).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text",
              show_default=True)
@click.option("--fail", is_flag=True, help="Exit 1 when anything is overdue.")
@click.option("--tracking-issue", is_flag=True,
              help="Also keep one GitHub issue's description equal to the Markdown report and "
                   "mention newly overdue owners once (needs GITHUB_TOKEN).")
@pass_env
def overdue(env: Env, at: datetime | None, fmt: str, fail: bool, tracking_issue: bool) -> int:
    """Overdue action items, missing or unfinished postmortems, open incidents past their
    severity's targets or without a recent update, runbooks due for review.

    \b
    Targets (incidentkit.yaml severities):
      ack_within: an open incident not yet acknowledged, counted from detected_at
        (one acknowledged late is not listed: metrics counts it once resolved);
      resolve_within (null: none): an open incident, counted from started_at, the
        start of impact, as the MTTR is.

    Under GitHub Actions ($GITHUB_STEP_SUMMARY set) the Markdown report is appended to the
    step summary as well.

    With --tracking-issue, one issue (found by a hidden marker, titled
    github.tracking_issue_title) is edited, never re-created, so its description is the
    Markdown report; owners who become overdue are @-mentioned once in a comment. GitHub's
    REST API cannot pin an issue: pin it once by hand, the pin stays. The update stops after
    INCIDENTKIT_GITHUB_DEADLINE seconds (default 300, waits included).
    """
    moment = at or clock.now()
    repo = open_repository(WorkingTree(env.root))
    notice = invalid_notice(repo)
    if notice:
        click.echo(notice, err=True)
    items = engine.compute(repo, at=moment)
    click.echo(FORMATS[fmt](items, moment), nl=False)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as handle:
            handle.write(markdown(items, moment))
    if tracking_issue:
        from incidentkit.followup.github.tracking import describe, sync_tracking_issue

        tracked = sync_tracking_issue(repo, items, markdown(items, moment))
        for line in describe(tracked):
            click.echo(line, err=True)
    return 1 if fail and items else 0


