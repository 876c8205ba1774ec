"""Responder health (``metrics --by person``) on the corpus of ``test_metrics_cli``, with on-call.

The copy adds people, a schedule and three incidents (see :func:`repo`):

* people: jane Europe/Berlin, bob America/New_York (summer time from Sunday 2026-03-08),
  carol Asia/Kolkata (+05:30, no summer time), dave UTC, erin UTC;
* schedule ``primary`` (zone America/New_York): a weekly rotation of carol, bob handing over
  on Thursdays at 09:00 New York time from 2026-01-01 — carol's weeks start Jan 1, 15, 29,
  Feb 12, 26, Mar 12, 26; bob's Jan 8, 22, Feb 5, 19, Mar 5, 19. Bob's week from Thu Mar 5
  09:00 EST (14:00Z) to Thu Mar 12 09:00 EDT (13:00Z) spans the change to summer time;
* the ``platform`` policy (api, db) pages ``schedule:primary`` first; the ``web`` policy pages
  ``person:jane`` first (later steps never count);
* incidents: ``2026-03-09-cache-evict`` (api, detected Mon 22:30Z, commander bob, expert
  carol), ``2026-03-10-cache-again`` (api, detected Tue 04:00Z, commander bob) and the near-miss
  ``2026-03-14-queue-near-miss`` (api, detected Sat 03:00Z, commander dave).

Pages in [2026-01-01, 2026-04-01), at detection, in the person's own zone (business hours
Mon-Fri 09:00-18:00):

========================  ===========  =====  ================================================
incident                  detected     who    local time
========================  ===========  =====  ================================================
2026-01-05-api-outage     Mon 10:10Z   carol  15:40 IST business (api, carol's week of Jan 1)
                                       jane   11:10 CET business (web: person:jane)
2026-01-20-db-slow        Tue 08:30Z   carol  14:00 IST business
2026-02-10-web-errors     Tue 14:05Z   jane   15:05 CET business
2026-02-14-api-latency    Sat 09:20Z   carol  14:50 IST weekend (Saturday 02-14)
2026-03-01-db-failover    Sun 01:30Z   carol  07:00 IST weekend (Saturday 02-28)
2026-03-09-cache-evict    Mon 22:30Z   bob    18:30 EDT evening — night of 03-09. With the
                                              winter offset it would be 17:30, business hours:
                                              the DST change the day before decides.
2026-03-10-cache-again    Tue 04:00Z   bob    00:00 EDT night — before Tuesday opens, so
                                              Monday's night again (one night interrupted)
2026-03-20-web-typo       Fri 12:00Z   jane   13:00 CET business (Berlin's change is 03-29)
========================  ===========  =====  ================================================

Incidents with a role: jane commands the six corpus incidents of the quarter (6); bob holds
roles in the outage, db-slow and latency and commands both cache incidents (5, commanded 2);
carol is the expert of cache-evict (1); dave and erin none. The near-miss (commander dave,
paging carol on Saturday 03-14 at 08:30 IST) is left out unless ``--include near-miss``.

Concentration, by hand: five people, the most-involved 20 % is ceil(0.2 × 5) = 1 person, jane,
with 6 of the 6 + 5 + 1 + 0 + 0 = 12 role-holdings: 50.0 %. With the near-miss, dave holds 1
more: 6 of 13 = 46.2 % (0.4615).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from incidentkit.schedule.hours import kind_of
from incidentkit.schedule.shifts import clock, to_us
from tests.conftest import Run
from tests.metrics.test_metrics_cli import CORPUS, Q1

PEOPLE = """\
- handle: jane
  name: Jane Doe
  timezone: Europe/Berlin
- handle: bob
  name: Bob Stone
  timezone: America/New_York
- handle: carol
  name: Carol Iyer
  timezone: Asia/Kolkata
- handle: dave
  name: Dave Ng
- handle: erin
  name: "Erin <b>Moss</b> | *ops*"
"""

POLICIES = """\
- id: platform
  name: Platform escalation
  steps:
    - after: 0m
      notify: [schedule:primary]
    - after: 15m
      notify: [person:jane]
- id: web
  name: Web escalation
  steps:
    - after: 0m
      notify: [person:jane]
    - after: 15m
      notify: [person:bob]
"""

SCHEDULE = """\
id: primary
name: Platform primary
timezone: America/New_York
layers:
  - name: weekly
    start: "2026-01-01T09:00"
    rotation: weekly
    members: [carol, bob]
"""

INCIDENT = """\
id: {id}
kind: {kind}
title: {title}
severity: SEV2
status: resolved
summary: Corpus incident for the responder-health tests.
services: [api]
detection: automated
impact:
  summary: Some requests failed
  customer_facing: true
