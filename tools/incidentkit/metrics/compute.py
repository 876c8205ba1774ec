"""The figures: MTTD, MTTA, MTTR, MTBF, counts and completion rates (SPEC §3 ``metrics``).

Definitions, all over the incidents whose ``started_at`` lies in ``[since, until)``:

* **MTTD** = ``detected_at − started_at``, **MTTA** = ``acknowledged_at − detected_at``,
  **MTTR** = ``resolved_at − started_at``: mean and median over the incidents that have both
  times, with the number of such incidents (an open incident has no MTTR; one without
  ``acknowledged_at`` no MTTA). The median of an even count is the mean of the middle two.
* **MTBF** per service: the mean of the ``n − 1`` intervals between the starts of consecutive
  incidents of that service in the window (an incident counts for every service it names);
  none for a service with fewer than two incidents.
* **Months** are calendar months in the configured ``timezone`` (default UTC), by
  ``started_at``. They run from ``since`` (or the first incident) to ``until`` (or ``at``)
  without gaps, so a quiet month shows as zero.
* **Postmortem completion**: among the resolved incidents whose severity requires a
  postmortem, the share that has one (``written``) and the share whose postmortem is
  ``final``.
* **Action-item completion**: ``done / (all − wont-do)`` over the action items of the
  postmortems of the selected incidents.
* **Action-item on-time rate**: the files keep an item's current status, not when it was
  closed, so "on time" means *not overdue*: among the items that have a due date (the
  explicit ``due``, by the end of that day UTC, or else the priority's default after the
  incident's resolution — the rule ``incidentkit overdue`` applies), the share that is closed
  (``done`` or ``wont-do``) or not yet due at ``at``. Items of unresolved incidents without
  an explicit ``due`` have no due date and are left out.
* **Time targets**: per severity, the share of the resolved incidents acknowledged within
  ``ack_within`` of detection and resolved within ``resolve_within`` of the start, with every
  breach and by how much (:mod:`incidentkit.metrics.targets`).
* **By person** (``--by person``): an incident counts for every person who held a role in it;
  the responder-health figures (incidents, pages out of hours, nights and weekends
  interrupted, concentration) are :mod:`incidentkit.metrics.health`.
* **Action-item burn-down**: for the same reason, by the month of the incident's start: how
  many of its items are open (``open``, ``in-progress``), ``done`` and ``wont-do`` now.

Everything here is a pure, keyword-only function returning frozen records; ``report`` and
``charts`` only format them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from incidentkit.config import Config
from incidentkit.errors import FatalError
from incidentkit.metrics.targets import SeverityTargets, compliance
from incidentkit.model.fields import NONE_GROUP, CustomField
from incidentkit.model.incident import INCIDENT_KINDS, Incident
from incidentkit.model.postmortem import ActionItem, PostmortemMeta
from incidentkit.model.times import end_of_day
from incidentkit.repository import Repository

if TYPE_CHECKING:
    from incidentkit.metrics.health import Health

By = Literal["severity", "service", "month", "person"]
BY_KEYS: tuple[By, ...] = ("severity", "service", "month", "person")
#: What ``--by`` splits by: one of :data:`BY_KEYS`, or the name of a custom field of incidents
#: (``fields:`` of ``incidentkit.yaml``; the configuration forbids a field those names).
Grouping = By | str


@dataclass(frozen=True, slots=True)
class Durations:
    """Mean and median of some durations; both ``None`` when there are none."""

    count: int
    mean: timedelta | None
    median: timedelta | None


@dataclass(frozen=True, slots=True)
class Times:
    """The response times of a group of incidents (``all``, a severity, service or month)."""

    key: str
    incidents: int
    mttd: Durations
    mtta: Durations
    mttr: Durations


@dataclass(frozen=True, slots=True)
class Mtbf:
    """Mean time between the starts of consecutive incidents of one service."""

    service: str
    incidents: int
    mean: timedelta | None
    #: The incidents, in order of their start.
    ids: tuple[str, ...] = ()

    @property
    def intervals(self) -> int:
        return max(self.incidents - 1, 0)


@dataclass(frozen=True, slots=True)
class Month:
    """One calendar month: incidents per severity, the MTTR, and its incidents' items."""

    month: str
    #: Incidents started this month, aligned with ``Metrics.severities``.
    counts: tuple[int, ...]
    mttr: Durations
    items_open: int
    items_done: int
    items_wont_do: int

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class Rate:
    part: int
    whole: int

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None


