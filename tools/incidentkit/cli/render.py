"""``incidentkit render``: an incident's status update from a template, as Markdown or Slack."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import PurePosixPath

import click

from incidentkit import clock
from incidentkit.checks.files import check_raw
from incidentkit.checks.finding import Finding, Severity
from incidentkit.cli.common import TIMESTAMP, Env, pass_env
from incidentkit.comms import engine, slack
from incidentkit.comms.view import build
from incidentkit.errors import FatalError
from incidentkit.model.incident import Incident
from incidentkit.model.types import INCIDENT_ID_RE
from incidentkit.repository import open_repository
from incidentkit.store.layout import Kind, Layout
from incidentkit.store.source import WorkingTree


def _locate(layout: Layout, incident_id: str) -> str:
    found = [r for r in layout.of(Kind.INCIDENT) if PurePosixPath(r).stem == incident_id]
    if not found:
        raise FatalError(
            f"no incident {incident_id}: expected incidents/{incident_id[:4]}/{incident_id}.yaml"
        )
    if len(found) > 1:
        raise FatalError(
            f"incident {incident_id} is in {len(found)} files ({', '.join(found)}): keep one"
        )
    return found[0]


def _stop_on_errors(findings: list[Finding], what: str) -> None:
    """Print the findings; errors stop the command (exit 1), warnings do not."""
    for finding in findings:
        click.echo(str(finding), err=True)
    if any(f.severity is Severity.ERROR for f in findings):
        raise FatalError(f"{what} has errors: fix them, then render again", status=1)


@click.command()
@click.argument("incident_id", metavar="ID")
@click.option("--template", "-t", "template", type=click.Choice(engine.TEMPLATE_NAMES),
              required=True, help="Which update to write.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "slack"]), default="markdown",
              show_default=True, help="Markdown text, or Slack Block Kit JSON.")
@click.option("--at", type=TIMESTAMP, default=None,
              help="When the update is posted (RFC 3339 with an offset), for the duration so "
              "far and the next update's time; default: now.")
@pass_env
def render(
    env: Env, incident_id: str, template: str, fmt: str, at: datetime | None
) -> int:
    """Write a status update for incident ID from a communication template.

    Templates are Jinja2: the built-in ones, or templates/comms/<name>.md.j2 of the repository
    when it has one. Text from the incident is escaped for the output format. With
    --format slack, the output is a Block Kit payload ({"blocks": [...]}) for chat.postMessage
    or an incoming webhook.
    """
    if not INCIDENT_ID_RE.fullmatch(incident_id):
        raise FatalError(
            f"{incident_id!r} is not an incident id: write YYYY-MM-DD-slug (lowercase letters, "
            "digits and '-'), e.g. 2026-01-15-auth-login-failures"
        )
    now = at or clock.now()
    root = env.root
    if not root.is_dir():
        raise FatalError(f"repository {root} does not exist")
    source = WorkingTree(root)
    repo = open_repository(source, only=lambda rel: False)  # the configuration and catalog
    rel = _locate(source.layout(), incident_id)
    incident, findings = check_raw(rel, Kind.INCIDENT, source.read(rel), repo.context)
    _stop_on_errors(findings, f"incident {incident_id}")
    assert isinstance(incident, Incident)
    view = build(incident, repo.config, now=now, people=list(repo.people.values()),
                 services=list(repo.services.values()))
    if fmt == "markdown":
        click.echo(engine.render(root, template, view, now=now), nl=False)
        return 0
    message = engine.render(root, template, view, now=now, flavor=engine.SLACK,
                            message_only=True)
    payload = slack.blocks(view, message)
    click.echo(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", nl=False)
    return 0


