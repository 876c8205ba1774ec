"""Near-misses and drills: they validate and stay out of the figures unless ``--include``.

The corpus of ``test_metrics_cli`` plus, in the first quarter, a near-miss of the API (SEV2,
detected 5m after its start, acknowledged 5m later, resolved 20m after its start) and a drill
of the database (SEV1, 1m, 1m, 2h): the incidents' figures stay exactly as they were.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.metrics.test_metrics_cli import CORPUS, Q1

TEMPLATE = """\
id: {id}
kind: {kind}
title: {title}
severity: {severity}
status: resolved
summary: Corpus {kind} for the metrics tests.
services: [{service}]
detection: manual
impact:
  summary: Nobody was affected
  customer_facing: false
roles:
  commander: jane
  experts: [bob]
started_at: {start}
detected_at: {detected}
acknowledged_at: {ack}
resolved_at: {resolved}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    folder = root / "incidents" / "2026"
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
    return root


def _figures(out: str) -> dict[str, object]:
    found = json.loads(out)
    del found["kinds"], found["included"]
    return dict(found)


def test_they_validate_and_leave_every_figure_as_it_was(
        repo: Path, run: Callable[..., Run]) -> None:
    assert run("-C", str(repo), "validate").status == 0
    before = run("-C", str(CORPUS), "metrics", *Q1, "--format", "json").out
    after = run("-C", str(repo), "metrics", *Q1, "--format", "json").out
    assert _figures(after) == _figures(before)
    assert json.loads(after)["kinds"] == {"incident": 6, "near-miss": 1, "drill": 1}
    text = run("-C", str(repo), "metrics", *Q1).out.splitlines()
    assert text[:3] == [
        "Incident metrics: 6 incidents, started since 2026-01-01 00:00 UTC and before "
        "2026-04-01 00:00 UTC",
        "Counted: 6 incidents; not counted: 1 near-miss, 1 drill (--include near-miss "
        "--include drill)",
        "",
    ]
    assert text[3:] == run("-C", str(CORPUS), "metrics", *Q1).out.splitlines()[2:]


def test_include_counts_them(repo: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "metrics", *Q1, "--include", "drill", "--by", "severity")
    # MTTD 0, 5, 10, 20, 30, 60 and the drill's 1 min: mean 126/7 = 18m, median 10m; MTTA
    # 1, 2, 5, 15, 60 and 1: mean 14m, median 3m 30s; MTTR 1, 1.5, 2.5, 3, 24 and 2 h: mean
    # 34/6 h = 5h 40m, median 2h 15m.
    assert result.out.splitlines()[:10] == [
        "Incident metrics: 7 incidents, started since 2026-01-01 00:00 UTC and before "
        "2026-04-01 00:00 UTC",
        "Counted: 6 incidents, 1 drill; not counted: 1 near-miss (--include near-miss)",
        "",
        "Response times: mean / median (incidents with both times)",
        "  severity  incidents  MTTD           MTTA              MTTR",
        "  all               7  18m / 10m (7)  14m / 3m 30s (6)  5h 40m / 2h 15m (6)",
        "  SEV0              1  10m / 10m (1)  2m / 2m (1)       1h / 1h (1)",
        "  SEV1              3  17m / 20m (3)  2m 20s / 1m (3)   2h 10m / 2h (3)",
        "  SEV2              1  5m / 5m (1)    15m / 15m (1)     2h 30m / 2h 30m (1)",
        "  SEV3              2  30m / 30m (2)  1h / 1h (1)       1d / 1d (1)",
    ]
    both = json.loads(run("-C", str(repo), "metrics", *Q1, "--include", "drill",
                          "--include", "near-miss", "--format", "json").out)
    assert (both["included"], both["overall"]["incidents"]) == (
        ["incident", "near-miss", "drill"], 8)
    csv_rows = run("-C", str(repo), "metrics", *Q1, "--include", "near-miss",
                   "--format", "csv").out.splitlines()
    assert csv_rows[4:10] == [
        "kinds,incident,started,6", "kinds,near-miss,started,1", "kinds,drill,started,1",
        "kinds,incident,counted,1", "kinds,near-miss,counted,1", "kinds,drill,counted,0"]
    assert "all,all,incidents,7" in csv_rows


def test_only_gives_a_kind_its_own_figures(repo: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "metrics", *Q1, "--only", "near-miss")
    assert result.out.splitlines()[:7] == [
        "Incident metrics: 1 incident, started since 2026-01-01 00:00 UTC and before "
        "2026-04-01 00:00 UTC",
        "Counted: 1 near-miss; not counted: 6 incidents, 1 drill",
        "",
        "Response times: mean / median (incidents with both times)",
        "       incidents  MTTD         MTTA         MTTR",
        "  all          1  5m / 5m (1)  5m / 5m (1)  20m / 20m (1)",
        "",
    ]
    both = run("-C", str(repo), "metrics", *Q1, "--only", "near-miss", "--include", "drill")
    assert both.status == 2
    assert both.err.endswith("Error: --only and --include do not go together: --only names "
                             "every kind to count\n")