@dataclass(frozen=True, slots=True)
class PostmortemRates:
    #: Resolved incidents whose severity requires a postmortem.
    required: int
    written: Rate
    final: Rate
    #: Those without a ``final`` postmortem, by id.
    not_final: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActionItemRates:
    total: int
    done: int
    wont_do: int
    #: ``done / (total − wont_do)``.
    completion: Rate
    #: Closed or not yet due, among the items with a due date.
    on_time: Rate
    #: The items neither done nor won't do: ``(incident id, item id)``.
    not_done: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Metrics:
    since: datetime | None
    until: datetime | None
    #: The moment "not yet due" is judged at.
    at: datetime
    #: Severity ids in the configured order (the columns of ``Month.counts``).
    severities: tuple[str, ...]
    #: Their configured names ("Major degradation"), "" for a severity not configured.
    severity_names: tuple[str, ...]
    overall: Times
    by: Grouping | None
    #: ``overall`` split by ``by`` (empty without it).
    groups: tuple[Times, ...]
    mtbf: tuple[Mtbf, ...]
    months: tuple[Month, ...]
    postmortems: PostmortemRates
    action_items: ActionItemRates
    #: Time-target compliance of the resolved incidents, aligned with ``severities``.
    targets: tuple[SeverityTargets, ...]
    #: How many of each kind (incident, near-miss, drill) started in the window, counted or not.
    kinds: tuple[tuple[str, int], ...] = ()
    #: The kinds the figures count (``--include`` adds to ``incident``).
    included: tuple[str, ...] = ("incident",)
    #: Runbook coverage (when the service catalog was given).
    coverage: Coverage | None = None
    #: The configured targets (``incidentkit.yaml`` ``targets``) with the window's figures.
    goals: tuple[Goal, ...] = ()
    #: Responder health (``--by person``; :mod:`incidentkit.metrics.health`).
    health: Health | None = None


@dataclass(frozen=True, slots=True)
class Shortfall:
    #: An incident id, or ``service ID``.
    subject: str
    detail: str


@dataclass(frozen=True, slots=True)
class Goal:
    name: str
    #: What is measured, in words.
    label: str
    unit: Literal["percent", "seconds"]
    target: float
    #: ``None``: nothing to measure.
    actual: float | None
    #: The counts behind a percentage (``None`` for an MTBF).
    rate: Rate | None
    shortfalls: tuple[Shortfall, ...]

    @property
    def met(self) -> bool | None:
        return None if self.actual is None else self.actual >= self.target


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many incidents had a runbook to turn to, and how many linked one."""

    #: Incidents with at least one service that has a runbook (``runbooks`` in its catalog
    #: entry).
    services: Rate
    #: Incidents that link a runbook (``runbooks`` in the incident).
    linked: Rate
    #: The incidents none of whose services has a runbook, by id.
    uncovered: tuple[str, ...]


def durations(*, values: Iterable[timedelta]) -> Durations:
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return Durations(0, None, None)
    mid = n // 2
    median = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return Durations(n, sum(ordered, timedelta()) / n, median)


def times(*, key: str, incidents: Sequence[Incident]) -> Times:
    return Times(
        key=key,
        incidents=len(incidents),
        mttd=durations(values=(i.detected_at - i.started_at for i in incidents)),
        mtta=durations(values=(
            i.acknowledged_at - i.detected_at for i in incidents
            if i.acknowledged_at is not None)),
        mttr=durations(values=(
            i.resolved_at - i.started_at for i in incidents if i.resolved_at is not None)),
    )


def month_of(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m")


def month_span(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last``, both included."""
    year, month = int(first[:4]), int(first[5:])
    out: list[str] = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        out.append(key)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def select(
    *, incidents: Iterable[Incident], since: datetime | None, until: datetime | None
) -> list[Incident]:
    """The incidents started in ``[since, until)``, in order of their start."""
    return sorted(
        (i for i in incidents
         if (since is None or i.started_at >= since) and (until is None or i.started_at < until)),
        key=lambda i: (i.started_at, i.id),
    )


def item_due(*, item: ActionItem, incident: Incident, config: Config) -> datetime | None:
    """When an item is due (:meth:`~incidentkit.config.ActionItemPolicy.due`), as a moment."""
    due = config.action_items.due(item, incident.resolved_at)
    return end_of_day(due) if isinstance(due, date) and not isinstance(due, datetime) else due


