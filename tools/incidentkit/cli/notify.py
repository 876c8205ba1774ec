"""``incidentkit notify``: tell the channels of ``incidentkit.yaml`` what a push changed."""

from __future__ import annotations

import json
import os

import click

from incidentkit import clock
from incidentkit.cli.common import Env, pass_env
from incidentkit.errors import FatalError
from incidentkit.ghactions import one_line
from incidentkit.notify.run import Delivery, deliver, plan


def _name(delivery: Delivery) -> str:
    return f"{delivery.channel.id} ({delivery.channel.type}) {delivery.event}"


@click.command()
@click.option("--base", default="HEAD~1", show_default=True, metavar="REV",
              help="The commit before the push (in a workflow: github.event.before).")
@click.option("--head", default="HEAD", show_default=True, metavar="REV",
              help="The commit the push ends at.")
@click.option("--dry-run", is_flag=True,
              help="Print what would be sent (no secret in it); send nothing, write nothing.")
@pass_env
def notify(env: Env, base: str, head: str, dry_run: bool) -> int:
    """Tell people what a push did: incidents declared, acknowledged, severity and status
    changes, updates posted, incidents resolved, postmortems made final.

    The events between BASE and HEAD (read as `diff` reads them) go to the channels that the
    `notify:` section of incidentkit.yaml routes them to (Slack, Microsoft Teams, email, a
    signed JSON webhook, PagerDuty), each once: the ledger (notify.ledger, default
    .incidentkit/notify-ledger.json) records every delivery, so a rerun or an overlapping range
    sends nothing twice. A delivery that fails is tried again on a later run (after 1, 2, 4, …
    minutes, at most 6 hours); the others still go out, and the exit status is 1.

    Secrets come only from the environment variables the channels name, and are never
    printed. Every secret is checked before anything is sent: a missing one or a malformed
    address stops the run (exit 2) with nothing sent.
    """
    if not env.root.is_dir():
        raise FatalError(f"repository {env.root} does not exist")
    now = clock.now()
    planned = plan(env.root, base, head, now=now)
    new = sum(1 for d in planned.deliveries if not d.pending)
    retries = len(planned.deliveries) - new
    click.echo(f"{planned.events} event{'s' * (planned.events != 1)} from {one_line(base)} to "
               f"{one_line(head)}: {new} new deliver{'ies' if new != 1 else 'y'}, "
               f"{retries} to try again, {len(planned.waiting)} waiting.")
    for finding in planned.unreadable:
        click.echo(f"skipped  {one_line(head)}:{one_line(str(finding))} (its events are told "
                   "once it is fixed)", err=True)
    for delivery, due in planned.waiting:
        click.echo(f"waiting  {one_line(_name(delivery))}: next try after {due}")
    if dry_run:
        for delivery in planned.deliveries:
            click.echo(f"would send  {one_line(_name(delivery))}")
            click.echo(json.dumps(delivery.payload, indent=2, ensure_ascii=False))
        click.echo("Dry run: nothing was sent and the ledger was not changed.")
        return 0
    outcome = deliver(planned, os.environ, now=now)
    for delivery, said in outcome.sent:
        click.echo(f"sent     {one_line(_name(delivery))}: {one_line(said)}")
    for delivery, why, retry in outcome.failed:
        click.echo(f"FAILED   {one_line(_name(delivery))}: {one_line(why)}; next try after "
                   f"{retry}", err=True)
    return 1 if outcome.failed else 0
