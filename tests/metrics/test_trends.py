"""The figures behind the trend charts, on the corpus of ``test_metrics_cli``.

Its incidents of 2026 (UTC): 01-05 SEV0 (acknowledged 2m after detection, resolved 1h after
its start; items done, open, won't do), 01-20 SEV1 (5m, 3h; items in progress, open, done),
02-10 SEV2 (15m, 2h 30m), 02-14 SEV1 (1m, 1h 30m), 03-01 SEV3 (never acknowledged, open;
items open, open), 03-20 SEV3 (1h, 1d), 04-02 SEV2 (1m, 30m). 2025-12-31 is a SEV2 before the
windows used here.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from incidentkit.metrics import trends
from incidentkit.metrics.compute import Durations
from incidentkit.metrics.report import human
from incidentkit.repository import open_repository
from incidentkit.store.source import WorkingTree
from tests.metrics.test_kinds import TEMPLATE
from tests.metrics.test_metrics_cli import CORPUS

JAN, MAR, JUN = (datetime(2026, m, 1, tzinfo=UTC) for m in (1, 3, 6))


def medians(figures: tuple[Durations, ...]) -> list[str | None]:
    return [None if d.median is None else human(d.median) for d in figures]


def test_five_months_are_shown_month_by_month() -> None:
    t = trends.from_repository(open_repository(WorkingTree(CORPUS)), at=JUN, since=JAN,
                               until=JUN)
    assert t.unit == "month"
    assert [(p.key, p.incidents, p.completion.part, p.completion.whole) for p in t.periods] == [
        ("2026-01", 2, 2, 5), ("2026-02", 2, 0, 0), ("2026-03", 2, 0, 2), ("2026-04", 1, 0, 0),
        ("2026-05", 0, 0, 0)]
    assert [(s.severity, s.name, human(s.ack_within) if s.ack_within else None,
             human(s.resolve_within) if s.resolve_within else None) for s in t.severities] == [
        ("SEV0", "Critical outage", "5m", "4h"), ("SEV1", "Major degradation", "15m", "8h"),
        ("SEV2", "Minor", "1h", "3d"), ("SEV3", "Low", "1d", None)]
    assert [medians(s.mtta) for s in t.severities] == [
        ["2m", None, None, None, None],
        ["5m", "1m", None, None, None],
        [None, "15m", None, "1m", None],
        [None, None, "1h", None, None],  # the open SEV3 of 03-01 was never acknowledged
    ]
    assert [medians(s.mttr) for s in t.severities] == [
        ["1h", None, None, None, None],
        ["3h", "1h 30m", None, None, None],
        [None, "2h 30m", None, "30m", None],
        [None, None, "1d", None, None],
    ]
    # Incidents per week: whole weeks from the window's start (a Thursday) to its end.
    assert (len(t.weeks), t.weeks[0].key, t.weeks[-1].key) == (22, "2025-12-29", "2026-05-25")
    assert [(p.key, p.incidents) for p in t.weeks if p.incidents] == [
        ("2026-01-05", 1), ("2026-01-19", 1), ("2026-02-09", 2), ("2026-02-23", 1),
        ("2026-03-16", 1), ("2026-03-30", 1)]
    assert t.completion_floor is None


def test_two_months_are_shown_week_by_week() -> None:
    t = trends.from_repository(open_repository(WorkingTree(CORPUS)), at=JUN, since=JAN,
                               until=MAR)
    assert t.unit == "week"
    assert t.periods == t.weeks
    assert [(p.key, p.incidents, p.completion.part, p.completion.whole) for p in t.periods] == [
        ("2025-12-29", 0, 0, 0), ("2026-01-05", 1, 1, 2), ("2026-01-12", 0, 0, 0),
        ("2026-01-19", 1, 1, 3), ("2026-01-26", 0, 0, 0), ("2026-02-02", 0, 0, 0),
        ("2026-02-09", 2, 0, 0), ("2026-02-16", 0, 0, 0), ("2026-02-23", 0, 0, 0)]
    # Only the severities with an incident in the window.
    assert [s.severity for s in t.severities] == ["SEV0", "SEV1", "SEV2"]
    assert medians(t.severities[1].mttr) == [
        None, None, None, "3h", None, None, "1h 30m", None, None]


def test_four_months_are_months_and_a_year_of_weeks_at_most() -> None:
    repo = open_repository(WorkingTree(CORPUS))
    assert trends.from_repository(repo, at=JUN, since=JAN,
                                  until=datetime(2026, 4, 1, tzinfo=UTC)).unit == "week"
    assert trends.from_repository(repo, at=JUN, since=JAN,
                                  until=datetime(2026, 4, 2, tzinfo=UTC)).unit == "month"
    t = trends.from_repository(repo, at=datetime(2027, 6, 1, tzinfo=UTC))
    assert len(t.weeks) == trends.CHART_WEEKS == 52
    # 2027-06-01 is a Tuesday: its week is the last.
    assert (t.weeks[0].key, t.weeks[-1].key) == ("2026-06-08", "2027-05-31")
    assert t.periods[0].key == "2025-12" and t.periods[-1].key == "2027-06"


def test_no_incident() -> None:
    t = trends.trends(incidents=[], postmortems={},
                      config=open_repository(WorkingTree(CORPUS)).config, at=JUN)
    assert (t.unit, t.periods, t.weeks, t.severities) == ("month", (), (), ())


def test_near_misses_and_drills_stay_out_unless_included(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "repo")
    folder = tmp_path / "repo" / "incidents" / "2026"
    (folder / "2026-02-20-cache-near-miss.yaml").write_text(TEMPLATE.format(
        id="2026-02-20-cache-near-miss", kind="near-miss", title="Cache almost full",
        severity="SEV2", service="api", start="2026-02-20T10:00:00Z",
        detected="2026-02-20T10:05:00Z", ack="2026-02-20T10:10:00Z",
        resolved="2026-02-20T10:20:00Z"))
    (folder / "2026-03-10-failover-drill.yaml").write_text(TEMPLATE.format(
        id="2026-03-10-failover-drill", kind="drill", title="Failover game day",
        severity="SEV1", service="db", start="2026-03-10T09:00:00Z",
        detected="2026-03-10T09:01:00Z", ack="2026-03-10T09:02:00Z",
        resolved="2026-03-10T11:00:00Z"))
    loaded = open_repository(WorkingTree(tmp_path / "repo"))
    left = trends.from_repository(loaded, at=JUN, since=JAN, until=JUN)
    assert [p.incidents for p in left.periods] == [2, 2, 2, 1, 0]
    assert medians(left.severities[1].mttr)[2] is None
    counted = trends.from_repository(loaded, at=JUN, since=JAN, until=JUN,
                                     include=("incident", "near-miss", "drill"))
    assert [p.incidents for p in counted.periods] == [2, 3, 3, 1, 0]
    # The drill of 03-10 is a SEV1 resolved in 2h; the near-miss of 02-20 a SEV2 in 20m.
    assert medians(counted.severities[1].mttr)[2] == "2h"
    assert medians(counted.severities[2].mttr)[1] == "1h 25m"