def mtbf(*, incidents: Sequence[Incident]) -> tuple[Mtbf, ...]:
    """Per service named by ``incidents`` (taken in order of their start), by service id."""
    starts: dict[str, list[tuple[datetime, str]]] = {}
    for incident in incidents:
        for service in dict.fromkeys(incident.services):
            starts.setdefault(service, []).append((incident.started_at, incident.id))
    out = []
    for service in sorted(starts):
        ordered = sorted(starts[service])
        moments = [moment for moment, _ in ordered]
        gaps = [b - a for a, b in zip(moments, moments[1:], strict=False)]
        mean = sum(gaps, timedelta()) / len(gaps) if gaps else None
        out.append(Mtbf(service, len(moments), mean, tuple(i for _, i in ordered)))
    return tuple(out)


def _field_groups(field: CustomField, selected: Sequence[Incident]) -> dict[str, list[Incident]]:
    """A custom field's groups: an enum's values in their declared order, ``true`` and
    ``false``, or the values found, sorted; then the incidents without it (``(none)``). An
    incident counts in the group of each item of a list."""
    first = {"enum": list(field.values or ()), "boolean": ["true", "false"]}
    members: dict[str, list[Incident]] = {key: [] for key in first.get(field.type, [])}
    unset: list[Incident] = []
    for incident in selected:
        for key in field.groups(incident.fields.get(field.name)):
            (unset if key == NONE_GROUP else members.setdefault(key, [])).append(incident)
    if field.type not in ("enum", "boolean"):
        members = dict(sorted(members.items()))
    return {**members, NONE_GROUP: unset} if unset else members


def _groups(
    *, by: Grouping, selected: Sequence[Incident], severities: Sequence[str],
    months: Sequence[str], zone: tzinfo, field: CustomField | None = None,
) -> tuple[Times, ...]:
    members: dict[str, list[Incident]]
    if field is not None:
        members = _field_groups(field, selected)
    elif by == "severity":
        members = {s: [] for s in severities}
        for incident in selected:
            members.setdefault(incident.severity, []).append(incident)
    elif by == "month":
        members = {m: [] for m in months}
        for incident in selected:
            members[month_of(incident.started_at, zone)].append(incident)
    elif by == "person":
        from incidentkit.metrics.health import roles_of

        members = {}
        for incident in selected:
            for handle in roles_of(incident):
                members.setdefault(handle, []).append(incident)
        members = dict(sorted(members.items()))
    else:
        members = {}
        for incident in selected:
            for service in dict.fromkeys(incident.services):
                members.setdefault(service, []).append(incident)
        members = dict(sorted(members.items()))
    return tuple(times(key=key, incidents=group) for key, group in members.items())


