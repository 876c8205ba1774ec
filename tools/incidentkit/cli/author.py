"""``new incident``, ``new postmortem``, ``log`` and ``status``: authoring during an incident.

``ack``, ``severity`` and ``assign`` are in :mod:`incidentkit.cli.respond`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from incidentkit.authoring.declare import declare_incident
from incidentkit.authoring.postmortem import draft_postmortem
from incidentkit.authoring.status import AUDIENCES, change_status
from incidentkit.authoring.timeline import log_entry
from incidentkit.cli.common import TIMESTAMP, Env, pass_env
from incidentkit.model.incident import ENTRY_KINDS, STATUSES

#: Your handle: the default for --commander and --author.
HANDLE_VARIABLE = "INCIDENTKIT_HANDLE"


AT_HELP = "When it happened, RFC 3339 with an offset (default: now)."


def shown(path: Path) -> str:
    """The path relative to the working directory when it is below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@click.group()
def new() -> None:
    """Declare an incident or draft its postmortem."""


@new.command("incident")
@click.option("--title", required=True, help="What is broken, for people (the id's slug).")
@click.option("--severity", required=True, help="A configured severity, e.g. SEV1.")
@click.option("--service", "services", multiple=True, required=True,
              help="An affected service id from oncall/services.yaml (repeatable).")
@click.option("--commander", envvar=HANDLE_VARIABLE, show_envvar=True, required=True,
              help="The incident commander's handle.")
@click.option("--at", type=TIMESTAMP,
              help="When the impact began and was detected (default: now).")
@click.option("--started-at", type=TIMESTAMP, help="When the impact began (default: --at).")
@click.option("--detected-at", type=TIMESTAMP,
              help="When it was noticed: the alert, the report (default: --at).")
@click.option("--acknowledged-at", type=TIMESTAMP,
              help="When a responder took it, e.g. now (default: not yet; see `ack`).")
@click.option("--summary", help="One or two sentences (default: the title).")
@click.option("--detection", type=click.Choice(["automated", "manual", "customer"]),
              default="manual", show_default=True, help="How the incident was found.")
@click.option("--impact", help="What users experience (default: 'Under investigation.').")
@click.option("--customer-facing/--no-customer-facing", default=False, show_default=True,
              help="Whether customers are affected.")
@click.option("--field", "fields", multiple=True, metavar="NAME=VALUE",
              help="A custom field declared in incidentkit.yaml (repeatable; a list's items "
                   "separated by commas). Required fields must be given.")
@pass_env
def new_incident(
    env: Env, title: str, severity: str, services: tuple[str, ...], commander: str,
    at: datetime | None, started_at: datetime | None, detected_at: datetime | None,
    acknowledged_at: datetime | None, summary: str | None, detection: str, impact: str | None,
    customer_facing: bool, fields: tuple[str, ...],
) -> int:
    """Declare an incident: write incidents/<YYYY>/<id>.yaml and print its path.

    The id is the day it started and a slug of the title. started_at and detected_at are --at
    (default now) unless --started-at or --detected-at is given; without --at, started_at
    defaults to detected_at. acknowledged_at is set only by --acknowledged-at (`now` when you
    are taking it as you declare it); otherwise run `incidentkit ack ID` when a responder
    takes it, so MTTA measures the real wait. Each must not be before the one before it. The
    timeline starts with "Incident declared" at detected_at (and "Acknowledged").
    """
    written = declare_incident(
        root=env.root, title=title, severity=severity, services=services, commander=commander,
        at=at, summary=summary, detection=detection, impact=impact,
        customer_facing=customer_facing, started_at=started_at, detected_at=detected_at,
        acknowledged_at=acknowledged_at, fields=fields,
    )
    click.echo(shown(written.path))
    return 0


@new.command("postmortem")
@click.argument("incident_id", metavar="ID")
@click.option("--field", "fields", multiple=True, metavar="NAME=VALUE",
              help="A custom field of postmortems declared in incidentkit.yaml (repeatable); "
                   "fields that apply to both are taken from the incident.")
@pass_env
def new_postmortem(env: Env, incident_id: str, fields: tuple[str, ...]) -> int:
    """Draft postmortems/<ID>.md from the incident and print its path.

    Summary, impact and timeline are filled in; the other sections hold prompts. The template
    is templates/postmortem.md.j2 of the repository if it has one.
    """
    written = draft_postmortem(root=env.root, incident_id=incident_id, fields=fields)
    click.echo(shown(written.path))
    return 0


@click.command()
@click.argument("incident_id", metavar="ID")
@click.argument("text")
@click.option("--kind", type=click.Choice(ENTRY_KINDS), default="note", show_default=True)
@click.option("--author", envvar=HANDLE_VARIABLE, show_envvar=True, help="Your handle.")
@click.option("--at", type=TIMESTAMP, help=AT_HELP)
@pass_env
def log(env: Env, incident_id: str, text: str, kind: str, author: str | None,
        at: datetime | None) -> int:
    """Add TEXT to the timeline of incident ID, in time order.

    Only the new lines are written: comments and formatting of the file stay as they are.
    """
    logged = log_entry(root=env.root, incident_id=incident_id, text=text, kind=kind,
                       author=author or None, at=at)
    click.echo(shown(logged.path))
    return 0


@click.command()
@click.argument("incident_id", metavar="ID")
@click.argument("new_status", metavar="STATUS", type=click.Choice(STATUSES))
@click.option("--message", "-m", help="The update's text (default: 'Status changed to ...').")
@click.option("--audience", type=click.Choice(AUDIENCES), default="internal", show_default=True)
@click.option("--at", type=TIMESTAMP, help=AT_HELP)
@click.option("--author", envvar=HANDLE_VARIABLE, show_envvar=True,
              help="Your handle (for the timeline entry of a reopening).")
@pass_env
def status(env: Env, incident_id: str, new_status: str, message: str | None, audience: str,
           at: datetime | None, author: str | None) -> int:
    """Move incident ID to STATUS and record a status update.

    STATUS is investigating, identified, monitoring or resolved. monitoring sets
    mitigated_at, resolved sets resolved_at (and mitigated_at).

    Moving a resolved incident back to an open status reopens it: resolved_at is removed,
    mitigated_at too unless the new status is monitoring (the fix still holds), and the
    timeline gets "Reopened: resolved → STATUS" with the message and the removed times.
    """
    change = change_status(root=env.root, incident_id=incident_id, status=new_status,
                           message=message, audience=audience, at=at, author=author or None)
    notes = [f"{key} set" for key in change.set_keys]
    notes += [f"{key} removed" for key in change.removed_keys]
    extra = f" ({', '.join(notes)})" if notes else ""
    verb = "reopened, " if change.reopened else ""
    click.echo(f"{shown(change.path)}: {verb}{change.previous} -> {change.status}{extra}")
    return 0


