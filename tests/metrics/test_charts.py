"""The static SVG charts: well-formed, the data in them, no script, escaped, deterministic."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest

from incidentkit.config import DEFAULT_SEVERITIES, Config
from incidentkit.metrics import charts
from incidentkit.metrics.compute import Metrics, compute, from_repository
from incidentkit.repository import open_repository
from incidentkit.store.source import WorkingTree
from tests.metrics.test_metrics_cli import CORPUS

SVG = "{http://www.w3.org/2000/svg}"
CHARTS: dict[str, Callable[[Metrics], str]] = {
    "incidents-per-month": charts.incidents_per_month_svg,
    "mttr-trend": charts.mttr_trend_svg,
    "action-items": charts.action_items_svg,
}
START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def figures() -> Metrics:
    repo = open_repository(WorkingTree(CORPUS))
    return from_repository(repo, at=END, since=START, until=END)


def titles(root: ET.Element) -> list[str]:
    """The hover titles of the data points (not the chart's nor the axes')."""
    return [t.text or "" for t in root.iter(f"{SVG}title") if ", 20" in (t.text or "")]


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("name", CHARTS)
def test_well_formed_static_and_deterministic(figures: Metrics, name: str) -> None:
    svg = CHARTS[name](figures)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("id") == f"chart-{name}"
    assert root.get("viewBox") == "0 0 800 420"
    # No script, no comment (pygal dates them), one id: the chart's own.
    assert "script" not in svg
    assert "<!--" not in svg
    assert [e.get("id") for e in root.iter() if e.get("id")] == [f"chart-{name}"]
    assert not svg.startswith("<?xml")
    # Same data, same bytes: also from a fresh computation.
    again = from_repository(open_repository(WorkingTree(CORPUS)), at=END, since=START, until=END)
    assert CHARTS[name](again) == svg


def test_incidents_per_month(figures: Metrics) -> None:
    root = ET.fromstring(charts.incidents_per_month_svg(figures))
    shown = texts(root)
    assert "Incidents per month by severity" in shown
    assert ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"] == [
        t for t in shown if t.startswith("2026-")]
    assert {"SEV0 Critical outage", "SEV1 Major degradation", "SEV2 Minor", "SEV3 Low"} <= set(
        shown)
    # Whole numbers on the count axis.
    assert {"0", "1", "2"} <= set(shown) and "0.5" not in shown
    assert titles(root) == [
        "SEV0 Critical outage, 2026-01: 1", "SEV0 Critical outage, 2026-02: 0",
        "SEV0 Critical outage, 2026-03: 0", "SEV0 Critical outage, 2026-04: 0",
        "SEV0 Critical outage, 2026-05: 0",
        "SEV1 Major degradation, 2026-01: 1", "SEV1 Major degradation, 2026-02: 1",
        "SEV1 Major degradation, 2026-03: 0", "SEV1 Major degradation, 2026-04: 0",
        "SEV1 Major degradation, 2026-05: 0",
        "SEV2 Minor, 2026-01: 0", "SEV2 Minor, 2026-02: 1", "SEV2 Minor, 2026-03: 0",
        "SEV2 Minor, 2026-04: 1", "SEV2 Minor, 2026-05: 0",
        "SEV3 Low, 2026-01: 0", "SEV3 Low, 2026-02: 0", "SEV3 Low, 2026-03: 2",
        "SEV3 Low, 2026-04: 0", "SEV3 Low, 2026-05: 0",
    ]


def test_mttr_trend_leaves_a_gap_where_nothing_was_resolved(figures: Metrics) -> None:
    root = ET.fromstring(charts.mttr_trend_svg(figures))
    # May has no incident: no point, and the line is interrupted rather than drawn through.
    assert titles(root) == [
        "Median MTTR, 2026-01: 2h", "Median MTTR, 2026-02: 2h", "Median MTTR, 2026-03: 1d",
        "Median MTTR, 2026-04: 30m",
    ]
    assert "Median time to resolve, by month of the incident's start" in texts(root)
    # The time axis reads in durations and starts at zero.
    assert {"0s", "1d"} <= set(texts(root))


def test_action_items_by_incident_month(figures: Metrics) -> None:
    root = ET.fromstring(charts.action_items_svg(figures))
    assert {"Open", "Done", "Won't do"} <= set(texts(root))
    assert [t for t in titles(root) if not t.endswith(": 0")] == [
        "Open, 2026-01: 3", "Open, 2026-03: 2", "Done, 2026-01: 2", "Won't do, 2026-01: 1",
    ]


def test_text_from_the_data_is_escaped(figures: Metrics) -> None:
    hostile = "<script>alert(1)</script>"
    # A severity's name is free text in incidentkit.yaml, and it reaches the legend.
    config = Config(severities=[
        DEFAULT_SEVERITIES[0].model_copy(update={"name": hostile}), *DEFAULT_SEVERITIES[1:]])
    named = compute(incidents=[], postmortems={}, config=config, at=END)
    assert named.severity_names[0] == hostile
    # Severity ids and months cannot hold markup in valid files; make them do so anyway.
    figures = dataclasses.replace(
        figures,
        severities=(hostile, *figures.severities[1:]),
        severity_names=(hostile, *figures.severity_names[1:]),
        months=tuple(dataclasses.replace(m, month=f"{m.month} {hostile}")
                     for m in figures.months),
    )
    for render in CHARTS.values():
        svg = render(figures)
        root = ET.fromstring(svg)
        assert not [e for e in root.iter() if e.tag.endswith("script")]
        assert "<script>" not in svg
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
        assert any(t.startswith("2026-01 <") for t in texts(root))  # shortened by pygal
    root = ET.fromstring(charts.incidents_per_month_svg(figures))
    assert f"{hostile} {hostile}, 2026-01 {hostile}: 1" in titles(root)


@pytest.mark.parametrize("name", CHARTS)
def test_no_incidents(name: str) -> None:
    empty = compute(incidents=[], postmortems={}, config=Config(), at=END)
    root = ET.fromstring(CHARTS[name](empty))
    assert "No incidents" in texts(root)