def compute(
    *,
    incidents: Iterable[Incident],
    postmortems: Mapping[str, PostmortemMeta],
    config: Config,
    at: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
    by: Grouping | None = None,
    zone: tzinfo = UTC,
    include: Iterable[str] = ("incident",),
    runbooks: Mapping[str, Sequence[str]] | None = None,
) -> Metrics:
    """Every figure for the incidents started in ``[since, until)``, judged at ``at``.

    ``runbooks`` maps each service of the catalog to its runbooks (for the coverage).

    ``postmortems`` maps an incident id to its postmortem; months are taken in ``zone``. Only
    the kinds in ``include`` are counted (near-misses and drills are not, unless asked for);
    ``kinds`` says how many of each there were.
    """
    field = _custom(config, by)
    started = select(incidents=incidents, since=since, until=until)
    included = tuple(k for k in INCIDENT_KINDS if k in set(include))
    selected = [i for i in started if i.kind in included]
    kinds = tuple((k, sum(i.kind == k for i in started)) for k in INCIDENT_KINDS)
    severities = list(config.severity_ids)
    severities += sorted({i.severity for i in selected} - set(severities))

    bounds = [month_of(i.started_at, zone) for i in selected]
    if since is not None:
        bounds.append(month_of(since, zone))
    if bounds:
        bounds.append(month_of(until - timedelta(microseconds=1) if until else at, zone))
    months = month_span(min(bounds), max(bounds)) if bounds else []

    per_month: dict[str, list[Incident]] = {m: [] for m in months}
    for incident in selected:
        per_month[month_of(incident.started_at, zone)].append(incident)
    items: dict[str, list[ActionItem]] = {m: [] for m in months}

    required = written = final = 0
    total = done = wont_do = with_due = on_time = 0
    not_final: list[str] = []
    not_done: list[tuple[str, str]] = []
    for incident in selected:
        pm = postmortems.get(incident.id)
        level = config.severity(incident.severity)
        if incident.resolved_at is not None and level and level.postmortem == "required":
            required += 1
            written += pm is not None
            final += pm is not None and pm.status == "final"
            if pm is None or pm.status != "final":
                not_final.append(incident.id)
        for item in pm.action_items if pm else ():
            items[month_of(incident.started_at, zone)].append(item)
            total += 1
            done += item.status == "done"
            wont_do += item.status == "wont-do"
            if item.status not in ("done", "wont-do"):
                not_done.append((incident.id, item.id))
            due = item_due(item=item, incident=incident, config=config)
            if due is not None:
                with_due += 1
                on_time += item.is_closed or at <= due

    return Metrics(
        since=since,
        until=until,
        at=at,
        severities=tuple(severities),
        severity_names=tuple(
            level.name if (level := config.severity(s)) else "" for s in severities),
        overall=times(key="all", incidents=selected),
        by=by,
        groups=_groups(by=by, selected=selected, severities=severities, months=months,
                       zone=zone, field=field) if by else (),
        mtbf=mtbf(incidents=selected),
        months=tuple(
            Month(
                month=m,
                counts=tuple(sum(i.severity == s for i in per_month[m]) for s in severities),
                mttr=times(key=m, incidents=per_month[m]).mttr,
                items_open=sum(not it.is_closed for it in items[m]),
                items_done=sum(it.status == "done" for it in items[m]),
                items_wont_do=sum(it.status == "wont-do" for it in items[m]),
            )
            for m in months
        ),
        postmortems=PostmortemRates(required, Rate(written, required), Rate(final, required),
                                    tuple(not_final)),
        action_items=ActionItemRates(
            total, done, wont_do, Rate(done, total - wont_do), Rate(on_time, with_due),
            tuple(not_done)),
        targets=compliance(incidents=selected, severities=severities, config=config),
        kinds=kinds,
        included=included,
        coverage=None if runbooks is None else coverage(selected, runbooks),
    )


def _custom(config: Config, by: Grouping | None) -> CustomField | None:
    """The custom field ``by`` names (``None`` for a built-in grouping); a ``FatalError``
    listing the choices when it names neither."""
    if by is None or by in BY_KEYS:
        return None
    declared = {f.name: f for f in config.custom_fields("incidents")}
    if by not in declared:
        fields = f", or a custom field: {', '.join(declared)}" if declared else (
            " (no custom field of incidents is declared in incidentkit.yaml)")
        raise FatalError(f"cannot group by {by!r}: use {', '.join(BY_KEYS)}{fields}")
    return declared[by]


def coverage(incidents: Sequence[Incident], runbooks: Mapping[str, Sequence[str]]) -> Coverage:
    """Runbook coverage of ``incidents`` given each service's runbooks."""
    uncovered = tuple(i.id for i in incidents
                      if not any(runbooks.get(s) for s in i.services))
    linked = sum(bool(i.runbooks) for i in incidents)
    n = len(incidents)
    return Coverage(Rate(n - len(uncovered), n), Rate(linked, n), uncovered)


def zone_of(config: Config) -> tzinfo:
    """The configured time zone; a ``FatalError`` saying what to write when it is unknown."""
    try:
        return ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise FatalError(
            f"timezone {config.timezone!r} in incidentkit.yaml is not a time zone name: "
            "write e.g. UTC or Europe/Berlin") from None


def from_repository(
    repo: Repository,
    *,
    at: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
    by: Grouping | None = None,
    include: Iterable[str] = ("incident",),
) -> Metrics:
    """``compute`` over a loaded repository (what the CLI and the site generator call), with
    the configured targets' goals."""
    from incidentkit.metrics.goals import goals

    figures = compute(
        incidents=(doc.model for doc in repo.incidents.values()),
        postmortems={key: doc.model for key, doc in repo.postmortems.items()},
        config=repo.config,
        at=at,
        since=since,
        until=until,
        by=by,
        zone=zone_of(repo.config),
        include=include,
        runbooks={key: service.runbooks for key, service in repo.services.items()},
    )
    tiers = {key: int(service.tier) for key, service in repo.services.items()}
    figures = replace(figures, goals=goals(figures, repo.config.targets, tiers))
    if by == "person":
        from incidentkit.metrics import health

        figures = replace(figures, health=health.from_repository(
            repo, since=since, until=until, include=figures.included))
    return figures