roles:
  commander: {commander}{experts}
started_at: {start}
detected_at: {detected}
acknowledged_at: {ack}
resolved_at: {resolved}
"""


def health_corpus(root: Path) -> Path:
    """The corpus of ``test_metrics_cli`` copied to ``root`` with the people, policies,
    schedule and incidents above."""
    shutil.copytree(CORPUS, root)
    oncall = root / "oncall"
    (oncall / "people.yaml").write_text(PEOPLE)
    (oncall / "escalation-policies.yaml").write_text(POLICIES)
    services = (oncall / "services.yaml").read_text()
    web = "tier: 2\n  escalation_policy: "
    (oncall / "services.yaml").write_text(services.replace(web + "platform", web + "web"))
    (oncall / "schedules").mkdir()
    (oncall / "schedules" / "primary.yaml").write_text(SCHEDULE)
    folder = root / "incidents" / "2026"
    for fields in (
        {"id": "2026-03-09-cache-evict", "kind": "incident", "title": "Cache evictions",
         "commander": "bob", "experts": "\n  experts: [carol]", "start": "2026-03-09T22:20:00Z",
         "detected": "2026-03-09T22:30:00Z", "ack": "2026-03-09T22:35:00Z",
         "resolved": "2026-03-09T23:20:00Z"},
        {"id": "2026-03-10-cache-again", "kind": "incident", "title": "Cache evictions again",
         "commander": "bob", "experts": "", "start": "2026-03-10T03:55:00Z",
         "detected": "2026-03-10T04:00:00Z", "ack": "2026-03-10T04:02:00Z",
         "resolved": "2026-03-10T04:30:00Z"},
        {"id": "2026-03-14-queue-near-miss", "kind": "near-miss", "title": "Queue almost full",
         "commander": "dave", "experts": "", "start": "2026-03-14T02:50:00Z",
         "detected": "2026-03-14T03:00:00Z", "ack": "2026-03-14T03:05:00Z",
         "resolved": "2026-03-14T03:30:00Z"},
    ):
        (folder / f"{fields['id']}.yaml").write_text(INCIDENT.format(**fields))
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return health_corpus(tmp_path / "repo")


def metrics(run: Callable[..., Run], root: Path, *args: str) -> str:
    result = run("-C", str(root), "metrics", *Q1, *args)
    assert result.err == ""
    assert result.status == 0
    return result.out


TEXT_HEALTH = """\
Responder health: incidents with a role; pages by the first escalation step at detection,
in the person's own time zone (business hours Mon-Fri 09:00-18:00)
  person  time zone         incidents  commanded  pages  out of hours  nights interrupted  weekends interrupted
  jane    Europe/Berlin             6          6      3             0                   0                     0
  bob     America/New_York          5          2      2             2                   1                     0
  carol   Asia/Kolkata              1          0      4             2                   0                     2
  dave    UTC                       0          0      0             0                   0                     0
  erin    UTC                       0          0      0             0                   0                     0

Concentration: the most-involved 20% of people (1 of 5: jane) held 6 of 12 role-holdings (50.0%)

Pages out of business hours
  person  incident                local time                hours          via
  bob     2026-03-09-cache-evict  Mon 2026-03-09 18:30 EDT  evening/night  schedule:primary
  bob     2026-03-10-cache-again  Tue 2026-03-10 00:00 EDT  evening/night  schedule:primary
  carol   2026-02-14-api-latency  Sat 2026-02-14 14:50 IST  weekend        schedule:primary
  carol   2026-03-01-db-failover  Sun 2026-03-01 07:00 IST  weekend        schedule:primary
"""  # noqa: E501

#: Response times by person: an incident counts for everyone holding a role in it. bob: the
#: outage (MTTD 10m, MTTA 2m, MTTR 1h), db-slow (30m, 5m, 3h), latency (20m, 1m, 1h 30m) and the
#: two cache incidents (10m, 5m, 1h; 5m, 2m, 35m): MTTD mean 75/5 = 15m, median 10m.
TEXT_TIMES = """\
Response times: mean / median (incidents with both times)
  person  incidents  MTTD               MTTA              MTTR
  all             8  17m 30s / 10m (8)  12m 51s / 5m (7)  4h 47m / 1h 30m (7)
  bob             5  15m / 10m (5)      3m / 2m (5)       1h 25m / 1h (5)
  carol           1  10m / 10m (1)      5m / 5m (1)       1h / 1h (1)
  jane            6  20m 50s / 15m (6)  16m 36s / 5m (5)  6h 24m / 2h 30m (5)
