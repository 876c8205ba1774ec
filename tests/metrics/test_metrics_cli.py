"""``incidentkit metrics`` on the fixed corpus in ``corpus/``: whole expected output.

The corpus, all times UTC (the API outage's start is written as 11:00+01:00):

| incident                 | sev  | services | detect | ack | resolve      | postmortem |
|--------------------------|------|----------|--------|-----|--------------|------------|
| 2025-12-31 23:00 edge    | SEV2 | api      | 2m     | 1m  | 1h           | —          |
| 2026-01-05 10:00 outage  | SEV0 | api, web | 10m    | 2m  | 1h           | final      |
| 2026-01-20 08:00 db-slow | SEV1 | db       | 30m    | 5m  | 3h           | draft      |
| 2026-02-10 14:00 web     | SEV2 | web      | 5m     | 15m | 2h 30m       | —          |
| 2026-02-14 09:00 latency | SEV1 | api      | 20m    | 1m  | 1h 30m       | — (missing)|
| 2026-03-01 00:30 failover| SEV3 | db, api  | 1h     | —   | — (open)     | draft      |
| 2026-03-20 12:00 typo    | SEV3 | web      | 0s     | 1h  | 1d           | —          |
| 2026-04-02 06:00 restart | SEV2 | api      | 3m     | 1m  | 30m          | —          |

In [2026-01-01, 2026-04-01), six incidents:

* MTTD 0, 5, 10, 20, 30, 60 min: mean 125/6 min = 20m 50s, median (10 + 20) / 2 = 15m.
* MTTA 1, 2, 5, 15, 60 min: mean 83/5 min = 16m 36s, median 5m.
* MTTR 1, 1.5, 2.5, 3, 24 h: mean 32/5 h = 6h 24m, median 2h 30m.
* MTBF api: 01-05 10:00 → 02-14 09:00 → 03-01 00:30, intervals 39d 23h and 14d 15h 30m, mean
  27d 7h 15m = 2,358,900 s; db: 01-20 08:00 → 03-01 00:30 = 39d 16h 30m = 3,429,000 s;
  web: 01-05 10:00 → 02-10 14:00 → 03-20 12:00, 36d 4h and 37d 22h, mean 37d 1h = 3,200,400 s.
* Postmortems required (resolved SEV0/SEV1): outage, db-slow, latency = 3; written 2; final 1.
* Action items, 8: outage AI-1 done (due 01-10), AI-2 open (due 01-20: late), AI-3 wont-do;
  db-slow AI-1 in-progress P1 (default due 01-20 11:00 + 14d = 02-03 11:00: late), AI-2 open P3
  (+ 90d = 04-20 11:00: not yet due), AI-3 done; failover AI-1 open P2 without a due date (the
  incident is open: no default), AI-2 open due 03-31 (due by 04-01 00:00 = ``at``: on time).
  Completion 2 / (8 − 1) = 28.6%; on time 5 / 7 = 71.4%.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

CORPUS = Path(__file__).parent / "corpus"
Q1 = ("--since", "2026-01-01", "--until", "2026-04-01")


def metrics(run: Callable[..., Run], *args: str, root: Path = CORPUS) -> Run:
    result = run("-C", str(root), "metrics", *args)
    assert result.err == ""
    assert result.status == 0
    return result


TAIL = """\

Time targets of the resolved incidents (acknowledge: from detection; resolve: from the start)
  severity  resolved  ack within  acknowledged in time  resolve within  resolved in time
  SEV0             1  5m          100.0% (1 of 1)       4h              100.0% (1 of 1)
  SEV1             2  15m         100.0% (2 of 2)       8h              100.0% (2 of 2)
  SEV2             1  1h          100.0% (1 of 1)       3d              100.0% (1 of 1)
  SEV3             1  1d          100.0% (1 of 1)       —               —

Target breaches
  —

MTBF per service: mean time between the starts of consecutive incidents
  service  incidents  MTBF
  api              3  27d 7h (2 intervals)
  db               2  39d 16h (1 interval)
  web              3  37d 1h (2 intervals)

Incidents by month and severity
  month    SEV0  SEV1  SEV2  SEV3  total
  2026-01     1     1     0     0      2
  2026-02     0     1     1     0      2
  2026-03     0     0     0     2      2
  total       1     2     1     2      6

Postmortems: 3 resolved incidents of a severity that requires one
  written  66.7%  (2 of 3)
  final    33.3%  (1 of 3)

