"""The metrics page's figures and charts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from incidentkit.metrics.compute import Durations
from incidentkit.site import metrics
from tests.conftest import EXAMPLES
from tests.repos import opened


def test_figures() -> None:
    assert metrics.durations(Durations(3, timedelta(minutes=90, seconds=20),
                                       timedelta(minutes=45))) == "1h 30m / 45m (3)"
    assert metrics.durations(Durations(0, None, None)) == "—"
    assert [metrics.percent(v) for v in (0.12345, 1.0, 0.0, None)] == [
        "12.3%", "100.0%", "0.0%", "—"]


def test_three_charts_each_one_raw_html_block() -> None:
    view = metrics.view(opened(EXAMPLES / "base"), datetime(2026, 3, 1, tzinfo=UTC))
    assert [c.title for c in view.charts] == [
        "Incidents per month by severity", "MTTR trend", "Action items"]
    for chart in view.charts:
        assert chart.svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        assert chart.svg.endswith("</svg>")
        assert "\n\n" not in chart.svg and not any(
            not line.strip() for line in chart.svg.split("\n"))
    assert view.by_severity.by == "severity"
    assert metrics._inline("\n<svg>\n\n  \n<g/>\n</svg>\n\n") == "<svg>\n<g/>\n</svg>"
