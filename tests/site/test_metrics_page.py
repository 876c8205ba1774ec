"""The metrics page's figures, charts and their text alternatives, and the configured targets.

The fixed corpus is that of ``tests/metrics`` (eight incidents from 2025-12-31 to 2026-04-02)
with the targets of ``tests/metrics/test_goals.py`` and a near-miss of 2026-02-20, which the
page leaves out of every figure and says so.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from incidentkit.metrics.compute import Durations
from incidentkit.site import metrics
from tests.conftest import EXAMPLES
from tests.metrics.test_goals import TARGETS
from tests.metrics.test_kinds import TEMPLATE
from tests.metrics.test_metrics_cli import CORPUS
from tests.repos import opened
from tests.site.conftest import generate

HOSTILE = "<b>Critical</b> & <i>outage</i>"


def test_figures() -> None:
    assert metrics.durations(Durations(3, timedelta(minutes=90, seconds=20),
                                       timedelta(minutes=45))) == "1h 30m / 45m (3)"
    assert metrics.durations(Durations(0, None, None)) == "—"
    assert [metrics.percent(v) for v in (0.12345, 1.0, 0.0, None)] == [
        "12.3%", "100.0%", "0.0%", "—"]


def test_each_chart_one_raw_html_block_named_by_its_caption() -> None:
    view = metrics.view(opened(EXAMPLES / "base"), datetime(2026, 3, 1, tzinfo=UTC))
    assert [c.title for c in view.charts] == [
        "Incidents per month by severity", "Incidents per week", "MTTA trend, SEV1",
        "MTTR trend, SEV1", "Action-item completion", "Action items"]
    for chart in view.charts:
        assert chart.svg.startswith(
            f'<svg role="img" aria-labelledby="{chart.id}-caption" '
            'xmlns="http://www.w3.org/2000/svg"')
        assert f'id="{chart.id}"' in chart.svg
        assert chart.svg.endswith("</svg>")
        assert "\n\n" not in chart.svg and not any(
            not line.strip() for line in chart.svg.split("\n"))
    assert view.by_severity.by == "severity"
    assert metrics._inline("\n<svg>\n\n  \n<g/>\n</svg>\n\n") == "<svg>\n<g/>\n</svg>"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("corpus") / "repo"
    shutil.copytree(CORPUS, root)
    (root / "incidentkit.yaml").write_text(TARGETS)
    (root / "incidents" / "2026" / "2026-02-20-cache-near-miss.yaml").write_text(
        TEMPLATE.format(
            id="2026-02-20-cache-near-miss", kind="near-miss", title="Cache almost full",
            severity="SEV2", service="api", start="2026-02-20T10:00:00Z",
            detected="2026-02-20T10:05:00Z", ack="2026-02-20T10:10:00Z",
            resolved="2026-02-20T10:20:00Z"))
    return generate(root)["metrics/index.md"]


def figure(page: str, chart_id: str) -> str:
    """The ``<figure>`` holding the chart ``chart_id``."""
    start = page.index(f'id="{chart_id}"')
    return page[page.rindex("<figure", 0, start):page.index("</figure>", start) + 9]


def caption(block: str) -> str:
    return re.findall(r"<figcaption id=\"[^\"]+\">(.*)</figcaption>", block)[0]


def rows(block: str) -> list[list[str]]:
    """The text alternative's table: the head, then each row."""
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", block)]


def test_near_misses_and_drills_left_out_are_counted(page: str) -> None:
    assert ("Near-misses and drills are left out of every figure and chart here: 1 near-miss "
            "and 0 drills\n(`incidentkit metrics --include near-miss --include drill` counts "
            "them).") in page


def test_the_charts_in_order(page: str) -> None:
    assert re.findall(r'<svg role="img" aria-labelledby="([^"]+)-caption" '
                      r'xmlns="http://www.w3.org/2000/svg" id="\1"', page) == [
        "chart-incidents-per-month", "chart-incidents-per-week",
        "chart-mtta-trend-sev0", "chart-mtta-trend-sev1", "chart-mtta-trend-sev2",
        "chart-mtta-trend-sev3",
        "chart-mttr-trend-sev0", "chart-mttr-trend-sev1", "chart-mttr-trend-sev2",
        "chart-mttr-trend-sev3",
        "chart-completion-trend", "chart-action-items"]


