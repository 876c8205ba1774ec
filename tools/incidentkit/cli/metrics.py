"""``incidentkit metrics``: MTTD, MTTA, MTTR, MTBF, counts and completion rates."""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo

import click

from incidentkit import clock
from incidentkit.cli.common import TIMESTAMP, Env, pass_env
from incidentkit.cli.overdue import invalid_notice
from incidentkit.metrics import compute as engine
from incidentkit.metrics.goals import missed
from incidentkit.metrics.report import FORMATS
from incidentkit.model.types import parse_date
from incidentkit.repository import open_repository
from incidentkit.store.source import WorkingTree

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", re.ASCII)


class DateOrTimestamp(click.ParamType[date]):
    """A date ``YYYY-MM-DD`` (its midnight in the configured time zone) or a timestamp."""

    name = "DATE|TIMESTAMP"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if _DATE.match(text):
            try:
                return parse_date(text)
            except ValueError as exc:
                self.fail(str(exc), param, ctx)
        return TIMESTAMP.convert(text, param, ctx)


DATE_OR_TIMESTAMP = DateOrTimestamp()


def _moment(value: date | None, zone: tzinfo) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0, 0), tzinfo=zone)


@click.command()
@click.option("--since", type=DATE_OR_TIMESTAMP, default=None,
              help="Only incidents started at or after this (a date is its midnight in the "
                   "configured time zone).")
@click.option("--until", type=DATE_OR_TIMESTAMP, default=None,
              help="Only incidents started before this (exclusive: --until 2026-07-01 ends "
                   "with June).")
@click.option("--by", default=None, metavar="KEY",
              help=f"Split the response times and counts by {', '.join(engine.BY_KEYS)} "
                   "(person: also the responder health), or a custom field of incidents "
                   "(incidentkit.yaml fields:).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text",
              show_default=True)
@click.option("--include", "include", multiple=True, type=click.Choice(["near-miss", "drill"]),
              help="Count near-misses or drills too (repeat for both); by default the "
                   "figures are about incidents only.")
@click.option("--only", "only", multiple=True,
              type=click.Choice(["incident", "near-miss", "drill"]),
              help="Count only these kinds (repeatable): --only near-miss gives the "
                   "near-misses' own figures.")
@click.option("--fail-under", "fail_under", is_flag=True,
              help="Exit 1 when a figure is below its target in incidentkit.yaml (targets).")
@pass_env
def metrics(
    env: Env, since: date | None, until: date | None, by: str | None, fmt: str,
    include: tuple[str, ...], only: tuple[str, ...], fail_under: bool,
) -> int:
    """MTTD, MTTA, MTTR, MTBF per service, counts, postmortem and action-item rates, time
    targets met.

    \b
    Over the incidents whose started_at is in [--since, --until):
      MTTD = detected - started, MTTA = acknowledged - detected,
      MTTR = resolved - started: mean / median over the incidents that have both times.
      MTBF: per service, the mean time between the starts of its consecutive incidents.
      Months are calendar months in the configured timezone (default UTC).
      Postmortems: among resolved incidents whose severity requires one, the share
      written and the share final.
      Action items (of those incidents' postmortems): completed = done / (all - wont-do).
      On time: the files record an item's status, not when it was closed, so on time
      means not overdue: among items with a due date (explicit, or the priority's
      default after resolution), the share closed or not yet due - as of --until, or
      now when that is earlier.
      Time targets (incidentkit.yaml severities), over the resolved incidents: the
      share acknowledged within ack_within of detected_at and resolved within
      resolve_within of started_at (null: no target), exactly at the limit counting
      as within, and every breach with how late; a resolved incident without
      acknowledged_at is a breach of unknown lateness.

    Targets (incidentkit.yaml targets, none by default): floors for the shares
    acknowledged and resolved within the severity's targets, required postmortems
    final, action items done and incidents with a service that has a runbook
    (percent), and per service tier the MTBF of every service with two incidents or
    more. Each is met, missed or has nothing to measure; every shortfall is listed
    with its incident. --fail-under exits 1 when one is missed (for CI).

    Custom fields: --by FIELD groups by the value of a field incidentkit.yaml declares
    for incidents (an enum in the order of its values); an incident counts in the group
    of each item of a list field, and incidents without the field are in (none).

    Kinds: only incidents (kind: incident, the default) are counted; near-misses and
    drills are not, unless --include names them; --only counts only the kinds it names
    (their own figures). How many of each started in the
    window is said in every format.

    --by person: the response times per person holding a role, then responder
    health: per person, the incidents they held a role in, the pages the first
    escalation step sent them at detection (directly or as the one on call on a
    schedule), how many fell out of business hours (Mon-Fri 09:00-18:00 in their
    own time zone, as oncall load counts), the nights and weekends interrupted, and
    the share of role-holdings carried by the most-involved 20% of people.

    Text shows durations as 1h 30m; JSON and CSV in whole seconds.
    """
    repo = open_repository(WorkingTree(env.root))
    notice = invalid_notice(repo)
    if notice:
        click.echo(notice, err=True)
    zone = engine.zone_of(repo.config)
    start, end = _moment(since, zone), _moment(until, zone)
    if start is not None and end is not None and start >= end:
        raise click.UsageError("--since must be earlier than --until")
    now = clock.now().replace(microsecond=0)
    at = min(end, now) if end is not None else now
    if only and include:
        raise click.UsageError("--only and --include do not go together: --only names every "
                               "kind to count")
    figures = engine.from_repository(repo, at=at, since=start, until=end, by=by,
                                     include=only or ("incident", *include))
    click.echo(FORMATS[fmt](figures), nl=False)
    short = missed(figures.goals)
    if fail_under and short:
        click.echo(f"incidentkit: {len(short)} target{'s' * (len(short) != 1)} missed: "
                   + ", ".join(g.name for g in short), err=True)
        return 1
    return 0
