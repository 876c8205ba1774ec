"""``ack``, ``severity`` and ``assign``: the changes a responder makes during an incident.

Each is a byte-minimal edit of the incident file, checked like ``validate`` before it is
written atomically, and leaves a timeline entry saying what changed (``--at``, default now;
``--author``, default ``$INCIDENTKIT_HANDLE``).
"""

from __future__ import annotations

from datetime import datetime

import click

from incidentkit.authoring.ack import acknowledge
from incidentkit.authoring.roles import ROLE_KEYS, assign_role
from incidentkit.authoring.severity import change_severity
from incidentkit.cli.author import AT_HELP, HANDLE_VARIABLE, shown
from incidentkit.cli.common import TIMESTAMP, Env, pass_env
from incidentkit.store.edit import format_timestamp

_AUTHOR = click.option("--author", envvar=HANDLE_VARIABLE, show_envvar=True,
                       help="Your handle, for the timeline entry.")
_AT = click.option("--at", type=TIMESTAMP, help=AT_HELP)


@click.command()
@click.argument("incident_id", metavar="ID")
@_AT
@_AUTHOR
@click.option("--force", is_flag=True,
              help="Replace the time of an incident already acknowledged.")
@pass_env
def ack(env: Env, incident_id: str, at: datetime | None, author: str | None,
        force: bool) -> int:
    """Acknowledge incident ID: a responder has taken it (sets acknowledged_at).

    MTTA runs from detected_at to acknowledged_at. The timeline gets an action entry
    "Acknowledged". An incident already acknowledged is refused (exit 1; the first
    responder's time is the one that counts) unless --force corrects it; a time before
    detected_at is refused too.
    """
    done = acknowledge(root=env.root, incident_id=incident_id, at=at, author=author or None,
                       force=force)
    was = f" (was {format_timestamp(done.previous)})" if done.previous else ""
    click.echo(f"{shown(done.path)}: acknowledged at {format_timestamp(done.at)}{was}")
    return 0


@click.command()
@click.argument("incident_id", metavar="ID")
@click.argument("new_severity", metavar="SEVERITY")
@click.option("--reason", "-r", required=True,
              help="Why: it goes into the timeline with the change.")
@_AT
@_AUTHOR
@pass_env
def severity(env: Env, incident_id: str, new_severity: str, reason: str, at: datetime | None,
             author: str | None) -> int:
    """Raise or lower the severity of incident ID to SEVERITY (one of incidentkit.yaml's).

    The timeline gets a decision entry "Severity SEV1 → SEV0: REASON". An unknown severity is
    a usage error (exit 2, listing the configured ones); the severity it already has is
    refused (exit 1) and nothing is written.
    """
    change = change_severity(root=env.root, incident_id=incident_id, severity=new_severity,
                             reason=reason, at=at, author=author or None)
    click.echo(f"{shown(change.path)}: {change.previous} -> {change.severity} "
               f"({change.direction})")
    return 0


@click.command()
@click.argument("incident_id", metavar="ID")
@click.argument("role", metavar="ROLE", type=click.Choice(list(ROLE_KEYS)))
@click.argument("handle")
@click.option("--remove", is_flag=True,
              help="Take HANDLE out of the role instead (not the commander).")
@_AT
@_AUTHOR
@pass_env
def assign(env: Env, incident_id: str, role: str, handle: str, remove: bool,
           at: datetime | None, author: str | None) -> int:
    """Give ROLE in incident ID to HANDLE, a person of oncall/people.yaml.

    ROLE is commander, communications, scribe, tech-lead (roles.tech_lead) or expert (added to
    roles.experts). The timeline gets a decision entry such as "scribe: ben (was: none)". An
    unknown person is a usage error (exit 2, with close matches); assigning whoever already
    holds the role, or removing someone who does not, is refused (exit 1).
    """
    done = assign_role(root=env.root, incident_id=incident_id, role=role, handle=handle,
                       remove=remove, at=at, author=author or None)
    click.echo(f"{shown(done.path)}: {done.describe()}")
    return 0
