"""``incidentkit import grafana-oncall`` against a fake Grafana OnCall API over real HTTP.

The fixture: a web schedule in Europe/Berlin with a weekly rotation (level 0), a weekday daytime
rotation on top (level 1, ``daily`` with ``by_day``: its turns count weekdays only) and an
override; the DST change of 2026-03-29 lies inside the 4 weeks compared (from 2026-03-16).
OnCall's final shifts below were worked out by hand from its documented rules, not computed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from incidentkit.imports.api import response_name
from tests.conftest import Run
from tests.imports.fake_grafana_oncall import FakeGrafanaOnCall
from tests.imports.fakeapi import tree_bytes

TOKEN = "glsa_secret-oncall-token-0123"
NOW = "2026-03-16T10:00:00Z"

_USERS: list[dict[str, Any]] = [
    # Ana is already in the repository (`incidentkit init`'s example people): same email.
    {"id": "UANA1", "grafana_id": 11, "slack": None, "is_phone_number_verified": False,
     "email": "ana@example.com", "username": "ana.silva", "role": "admin",
     "timezone": "Europe/Lisbon", "teams": ["TPLAT"]},
    {"id": "UDMI2", "grafana_id": 12, "slack": None, "is_phone_number_verified": False,
     "email": "dmitri@example.org", "username": "dmitri", "role": "user",
     "timezone": "Europe/Berlin", "teams": ["TPLAT"]},
    {"id": "UERI3", "grafana_id": 13, "slack": None, "is_phone_number_verified": False,
     "email": "erin.walsh@example.org", "username": "erin", "role": "user",
     "timezone": "Europe/Dublin", "teams": ["TPLAT"]},
    {"id": "UFAR4", "grafana_id": 14, "slack": None, "is_phone_number_verified": False,
     "email": "farah@example.org", "username": "farah", "role": "user",
     "timezone": "Europe/Berlin", "teams": ["TPLAT"]},
    {"id": "UGUS5", "grafana_id": 15, "slack": None, "is_phone_number_verified": False,
     "email": "gus@example.org", "username": "gus", "role": "user",
     "timezone": "America/New_York", "teams": ["TPLAT"]},
    {"id": "UHAN6", "grafana_id": 16, "slack": None, "is_phone_number_verified": False,
     "email": "hana@example.org", "username": "hana", "role": "user",
     "timezone": "Asia/Tokyo", "teams": ["TDATA"]},
    # In no schedule and no escalation chain: not imported.
    {"id": "UIVA7", "grafana_id": 17, "slack": None, "is_phone_number_verified": False,
     "email": "ivan@example.org", "username": "ivan", "role": "observer",
     "timezone": "UTC", "teams": []},
]
_SLACK: dict[str, Any] = {"channel_id": None, "user_group_id": None}
_SCHEDULES: list[dict[str, Any]] = [
    {"id": "SPLAT1", "name": "Platform primary", "type": "web", "team_id": "TPLAT",
     "time_zone": "Europe/Berlin", "on_call_now": ["UFAR4"], "slack": _SLACK,
     "shifts": ["OWEEK0", "OWEEK1", "ODAY2", "OOVR3", "OSGL8", "OOVR9", "OOVR10"]},
    {"id": "SLEG2", "name": "Legacy calendar", "type": "ical", "team_id": None,
     "ical_url_primary": "https://calendar.example.org/oncall.ics",
     "ical_url_overrides": None, "on_call_now": [], "slack": _SLACK},
    # Made through the API (Terraform): New York time, a rotation in Tokyo time.
    {"id": "SDATA3", "name": "Data on-call", "type": "calendar", "team_id": "TDATA",
     "time_zone": "America/New_York", "on_call_now": ["UHAN6", "UGUS5"],
     "shifts": ["ODATA6", "OMON4", "OGONE9", "OOVR7"],
     "ical_url_overrides": "https://calendar.example.org/data-overrides.ics", "slack": _SLACK},
    {"id": "SSPARE4", "name": "Weekend spare", "type": "web", "team_id": None,
     "time_zone": "UTC", "on_call_now": [], "shifts": [], "slack": _SLACK},
]
_SHIFTS: list[dict[str, Any]] = [
    # The weekly rotation before it was edited on 2 March (OnCall ends the old one then).
    {"id": "OWEEK0", "team_id": "TPLAT", "name": "Weekly", "type": "rolling_users",
     "time_zone": None, "level": 0, "start": "2026-01-05T10:00:00",
     "rotation_start": "2026-01-05T10:00:00", "duration": 604800, "frequency": "weekly",
     "interval": 1, "until": "2026-03-02T09:00:00", "week_start": "MO", "by_day": None,
     "by_month": None, "by_monthday": None, "rolling_users": [["UDMI2"], ["UANA1"]],
     "start_rotation_from_user_index": 1},
    {"id": "OWEEK1", "team_id": "TPLAT", "name": "Weekly", "type": "rolling_users",
     "time_zone": None, "level": 0, "start": "2026-03-02T09:00:00",
     "rotation_start": "2026-03-02T09:00:00", "duration": 604800, "frequency": "weekly",
     "interval": 1, "until": None, "week_start": "MO", "by_day": None, "by_month": None,
     "by_monthday": None, "rolling_users": [["UANA1"], ["UDMI2"], ["UERI3"]],
     "start_rotation_from_user_index": 0},
    {"id": "ODAY2", "team_id": "TPLAT", "name": "Weekday daytime", "type": "rolling_users",
     "time_zone": None, "level": 1, "start": "2026-03-02T09:00:00",
     "rotation_start": "2026-03-02T09:00:00", "duration": 28800, "frequency": "daily",
     "interval": 1, "until": None, "by_day": ["MO", "TU", "WE", "TH", "FR"],
     "by_month": None, "by_monthday": None, "rolling_users": [["UFAR4"], ["UGUS5"]],
     "start_rotation_from_user_index": 0},
    {"id": "OOVR3", "team_id": "TPLAT", "name": "Dmitri covers the weekend",
     "type": "override", "time_zone": None, "start": "2026-03-21T08:00:00",
     "rotation_start": "2026-03-21T08:00:00", "duration": 86400, "users": ["UDMI2"]},
    # Over before the import: a single shift and an override. Then an override that overlaps
    # Dmitri's: left out and reported (the final shifts below are written as if OnCall let
    # Dmitri's win; were it Ana's, the comparison would show that hour).
    {"id": "OSGL8", "team_id": "TPLAT", "name": "Ana covers", "type": "single_event",
     "time_zone": None, "level": 2, "start": "2026-03-13T13:00:00",
     "rotation_start": "2026-03-13T13:00:00", "duration": 14400, "users": ["UANA1"]},
    {"id": "OOVR9", "team_id": "TPLAT", "name": "Erin away", "type": "override",
     "time_zone": None, "start": "2026-03-10T08:00:00",
     "rotation_start": "2026-03-10T08:00:00", "duration": 3600, "users": ["UFAR4"]},
    {"id": "OOVR10", "team_id": "TPLAT", "name": "Ana helps", "type": "override",
     "time_zone": None, "start": "2026-03-21T20:00:00",
     "rotation_start": "2026-03-21T20:00:00", "duration": 3600, "users": ["UANA1"]},
    {"id": "ODATA6", "team_id": "TDATA", "name": "Data weekly", "type": "rolling_users",
     "time_zone": "Asia/Tokyo", "level": 0, "start": "2026-03-02T10:00:00",
     "rotation_start": "2026-03-02T10:00:00", "duration": 604800, "frequency": "weekly",
     "interval": 1, "until": None, "week_start": "MO", "by_day": None, "by_month": None,
     "by_monthday": None, "rolling_users": [["UHAN6", "UGUS5"], ["UFAR4"]],
     "start_rotation_from_user_index": 0},
    {"id": "OOVR7", "team_id": "TDATA", "name": "Hana takes over", "type": "override",
     "time_zone": None, "start": "2026-03-25T09:00:00",
     "rotation_start": "2026-03-25T09:00:00", "duration": 7200, "users": ["UHAN6", "UX404"]},
    {"id": "OMON4", "team_id": "TDATA", "name": "Month end", "type": "recurrent_event",
     "time_zone": "America/New_York", "level": 0, "start": "2026-01-31T09:00:00",
     "rotation_start": "2026-01-31T09:00:00", "duration": 86400, "frequency": "monthly",
     "interval": 1, "until": None, "by_day": None, "by_month": None, "by_monthday": [-1],
     "users": ["UHAN6"]},
]
_CHAINS: list[dict[str, Any]] = [
    {"id": "FPLAT1", "team_id": "TPLAT", "name": "Platform"},
    {"id": "FCRIT2", "team_id": "TPLAT", "name": "Platform critical"},
    {"id": "FHOOK3", "team_id": None, "name": "Webhook only"},
]
_STEPS: list[dict[str, Any]] = [  # as the API lists them: not in position order
    {"id": "E3", "escalation_chain_id": "FPLAT1", "position": 2, "type": "notify_persons",
     "important": True, "persons_to_notify": ["UFAR4"]},
    {"id": "E1", "escalation_chain_id": "FPLAT1", "position": 0,
     "type": "notify_on_call_from_schedule", "important": False,
     "notify_on_call_from_schedule": "SPLAT1"},
    {"id": "E2", "escalation_chain_id": "FPLAT1", "position": 1, "type": "wait",
     "duration": 300},
    {"id": "E4", "escalation_chain_id": "FPLAT1", "position": 3, "type": "notify_user_group",
     "important": False, "group_to_notify": "GSRE1"},
    {"id": "E5", "escalation_chain_id": "FPLAT1", "position": 4, "type": "wait",
     "duration": 900},
    {"id": "E6", "escalation_chain_id": "FPLAT1", "position": 5, "type": "notify_persons",
     "important": False, "persons_to_notify": ["UANA1"]},
    {"id": "E7", "escalation_chain_id": "FPLAT1", "position": 6,
     "type": "repeat_escalation"},
    {"id": "E8", "escalation_chain_id": "FCRIT2", "position": 0, "type": "notify_persons",
     "important": False, "persons_to_notify": ["UHAN6", "UGUS5"]},
    {"id": "E9", "escalation_chain_id": "FCRIT2", "position": 1, "type": "wait",
     "duration": 60},
    {"id": "E10", "escalation_chain_id": "FCRIT2", "position": 2,
     "type": "notify_on_call_from_schedule", "important": False,
     "notify_on_call_from_schedule": "SLEG2"},
    {"id": "E11", "escalation_chain_id": "FHOOK3", "position": 0, "type": "trigger_webhook",
     "action_to_trigger": "WH1"},
]
_INTEGRATIONS: list[dict[str, Any]] = [
    {"id": "CALERT1", "name": "Platform Alertmanager", "team_id": "TPLAT",
     "type": "alertmanager", "link": "https://oncall.example.org/integrations/v1/am/x/",
     "default_route": {"id": "RDEF1", "escalation_chain_id": "FPLAT1", "slack": _SLACK}},
    {"id": "CGRAF2", "name": "Grafana Alerting", "team_id": "TPAY",
     "type": "grafana_alerting", "link": "https://oncall.example.org/integrations/v1/ga/y/",
     "default_route": {"id": "RDEF2", "escalation_chain_id": "FCRIT2", "slack": _SLACK}},
    {"id": "CHOOK3", "name": "Legacy webhook", "team_id": None, "type": "webhook",
     "link": "https://oncall.example.org/integrations/v1/webhook/z/",
     "default_route": {"id": "RDEF3", "escalation_chain_id": None, "slack": _SLACK}},
]
_ROUTES: list[dict[str, Any]] = [
    {"id": "RCRIT1", "integration_id": "CALERT1", "escalation_chain_id": "FCRIT2",
     "routing_type": "regex", "routing_regex": 'severity="critical"', "position": 0,
     "is_the_last_route": False, "slack": _SLACK},
    {"id": "RDEF1", "integration_id": "CALERT1", "escalation_chain_id": "FPLAT1",
     "routing_type": "regex", "routing_regex": ".*", "position": 1,
     "is_the_last_route": True, "slack": _SLACK},
    {"id": "RPAY2", "integration_id": "CGRAF2", "escalation_chain_id": "FCRIT2",
     "routing_type": "regex", "routing_regex": "team=payments", "position": 0,
     "is_the_last_route": False, "slack": _SLACK},
    {"id": "RDEF2", "integration_id": "CGRAF2", "escalation_chain_id": "FCRIT2",
     "routing_type": "regex", "routing_regex": ".*", "position": 1,
     "is_the_last_route": True, "slack": _SLACK},
    {"id": "RDEF3", "integration_id": "CHOOK3", "escalation_chain_id": None,
     "routing_type": "regex", "routing_regex": ".*", "position": 0,
     "is_the_last_route": True, "slack": _SLACK},
]
_TEAMS: list[dict[str, Any]] = [
    {"id": "TPLAT", "grafana_id": 21, "name": "Platform",
     "email": "platform@example.org", "avatar_url": ""},
    {"id": "TPAY", "grafana_id": 22, "name": "Payments",
     "email": "payments@example.org", "avatar_url": ""},
    {"id": "TDATA", "grafana_id": 23, "name": "Data",
     "email": "data@example.org", "avatar_url": ""},
]

# OnCall's final shifts of "Platform primary", by hand, in UTC (Berlin is UTC+1 until Sunday
# 29 March 01:00 UTC, then UTC+2). Weekly (level 0): Ana from Monday 2 March 09:00, Dmitri
# 9 March, Erin 16 March, Ana 23 March, Dmitri 30 March, Erin 6 April, Ana 13 April, handing
# off at 09:00 Berlin time. Weekday daytime (level 1, wins 09:00-17:00 Berlin on weekdays):
# turns count weekdays only, so from Monday 2 March Farah, Gus, Farah, Gus, Farah, then Gus on
# Monday 9 March: the weeks of 2, 16 and 30 March go F G F G F, those of 9 and 23 March and
# 6 April G F G F G. The override gives Dmitri Saturday 21 March 08:00 to Sunday 08:00 Berlin.
FINAL = """
2026-03-16T00:00 2026-03-16T08:00 UDMI2
2026-03-16T08:00 2026-03-16T16:00 UFAR4
2026-03-16T16:00 2026-03-17T08:00 UERI3
2026-03-17T08:00 2026-03-17T16:00 UGUS5
2026-03-17T16:00 2026-03-18T08:00 UERI3
2026-03-18T08:00 2026-03-18T16:00 UFAR4
2026-03-18T16:00 2026-03-19T08:00 UERI3
2026-03-19T08:00 2026-03-19T16:00 UGUS5
2026-03-19T16:00 2026-03-20T08:00 UERI3
2026-03-20T08:00 2026-03-20T16:00 UFAR4
2026-03-20T16:00 2026-03-21T07:00 UERI3
2026-03-21T07:00 2026-03-22T07:00 UDMI2
2026-03-22T07:00 2026-03-23T08:00 UERI3
2026-03-23T08:00 2026-03-23T16:00 UGUS5
2026-03-23T16:00 2026-03-24T08:00 UANA1
2026-03-24T08:00 2026-03-24T16:00 UFAR4
2026-03-24T16:00 2026-03-25T08:00 UANA1
2026-03-25T08:00 2026-03-25T16:00 UGUS5
2026-03-25T16:00 2026-03-26T08:00 UANA1
2026-03-26T08:00 2026-03-26T16:00 UFAR4
2026-03-26T16:00 2026-03-27T08:00 UANA1
2026-03-27T08:00 2026-03-27T16:00 UGUS5
2026-03-27T16:00 2026-03-30T07:00 UANA1
2026-03-30T07:00 2026-03-30T15:00 UFAR4
2026-03-30T15:00 2026-03-31T07:00 UDMI2
2026-03-31T07:00 2026-03-31T15:00 UGUS5
2026-03-31T15:00 2026-04-01T07:00 UDMI2
2026-04-01T07:00 2026-04-01T15:00 UFAR4
2026-04-01T15:00 2026-04-02T07:00 UDMI2
2026-04-02T07:00 2026-04-02T15:00 UGUS5
2026-04-02T15:00 2026-04-03T07:00 UDMI2
2026-04-03T07:00 2026-04-03T15:00 UFAR4
2026-04-03T15:00 2026-04-06T07:00 UDMI2
2026-04-06T07:00 2026-04-06T15:00 UGUS5
2026-04-06T15:00 2026-04-07T07:00 UERI3
2026-04-07T07:00 2026-04-07T15:00 UFAR4
2026-04-07T15:00 2026-04-08T07:00 UERI3
2026-04-08T07:00 2026-04-08T15:00 UGUS5
2026-04-08T15:00 2026-04-09T07:00 UERI3
2026-04-09T07:00 2026-04-09T15:00 UFAR4
2026-04-09T15:00 2026-04-10T07:00 UERI3
2026-04-10T07:00 2026-04-10T15:00 UGUS5
2026-04-10T15:00 2026-04-13T07:00 UERI3
2026-04-13T07:00 2026-04-13T15:00 UFAR4
2026-04-13T15:00 2026-04-14T07:00 UANA1
"""

# "Data on-call": Monday 10:00 Tokyo time (01:00 UTC, no DST there), Hana and Gus together,
# then Farah; the override gives Hana 09:00-11:00 New York time (EDT since 8 March) on 25
# March. OnCall lists each of two people on call together.
FINAL_DATA = """
2026-03-16T00:00 2026-03-16T01:00 UFAR4
2026-03-16T01:00 2026-03-23T01:00 UHAN6
2026-03-16T01:00 2026-03-23T01:00 UGUS5
2026-03-23T01:00 2026-03-25T13:00 UFAR4
2026-03-25T13:00 2026-03-25T15:00 UHAN6
2026-03-25T15:00 2026-03-30T01:00 UFAR4
2026-03-30T01:00 2026-04-06T01:00 UHAN6
2026-03-30T01:00 2026-04-06T01:00 UGUS5
2026-04-06T01:00 2026-04-13T01:00 UFAR4
2026-04-13T01:00 2026-04-14T01:00 UHAN6
2026-04-13T01:00 2026-04-14T01:00 UGUS5
"""


def _final(text: str) -> list[tuple[datetime, datetime, str]]:
    def at(stamp: str) -> datetime:
        return datetime.fromisoformat(stamp).replace(tzinfo=UTC)
    return [(at(a), at(b), who) for a, b, who in (line.split() for line in text.split("\n")
                                                  if line.strip())]


def _fake(final: str = FINAL) -> FakeGrafanaOnCall:
    data: dict[str, list[dict[str, Any]]] = {
        "users": _USERS, "teams": _TEAMS, "schedules": _SCHEDULES, "on_call_shifts": _SHIFTS,
        "escalation_chains": _CHAINS, "escalation_policies": _STEPS,
        "integrations": _INTEGRATIONS, "routes": _ROUTES}
    # The ical and calendar schedules' final shifts exist too, but are not asked for.
    return FakeGrafanaOnCall(TOKEN, data, {"SPLAT1": _final(final),
                                           "SDATA3": _final(FINAL_DATA), "SLEG2": []})


@pytest.fixture
def oncall() -> Iterator[FakeGrafanaOnCall]:
    fake = _fake()
    with fake.api.serving():
        yield fake


@pytest.fixture
def repo(tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    assert run("init", str(root)).status == 0
    monkeypatch.setenv("INCIDENTKIT_NOW", NOW)
    monkeypatch.setenv("GRAFANA_ONCALL_TOKEN", TOKEN)
    monkeypatch.delenv("GRAFANA_ONCALL_API_URL", raising=False)
    return root



PEOPLE_ADDED = """\
- handle: dmitri
  name: dmitri
  email: dmitri@example.org
  timezone: Europe/Berlin
