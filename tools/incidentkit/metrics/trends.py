"""The figures per period behind the trend charts of the site's metrics page.

Over the incidents of :func:`incidentkit.metrics.compute.compute`'s window and kinds
(near-misses and drills left out unless included), each taken in the period of its
``started_at`` in the configured time zone:

* **The period** is the calendar month, or the week (Monday to Sunday) when the window spans
  at most :data:`WEEKLY_UP_TO_MONTHS` calendar months: a trend of two or three monthly points
  says little, and a young repository's first weeks are what there is to see. Periods run
  without gaps, so a quiet one shows as nothing (a count of zero, no time).
* **MTTA and MTTR** per period are the *median* times, severity by severity (each configured
  severity with an incident in the window, the most severe first), each drawn with its own
  ``ack_within`` and ``resolve_within``: a median over all severities would be compared with
  no one target (a SEV3's day would hide a SEV0's hour).
* **Action-item completion** per period: ``done / (all − won't do)`` over the items of the
  period's incidents, of every severity; the files keep only an item's current status, so it
  is today's status of the items of that period's incidents, not a rate as it was then. The
  floor is ``targets.action_item_completion`` when configured.
* **Incidents per week**: the count of every week of the window, the latest
  :data:`CHART_WEEKS` of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Literal

from incidentkit.config import Config
from incidentkit.metrics.compute import (
    Durations,
    Rate,
    durations,
    month_of,
    month_span,
    select,
    zone_of,
)
from incidentkit.model.incident import INCIDENT_KINDS, Incident
from incidentkit.model.postmortem import PostmortemMeta
from incidentkit.repository import Repository

Unit = Literal["month", "week"]

#: A window of at most this many calendar months is shown week by week.
WEEKLY_UP_TO_MONTHS = 3
#: The weeks the incidents-per-week chart shows at most: the latest year.
CHART_WEEKS = 52


@dataclass(frozen=True, slots=True)
class Period:
    """One month (``2026-01``) or week (its Monday, ``2026-01-12``)."""

    key: str
    #: Incidents started in it, of every severity.
    incidents: int
    #: Its incidents' action items: done of all but won't do.
    completion: Rate


@dataclass(frozen=True, slots=True)
class SeverityTrend:
    """The response times of one severity's incidents, period by period, and its targets."""

    severity: str
    name: str
    ack_within: timedelta | None
    resolve_within: timedelta | None
    #: Aligned with :attr:`Trends.periods`.
    mtta: tuple[Durations, ...]
    mttr: tuple[Durations, ...]


@dataclass(frozen=True, slots=True)
class Trends:
    unit: Unit
    periods: tuple[Period, ...]
    #: The latest :data:`CHART_WEEKS` weeks (``periods`` themselves when ``unit`` is a week).
    weeks: tuple[Period, ...]
    #: Each configured severity with an incident in the window, the most severe first.
    severities: tuple[SeverityTrend, ...]
    #: ``targets.action_item_completion``, in percent.
    completion_floor: float | None


def week_of(moment: datetime, zone: tzinfo) -> date:
    """The Monday of ``moment``'s week in ``zone``."""
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def week_span(first: date, last: date) -> list[str]:
    """Every Monday from ``first`` to ``last`` (both Mondays), as ``YYYY-MM-DD``."""
    return [(first + timedelta(weeks=n)).isoformat()
            for n in range((last - first).days // 7 + 1)]


def _members(keys: Sequence[str], key_of: Mapping[str, str], selected: Sequence[Incident]
             ) -> dict[str, list[Incident]]:
    members: dict[str, list[Incident]] = {k: [] for k in keys}
    for incident in selected:
        if (k := key_of[incident.id]) in members:
            members[k].append(incident)
    return members


def _period(key: str, members: Sequence[Incident],
            postmortems: Mapping[str, PostmortemMeta]) -> Period:
    items = [item for i in members if (pm := postmortems.get(i.id)) for item in pm.action_items]
    done = sum(item.status == "done" for item in items)
    wont_do = sum(item.status == "wont-do" for item in items)
    return Period(key, len(members), Rate(done, len(items) - wont_do))


def _severity(config: Config, severity: str, members: Mapping[str, Sequence[Incident]]
              ) -> SeverityTrend:
    level = config.severity(severity)
    assert level is not None
    focus = [[i for i in group if i.severity == severity] for group in members.values()]
    return SeverityTrend(
        severity=severity,
        name=level.name,
        ack_within=level.ack_within,
        resolve_within=level.resolve_within,
        mtta=tuple(durations(values=(i.acknowledged_at - i.detected_at for i in group
                                     if i.acknowledged_at is not None)) for group in focus),
        mttr=tuple(durations(values=(i.resolved_at - i.started_at for i in group
                                     if i.resolved_at is not None)) for group in focus),
    )


def trends(
    *,
    incidents: Iterable[Incident],
    postmortems: Mapping[str, PostmortemMeta],
    config: Config,
    at: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
    zone: tzinfo = UTC,
    include: Iterable[str] = ("incident",),
) -> Trends:
    """The trends of the incidents started in ``[since, until)``, of the kinds in ``include``:
    periods from ``since`` (or the first incident) to ``until`` (or ``at``, or the last
    incident if later), as ``compute``'s months."""
    included = set(include) & set(INCIDENT_KINDS)
    selected = [i for i in select(incidents=incidents, since=since, until=until)
                if i.kind in included]
    starts = [i.started_at for i in selected] + ([since] if since is not None else [])
    last = until - timedelta(microseconds=1) if until else at
    present = {i.severity for i in selected}
    months: list[str] = []
    weeks: list[str] = []
    if starts:
        first, end = min(starts), max(*starts, last)
        months = month_span(month_of(first, zone), month_of(end, zone))
        weeks = week_span(week_of(first, zone), week_of(end, zone))
    by_month = {i.id: month_of(i.started_at, zone) for i in selected}
    by_week = {i.id: week_of(i.started_at, zone).isoformat() for i in selected}
    unit: Unit = "week" if months and len(months) <= WEEKLY_UP_TO_MONTHS else "month"
    members = (_members(weeks, by_week, selected) if unit == "week"
               else _members(months, by_month, selected))
    weekly = _members(weeks[-CHART_WEEKS:], by_week, selected)
    return Trends(
        unit=unit,
        periods=tuple(_period(k, group, postmortems) for k, group in members.items()),
        weeks=tuple(_period(k, group, postmortems) for k, group in weekly.items()),
        severities=tuple(_severity(config, s, members) for s in config.severity_ids
                         if s in present),
        completion_floor=config.targets.action_item_completion,
    )


def from_repository(
    repo: Repository,
    *,
    at: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
    include: Iterable[str] = ("incident",),
) -> Trends:
    """:func:`trends` over a loaded repository, in its configured time zone."""
    return trends(
        incidents=(doc.model for doc in repo.incidents.values()),
        postmortems={key: doc.model for key, doc in repo.postmortems.items()},
        config=repo.config,
        at=at,
        since=since,
        until=until,
        zone=zone_of(repo.config),
        include=include,
    )
