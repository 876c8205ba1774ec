"""The metrics page: the figures of :mod:`incidentkit.metrics`, its static SVG charts and
their text alternatives.

The charts are inline ``<svg>`` elements (readable without JavaScript, escaped by ElementTree
in :mod:`incidentkit.metrics.charts`), each in a ``<figure>`` whose caption says in words what
it shows and whose table holds every figure drawn (the chart is an image named by its caption
for a screen reader; no figure is only in the drawing, nor only in a colour). The trends are
those of :mod:`incidentkit.metrics.trends`: by month, by week for a window of three months or
less. The other figures are Markdown tables, the responder health
(:mod:`incidentkit.metrics.health`) among them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from incidentkit.metrics import charts
from incidentkit.metrics import health as responders
from incidentkit.metrics.compute import Durations, Goal, Metrics, Rate, Shortfall, from_repository
from incidentkit.metrics.health import Health
from incidentkit.metrics.render_goals import figure, state, value
from incidentkit.metrics.render_health import concentration_line
from incidentkit.metrics.report import TARGET_WORDS, breaches, human, kind_count
from incidentkit.metrics.targets import Breach
from incidentkit.metrics.trends import SeverityTrend, Trends
from incidentkit.metrics.trends import from_repository as trends_of
from incidentkit.model.types import format_duration
from incidentkit.repository import Repository
from incidentkit.schedule.hours import business_hours
from incidentkit.site import paths

NONE = "—"


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart and its text alternative: ``caption`` says what it shows and what stands
    out; ``head`` and ``rows`` are every figure it draws."""

    title: str
    #: The ``id`` of the ``<svg>`` (``chart-mtta-trend``); the caption's is ``…-caption``.
    id: str
    svg: str
    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class GoalRow:
    """A configured target as the page shows it."""

    label: str
    target: str
    figure: str
    state: str


@dataclass(frozen=True, slots=True)
class ShortfallRow:
    """One shortfall of a missed target, with the page of its incident or service."""

    target: str
    subject: str
    page: str
    detail: str


@dataclass(frozen=True, slots=True)
class MetricsView:
    by_severity: Metrics
    charts: tuple[Chart, ...]
    #: ``(severity, "acknowledge" | "resolve", breach)`` of the resolved incidents, as
    #: ``metrics`` lists them.
    breaches: tuple[tuple[str, str, Breach], ...]
    trends: Trends | None = None
    goals: tuple[GoalRow, ...] = ()
    #: The shortfalls of the missed targets.
    shortfalls: tuple[ShortfallRow, ...] = ()
    #: "1 near-miss and 2 drills": what the figures leave out.
    left_out: str = ""
    #: Responder health over all the incidents (``metrics --by person`` without a window).
    health: Health | None = None

    @property
    def business_hours(self) -> str:
        return business_hours()

    @property
    def concentration(self) -> str:
        """``The most-involved 20% of people (1 of 5: jane) held 6 of 12 role-holdings
        (50.0%)``: the health's concentration in words."""
        if self.health is None:
            return ""
        return concentration_line(self.health.concentration).removeprefix("Concentration: ")


def durations(d: Durations) -> str:
    """``1h 30m / 45m (12)``: mean / median (how many), or ``—``."""
    if d.mean is None or d.median is None:
        return "—"
    return f"{human(d.mean)} / {human(d.median)} ({d.count})"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _inline(svg: str) -> str:
    """One raw HTML block: no blank line may end it early in Markdown."""
    return "\n".join(line for line in svg.strip().split("\n") if line.strip())


def _chart(title: str, name: str, svg: str, caption: str, head: Sequence[str],
           rows: Sequence[Sequence[str]]) -> Chart:
    chart_id = f"chart-{name}"
    marked = _inline(svg).replace(
        "<svg ", f'<svg role="img" aria-labelledby="{chart_id}-caption" ', 1)
    return Chart(title, chart_id, marked, caption, tuple(head), tuple(tuple(r) for r in rows))


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _span(keys: Sequence[str], unit: str) -> str:
    if not keys:
        return f"no {unit}"
    return f"the {unit} of {keys[0]}" if len(keys) == 1 else f"{keys[0]} to {keys[-1]}"


def _busiest(pairs: Sequence[tuple[str, int]], within: str) -> str:
    """``the most, 3, in 2026-11`` (``within``: ``in`` or ``in the week of``)."""
    top = max((n for _, n in pairs), default=0)
    if not top:
        return "none"
    return f"the most, {top}, {within} " + ", ".join(k for k, n in pairs if n == top)


def _per_month(m: Metrics) -> Chart:
    recent = m.months[-charts.CHART_MONTHS:]
    keys = [x.month for x in recent]
    total = sum(x.total for x in recent)
    busiest = _busiest([(x.month, x.total) for x in recent], "in")
    caption = (f"Incidents started per month by severity, {_span(keys, 'month')}: "
               f"{_plural(total, 'incident')}; {busiest}.")
    return _chart("Incidents per month by severity", "incidents-per-month",
                  charts.incidents_per_month_svg(m), caption,
                  ["Month", *m.severities, "All"],
                  [[x.month, *map(str, x.counts), str(x.total)] for x in recent])


