"""The static SVG charts: well-formed, the data in them, the targets drawn, no script, escaped,
deterministic."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest

from incidentkit.config import DEFAULT_SEVERITIES, Config
from incidentkit.metrics import charts
from incidentkit.metrics import trends as trends_module
from incidentkit.metrics.compute import Metrics, compute, from_repository
from incidentkit.metrics.trends import Trends
from incidentkit.repository import open_repository
from incidentkit.store.source import WorkingTree
from tests.metrics.test_metrics_cli import CORPUS

SVG = "{http://www.w3.org/2000/svg}"
CHARTS: dict[str, Callable[[Metrics, Trends], str]] = {
    "incidents-per-month": lambda m, t: charts.incidents_per_month_svg(m),
    "incidents-per-week": lambda m, t: charts.incidents_per_week_svg(t),
    "mtta-trend-sev1": lambda m, t: charts.mtta_trend_svg(t, t.severities[1]),
    "mttr-trend-sev1": lambda m, t: charts.mttr_trend_svg(t, t.severities[1]),
    "completion-trend": lambda m, t: charts.completion_trend_svg(t),
    "action-items": lambda m, t: charts.action_items_svg(m),
}
START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def figures() -> Metrics:
    repo = open_repository(WorkingTree(CORPUS))
    return from_repository(repo, at=END, since=START, until=END)


@pytest.fixture(scope="module")
def trends() -> Trends:
    repo = open_repository(WorkingTree(CORPUS))
    return trends_module.from_repository(repo, at=END, since=START, until=END)


def titles(root: ET.Element) -> list[str]:
    """The hover titles of the data points (not the chart's nor the axes')."""
    return [t.text or "" for t in root.iter(f"{SVG}title") if ", 20" in (t.text or "")]


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("name", CHARTS)
def test_well_formed_static_and_deterministic(figures: Metrics, trends: Trends,
                                              name: str) -> None:
    svg = CHARTS[name](figures, trends)
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
    repo = open_repository(WorkingTree(CORPUS))
    again = from_repository(repo, at=END, since=START, until=END)
    assert CHARTS[name](again, trends_module.from_repository(
        repo, at=END, since=START, until=END)) == svg


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


def _guide_y(root: ET.Element, label: str) -> float:
    """The height of the y axis' guide labelled ``label``."""
    for guides in root.iter(f"{SVG}g"):
        text = guides.find(f"{SVG}text")
        path = guides.find(f"{SVG}path")
        if guides.get("class") == "guides" and text is not None and text.text == label:
            assert path is not None
            return float((path.get("d") or "").split()[1])
    raise AssertionError(label)


def _target(root: ET.Element) -> tuple[str, float, str, str]:
    """The target line's title, height, dashes and the label written on it."""
    [line] = [g for g in root.iter(f"{SVG}g") if "ik-target" in (g.get("class") or "").split()]
    path, title, label = line.find(f"{SVG}path"), line.find(f"{SVG}title"), line.find(f"{SVG}text")
    assert path is not None and title is not None and label is not None
    numbers = (path.get("d") or "").replace("M", "").replace("L", "").split()
    heights = {float(n) for n in numbers[1::2]}
    assert len(heights) == 1  # level
    dashes = path.get("stroke-dasharray") or ""
    return title.text or "", heights.pop(), dashes, label.text or ""


def test_mttr_trend_of_a_severity_with_its_target(trends: Trends) -> None:
    root = ET.fromstring(charts.mttr_trend_svg(trends, trends.severities[1]))
    assert "Median time to resolve, SEV1 incidents, by month" in texts(root)
    assert titles(root) == ["SEV1 median MTTR, 2026-01: 3h", "SEV1 median MTTR, 2026-02: 1h 30m"]
    # The time axis reads in round durations from zero, past the target.
    assert [t for t in texts(root) if t[0].isdigit() and not t.startswith("2026")] == [
        "0s", "1h", "2h", "3h", "4h", "5h", "6h", "7h", "8h", "9h"]
    title, height, dashes, label = _target(root)
    assert (title, dashes, label) == (
        "SEV1 target: resolve within 8h", "14,6", "SEV1 target: resolve within 8h")
    assert height == pytest.approx(_guide_y(root, "8h"), abs=0.01)
    assert "SEV1 target: resolve within 8h" in texts(root)  # also in the legend


def test_mtta_trend_leaves_a_gap_where_nothing_was_acknowledged(trends: Trends) -> None:
    root = ET.fromstring(charts.mtta_trend_svg(trends, trends.severities[2]))
    # SEV2: February and April only, the line interrupted rather than drawn through March.
    assert titles(root) == ["SEV2 median MTTA, 2026-02: 15m", "SEV2 median MTTA, 2026-04: 1m"]
    # Two lone points: no line segment at all.
    assert not [p for g in root.iter(f"{SVG}g") if "serie-0" in (g.get("class") or "")
                for p in g.iter(f"{SVG}path")]
    title, height, _, _ = _target(root)
    assert title == "SEV2 target: acknowledge within 1h"
    assert height == pytest.approx(_guide_y(root, "1h"), abs=0.01)


