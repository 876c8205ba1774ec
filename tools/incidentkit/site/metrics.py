"""The metrics page: the figures of :mod:`incidentkit.metrics` and its static SVG charts.

The charts are inline ``<svg>`` elements (readable without JavaScript, escaped by ElementTree
in :mod:`incidentkit.metrics.charts`); the figures are Markdown tables, the responder health
(:mod:`incidentkit.metrics.health`) among them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from incidentkit.metrics import health as responders
from incidentkit.metrics.charts import action_items_svg, incidents_per_month_svg, mttr_trend_svg
from incidentkit.metrics.compute import Durations, Metrics, from_repository
from incidentkit.metrics.health import Health
from incidentkit.metrics.render_health import concentration_line
from incidentkit.metrics.report import TARGET_WORDS, breaches, human
from incidentkit.metrics.targets import Breach
from incidentkit.repository import Repository
from incidentkit.schedule.hours import business_hours


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    svg: str


@dataclass(frozen=True, slots=True)
class MetricsView:
    by_severity: Metrics
    charts: tuple[Chart, ...]
    #: ``(severity, "acknowledge" | "resolve", breach)`` of the resolved incidents, as
    #: ``metrics`` lists them.
    breaches: tuple[tuple[str, str, Breach], ...]
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


def view(repo: Repository, at: datetime) -> MetricsView:
    metrics = from_repository(repo, at=at, by="severity")
    charts = (
        Chart("Incidents per month by severity", _inline(incidents_per_month_svg(metrics))),
        Chart("MTTR trend", _inline(mttr_trend_svg(metrics))),
        Chart("Action items", _inline(action_items_svg(metrics))),
    )
    return MetricsView(metrics, charts, tuple(
        (severity, TARGET_WORDS[key], breach) for severity, key, breach in breaches(metrics)),
        health=responders.from_repository(repo, include=metrics.included))