def test_mttr_trend_its_target_and_its_figures(page: str) -> None:
    block = figure(page, "chart-mttr-trend-sev1")
    assert 'class="series serie-1 color-1 ik-target"' in block
    assert '<title>SEV1 target: resolve within 8h</title>' in block
    assert caption(block) == (
        "Median time to resolve of the SEV1 (Major degradation) incidents by month of their "
        "start, 2025-12 to 2026-04: the median was within the target, resolve within 8h, in 2 "
        "of 2 months with a figure.")
    assert rows(block) == [
        ["Month", "SEV1 incidents", "Median", "Within target"],
        ["2025-12", "0", "—", "—"],
        ["2026-01", "1", "3h", "yes"],
        ["2026-02", "1", "1h 30m", "yes"],
        ["2026-03", "0", "—", "—"],
        ["2026-04", "0", "—", "—"],
    ]


def test_mtta_trend_a_month_over_its_target(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    path = root / "incidents" / "2026" / "2026-02-14-api-latency.yaml"
    path.write_text(path.read_text().replace(
        "acknowledged_at: 2026-02-14T09:21:00Z", "acknowledged_at: 2026-02-14T09:50:00Z"))
    block = figure(generate(root)["metrics/index.md"], "chart-mtta-trend-sev1")
    assert caption(block).endswith(
        "the median was within the target, acknowledge within 15m, in 1 of 2 months with a "
        "figure.")
    assert rows(block)[2:4] == [["2026-01", "1", "5m", "yes"], ["2026-02", "1", "30m", "no"]]


def test_a_severity_without_a_resolve_target(page: str) -> None:
    block = figure(page, "chart-mttr-trend-sev3")
    assert "ik-target" not in block
    assert caption(block) == (
        "Median time to resolve of the SEV3 (Low) incidents by month of their start, 2025-12 "
        "to 2026-04: SEV3 has no resolve target.")
    assert rows(block)[4] == ["2026-03", "1", "1d", "—"]  # the other SEV3 is still open


def test_completion_trend_with_its_floor(page: str) -> None:
    block = figure(page, "chart-completion-trend")
    assert '<title>Target: at least 25% done</title>' in block
    assert caption(block) == (
        "Action items done, won&#x27;t do left out, by month of their incident&#x27;s start "
        "(today&#x27;s status), 2025-12 to 2026-04: at least 25% in 1 of 2 months with items.")
    assert rows(block) == [
        ["Month", "Done", "Of", "Rate", "Target met"],
        ["2025-12", "0", "0", "—", "—"],
        ["2026-01", "2", "5", "40.0%", "yes"],
        ["2026-02", "0", "0", "—", "—"],
        ["2026-03", "0", "2", "0.0%", "no"],
        ["2026-04", "0", "0", "—", "—"],
    ]


def test_incidents_per_week_and_month(page: str) -> None:
    block = figure(page, "chart-incidents-per-week")
    assert caption(block) == (
        "Incidents started per week (Monday to Sunday), the 14 weeks from 2025-12-29 to "
        "2026-03-30: 8 incidents; the most, 2, in the week of 2026-02-09; 7 weeks without one.")
    assert [r for r in rows(block) if r[1] != "0"] == [
        ["Week of", "Incidents"], ["2025-12-29", "1"], ["2026-01-05", "1"], ["2026-01-19", "1"],
        ["2026-02-09", "2"], ["2026-02-23", "1"], ["2026-03-16", "1"], ["2026-03-30", "1"]]
    block = figure(page, "chart-incidents-per-month")
    assert caption(block) == (
        "Incidents started per month by severity, 2025-12 to 2026-04: 8 incidents; the most, "
        "2, in 2026-01, 2026-02, 2026-03.")
    assert rows(block) == [
        ["Month", "SEV0", "SEV1", "SEV2", "SEV3", "All"],
        ["2025-12", "0", "0", "1", "0", "1"],
        ["2026-01", "1", "1", "0", "0", "2"],
        ["2026-02", "0", "1", "1", "0", "2"],  # not the near-miss of 02-20
        ["2026-03", "0", "0", "0", "2", "2"],
        ["2026-04", "0", "0", "1", "0", "1"],
    ]


GOALS = """\
## Targets

The floors set in `incidentkit.yaml` (`targets`), over every incident: the figure must be at
least the target. `incidentkit metrics --fail-under` fails when one is missed.

| Target | At least | Figure | Result |
|---|---|---|---|
| acknowledged within the severity's target | 95\\.0% | 100\\.0% (7 of 7) | met |
| resolved within the severity's target | 90\\.0% | 100\\.0% (6 of 6) | met |
| required postmortems final | 100\\.0% | 33\\.3% (1 of 3) | missed |
| action items done (won't do left out) | 25\\.0% | 28\\.6% (2 of 7) | met |
| incidents with a service that has a runbook | 60\\.0% | 0\\.0% (0 of 8) | missed |
| MTBF of every tier-1 service | 30d | 22d 19h | missed |
| MTBF of every tier-2 service | 20d | 37d 1h | met |

| Target missed | Incident or service | Shortfall |
|---|---|---|
| required postmortems final | [2026-01-20-db-slow](../incidents/2026/2026-01-20-db-slow.md) | postmortem not final |
| required postmortems final | [2026-02-14-api-latency](../incidents/2026/2026-02-14-api-latency.md) | postmortem not final |
"""  # noqa: E501


def targets_section(page: str) -> str:
    """From ``## Targets`` to the next section (the responder health), or the end."""
    start = page.index("## Targets")
    end = page.find("\n## ", start + 1)
    return page[start:end + 1 if end >= 0 else len(page)]


def test_the_targets_met_missed_and_their_shortfalls_linked(page: str) -> None:
    targets = targets_section(page)
    assert targets.startswith(GOALS)
    assert targets.count("| incidents with a service that has a runbook | [") == 8
    assert targets.endswith(
        "| MTBF of every tier-1 service | [service api](../services/api.md) | MTBF 22d 19h over"
        " 5 incidents: 2025-12-31-edge-blip, 2026-01-05-api-outage, 2026-02-14-api-latency, "
        "2026-03-01-db-failover, 2026-04-02-api-restart |\n\n")


def test_without_targets() -> None:
    page = generate()["metrics/index.md"]
    assert targets_section(page) == (
        "## Targets\n\nNo target is configured: `targets` in `incidentkit.yaml` sets floors for"
        " the time targets'\ncompliance, postmortem and action-item completion, runbook coverage"
        " and MTBF per service tier.\n\n")
    assert "Target: at least" not in figure(page, "chart-completion-trend")


def test_text_from_the_files_is_escaped_once(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    severities = "severities:\n" + "".join(
        f"  - id: {sid}\n    name: '{name}'\n    description: The {sid}.\n"
        f"    ack_within: {ack}\n    postmortem: optional\n"
        for sid, name, ack in (("SEV0", HOSTILE, "5m"), ("SEV1", "Major", "15m"),
                               ("SEV2", "Minor", "1h"), ("SEV3", "Low", "1d")))
    (root / "incidentkit.yaml").write_text(severities)
    page = generate(root)["metrics/index.md"]
    block = figure(page, "chart-mtta-trend-sev0")
    assert caption(block).startswith(
        "Median time to acknowledge of the SEV0 (&lt;b&gt;Critical&lt;/b&gt; &amp; "
        "&lt;i&gt;outage&lt;/i&gt;) incidents")
    # In the legend of the monthly chart, escaped by ElementTree, once.
    assert ("SEV0 &lt;b&gt;Critical&lt;/b&gt; &amp; &lt;i&gt;outage&lt;/i&gt;"
            in figure(page, "chart-incidents-per-month"))
    assert "<b>" not in page and "&amp;lt;" not in page