def test_a_severity_without_a_resolve_target_has_no_target_line(trends: Trends) -> None:
    root = ET.fromstring(charts.mttr_trend_svg(trends, trends.severities[3]))
    assert titles(root) == ["SEV3 median MTTR, 2026-03: 1d"]
    assert not [g for g in root.iter(f"{SVG}g") if "ik-target" in (g.get("class") or "")]


def test_a_severity_whose_incidents_have_no_figure(trends: Trends) -> None:
    unmeasured = dataclasses.replace(trends.severities[3], mtta=tuple(
        dataclasses.replace(d, count=0, mean=None, median=None)
        for d in trends.severities[3].mtta))
    root = ET.fromstring(charts.mtta_trend_svg(trends, unmeasured))
    assert "No SEV3 incident acknowledged" in texts(root)
    assert titles(root) == []


def test_completion_trend_with_its_floor(trends: Trends) -> None:
    root = ET.fromstring(charts.completion_trend_svg(trends))
    assert titles(root) == ["Action items done, 2026-01: 40%", "Action items done, 2026-03: 0%"]
    assert not [g for g in root.iter(f"{SVG}g") if "ik-target" in (g.get("class") or "")]
    root = ET.fromstring(charts.completion_trend_svg(
        dataclasses.replace(trends, completion_floor=90.0)))
    title, height, dashes, label = _target(root)
    assert (title, dashes, label) == (
        "Target: at least 90% done", "14,6", "Target: at least 90% done")
    low, high = _guide_y(root, "0%"), _guide_y(root, "100%")
    assert height == pytest.approx(low + 0.9 * (high - low), abs=0.01)


def test_incidents_per_week(trends: Trends) -> None:
    root = ET.fromstring(charts.incidents_per_week_svg(trends))
    assert [t for t in titles(root) if not t.endswith(": 0")] == [
        "Incidents, 2026-01-05: 1", "Incidents, 2026-01-19: 1", "Incidents, 2026-02-09: 2",
        "Incidents, 2026-02-23: 1", "Incidents, 2026-03-16: 1", "Incidents, 2026-03-30: 1"]
    assert len(titles(root)) == 22
    # 22 weeks: every fourth is labelled.
    assert [t for t in texts(root) if t.startswith("20")] == [
        "2025-12-29", "2026-01-26", "2026-02-23", "2026-03-23", "2026-04-20", "2026-05-18"]


def test_action_items_by_incident_month(figures: Metrics) -> None:
    root = ET.fromstring(charts.action_items_svg(figures))
    assert {"Open", "Done", "Won't do"} <= set(texts(root))
    assert [t for t in titles(root) if not t.endswith(": 0")] == [
        "Open, 2026-01: 3", "Open, 2026-03: 2", "Done, 2026-01: 2", "Won't do, 2026-01: 1",
    ]


def test_text_from_the_data_is_escaped(figures: Metrics, trends: Trends) -> None:
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
    trends = dataclasses.replace(
        trends,
        periods=tuple(dataclasses.replace(p, key=f"{p.key} {hostile}") for p in trends.periods),
        weeks=tuple(dataclasses.replace(p, key=f"{p.key} {hostile}") for p in trends.weeks),
        severities=(trends.severities[0], dataclasses.replace(
            trends.severities[1], severity=f"SEV1 {hostile}")),
    )
    for name, render in CHARTS.items():
        svg = render(figures, trends)
        root = ET.fromstring(svg)
        assert not [e for e in root.iter() if e.tag.endswith("script")]
        assert "<script>" not in svg
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
        assert any(t.startswith(("2026-01 <", "2025-12-29 <")) for t in texts(root)), name
    root = ET.fromstring(charts.incidents_per_month_svg(figures))
    assert f"{hostile} {hostile}, 2026-01 {hostile}: 1" in titles(root)


@pytest.mark.parametrize("name", ["incidents-per-month", "incidents-per-week", "action-items"])
def test_no_incidents(name: str) -> None:
    empty = compute(incidents=[], postmortems={}, config=Config(), at=END)
    none = trends_module.trends(incidents=[], postmortems={}, config=Config(), at=END)
    root = ET.fromstring(CHARTS[name](empty, none))
    assert "No incidents" in texts(root)
    root = ET.fromstring(charts.completion_trend_svg(none))
    assert "No action items" in texts(root)
