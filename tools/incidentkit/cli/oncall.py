"""``incidentkit oncall …``: who is on call, from the schedules in ``oncall/schedules/``."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from incidentkit.cli.common import TIMESTAMP, Env, pass_env
from incidentkit.cli.overdue import invalid_notice
from incidentkit.errors import FatalError
from incidentkit.model.types import format_duration
from incidentkit.oncall import OVERRIDE, Shift, on_call_at
from incidentkit.repository import Repository


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _who(repo: Repository, shift: Shift | None) -> str:
    if shift is None:
        return "nobody (a gap in the schedule)"
    person = repo.people.get(shift.person)
    name = f"{shift.person} ({person.name})" if person else shift.person
    via = "an override" if shift.source == OVERRIDE else f"layer {shift.source!r}"
    return f"{name} through {via}, until {_when(shift.end)}"


def _load(env: Env) -> Repository:
    repo = Repository.load(env.root)
    notice = invalid_notice(repo)
    if notice:
        click.echo(notice, err=True)
    return repo


def _service_lines(repo: Repository, service_id: str, at: datetime) -> list[str]:
    service = repo.services.get(service_id)
    if service is None:
        known = ", ".join(sorted(repo.services)) or "none"
        raise FatalError(f"no service {service_id!r} in oncall/services.yaml (known: {known})")
    policy = repo.policies.get(service.escalation_policy)
    if policy is None:
        raise FatalError(f"service {service_id} names escalation policy "
                         f"{service.escalation_policy!r}, which does not exist: run validate")
    repeat = f", repeated {policy.repeat} more time{'s' * (policy.repeat != 1)}" \
        if policy.repeat else ""
    lines = [f"{service.id} ({service.name}), tier {service.tier}: escalation policy "
             f"{policy.id} ({policy.name}){repeat}"]
    for step in policy.steps:
        for target in step.notify:
            kind, _, name = target.partition(":")
            if kind == "person":
                person = repo.people.get(name)
                who = f"{name} ({person.name})" if person else name
            elif name in repo.schedules:
                who = f"schedule {name}: " + _who(repo, on_call_at(repo.schedules[name].model, at))
            else:
                who = f"schedule {name}: not found"
            lines.append(f"  after {format_duration(step.after):>4}  {who}")
    return lines


@click.group()
def oncall() -> None:
    """Who is on call: now, over a range, gaps, load, handoff notes, calendar feeds."""


@oncall.command()
@click.option("--schedule", "schedule_ids", multiple=True, metavar="ID",
              help="Only this schedule (repeatable).")
@click.option("--service", "service_ids", multiple=True, metavar="ID",
              help="Resolve this service's escalation policy to people (repeatable).")
@click.option("--at", type=TIMESTAMP, default=None, help="At this time instead of now.")
@pass_env
def now(env: Env, schedule_ids: tuple[str, ...], service_ids: tuple[str, ...],
        at: datetime | None) -> int:
    """Who is on call now (or --at), and through which layer or override."""
    moment = at or datetime.now(UTC)
    repo = _load(env)
    unknown = [s for s in schedule_ids if s not in repo.schedules]
    if unknown:
        known = ", ".join(sorted(repo.schedules)) or "none"
        raise FatalError(f"no schedule {', '.join(map(repr, unknown))} (known: {known})")
    lines = [f"On call at {_when(moment)}:"]
    chosen = schedule_ids or (() if service_ids else tuple(sorted(repo.schedules)))
    for schedule_id in chosen:
        doc = repo.schedules[schedule_id]
        lines.append(f"  {schedule_id}: {_who(repo, on_call_at(doc.model, moment))}")
    for service_id in service_ids:
        lines += _service_lines(repo, service_id, moment)
    click.echo("\n".join(lines))
    return 0