def _per_week(t: Trends) -> Chart:
    keys = [p.key for p in t.weeks]
    total = sum(p.incidents for p in t.weeks)
    quiet = sum(not p.incidents for p in t.weeks)
    caption = (f"Incidents started per week (Monday to Sunday), the {_plural(len(keys), 'week')} "
               f"from {keys[0] if keys else NONE} to {keys[-1] if keys else NONE}: "
               f"{_plural(total, 'incident')}; "
               f"{_busiest([(p.key, p.incidents) for p in t.weeks], 'in the week of')}; "
               f"{_plural(quiet, 'week')} without one.")
    return _chart("Incidents per week", "incidents-per-week", charts.incidents_per_week_svg(t),
                  caption, ["Week of", "Incidents"], [[p.key, str(p.incidents)] for p in t.weeks])


def _within(took: timedelta | None, target: timedelta | None) -> str:
    if took is None or target is None:
        return NONE
    return "yes" if took <= target else "no"


def _time_trend(t: Trends, level: SeverityTrend, *, part: str, what: str,
                target: timedelta | None) -> Chart:
    severity = level.severity
    figures: tuple[Durations, ...] = getattr(level, part)
    measured = [d for d in figures if d.median is not None]
    met = [d for d in measured if _within(d.median, target) == "yes"]
    goal = (f"the median was within the target, {what} within {format_duration(target)}, in "
            f"{len(met)} of {_plural(len(measured), t.unit)} with a figure"
            if target is not None else f"{severity} has no {what} target")
    caption = (f"Median time to {what} of the {severity} ({level.name}) incidents by {t.unit} "
               f"of their start, {_span([p.key for p in t.periods], t.unit)}: {goal}.")
    svg = charts.mtta_trend_svg(t, level) if part == "mtta" else charts.mttr_trend_svg(t, level)
    return _chart(f"{part.upper()} trend, {severity}", f"{part}-trend-{severity.lower()}", svg,
                  caption,
                  [t.unit.capitalize(), f"{severity} incidents", "Median", "Within target"],
                  [[p.key, str(d.count), NONE if d.median is None else human(d.median),
                    _within(d.median, target)] for p, d in zip(t.periods, figures, strict=True)])


def _rate(rate: Rate) -> str:
    return NONE if rate.value is None else f"{100 * rate.value:.1f}%"


def _completion(t: Trends) -> Chart:
    floor = t.completion_floor
    measured = [p for p in t.periods if p.completion.whole]
    met = [p for p in measured if floor is not None and 100 * p.completion.part
           >= floor * p.completion.whole]
    goal = (f"at least {floor:g}% in {len(met)} of {_plural(len(measured), t.unit)} with items"
            if floor is not None else "no target configured (targets.action_item_completion)")
    caption = (f"Action items done, won't do left out, by {t.unit} of their incident's start "
               f"(today's status), {_span([p.key for p in t.periods], t.unit)}: {goal}.")

    def reached(rate: Rate) -> str:
        if floor is None or not rate.whole:
            return NONE
        return "yes" if 100 * rate.part >= floor * rate.whole else "no"

    return _chart("Action-item completion", "completion-trend",
                  charts.completion_trend_svg(t), caption,
                  [t.unit.capitalize(), "Done", "Of", "Rate", "Target met"],
                  [[p.key, str(p.completion.part), str(p.completion.whole), _rate(p.completion),
                    reached(p.completion)] for p in t.periods])


def _action_items(m: Metrics) -> Chart:
    recent = m.months[-charts.CHART_MONTHS:]
    caption = (f"Action items by the month of their incident's start and their status today, "
               f"{_span([x.month for x in recent], 'month')}: "
               f"{sum(x.items_open for x in recent)} open, "
               f"{sum(x.items_done for x in recent)} done, "
               f"{sum(x.items_wont_do for x in recent)} won't do.")
    return _chart("Action items", "action-items", charts.action_items_svg(m), caption,
                  ["Month", "Open", "Done", "Won't do"],
                  [[x.month, str(x.items_open), str(x.items_done), str(x.items_wont_do)]
                   for x in recent])


def goal_row(goal: Goal) -> GoalRow:
    return GoalRow(goal.label, value(goal, goal.target), figure(goal), state(goal))


def shortfall_row(target: str, shortfall: Shortfall) -> ShortfallRow:
    """``service api`` links the service's page; anything else is an incident id."""
    service = shortfall.subject.removeprefix("service ")
    page = (paths.service(service) if service != shortfall.subject
            else paths.incident(shortfall.subject))
    return ShortfallRow(target, shortfall.subject, page, shortfall.detail)


def left_out(m: Metrics) -> str:
    """The near-misses and drills the figures leave out, both counted even when none:
    ``0 near-misses and 2 drills``."""
    counts = dict(m.kinds)
    return " and ".join(kind_count(k, counts.get(k, 0) if k not in m.included else 0)
                        for k in ("near-miss", "drill"))


def view(repo: Repository, at: datetime) -> MetricsView:
    metrics = from_repository(repo, at=at, by="severity")
    trends = trends_of(repo, at=at)
    found = (
        _per_month(metrics),
        _per_week(trends),
        *(_time_trend(trends, level, part="mtta", what="acknowledge", target=level.ack_within)
          for level in trends.severities),
        *(_time_trend(trends, level, part="mttr", what="resolve", target=level.resolve_within)
          for level in trends.severities),
        _completion(trends),
        _action_items(metrics),
    )
    return MetricsView(
        metrics, found,
        tuple((severity, TARGET_WORDS[key], breach)
              for severity, key, breach in breaches(metrics)),
        trends=trends,
        goals=tuple(goal_row(g) for g in metrics.goals),
        shortfalls=tuple(shortfall_row(g.label, s) for g in metrics.goals if g.met is False
                         for s in g.shortfalls),
        left_out=left_out(metrics),
        health=responders.from_repository(repo, include=metrics.included),
    )