- handle: erin.walsh
  name: erin
  email: erin.walsh@example.org
  timezone: Europe/Dublin
- handle: farah
  name: farah
  email: farah@example.org
  timezone: Europe/Berlin
- handle: gus
  name: gus
  email: gus@example.org
  timezone: America/New_York
- handle: hana
  name: hana
  email: hana@example.org
  timezone: Asia/Tokyo
"""

SCHEDULE = """\
id: platform-primary
name: Platform primary
timezone: Europe/Berlin
layers:
  - name: Weekly
    start: 2026-03-02T09:00
    rotation: weekly
    members:
      - ana
      - dmitri
      - erin.walsh
  - name: Weekday daytime (farah)
    start: 2026-03-02T09:00
    rotation: weekly
    members:
      - farah
    restrictions:
      - days:
          - mon
          - wed
          - fri
        from: 09:00
        to: '17:00'
        every_weeks: 2
        anchor: '2026-03-02'
      - days:
          - tue
          - thu
        from: 09:00
        to: '17:00'
        every_weeks: 2
        anchor: '2026-03-09'
  - name: Weekday daytime (gus)
    start: 2026-03-02T09:00
    rotation: weekly
    members:
      - gus
    restrictions:
      - days:
          - tue
          - thu
        from: 09:00
        to: '17:00'
        every_weeks: 2
        anchor: '2026-03-02'
      - days:
          - mon
          - wed
          - fri
        from: 09:00
        to: '17:00'
        every_weeks: 2
        anchor: '2026-03-09'
