"""``incidentkit actions sync``: one GitHub issue per postmortem action item, both ways."""

from __future__ import annotations

import click

from incidentkit.cli.common import Env, pass_env


@click.group()
def actions() -> None:
    """Postmortem action items and their GitHub issues."""


@actions.command()
@click.option("--dry-run", is_flag=True,
              help="Print the plan; change nothing (no write to GitHub or to the files).")
@pass_env
def sync(env: Env, dry_run: bool) -> int:
    """Keep one GitHub issue per action item, in step both ways.

    \b
    An issue is found by a hidden marker in its body, never by its title. Its title, body
    (incident, postmortem link, priority, due date, owner), labels (github.label,
    priority/P1, incident/<id>) and assignee (the owner's GitHub login) follow the file.
    Closing an issue as completed marks the item done, as not planned wont-do; reopening
    it marks it open. An item marked done or wont-do in the file closes its issue.
    Issue numbers and statuses are written back into the front matter, changing no other
    byte.

    \b
    Needs GITHUB_TOKEN (issues: write), the repository (github.repository in
    incidentkit.yaml, or GITHUB_REPOSITORY) and, for GitHub Enterprise, GITHUB_API_URL.
    A run stops after INCIDENTKIT_GITHUB_DEADLINE seconds (default 600, waits included);
    each answer is waited for INCIDENTKIT_GITHUB_TIMEOUT seconds (default 30).
    Exit status: 0 in step; 1 some items failed or the run stopped early (a rate limit,
    GitHub unavailable, the deadline: rerun, it converges and creates no duplicate); 2 the
    token was refused, the repository was not found, a setting is missing, or the answers
    are not the REST API's (a redirect, HTML, the wrong shape).
    """
    from incidentkit.followup.github.sync import sync_actions

    outcome = sync_actions(env.root, dry_run=dry_run, echo=click.echo)
    return 0 if outcome.complete else 1
