"""``incidentkit oncall …``: who is on call, from the schedules in ``oncall/schedules/``.

The computations live in :mod:`incidentkit.schedule` (the shift engine), :mod:`incidentkit.oncall`
(load, ical, render) and :mod:`incidentkit.report.handoff`; this
module parses options, picks the schedules and prints. ``override`` and ``swap``, which edit a
schedule file, are :mod:`incidentkit.cli.oncall_override`. "Now" is
:func:`incidentkit.clock.now` (``INCIDENTKIT_NOW`` when set).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from incidentkit import present
from incidentkit.cli.common import TIMESTAMP, Env, pass_env
from incidentkit.cli.oncall_override import override, swap_command
from incidentkit.cli.overdue import invalid_notice
from incidentkit.clock import now as current_time
from incidentkit.errors import FatalError
from incidentkit.followup.overdue import compute as compute_overdue
from incidentkit.model.schedule import Schedule
from incidentkit.model.timeoff import away
from incidentkit.model.types import format_duration
from incidentkit.model.types import zone as zone_named
from incidentkit.oncall import history as histories
from incidentkit.oncall import load as loads
from incidentkit.oncall import render, render_history
from incidentkit.present import utc_minute
from incidentkit.report import handoff as handoffs
from incidentkit.repository import Repository, open_repository
from incidentkit.schedule import (
    OVERRIDE,
    Shift,
    Uncovered,
    final_shifts,
    gaps,
    on_call_at,
    uncovered,
    uncovered_at,
)
from incidentkit.store.atomic import write_text
from incidentkit.store.source import WorkingTree


def _who(repo: Repository, schedule: Schedule, at: datetime) -> str:
    """Who is on call in ``schedule`` at ``at`` and through what; marked when they are on time
    off then; a window left uncovered on purpose says so, with its reason."""
    shift = on_call_at(schedule, at)
    if shift is None:
        window = uncovered_at(schedule, at)
        if window is not None:
            return f"nobody (uncovered on purpose: {window.reason})"
        return "nobody (a gap in the schedule)"
    person = repo.people.get(shift.person)
    name = present.person(shift.person, person.name if person else None)
    via = "an override" if shift.source == OVERRIDE else f"layer {shift.source!r}"
    entry = away(repo.time_off.get(shift.person, []), shift.person, at,
                 at + timedelta(microseconds=1))
    mark = f" {render.time_off_mark(entry)}" if entry is not None else ""
    return f"{name} through {via}, until {utc_minute(shift.end)}{mark}"


def _load(env: Env) -> Repository:
    repo = open_repository(WorkingTree(env.root))
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
                who = present.person(name, person.name if person else None)
            elif name in repo.schedules:
                who = f"schedule {name}: " + _who(repo, repo.schedules[name].model, at)
            else:
                who = f"schedule {name}: not found"
            lines.append(f"  after {format_duration(step.after):>4}  {who}")
    return lines


def _schedules(repo: Repository, schedule_ids: tuple[str, ...]) -> list[Schedule]:
    """The schedules asked for, or every schedule; an unknown id is a usage error."""
    known = ", ".join(sorted(repo.schedules)) or "none"
    unknown = [s for s in schedule_ids if s not in repo.schedules]
    if unknown:
        raise FatalError(f"no schedule {', '.join(map(repr, unknown))} (known: {known})")
    chosen = list(dict.fromkeys(schedule_ids)) or sorted(repo.schedules)
    if not chosen:
        raise FatalError("no valid schedule in oncall/schedules/: add one, or run "
                         "incidentkit validate")
    return [repo.schedules[s].model for s in chosen]


def _zone(repo: Repository, name: str | None) -> tuple[ZoneInfo, str]:
    """The viewer's zone: ``--tz``, else the configuration's ``timezone``, else UTC."""
    chosen = name or repo.config.timezone or "UTC"
    try:
        return zone_named(chosen), chosen
    except ValueError as exc:
        if name:
            raise FatalError(f"--tz: {exc}") from None
        raise FatalError(f"timezone in incidentkit.yaml: {exc}") from None


#: The longest range ``show``, ``load``, ``gaps`` and ``export`` compute: two years of shifts
#: (at most 17,544 per layer with the shortest rotation, 1h) stay quick to list and print.
MAX_DAYS = 731


def _interval(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    if end <= start:
        raise FatalError(f"--to ({end.isoformat()}) must be after --from ({start.isoformat()})")
    if end - start > timedelta(days=MAX_DAYS):
        raise FatalError(
            f"--from ({start.isoformat()}) to --to ({end.isoformat()}) spans more than "
            f"{MAX_DAYS} days: ask for two years or less at a time")
    return start, end


_SCHEDULE = click.option("--schedule", "schedule_ids", multiple=True, metavar="ID",
                         help="Only this schedule (repeatable; default: all).")
_TZ = click.option("--tz", "tz", metavar="ZONE", default=None,
                   help="Show times in this IANA zone (default: the timezone of "
                        "incidentkit.yaml, else UTC).")


@click.group()
def oncall() -> None:
    """Who is on call: now, over a range, gaps, load, handoff notes, calendar feeds;
    overrides and swaps."""


oncall.add_command(override)
oncall.add_command(swap_command)


@oncall.command(short_help="Who is on call now (or --at).")
@click.option("--schedule", "schedule_ids", multiple=True, metavar="ID",
              help="Only this schedule (repeatable).")
@click.option("--service", "service_ids", multiple=True, metavar="ID",
              help="Resolve this service's escalation policy to people (repeatable).")
@click.option("--at", type=TIMESTAMP, default=None, help="At this time instead of now.")
@pass_env
def now(env: Env, schedule_ids: tuple[str, ...], service_ids: tuple[str, ...],
        at: datetime | None) -> int:
    """Who is on call now (or --at), and through which layer or override."""
    moment = at or current_time()
    repo = _load(env)
    unknown = [s for s in schedule_ids if s not in repo.schedules]
    if unknown:
        known = ", ".join(sorted(repo.schedules)) or "none"
        raise FatalError(f"no schedule {', '.join(map(repr, unknown))} (known: {known})")
    lines = [f"On call at {utc_minute(moment)}:"]
    chosen = schedule_ids or (() if service_ids else tuple(sorted(repo.schedules)))
    for schedule_id in chosen:
        doc = repo.schedules[schedule_id]
        lines.append(f"  {schedule_id}: {_who(repo, doc.model, moment)}")
    for service_id in service_ids:
        lines += _service_lines(repo, service_id, moment)
    click.echo("\n".join(lines))
    return 0


@oncall.command(short_help="Who is on call over a range: shifts and gaps.")
@click.option("--from", "start", type=TIMESTAMP, required=True, help="Start of the range.")
@click.option("--to", "end", type=TIMESTAMP, required=True, help="End of the range (exclusive).")
@_SCHEDULE
@_TZ
@pass_env
def show(env: Env, start: datetime, end: datetime, schedule_ids: tuple[str, ...],
         tz: str | None) -> int:
    """A table of who is on call over a range: the final shifts and the gaps.

    Shifts are clipped to the range; times are in the viewer's zone (--tz).
    """
    start, end = _interval(start, end)
    repo = _load(env)
    zone, zone_name = _zone(repo, tz)
    rows: list[tuple[Schedule, list[Shift], list[render.Interval | Uncovered]]] = [
        (s, final_shifts(s, start=start, end=end),
         [*gaps(s, start=start, end=end), *uncovered(s, start=start, end=end)])
        for s in _schedules(repo, schedule_ids)
    ]
    click.echo(render.show(rows, start=start, end=end, zone=zone, zone_name=zone_name,
                           time_off=repo.time_off), nl=False)
    return 0


@oncall.command(short_help="Who was on call, as the schedules were committed at the time.")
@click.option("--from", "start", type=TIMESTAMP, required=True, help="Start of the range.")
@click.option("--to", "end", type=TIMESTAMP, required=True, help="End of the range (exclusive).")
@_SCHEDULE
@_TZ
@click.option("--format", "fmt", type=click.Choice(list(render_history.FORMATS)),
              default="text", show_default=True)
@pass_env
def history(env: Env, start: datetime, end: datetime, schedule_ids: tuple[str, ...],
            tz: str | None, fmt: str) -> int:
    """Who was on call over a range, from the schedules as they were committed at the time.

    Walks the first-parent history of the current branch: each commit that changed oncall/
    applies from its committer date (a merge commit: when it was merged) until the next one.
    Uncommitted changes are not read. Needs a git repository.
    """
    start, end = _interval(start, end)
    repo = _load(env)
    zone, zone_name = _zone(repo, tz)
    found = histories.versions(env.root, start=start, end=end)
    rows = histories.history(found, schedule_ids, start=start, end=end)
    click.echo(render_history.FORMATS[fmt](rows, found, start=start, end=end, zone=zone,
                                           zone_name=zone_name), nl=False)
    return 0


@oncall.command(name="gaps", short_help="Times with nobody on call.")
@click.option("--days", type=click.IntRange(min=1, max=MAX_DAYS), default=14,
              show_default=True, help="How many days ahead to look.")
@click.option("--from", "start", type=TIMESTAMP, default=None,
              help="Look from this time (default: now).")
@_SCHEDULE
@_TZ
@click.option("--fail", is_flag=True, help="Exit 1 when any schedule has a gap.")
@pass_env
def gaps_command(env: Env, days: int, start: datetime | None, schedule_ids: tuple[str, ...],
                 tz: str | None, fail: bool) -> int:
    """Times with nobody on call, per schedule (the next 14 days by default)."""
    begin = start or current_time()
    end = begin + timedelta(days=days)
    repo = _load(env)
    zone, zone_name = _zone(repo, tz)
    found = [(s, gaps(s, start=begin, end=end), uncovered(s, start=begin, end=end))
             for s in _schedules(repo, schedule_ids)]
    click.echo(render.gaps(found, start=begin, end=end, zone=zone, zone_name=zone_name),
               nl=False)
    return 1 if fail and any(holes for _, holes, _ in found) else 0


@oncall.command(short_help="Hours on call per person, and the fairness spread.")
@click.option("--from", "start", type=TIMESTAMP, required=True, help="Start of the range.")
@click.option("--to", "end", type=TIMESTAMP, required=True, help="End of the range (exclusive).")
@_SCHEDULE
@click.option("--format", "fmt", type=click.Choice(list(render.LOAD_FORMATS)), default="text",
              show_default=True)
@click.option("--history", "from_history", is_flag=True,
              help="Count what was scheduled at the time, from the schedules as committed to "
                   "git (as oncall history shows), instead of today's files.")
@pass_env
def load(env: Env, start: datetime, end: datetime, schedule_ids: tuple[str, ...],
         fmt: str, from_history: bool) -> int:
    """Hours on call per person, and the fairness spread of each schedule.

    Hours are split into business hours (Mon-Fri 09:00-18:00), evenings/nights and weekends in
    each person's own time zone (oncall/people.yaml). The spread is the difference between the
    most and the least loaded member of a schedule's layers in effect over the range. With
    --history, the shifts are those of the schedules as they were committed at the time.
    """
    start, end = _interval(start, end)
    repo = _load(env)
    zones = {handle: person.timezone for handle, person in repo.people.items()}
    if from_history:
        found = histories.versions(env.root, start=start, end=end)
        per_schedule = [
            histories.schedule_load(item, zones)
            for item in histories.history(found, schedule_ids, start=start, end=end)
        ]
    else:
        per_schedule = [
            loads.schedule_load(s, zones, start=start, end=end)
            for s in _schedules(repo, schedule_ids)
        ]
    overall = loads.totals(per_schedule, zones)
    click.echo(render.LOAD_FORMATS[fmt](per_schedule, overall, start=start, end=end), nl=False)
    return 0


@oncall.command(short_help="A Markdown handoff note.")
@_SCHEDULE
@click.option("--at", type=TIMESTAMP, default=None, help="As of this time instead of now.")
@click.option("--tz", "tz", metavar="ZONE", default=None,
              help="Show times in this IANA zone (default: each schedule's own).")
@pass_env
def handoff(env: Env, schedule_ids: tuple[str, ...], at: datetime | None,
            tz: str | None) -> int:
    """A Markdown handoff note: who hands to whom and when, what happened, what is open, what
    is overdue.

    For each schedule: the shift under way and the next one; the incidents of the services
    whose escalation policies page the schedule that started, were updated (timeline entries,
    status updates) or were resolved since the outgoing shift began, each linked to its file;
    those services' open incidents, and the overdue action items of their incidents.
    """
    moment = at or current_time()
    repo = _load(env)
    zone = _zone(repo, tz)[0] if tz else None
    chosen = _schedules(repo, schedule_ids)
    overdue = compute_overdue(repo, at=moment)
    notes = [handoffs.handoff(repo, s.id, at=moment, overdue=overdue) for s in chosen]
    click.echo(handoffs.markdown(notes, repo.people, at=moment, zone=zone), nl=False)
    return 0


def _calendar_name(schedules: list[Schedule], person: str | None, every: bool) -> str:
    what = schedules[0].name if len(schedules) == 1 and not every else "all schedules"
    return f"On call: {person} ({what})" if person else f"On call: {what}"


@oncall.command(short_help="An iCalendar feed of the shifts.")
@_SCHEDULE
@click.option("--person", metavar="HANDLE", default=None, help="Only this person's shifts.")
@click.option("--days", type=click.IntRange(min=1, max=MAX_DAYS), default=90,
              show_default=True, help="How many days ahead.")
@click.option("--at", type=TIMESTAMP, default=None,
              help="Export as of this time (default: now); also the events' DTSTAMP.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the feed to this file (atomically) instead of standard output.")
@pass_env
def export(env: Env, schedule_ids: tuple[str, ...], person: str | None,
           days: int, at: datetime | None, out: Path | None) -> int:
    """An iCalendar feed of the shifts: one event per shift, with stable UIDs.

    Subscribe to the file from a calendar: a re-exported shift keeps its UID, so the
    calendar updates it instead of adding a copy, and exporting twice as of the same --at
    gives the same bytes.
    """
    from incidentkit.oncall import ical  # icalendar is imported only for an export

    moment = at or current_time()
    repo = _load(env)
    chosen = _schedules(repo, schedule_ids)
    if person is not None:
        on_rotas = {
            handle for s in repo.schedules.values()
            for handle in [*(m for layer in s.model.layers for m in layer.members),
                           *(o.person for o in s.model.overrides)]
        }
        if person not in repo.people and person not in on_rotas:
            known = ", ".join(sorted(repo.people)) or "none"
            raise FatalError(f"no person {person!r} in oncall/people.yaml (known: {known})")
    events = ical.entries(chosen, start=moment, end=moment + timedelta(days=days),
                          person=person)
    name = _calendar_name(chosen, person, every=not schedule_ids and len(chosen) > 1)
    data = ical.calendar(events, name=name, stamp=moment).decode("utf-8")
    if out is None:
        click.echo(data, nl=False)
        return 0
    try:
        write_text(out, data)
    except OSError as exc:
        raise FatalError(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {len(events)} shift{'s' * (len(events) != 1)} to {out}")
    return 0