overrides:
  - from: '2026-03-21T08:00:00+01:00'
    to: '2026-03-22T08:00:00+01:00'
    person: dmitri
"""

DATA_SCHEDULE = """\
id: data-on-call
name: Data on-call
timezone: America/New_York
layers:
  - name: Data weekly
    timezone: Asia/Tokyo
    start: 2026-03-02T10:00
    rotation: weekly
    members:
      - hana
      - farah
overrides:
  - from: '2026-03-25T09:00:00-04:00'
    to: '2026-03-25T11:00:00-04:00'
    person: hana
"""

SERVICES_ADDED = """\
- id: platform-alertmanager
  name: Platform Alertmanager
  team: platform
  tier: 2
  escalation_policy: platform
- id: grafana-alerting
  name: Grafana Alerting
  team: payments
  tier: 2
  escalation_policy: platform-critical
"""

POLICIES_ADDED = """\
- id: platform
  name: Platform
  repeat: 5
  steps:
    - after: 0m
      notify:
        - schedule:platform-primary
    - after: 5m
      notify:
        - person:farah
    - after: 20m
      notify:
        - person:ana
- id: platform-critical
  name: Platform critical
  steps:
    - after: 0m
      notify:
        - person:hana
        - person:gus
"""

NOT_TRANSLATED = """\
Not translated (20):
  schedule 'Platform primary' (SPLAT1), shift 'Weekly': ended at 2026-03-02 08:00 UTC: not imported
  schedule 'Platform primary' (SPLAT1), shift 'Ana covers': ended at 2026-03-13 16:00 UTC: not imported
  schedule 'Platform primary' (SPLAT1): 1 override over before 2026-03-16 10:00 UTC: not imported
  schedule 'Platform primary' (SPLAT1): the override of ana from 2026-03-21T20:00:00+01:00 overlaps that of dmitri from 2026-03-21T08:00:00+01:00: left out
  schedule 'Legacy calendar' (SLEG2): an iCal schedule (events from https://calendar.example.org/oncall.ics) has no rotations to translate: not imported
  schedule 'Data on-call' (SDATA3): overrides from the iCal calendar https://calendar.example.org/data-overrides.ics are not imported
  schedule 'Data on-call' (SDATA3), shift 'Data weekly': hana, gus are on call together in one turn; incidentkit has one person per turn: hana kept
  schedule 'Data on-call' (SDATA3), shift 'Month end': not translated: by_month and by_monthday (days of the month) have no equivalent
  schedule 'Data on-call' (SDATA3): on-call shift OGONE9 is not in the API's list of shifts: left out
  schedule 'Data on-call' (SDATA3), shift 'Hana takes over': user UX404 is not among the API's users: left out
  schedule 'Weekend spare' (SSPARE4): no rotation could be translated: not imported
  escalation chain 'Platform' (FPLAT1): step 2: "important" notifications have no equivalent: notified as usual
  escalation chain 'Platform' (FPLAT1): step 3: notify_user_group has no equivalent: left out
  escalation chain 'Platform critical' (FCRIT2): step 2: schedule SLEG2 was not imported: left out
  escalation chain 'Webhook only' (FHOOK3): step 0: trigger_webhook has no equivalent: left out
  escalation chain 'Webhook only' (FHOOK3): no step notifies anyone incidentkit knows: not imported
  integration 'Platform Alertmanager' (CALERT1): route 'severity="critical"' to escalation chain 'Platform critical' (FCRIT2): a service has one escalation policy (its default route's)
  integration 'Legacy webhook' (CHOOK3): its default route has no imported escalation chain: no service made
  services: Grafana OnCall has no service tiers: each integration was imported as a tier 2 service; set each service's tier in oncall/services.yaml
  people: Grafana OnCall's API gives no names: the 5 people added are named by their username; write their names in oncall/people.yaml
"""  # noqa: E501

COMPARED = """\
Compared with Grafana OnCall's final shifts, 2026-03-16 10:00 UTC to 2026-04-13 10:00 UTC:
  platform-primary: the same (43 shifts)
  data-on-call: the same (7 shifts)
"""

FIRST = """\
Import from Grafana OnCall:
  11 created, 0 unchanged, 0 kept as the repository has them
  oncall/people.yaml: person dmitri created
  oncall/people.yaml: person erin.walsh created
  oncall/people.yaml: person farah created
  oncall/people.yaml: person gus created
  oncall/people.yaml: person hana created
  oncall/services.yaml: service platform-alertmanager created
  oncall/services.yaml: service grafana-alerting created
  oncall/escalation-policies.yaml: escalation policy platform created
  oncall/escalation-policies.yaml: escalation policy platform-critical created
  oncall/schedules/platform-primary.yaml: schedule platform-primary created
  oncall/schedules/data-on-call.yaml: schedule data-on-call created

""" + NOT_TRANSLATED + "\n" + COMPARED

# Nobody is added the second time: no note about names.
AGAIN = """\
Import from Grafana OnCall:
  0 created, 6 unchanged, 0 kept as the repository has them

""" + NOT_TRANSLATED.replace("(20)", "(19)").replace(
    "  people: Grafana OnCall's API gives no names: the 5 people added are named by their "
    "username; write their names in oncall/people.yaml\n", "") + "\n" + COMPARED


def _import(run: Callable[..., Run], repo: Path, *args: str) -> Run:
    return run("-C", str(repo), "import", "grafana-oncall", *args)


def test_import_translates_rotations_overrides_and_dst_as_oncall_renders_them(
    repo: Path, oncall: FakeGrafanaOnCall, run: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_bytes(repo)
    result = _import(run, repo, "--url", oncall.url)
    assert (result.status, result.err) == (0, "")
    assert result.out == FIRST
    after = tree_bytes(repo)
    assert after["oncall/schedules/platform-primary.yaml"].decode() == SCHEDULE
    assert after["oncall/schedules/data-on-call.yaml"].decode() == DATA_SCHEDULE
    for rel, added in (("oncall/people.yaml", PEOPLE_ADDED),
                       ("oncall/services.yaml", SERVICES_ADDED),
                       ("oncall/escalation-policies.yaml", POLICIES_ADDED)):
        assert after[rel].decode() == before[rel].decode() + added, rel
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    assert changed == {"oncall/people.yaml", "oncall/services.yaml",
                       "oncall/escalation-policies.yaml", "oncall/schedules/platform-primary.yaml",
                       "oncall/schedules/data-on-call.yaml"}
    assert TOKEN not in result.out + result.err
    # The imported files, now; then the whole repository once the example incident of
    # 24 March (from `incidentkit init`) is in the past.
    checked = run("-C", str(repo), "validate", "--strict",
                  *(str(repo / rel) for rel in sorted(changed)))
    assert (checked.status, checked.out) == (0, "5 files checked: 0 errors, 0 warnings\n")
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-30T12:00:00Z")
    checked = run("-C", str(repo), "validate", "--strict")
    assert checked.status == 0, checked.out
    assert checked.out.endswith(" files checked: 0 errors, 0 warnings\n")


def test_a_second_import_changes_nothing(
    repo: Path, oncall: FakeGrafanaOnCall, run: Callable[..., Run]
) -> None:
    assert _import(run, repo, "--url", oncall.url).status == 0
    first = tree_bytes(repo)
    again = _import(run, repo, "--url", oncall.url)
    assert (again.status, again.out, again.err) == (0, AGAIN, "")
    assert tree_bytes(repo) == first


def test_every_list_is_read_page_by_page(
    repo: Path, oncall: FakeGrafanaOnCall, run: Callable[..., Run]
) -> None:
    assert _import(run, repo, "--url", oncall.url).status == 0
    pages = {"users": 4, "teams": 2, "schedules": 2, "on_call_shifts": 5,
             "escalation_chains": 2, "escalation_policies": 6, "integrations": 2, "routes": 3}
    for name, count in pages.items():
        assert oncall.requests(name) == [""] + [f"page={n}" for n in range(2, count + 1)], name
    assert [q for p, q in oncall.api.log if p.endswith("/SDATA3/final_shifts")] == [
        "end_date=2026-04-14&start_date=2026-03-16"]
    # OnCall answers final shifts on one page (its view fills in the pagination fields).
    assert [q for p, q in oncall.api.log if p.endswith("/SPLAT1/final_shifts")] == [
        "end_date=2026-04-14&start_date=2026-03-16"]


def test_saved_responses_import_offline_the_same(
    tmp_path: Path, repo: Path, oncall: FakeGrafanaOnCall, run: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = tmp_path / "saved"
    other = tmp_path / "other"
    assert run("init", str(other)).status == 0
    online = _import(run, repo, "--url", oncall.url, "--save-responses", str(saved))
    assert online.status == 0
    assert len(list(saved.iterdir())) == len(oncall.api.log)
    assert not any(TOKEN in p.read_text() for p in saved.iterdir())
    monkeypatch.delenv("GRAFANA_ONCALL_TOKEN")
    requests = len(oncall.api.log)
    offline = _import(run, other, "--responses", str(saved))
    assert (offline.status, offline.out, offline.err) == (0, FIRST, "")
    assert len(oncall.api.log) == requests
    assert tree_bytes(other) == tree_bytes(repo)


def test_a_different_final_schedule_is_reported_with_status_1(
    repo: Path, run: Callable[..., Run]
) -> None:
    # Gus instead of Farah on Tuesday 24 March, and OnCall keeping the weekly shift's 168
    # hours across the DST change (Ana until 08:00 UTC on Monday 30 March, not 07:00), with
    # nobody in the daytime layer that morning.
    changed = FINAL.replace("2026-03-24T08:00 2026-03-24T16:00 UFAR4",
                            "2026-03-24T08:00 2026-03-24T16:00 UGUS5").replace(
        "2026-03-27T16:00 2026-03-30T07:00 UANA1\n2026-03-30T07:00 2026-03-30T15:00 UFAR4",
        "2026-03-27T16:00 2026-03-30T08:00 UANA1\n2026-03-30T08:00 2026-03-30T15:00 UFAR4")
    assert changed.count("\n") == FINAL.count("\n") and changed != FINAL
    fake = _fake(changed)
    with fake.api.serving():
        result = _import(run, repo, "--url", fake.url, "--dry-run")
    assert (result.status, result.err) == (1, "")
    assert result.out.endswith(
        "Compared with Grafana OnCall's final shifts, 2026-03-16 10:00 UTC to "
        "2026-04-13 10:00 UTC:\n"
        "  platform-primary: 2 differences\n"
        "    2026-03-24 08:00 UTC to 2026-03-24 16:00 UTC: incidentkit farah, "
        "Grafana OnCall gus\n"
        "    2026-03-30 07:00 UTC to 2026-03-30 08:00 UTC: incidentkit farah, "
        "Grafana OnCall ana\n"
        "  data-on-call: the same (7 shifts)\n")
    assert not (repo / "oncall/schedules/platform-primary.yaml").exists()


def test_without_a_token_or_url_nothing_is_asked(
    repo: Path, oncall: FakeGrafanaOnCall, run: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_bytes(repo)
    no_url = _import(run, repo)
    assert no_url.status == 2
    assert "Grafana OnCall: give the API's URL with --url or GRAFANA_ONCALL_API_URL" in \
        no_url.err
    monkeypatch.setenv("GRAFANA_ONCALL_API_URL", oncall.url)
    monkeypatch.delenv("GRAFANA_ONCALL_TOKEN")
    missing = _import(run, repo)
    assert missing.status == 2
    assert "Grafana OnCall: set GRAFANA_ONCALL_TOKEN to an API token" in missing.err
    assert oncall.api.log == []
    assert tree_bytes(repo) == before


def test_a_wrong_token_is_refused_and_never_printed(
    repo: Path, oncall: FakeGrafanaOnCall, run: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_bytes(repo)
    monkeypatch.setenv("GRAFANA_ONCALL_TOKEN", "wrong-token-4711")
    result = _import(run, repo, "--url", oncall.url)
    assert result.status == 2
    assert result.err.strip().endswith(
        f"Grafana OnCall: {oncall.url}/api/v1/users/ answered 401: the token is missing, "
        "wrong or lacks read access")
    assert "wrong-token-4711" not in result.out + result.err
    assert TOKEN not in result.out + result.err
    assert tree_bytes(repo) == before


@pytest.mark.parametrize(("path", "params", "edit", "message"), [
    ("api/v1/teams/", None, lambda body: {"detail": "Not found."},
     "Grafana OnCall: GET api/v1/teams/ did not answer with a list of results; check that "
     "the URL is OnCall's API root"),
    ("api/v1/users/", None, lambda body: {**body, "next": "https://elsewhere.example.org/2"},
     "Grafana OnCall: GET api/v1/users/ gave an unusable next page: "
     "https://elsewhere.example.org/2"),
    ("api/v1/schedules/SPLAT1/final_shifts",
     {"end_date": "2026-04-14", "start_date": "2026-03-16"},
     lambda body: {**body, "results": [{**body["results"][0],
                                        "shift_start": "2026-03-16T00:00:00"}]},
     "Grafana OnCall: final shift time '2026-03-16T00:00:00' has no offset"),
])
def test_answers_it_cannot_use_stop_the_import(
    tmp_path: Path, repo: Path, oncall: FakeGrafanaOnCall, run: Callable[..., Run],
    path: str, params: dict[str, str] | None, edit: Callable[[Any], Any], message: str
) -> None:
    saved = tmp_path / "saved"
    other = tmp_path / "other"
    assert run("init", str(other)).status == 0
    assert _import(run, repo, "--url", oncall.url, "--save-responses", str(saved)).status == 0
    file = saved / response_name(path, params)
    file.write_text(json.dumps(edit(json.loads(file.read_text()))))
    before = tree_bytes(other)
    result = _import(run, other, "--responses", str(saved))
    assert result.status == 2
    assert result.err.strip().endswith(message)
    assert tree_bytes(other) == before
