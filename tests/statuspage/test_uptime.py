"""Uptime arithmetic, exact: on a small repository (a major outage, an overlapping partial
outage, an open degraded incident, an internal-only incident) and on windows directly."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from incidentkit.cli.main import main
from incidentkit.statuspage.uptime import Window, uptime
from tests.conftest import EXAMPLES
from tests.statuspage.conftest import build

SERVICES = """\
- id: auth-api
  name: Auth API
  team: identity
  tier: 1
  escalation_policy: identity
  status_page: {name: Sign-in}
- id: login-web
  name: Login web
  team: identity
  tier: 2
  escalation_policy: identity
  status_page: {name: Login page}
"""


def _incident(slug: str, severity: str, service: str, start: str, end: str | None, *,
              public: bool = True) -> str:
    day = start[:10]
    resolved = f"status: resolved\nresolved_at: {end}\n" if end else "status: investigating\n"
    return (f"id: {day}-{slug}\ntitle: {slug}\nseverity: {severity}\n{resolved}"
            f"summary: s\nservices: [{service}]\ndetection: automated\n"
            f"impact: {{summary: i, customer_facing: {'true' if public else 'false'}}}\n"
            f"roles: {{commander: jane, communications: bob, scribe: carol, experts: [bob]}}\n"
            f"started_at: {start}\ndetected_at: {start}\nacknowledged_at: {start}\n")


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base" / "oncall", root / "oncall")
    (root / "oncall" / "services.yaml").write_text(SERVICES)
    folder = root / "incidents" / "2026"
    folder.mkdir(parents=True)
    for name, text in {
        "major": _incident("major", "SEV0", "auth-api", "2026-03-08T10:00:00Z",
                           "2026-03-08T12:00:00Z"),
        "partial": _incident("partial", "SEV1", "auth-api", "2026-03-08T11:00:00Z",
                             "2026-03-08T13:00:00Z"),
        "degraded": _incident("degraded", "SEV2", "login-web", "2026-03-10T06:00:00Z", None),
        "internal": _incident("internal", "SEV0", "login-web", "2026-03-09T00:00:00Z",
                              "2026-03-09T12:00:00Z", public=False),
    }.items():
        day = "2026-03-10" if name == "degraded" else (
            "2026-03-09" if name == "internal" else "2026-03-08")
        (folder / f"{day}-{name}.yaml").write_text(text)
    return root


def test_uptime_of_a_small_repository(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    assert main(["-C", str(root), "validate", "--strict"]) == 0
    out = build(tmp_path / "site", "--days", "3", root=root, at="2026-03-10T12:00:00Z")
    page = (out / "index.html").read_text()
    # 60 h from 2026-03-08 00:00 UTC to now; auth-api: 2 h major outage (10:00-12:00) counted
    # in full, then 1 h of the overlapping partial outage (12:00-13:00) at 30 %: 8,280 s of
    # 216,000 s down = 96.1666...%, shown rounded down. login-web: degraded only: 100 %.
    assert "<strong>96.16 %</strong> uptime" in page
    assert "<strong>100.00 %</strong> uptime" in page
    bars = [line.strip() for line in page.splitlines() if 'class="bar ' in line]
    assert [b.split('"')[1] for b in bars] == [
        "bar bar-major_outage", "bar bar-none", "bar bar-none",
        "bar bar-none", "bar bar-none", "bar bar-degraded_performance"]
    assert "2026-03-08: major outage for 3h" in bars[0]
    assert "2026-03-09: no incidents" in bars[4]  # the internal incident does not count
    assert "2026-03-10: degraded performance for 6h" in bars[5]
    summary = json.loads((out / "api/v2/summary.json").read_text())
    assert summary["status"] == {"indicator": "minor", "description": "Degraded performance"}
    assert [i["name"] for i in summary["incidents"]] == ["degraded"]


def _at(hour: float) -> datetime:
    return datetime(2026, 3, 1, tzinfo=UTC) + timedelta(hours=hour)


def test_overlaps_count_once_at_the_heaviest_weight() -> None:
    windows = [Window(_at(1), _at(5), "partial_outage"), Window(_at(2), _at(3), "major_outage"),
               Window(_at(2.5), _at(4), "major_outage")]
    got = uptime(windows, now=_at(24), days=2)
    # 1-2 partial (0.3 h), 2-4 major (2 h), 4-5 partial (0.3 h): 2.6 h of the 24 h from
    # 2026-03-01 00:00 to now (the midnight that starts the second day): 89.1666...%.
    assert got.down == timedelta(hours=2.6)
    assert got.period == timedelta(hours=24)
    assert got.percent == 89.16
    assert got.days[0].affected == timedelta(hours=4)


def test_a_window_across_midnight_and_one_still_open() -> None:
    windows = [Window(_at(-2), _at(2), "major_outage"), Window(_at(30), _at(36), "major_outage")]
    got = uptime(windows, now=_at(36), days=2)
    assert [(d.day.isoformat(), d.level, d.down) for d in got.days] == [
        ("2026-03-01", "major_outage", timedelta(hours=2)),
        ("2026-03-02", "major_outage", timedelta(hours=6))]
    assert got.down == timedelta(hours=8)
    assert got.period == timedelta(hours=36)
    assert got.percent == 77.77


def test_no_incident_is_100_percent_and_an_empty_period_too() -> None:
    assert uptime([], now=_at(12), days=90).percent == 100.0
    assert uptime([], now=_at(0), days=1).percent == 100.0
    assert len(uptime([], now=_at(0), days=90).days) == 90