"""


def test_text(run: Callable[..., Run], repo: Path) -> None:
    out = metrics(run, repo, "--by", "person")
    assert out.startswith(
        "Incident metrics: 8 incidents, started since 2026-01-01 00:00 UTC and before "
        "2026-04-01 00:00 UTC\n"
        "Counted: 8 incidents; not counted: 1 near-miss (--include near-miss)\n\n" + TEXT_TIMES)
    assert out.endswith("\n\n" + TEXT_HEALTH)


def test_other_keys_show_no_health(run: Callable[..., Run], repo: Path) -> None:
    assert "Responder health" not in metrics(run, repo)
    assert "Responder health" not in metrics(run, repo, "--by", "service")
    assert "health" not in json.loads(metrics(run, repo, "--format", "json"))
    assert ",health" not in metrics(run, repo, "--by", "severity", "--format", "csv")


def _page(incident: str, detected: str, local: str, hours: str, interrupted: str | None,
          via: str = "schedule:primary") -> dict[str, object]:
    return {"incident": incident, "detected_at": detected, "local_time": local, "hours": hours,
            "interrupted": interrupted, "via": via}


def _person(person: str, timezone: str, ids: list[str], commanded: int,
            pages: list[dict[str, object]]) -> dict[str, object]:
    kinds = [str(p["hours"]) for p in pages]
    return {
        "person": person, "timezone": timezone, "incidents": len(ids), "commanded": commanded,
        "pages": len(pages), "business": kinds.count("business"),
        "evenings_nights": kinds.count("evenings_nights"), "weekends": kinds.count("weekends"),
        "out_of_hours": len(pages) - kinds.count("business"),
        "nights_interrupted": len({p["interrupted"] for p in pages
                                   if p["hours"] == "evenings_nights"}),
        "weekends_interrupted": len({p["interrupted"] for p in pages
                                     if p["hours"] == "weekends"}),
        "incident_ids": ids, "pages_detail": pages,
    }


OUTAGE, DB_SLOW, WEB, LATENCY, FAILOVER, TYPO = (
    "2026-01-05-api-outage", "2026-01-20-db-slow", "2026-02-10-web-errors",
    "2026-02-14-api-latency", "2026-03-01-db-failover", "2026-03-20-web-typo")
EVICT, AGAIN = "2026-03-09-cache-evict", "2026-03-10-cache-again"


def test_json(run: Callable[..., Run], repo: Path) -> None:
    figures = json.loads(metrics(run, repo, "--by", "person", "--format", "json"))
    assert figures["by"] == "person"
    assert [(g["key"], g["incidents"], g["mttd"]["mean_seconds"]) for g in figures["groups"]] == [
        ("bob", 5, 900), ("carol", 1, 600), ("jane", 6, 1250)]
    health = figures["health"]
    assert health["people"] == [
        _person("jane", "Europe/Berlin", [OUTAGE, DB_SLOW, WEB, LATENCY, FAILOVER, TYPO], 6, [
            _page(OUTAGE, "2026-01-05T10:10:00Z", "2026-01-05T11:10:00+01:00", "business", None,
                  "person:jane"),
            _page(WEB, "2026-02-10T14:05:00Z", "2026-02-10T15:05:00+01:00", "business", None,
                  "person:jane"),
            _page(TYPO, "2026-03-20T12:00:00Z", "2026-03-20T13:00:00+01:00", "business", None,
                  "person:jane"),
        ]),
        _person("bob", "America/New_York", [OUTAGE, DB_SLOW, LATENCY, EVICT, AGAIN], 2, [
            # Summer time since the day before: 18:30 (-04:00), not 17:30 (-05:00).
            _page(EVICT, "2026-03-09T22:30:00Z", "2026-03-09T18:30:00-04:00", "evenings_nights",
                  "2026-03-09"),
            _page(AGAIN, "2026-03-10T04:00:00Z", "2026-03-10T00:00:00-04:00", "evenings_nights",
                  "2026-03-09"),
        ]),
        _person("carol", "Asia/Kolkata", [EVICT], 0, [
            _page(OUTAGE, "2026-01-05T10:10:00Z", "2026-01-05T15:40:00+05:30", "business", None),
            _page(DB_SLOW, "2026-01-20T08:30:00Z", "2026-01-20T14:00:00+05:30", "business", None),
            _page(LATENCY, "2026-02-14T09:20:00Z", "2026-02-14T14:50:00+05:30", "weekends",
                  "2026-02-14"),
            _page(FAILOVER, "2026-03-01T01:30:00Z", "2026-03-01T07:00:00+05:30", "weekends",
                  "2026-02-28"),
        ]),
        _person("dave", "UTC", [], 0, []),
        _person("erin", "UTC", [], 0, []),
    ]
    assert health["concentration"] == {"people": 5, "top_share": 0.2, "top": ["jane"],
                                       "held": 6, "total": 12, "share": 0.5}
    # The figures the table above shows, as JSON spells them.
    assert [(p["out_of_hours"], p["nights_interrupted"], p["weekends_interrupted"])
            for p in health["people"]] == [(0, 0, 0), (2, 1, 0), (2, 0, 2), (0, 0, 0), (0, 0, 0)]


CSV_HEALTH = """\
health,jane,timezone,Europe/Berlin
health,jane,incidents,6
health,jane,commanded,6
health,jane,pages,3
health,jane,business,3
health,jane,evenings_nights,0
health,jane,weekends,0
health,jane,out_of_hours,0
health,jane,nights_interrupted,0
health,jane,weekends_interrupted,0
health,bob,timezone,America/New_York
health,bob,incidents,5
health,bob,commanded,2
health,bob,pages,2
health,bob,business,0
health,bob,evenings_nights,2
health,bob,weekends,0
health,bob,out_of_hours,2
health,bob,nights_interrupted,1
health,bob,weekends_interrupted,0
health,carol,timezone,Asia/Kolkata
health,carol,incidents,1
health,carol,commanded,0
health,carol,pages,4
health,carol,business,2
health,carol,evenings_nights,0
health,carol,weekends,2
health,carol,out_of_hours,2
health,carol,nights_interrupted,0
health,carol,weekends_interrupted,2
health,dave,timezone,UTC
health,dave,incidents,0
health,dave,commanded,0
health,dave,pages,0
health,dave,business,0
health,dave,evenings_nights,0
health,dave,weekends,0
health,dave,out_of_hours,0
health,dave,nights_interrupted,0
health,dave,weekends_interrupted,0
health,erin,timezone,UTC
health,erin,incidents,0
health,erin,commanded,0
health,erin,pages,0
health,erin,business,0
health,erin,evenings_nights,0
health,erin,weekends,0
health,erin,out_of_hours,0
health,erin,nights_interrupted,0
health,erin,weekends_interrupted,0
health_pages,jane 2026-01-05-api-outage,detected_at,2026-01-05T10:10:00Z
health_pages,jane 2026-01-05-api-outage,local_time,2026-01-05T11:10:00+01:00
health_pages,jane 2026-01-05-api-outage,hours,business
health_pages,jane 2026-01-05-api-outage,interrupted,
health_pages,jane 2026-01-05-api-outage,via,person:jane
health_pages,jane 2026-02-10-web-errors,detected_at,2026-02-10T14:05:00Z
health_pages,jane 2026-02-10-web-errors,local_time,2026-02-10T15:05:00+01:00
health_pages,jane 2026-02-10-web-errors,hours,business
health_pages,jane 2026-02-10-web-errors,interrupted,
health_pages,jane 2026-02-10-web-errors,via,person:jane
health_pages,jane 2026-03-20-web-typo,detected_at,2026-03-20T12:00:00Z
health_pages,jane 2026-03-20-web-typo,local_time,2026-03-20T13:00:00+01:00
health_pages,jane 2026-03-20-web-typo,hours,business
health_pages,jane 2026-03-20-web-typo,interrupted,
health_pages,jane 2026-03-20-web-typo,via,person:jane
health_pages,bob 2026-03-09-cache-evict,detected_at,2026-03-09T22:30:00Z
health_pages,bob 2026-03-09-cache-evict,local_time,2026-03-09T18:30:00-04:00
health_pages,bob 2026-03-09-cache-evict,hours,evenings_nights
health_pages,bob 2026-03-09-cache-evict,interrupted,2026-03-09
health_pages,bob 2026-03-09-cache-evict,via,schedule:primary
health_pages,bob 2026-03-10-cache-again,detected_at,2026-03-10T04:00:00Z
health_pages,bob 2026-03-10-cache-again,local_time,2026-03-10T00:00:00-04:00
health_pages,bob 2026-03-10-cache-again,hours,evenings_nights
health_pages,bob 2026-03-10-cache-again,interrupted,2026-03-09
health_pages,bob 2026-03-10-cache-again,via,schedule:primary
health_pages,carol 2026-01-05-api-outage,detected_at,2026-01-05T10:10:00Z
health_pages,carol 2026-01-05-api-outage,local_time,2026-01-05T15:40:00+05:30
health_pages,carol 2026-01-05-api-outage,hours,business
health_pages,carol 2026-01-05-api-outage,interrupted,
health_pages,carol 2026-01-05-api-outage,via,schedule:primary
health_pages,carol 2026-01-20-db-slow,detected_at,2026-01-20T08:30:00Z
health_pages,carol 2026-01-20-db-slow,local_time,2026-01-20T14:00:00+05:30
health_pages,carol 2026-01-20-db-slow,hours,business
health_pages,carol 2026-01-20-db-slow,interrupted,
health_pages,carol 2026-01-20-db-slow,via,schedule:primary
health_pages,carol 2026-02-14-api-latency,detected_at,2026-02-14T09:20:00Z
health_pages,carol 2026-02-14-api-latency,local_time,2026-02-14T14:50:00+05:30
health_pages,carol 2026-02-14-api-latency,hours,weekends
health_pages,carol 2026-02-14-api-latency,interrupted,2026-02-14
health_pages,carol 2026-02-14-api-latency,via,schedule:primary
health_pages,carol 2026-03-01-db-failover,detected_at,2026-03-01T01:30:00Z
health_pages,carol 2026-03-01-db-failover,local_time,2026-03-01T07:00:00+05:30
health_pages,carol 2026-03-01-db-failover,hours,weekends
health_pages,carol 2026-03-01-db-failover,interrupted,2026-02-28
health_pages,carol 2026-03-01-db-failover,via,schedule:primary
concentration,,people,5
concentration,,top,1
concentration,,top_people,jane
concentration,,held,6
concentration,,total,12
concentration,,share,0.5
"""


def test_csv(run: Callable[..., Run], repo: Path) -> None:
    out = metrics(run, repo, "--by", "person", "--format", "csv")
    assert out.endswith("\n" + CSV_HEALTH)
    # Everything else is what --by severity says, but for the groups.
    def rest(text: str) -> list[str]:
        return [line for line in text.splitlines()
                if not line.startswith(("health", "concentration", "by_"))]
    assert rest(out) == rest(metrics(run, repo, "--by", "severity", "--format", "csv"))
    assert "by_person,bob,mttd_mean_seconds,900" in out.splitlines()


def test_near_misses_count_when_included(run: Callable[..., Run], repo: Path) -> None:
    """The near-miss: commander dave, carol on call (her week from Thu 03-12 13:00Z), detected
    Sat 03-14 03:00Z = 08:30 IST, a third weekend for her; jane's share 6 of 13."""
    out = metrics(run, repo, "--by", "person", "--include", "near-miss")
    assert "\n".join(out.splitlines()[-15:]) + "\n" == """\
  jane    Europe/Berlin             6          6      3             0                   0                     0
  bob     America/New_York          5          2      2             2                   1                     0
  carol   Asia/Kolkata              1          0      5             3                   0                     3
  dave    UTC                       1          1      0             0                   0                     0
  erin    UTC                       0          0      0             0                   0                     0

Concentration: the most-involved 20% of people (1 of 5: jane) held 6 of 13 role-holdings (46.2%)

Pages out of business hours
  person  incident                    local time                hours          via
  bob     2026-03-09-cache-evict      Mon 2026-03-09 18:30 EDT  evening/night  schedule:primary
  bob     2026-03-10-cache-again      Tue 2026-03-10 00:00 EDT  evening/night  schedule:primary
  carol   2026-02-14-api-latency      Sat 2026-02-14 14:50 IST  weekend        schedule:primary
  carol   2026-03-01-db-failover      Sun 2026-03-01 07:00 IST  weekend        schedule:primary
  carol   2026-03-14-queue-near-miss  Sat 2026-03-14 08:30 IST  weekend        schedule:primary
"""  # noqa: E501


def test_the_same_utc_time_changes_kind_with_summer_time() -> None:
    """22:30Z on a Monday is 17:30 in New York in winter (business hours) and 18:30 after the
    change of Sunday 2026-03-08 (evening); 00:00 local is the night of the day before, 09:00 is
    business hours again, and Saturday is a weekend whatever the hour."""
    new_york = clock("America/New_York")
    cases = {
        "2026-03-02T22:30:00Z": "business",
        "2026-03-09T22:30:00Z": "evenings_nights",
        "2026-03-10T04:00:00Z": "evenings_nights",
        "2026-03-10T12:59:59Z": "evenings_nights",
        "2026-03-10T13:00:00Z": "business",
        "2026-03-14T13:00:00Z": "weekends",
    }
    assert {at: kind_of(to_us(datetime.fromisoformat(at)), new_york) for at in cases} == cases