Action items: 8 (2 done, 1 won't do)
  completed  28.6%  (2 of 7; won't do left out)
  on time    71.4%  (5 of 7 with a due date: closed, or not yet due at 2026-04-01 00:00 UTC)

Runbooks: 6 incidents
  with a service that has a runbook  0.0%  (0 of 6)
  linking a runbook                  0.0%  (0 of 6)
"""

HEAD = """\
Incident metrics: 6 incidents, started since 2026-01-01 00:00 UTC and before 2026-04-01 00:00 UTC

Response times: mean / median (incidents with both times)
"""


def test_text(run: Callable[..., Run]) -> None:
    assert metrics(run, *Q1).out == HEAD + """\
       incidents  MTTD               MTTA              MTTR
  all          6  20m 50s / 15m (6)  16m 36s / 5m (5)  6h 24m / 2h 30m (5)
""" + TAIL


def test_text_by_severity(run: Callable[..., Run]) -> None:
    assert metrics(run, *Q1, "--by", "severity").out == HEAD + """\
  severity  incidents  MTTD               MTTA              MTTR
  all               6  20m 50s / 15m (6)  16m 36s / 5m (5)  6h 24m / 2h 30m (5)
  SEV0              1  10m / 10m (1)      2m / 2m (1)       1h / 1h (1)
  SEV1              2  25m / 25m (2)      3m / 3m (2)       2h 15m / 2h 15m (2)
  SEV2              1  5m / 5m (1)        15m / 15m (1)     2h 30m / 2h 30m (1)
  SEV3              2  30m / 30m (2)      1h / 1h (1)       1d / 1d (1)
""" + TAIL


def test_text_by_service(run: Callable[..., Run]) -> None:
    # An incident counts for each service it names: the failover is in api and db.
    assert metrics(run, *Q1, "--by", "service").out == HEAD + """\
  service  incidents  MTTD               MTTA                 MTTR
  all              6  20m 50s / 15m (6)  16m 36s / 5m (5)     6h 24m / 2h 30m (5)
  api              3  30m / 20m (3)      1m 30s / 1m 30s (2)  1h 15m / 1h 15m (2)
  db               2  45m / 45m (2)      5m / 5m (1)          3h / 3h (1)
  web              3  5m / 5m (3)        25m 40s / 15m (3)    9h 10m / 2h 30m (3)
""" + TAIL


def test_text_by_month(run: Callable[..., Run]) -> None:
    assert metrics(run, *Q1, "--by", "month").out == HEAD + """\
  month    incidents  MTTD                   MTTA                 MTTR
  all              6  20m 50s / 15m (6)      16m 36s / 5m (5)     6h 24m / 2h 30m (5)
  2026-01          2  20m / 20m (2)          3m 30s / 3m 30s (2)  2h / 2h (2)
  2026-02          2  12m 30s / 12m 30s (2)  8m / 8m (2)          2h / 2h (2)
  2026-03          2  30m / 30m (2)          1h / 1h (1)          1d / 1d (1)
""" + TAIL


def _times(key: str, n: int, mttd: tuple[int, int, int], mtta: tuple[int, int, int],
           mttr: tuple[int, int, int]) -> dict[str, object]:
    def d(t: tuple[int, int, int]) -> dict[str, int]:
        return {"count": t[0], "mean_seconds": t[1], "median_seconds": t[2]}
    return {"key": key, "incidents": n, "mttd": d(mttd), "mtta": d(mtta), "mttr": d(mttr)}


def test_json(run: Callable[..., Run]) -> None:
    assert metrics(run, *Q1, "--format", "json").out == """\
{
  "window": {
    "since": "2026-01-01T00:00:00Z",
    "until": "2026-04-01T00:00:00Z",
    "at": "2026-04-01T00:00:00Z"
  },
  "kinds": {
    "incident": 6,
    "near-miss": 0,
    "drill": 0
  },
  "included": [
    "incident"
  ],
  "severities": [
    "SEV0",
    "SEV1",
    "SEV2",
    "SEV3"
  ],
  "overall": {
    "key": "all",
    "incidents": 6,
    "mttd": {
      "count": 6,
      "mean_seconds": 1250,
      "median_seconds": 900
    },
    "mtta": {
      "count": 5,
      "mean_seconds": 996,
      "median_seconds": 300
    },
    "mttr": {
      "count": 5,
      "mean_seconds": 23040,
      "median_seconds": 9000
    }
  },
  "by": null,
  "groups": [],
  "mtbf": [
    {
      "service": "api",
      "incidents": 3,
      "intervals": 2,
      "mean_seconds": 2358900
    },
    {
      "service": "db",
      "incidents": 2,
      "intervals": 1,
      "mean_seconds": 3429000
    },
    {
      "service": "web",
      "incidents": 3,
      "intervals": 2,
      "mean_seconds": 3200400
    }
  ],
  "months": [
    {
      "month": "2026-01",
      "incidents": 2,
      "by_severity": {
        "SEV0": 1,
        "SEV1": 1,
        "SEV2": 0,
        "SEV3": 0
      },
      "mttr": {
        "count": 2,
        "mean_seconds": 7200,
        "median_seconds": 7200
      },
      "action_items": {
        "open": 3,
        "done": 2,
        "wont_do": 1
      }
    },
    {
      "month": "2026-02",
      "incidents": 2,
      "by_severity": {
        "SEV0": 0,
        "SEV1": 1,
        "SEV2": 1,
        "SEV3": 0
      },
      "mttr": {
        "count": 2,
        "mean_seconds": 7200,
        "median_seconds": 7200
      },
      "action_items": {
        "open": 0,
        "done": 0,
        "wont_do": 0
      }
    },
    {
      "month": "2026-03",
      "incidents": 2,
      "by_severity": {
        "SEV0": 0,
        "SEV1": 0,
        "SEV2": 0,
        "SEV3": 2
      },
      "mttr": {
        "count": 1,
        "mean_seconds": 86400,
        "median_seconds": 86400
      },
      "action_items": {
        "open": 2,
        "done": 0,
        "wont_do": 0
      }
    }
  ],
  "postmortems": {
    "required": 3,
    "written": {
      "part": 2,
      "whole": 3,
      "rate": 0.6667
    },
    "final": {
      "part": 1,
      "whole": 3,
      "rate": 0.3333
    }
  },
  "action_items": {
    "total": 8,
    "done": 2,
    "wont_do": 1,
    "completion": {
      "part": 2,
      "whole": 7,
      "rate": 0.2857
    },
    "on_time": {
      "part": 5,
      "whole": 7,
      "rate": 0.7143
    }
  },
  "runbook_coverage": {
    "services": {
      "part": 0,
      "whole": 6,
      "rate": 0.0
    },
    "linked": {
      "part": 0,
      "whole": 6,
      "rate": 0.0
    },
    "uncovered": [
      "2026-01-05-api-outage",
      "2026-01-20-db-slow",
      "2026-02-10-web-errors",
      "2026-02-14-api-latency",
      "2026-03-01-db-failover",
      "2026-03-20-web-typo"
    ]
  },
  "targets": [
    {
      "severity": "SEV0",
      "resolved": 1,
      "ack": {
        "within_seconds": 300,
        "met": {
          "part": 1,
          "whole": 1,
          "rate": 1.0
        },
        "breaches": []
      },
      "resolve": {
        "within_seconds": 14400,
        "met": {
          "part": 1,
          "whole": 1,
          "rate": 1.0
        },
        "breaches": []
      }
    },
    {
      "severity": "SEV1",
      "resolved": 2,
      "ack": {
        "within_seconds": 900,
        "met": {
          "part": 2,
          "whole": 2,
          "rate": 1.0
        },
        "breaches": []
      },
      "resolve": {
        "within_seconds": 28800,
        "met": {
          "part": 2,
          "whole": 2,
          "rate": 1.0
        },
        "breaches": []
      }
    },
    {
      "severity": "SEV2",
      "resolved": 1,
      "ack": {
        "within_seconds": 3600,
        "met": {
          "part": 1,
          "whole": 1,
          "rate": 1.0
        },
        "breaches": []
      },
      "resolve": {
        "within_seconds": 259200,
        "met": {
          "part": 1,
          "whole": 1,
          "rate": 1.0
        },
        "breaches": []
      }
    },
    {
      "severity": "SEV3",
      "resolved": 1,
      "ack": {
        "within_seconds": 86400,
        "met": {
          "part": 1,
          "whole": 1,
          "rate": 1.0
        },
        "breaches": []
      },
      "resolve": {
        "within_seconds": null,
        "met": {
          "part": 0,
          "whole": 0,
          "rate": null
        },
        "breaches": []
      }
    }
  ],
  "goals": []
}
"""


def test_json_by_service(run: Callable[..., Run]) -> None:
    got = json.loads(metrics(run, *Q1, "--by", "service", "--format", "json").out)
    assert got["by"] == "service"
    assert got["groups"] == [
        _times("api", 3, (3, 1800, 1200), (2, 90, 90), (2, 4500, 4500)),
        _times("db", 2, (2, 2700, 2700), (1, 300, 300), (1, 10800, 10800)),
        _times("web", 3, (3, 300, 300), (3, 1540, 900), (3, 33000, 9000)),
    ]


def test_json_by_month_keeps_empty_months_and_empty_figures(run: Callable[..., Run]) -> None:
    got = json.loads(metrics(run, "--since", "2026-03-01", "--until", "2026-06-01", "--by",
                             "month", "--format", "json").out)
    none = {"count": 0, "mean_seconds": None, "median_seconds": None}
    assert got["groups"] == [
        _times("2026-03", 2, (2, 1800, 1800), (1, 3600, 3600), (1, 86400, 86400)),
        _times("2026-04", 1, (1, 180, 180), (1, 60, 60), (1, 1800, 1800)),
        {"key": "2026-05", "incidents": 0, "mttd": none, "mtta": none, "mttr": none},
    ]
    assert [m["month"] for m in got["months"]] == ["2026-03", "2026-04", "2026-05"]
    api_gap = 32 * 86400 + 5 * 3600 + 1800  # 03-01 00:30 → 04-02 06:00
    assert got["mtbf"] == [
        {"service": "api", "incidents": 2, "intervals": 1, "mean_seconds": api_gap},
        {"service": "db", "incidents": 1, "intervals": 0, "mean_seconds": None},
        {"service": "web", "incidents": 1, "intervals": 0, "mean_seconds": None},
    ]
    # Postmortems: none required (the SEV3 and SEV2 need none); the failover's items remain.
    assert got["postmortems"] == {
        "required": 0,
        "written": {"part": 0, "whole": 0, "rate": None},
        "final": {"part": 0, "whole": 0, "rate": None},
    }
    assert got["action_items"]["on_time"] == {"part": 0, "whole": 1, "rate": 0.0}


def test_csv(run: Callable[..., Run]) -> None:
    assert metrics(run, *Q1, "--format", "csv").out == """\
section,key,metric,value
window,,since,2026-01-01T00:00:00Z
window,,until,2026-04-01T00:00:00Z
window,,at,2026-04-01T00:00:00Z
kinds,incident,started,6
kinds,near-miss,started,0
kinds,drill,started,0
kinds,incident,counted,1
kinds,near-miss,counted,0
kinds,drill,counted,0
all,all,incidents,6
all,all,mttd_count,6
all,all,mttd_mean_seconds,1250
all,all,mttd_median_seconds,900
all,all,mtta_count,5
all,all,mtta_mean_seconds,996
all,all,mtta_median_seconds,300
all,all,mttr_count,5
all,all,mttr_mean_seconds,23040
all,all,mttr_median_seconds,9000
mtbf,api,incidents,3
mtbf,api,intervals,2
mtbf,api,mean_seconds,2358900
mtbf,db,incidents,2
mtbf,db,intervals,1
mtbf,db,mean_seconds,3429000
mtbf,web,incidents,3
mtbf,web,intervals,2
mtbf,web,mean_seconds,3200400
months,2026-01,SEV0,1
months,2026-01,SEV1,1
months,2026-01,SEV2,0
months,2026-01,SEV3,0
months,2026-01,total,2
months,2026-01,mttr_count,2
months,2026-01,mttr_mean_seconds,7200
months,2026-01,mttr_median_seconds,7200
months,2026-01,items_open,3
months,2026-01,items_done,2
months,2026-01,items_wont_do,1
months,2026-02,SEV0,0
months,2026-02,SEV1,1
months,2026-02,SEV2,1
months,2026-02,SEV3,0
months,2026-02,total,2
months,2026-02,mttr_count,2
months,2026-02,mttr_mean_seconds,7200
months,2026-02,mttr_median_seconds,7200
months,2026-02,items_open,0
months,2026-02,items_done,0
months,2026-02,items_wont_do,0
months,2026-03,SEV0,0
months,2026-03,SEV1,0
months,2026-03,SEV2,0
months,2026-03,SEV3,2
months,2026-03,total,2
months,2026-03,mttr_count,1
months,2026-03,mttr_mean_seconds,86400
months,2026-03,mttr_median_seconds,86400
months,2026-03,items_open,2
months,2026-03,items_done,0
months,2026-03,items_wont_do,0
postmortems,,required,3
postmortems,,written,2
postmortems,,written_rate,0.6667
postmortems,,final,1
postmortems,,final_rate,0.3333
action_items,,total,8
action_items,,done,2
action_items,,wont_do,1
action_items,,completion_rate,0.2857
action_items,,with_due,7
action_items,,on_time,5
action_items,,on_time_rate,0.7143
runbook_coverage,,incidents,6
runbook_coverage,,with_service_runbook,0
runbook_coverage,,with_service_runbook_rate,0.0
runbook_coverage,,linking_runbook,0
runbook_coverage,,linking_runbook_rate,0.0
targets,SEV0,resolved,1
targets,SEV0,ack_within_seconds,300
targets,SEV0,ack_measured,1
targets,SEV0,ack_met,1
targets,SEV0,ack_met_rate,1.0
targets,SEV0,resolve_within_seconds,14400
targets,SEV0,resolve_measured,1
targets,SEV0,resolve_met,1
targets,SEV0,resolve_met_rate,1.0
targets,SEV1,resolved,2
targets,SEV1,ack_within_seconds,900
targets,SEV1,ack_measured,2
targets,SEV1,ack_met,2
targets,SEV1,ack_met_rate,1.0
targets,SEV1,resolve_within_seconds,28800
targets,SEV1,resolve_measured,2
targets,SEV1,resolve_met,2
targets,SEV1,resolve_met_rate,1.0
targets,SEV2,resolved,1
targets,SEV2,ack_within_seconds,3600
targets,SEV2,ack_measured,1
targets,SEV2,ack_met,1
targets,SEV2,ack_met_rate,1.0
targets,SEV2,resolve_within_seconds,259200
targets,SEV2,resolve_measured,1
targets,SEV2,resolve_met,1
targets,SEV2,resolve_met_rate,1.0
targets,SEV3,resolved,1
targets,SEV3,ack_within_seconds,86400
targets,SEV3,ack_measured,1
targets,SEV3,ack_met,1
targets,SEV3,ack_met_rate,1.0
targets,SEV3,resolve_within_seconds,
targets,SEV3,resolve_measured,0
targets,SEV3,resolve_met,0
targets,SEV3,resolve_met_rate,
"""


def test_csv_by_severity_adds_a_section(run: Callable[..., Run]) -> None:
    out = metrics(run, *Q1, "--by", "severity", "--format", "csv").out
    section = [line for line in out.splitlines() if line.startswith("by_severity,SEV1,")]
    assert section == [
        "by_severity,SEV1,incidents,2",
        "by_severity,SEV1,mttd_count,2",
        "by_severity,SEV1,mttd_mean_seconds,1500",
        "by_severity,SEV1,mttd_median_seconds,1500",
        "by_severity,SEV1,mtta_count,2",
        "by_severity,SEV1,mtta_mean_seconds,180",
        "by_severity,SEV1,mtta_median_seconds,180",
        "by_severity,SEV1,mttr_count,2",
        "by_severity,SEV1,mttr_mean_seconds,8100",
        "by_severity,SEV1,mttr_median_seconds,8100",
    ]
    assert sum(line.startswith("by_severity,") for line in out.splitlines()) == 4 * 10


def test_until_only(run: Callable[..., Run]) -> None:
    # Everything before May: the 2025 incident and April's restart join; at 2026-05-01 the
    # P3 item (due 04-20 11:00) and the failover's (due by 04-01) are late.
    assert metrics(run, "--until", "2026-05-01").out == """\
Incident metrics: 8 incidents, started before 2026-05-01 00:00 UTC

Response times: mean / median (incidents with both times)
       incidents  MTTD                  MTTA             MTTR
  all          8  16m 15s / 7m 30s (8)  12m 9s / 2m (7)  4h 47m / 1h 30m (7)

Time targets of the resolved incidents (acknowledge: from detection; resolve: from the start)
  severity  resolved  ack within  acknowledged in time  resolve within  resolved in time
  SEV0             1  5m          100.0% (1 of 1)       4h              100.0% (1 of 1)
  SEV1             2  15m         100.0% (2 of 2)       8h              100.0% (2 of 2)
  SEV2             3  1h          100.0% (3 of 3)       3d              100.0% (3 of 3)
  SEV3             1  1d          100.0% (1 of 1)       —               —

Target breaches
  —

MTBF per service: mean time between the starts of consecutive incidents
  service  incidents  MTBF
  api              5  22d 19h (4 intervals)
  db               2  39d 16h (1 interval)
  web              3  37d 1h (2 intervals)

Incidents by month and severity
  month    SEV0  SEV1  SEV2  SEV3  total
  2025-12     0     0     1     0      1
  2026-01     1     1     0     0      2
  2026-02     0     1     1     0      2
  2026-03     0     0     0     2      2
  2026-04     0     0     1     0      1
  total       1     2     3     2      8

Postmortems: 3 resolved incidents of a severity that requires one
  written  66.7%  (2 of 3)
  final    33.3%  (1 of 3)

Action items: 8 (2 done, 1 won't do)
  completed  28.6%  (2 of 7; won't do left out)
  on time    42.9%  (3 of 7 with a due date: closed, or not yet due at 2026-05-01 00:00 UTC)

Runbooks: 8 incidents
  with a service that has a runbook  0.0%  (0 of 8)
  linking a runbook                  0.0%  (0 of 8)
"""


def test_timestamps_bound_the_window_since_inclusive_until_exclusive(
    run: Callable[..., Run],
) -> None:
    # The outage starts exactly at --since (kept); the typo exactly at --until (left out).
    got = json.loads(metrics(run, "--since", "2026-01-05T11:00:00+01:00",
                             "--until", "2026-03-20T12:00Z", "--format", "json").out)
    assert got["window"] == {"since": "2026-01-05T10:00:00Z", "until": "2026-03-20T12:00:00Z",
                             "at": "2026-03-20T12:00:00Z"}
    assert got["overall"]["incidents"] == 5
    assert [m["incidents"] for m in got["months"]] == [2, 2, 1]


def test_without_a_window_all_incidents_as_of_now(run: Callable[..., Run]) -> None:
    got = json.loads(metrics(run, "--format", "json").out)
    assert got["window"]["since"] is None and got["window"]["until"] is None
    assert got["overall"]["incidents"] == 8
    assert got["months"][0]["month"] == "2025-12"


def test_dates_are_midnight_in_the_configured_time_zone(
    run: Callable[..., Run], tmp_path: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    (root / "incidentkit.yaml").write_text("timezone: Europe/Berlin\n")
    # 2026-01-01 00:00 in Berlin is 2025-12-31 23:00 UTC: the edge blip starts then, in
    # January by Berlin's calendar.
    got = json.loads(metrics(run, "--since", "2026-01-01", "--until", "2026-02-01",
                             "--format", "json", root=root).out)
    assert got["window"]["since"] == "2025-12-31T23:00:00Z"
    assert got["overall"]["incidents"] == 3
    assert [(m["month"], m["incidents"]) for m in got["months"]] == [("2026-01", 3)]


@pytest.mark.parametrize(("args", "message"), [
    (("--since", "2026-02-30"),
     "'2026-02-30': day 30 does not exist in February 2026: write a day from 01 to 28"),
    (("--until", "2026-01-01T10:00"), "has no offset"),
    (("--since", "2026-03-01", "--until", "2026-03-01"), "--since must be earlier than --until"),
    (("--by", "team"), "cannot group by 'team': use severity, service, month"),
    (("--format", "xml"), "'xml' is not one of 'text', 'json', 'csv'"),
])
def test_usage_errors(run: Callable[..., Run], args: tuple[str, ...], message: str) -> None:
    result = run("-C", str(CORPUS), "metrics", *args)
    assert result.status == 2
    assert message in result.err
    assert result.out == ""


def test_invalid_files_are_left_out_with_a_notice(
    run: Callable[..., Run], tmp_path: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    broken = root / "incidents/2026/2026-03-20-web-typo.yaml"
    broken.write_text(broken.read_text().replace("severity: SEV3", "severity: SEV9"))
    result = run("-C", str(root), "metrics", *Q1, "--format", "json")
    assert result.status == 0
    assert result.err == (
        "incidentkit: warning: 1 invalid file left out (incidents/2026/2026-03-20-web-typo.yaml)"
        ": run incidentkit validate\n")
    assert json.loads(result.out)["overall"]["incidents"] == 5


def test_help_states_the_definitions(run: Callable[..., Run]) -> None:
    out = run("metrics", "--help").out
    assert "MTTD = detected - started" in out
    assert "on time" in out and "not overdue" in out
