"""A stateful PagerDuty REST API v2 on 127.0.0.1, shaped as PagerDuty's API reference says.

It checks ``Authorization: Token token=<key>`` and the versioned ``Accept`` header, answers
401 otherwise, and pages ``/users``, ``/schedules``, ``/escalation_policies`` and ``/services``
with ``offset``/``limit``/``more``/``total`` (a page holds at most ``page_size`` items, so the
tests see several pages). ``GET /schedules/{id}`` truncates the account's literal final
schedule at ``since``/``until`` as PagerDuty does without ``overflow=true``; the overrides
endpoint answers the overrides that overlap the range.

The account (:func:`example_account`) is a realistic Berlin team. Its final schedule is
written out by hand from PagerDuty's documented semantics, never computed by incidentkit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tests.imports.fakeapi import FakeApi

ACCEPT = "application/vnd.pagerduty+json;version=2"


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _user(ident: str, name: str, email: str) -> dict[str, Any]:
    return {"id": ident, "type": "user", "summary": name, "name": name, "email": email,
            "time_zone": "Europe/Berlin", "role": "user",
            "self": f"https://api.pagerduty.com/users/{ident}"}


def ref(ident: str, name: str, kind: str = "user_reference") -> dict[str, Any]:
    return {"id": ident, "type": kind, "summary": name}


def _layer_user(ident: str, name: str) -> dict[str, Any]:
    return {"user": ref(ident, name)}


USERS = {"PDANA01": "Dana Ortiz", "PELI002": "Eli Brandt", "PFARAH3": "Farah Khan",
         "PBEN004": "Benjamin Carter", "PGUS005": "Gus Meyer", "PHANA06": "Hana Ito"}


def _who(ident: str) -> dict[str, Any]:
    return _layer_user(ident, USERS[ident])


def entry(start: str, end: str, user: str) -> dict[str, Any]:
    return {"start": start, "end": end, "user": ref(user, USERS[user])}


def example_account() -> dict[str, Any]:
    """Users, three schedules, three escalation policies and three services."""
    emails = {"PDANA01": "dana.ortiz@example.com", "PELI002": "eli.brandt@example.com",
              "PFARAH3": "farah.khan@example.com", "PBEN004": "ben@example.com",
              "PGUS005": "gus.meyer@example.com", "PHANA06": "hana.ito@example.com"}
    primary = {
        "id": "PSCHED1", "type": "schedule", "name": "Identity Primary",
        "summary": "Identity Primary", "time_zone": "Europe/Berlin",
        # As GET lists them: the layer that wins first.
        "schedule_layers": [
            {"id": "PLAYWKE", "name": "Weekend", "start": "2026-01-02T17:00:00+01:00",
             "end": None, "rotation_virtual_start": "2026-01-02T17:00:00+01:00",
             "rotation_turn_length_seconds": 604800,
             "users": [_who("PBEN004"), _who("PGUS005")],
             "restrictions": [{"type": "weekly_restriction", "start_time_of_day": "17:00:00",
                               "duration_seconds": 230400, "start_day_of_week": 5}]},
            {"id": "PLAYPRI", "name": "Weekly primary", "start": "2026-02-10T16:23:00+01:00",
             "end": None, "rotation_virtual_start": "2026-01-05T09:00:00+01:00",
             "rotation_turn_length_seconds": 604800,
             "users": [_who("PDANA01"), _who("PELI002"), _who("PFARAH3")],
             "restrictions": []},
            {"id": "PLAYOLD", "name": "Old primary", "start": "2025-06-02T09:00:00+02:00",
             "end": "2026-01-05T09:00:00+01:00",
             "rotation_virtual_start": "2025-06-02T09:00:00+02:00",
             "rotation_turn_length_seconds": 604800, "users": [_who("PDANA01")],
             "restrictions": []},
        ],
        # Worked out by hand (Europe/Berlin; CEST from Sunday 2026-03-29 03:00): weekdays
        # Mon 09:00 -> Fri 17:00 the weekly primary (farah from 03-23, dana 03-30, eli 04-06,
        # farah 04-13, dana 04-20), weekends Fri 17:00 -> Mon 09:00 the weekend layer (ben
        # 03-27, gus 04-03, ben 04-10, gus 04-17), ben's override Wed 04-08 09:00 -> Thu 04-09
        # 09:00 CEST over eli.
        "final": [
            entry("2026-03-23T08:00:00Z", "2026-03-27T16:00:00Z", "PFARAH3"),
            entry("2026-03-27T16:00:00Z", "2026-03-30T07:00:00Z", "PBEN004"),
            entry("2026-03-30T07:00:00Z", "2026-04-03T15:00:00Z", "PDANA01"),
            entry("2026-04-03T15:00:00Z", "2026-04-06T07:00:00Z", "PGUS005"),
            entry("2026-04-06T07:00:00Z", "2026-04-08T07:00:00Z", "PELI002"),
            entry("2026-04-08T07:00:00Z", "2026-04-09T07:00:00Z", "PBEN004"),
            entry("2026-04-09T07:00:00Z", "2026-04-10T15:00:00Z", "PELI002"),
            entry("2026-04-10T15:00:00Z", "2026-04-13T07:00:00Z", "PBEN004"),
            entry("2026-04-13T07:00:00Z", "2026-04-17T15:00:00Z", "PFARAH3"),
            entry("2026-04-17T15:00:00Z", "2026-04-20T07:00:00Z", "PGUS005"),
            entry("2026-04-20T07:00:00Z", "2026-04-24T15:00:00Z", "PDANA01"),
        ],
        "overrides": [
            {"id": "PQ47DCP", "start": "2026-04-08T09:00:00+02:00",
             "end": "2026-04-09T09:00:00+02:00", "user": ref("PBEN004", USERS["PBEN004"])},
        ],
    }
    secondary = {
        "id": "PSCHED2", "type": "schedule", "name": "Identity Secondary",
        "summary": "Identity Secondary", "time_zone": "Europe/Berlin",
        "schedule_layers": [
            {"id": "PLAYSEC", "name": "Layer 1", "start": "2026-02-02T09:00:00+01:00",
             "end": None, "rotation_virtual_start": "2026-02-02T09:00:00+01:00",
             "rotation_turn_length_seconds": 604800,
             "users": [_who("PGUS005"), _who("PHANA06")], "restrictions": []},
        ],
        # Monday 09:00 handoffs: hana 03-23, gus 03-30 (CEST), hana 04-06, gus 04-13, hana 04-20.
        "final": [
            entry("2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z", "PHANA06"),
            entry("2026-03-30T07:00:00Z", "2026-04-06T07:00:00Z", "PGUS005"),
            entry("2026-04-06T07:00:00Z", "2026-04-13T07:00:00Z", "PHANA06"),
            entry("2026-04-13T07:00:00Z", "2026-04-20T07:00:00Z", "PGUS005"),
            entry("2026-04-20T07:00:00Z", "2026-04-27T07:00:00Z", "PHANA06"),
        ],
        "overrides": [],
    }
    database = {
        "id": "PSCHED3", "type": "schedule", "name": "Database Pager",
        "summary": "Database Pager", "time_zone": "Europe/Berlin",
        "schedule_layers": [
            {"id": "PLAYDB1", "name": "Half hours", "start": "2026-02-02T09:00:00+01:00",
             "end": None, "rotation_virtual_start": "2026-02-02T09:00:00+01:00",
             "rotation_turn_length_seconds": 1800,
             "users": [_who("PDANA01"), _who("PHANA06")], "restrictions": []},
        ],
        "final": [], "overrides": [],
    }
    policies = [
        {"id": "PPOL001", "type": "escalation_policy", "name": "Identity Escalation",
         "num_loops": 2, "on_call_handoff_notifications": "if_has_services",
         "escalation_rules": [
             {"id": "PR1", "escalation_delay_in_minutes": 10,
              "targets": [ref("PSCHED1", "Identity Primary", "schedule_reference")]},
             {"id": "PR2", "escalation_delay_in_minutes": 15,
              "targets": [ref("PSCHED2", "Identity Secondary", "schedule_reference")]},
             {"id": "PR3", "escalation_delay_in_minutes": 30,
              "targets": [ref("PFARAH3", USERS["PFARAH3"]), ref("PBEN004", USERS["PBEN004"])]},
         ]},
        {"id": "PPOL002", "type": "escalation_policy", "name": "Database Escalation",
         "num_loops": 0,
         "escalation_rules": [
             {"id": "PR4", "escalation_delay_in_minutes": 5,
              "targets": [ref("PSCHED3", "Database Pager", "schedule_reference"),
                          ref("PDANA01", USERS["PDANA01"])]},
         ]},
        {"id": "PPOL003", "type": "escalation_policy", "name": "Search Escalation",
         "num_loops": 0, "teams": [ref("PTEAM03", "Search Relevance", "team_reference")],
         "escalation_rules": [
             {"id": "PR5", "escalation_delay_in_minutes": 20,
              "escalation_rule_assignment_strategy": "round_robin",
              "targets": [ref("PELI002", USERS["PELI002"]), ref("PHANA06", USERS["PHANA06"])]},
         ]},
    ]
    services = [
        {"id": "PSVC001", "type": "service", "name": "Auth API",
         "description": "Logins and   tokens.", "status": "active",
         "escalation_policy": ref("PPOL001", "Identity Escalation",
                                  "escalation_policy_reference"),
         "teams": [ref("PTEAM01", "Identity", "team_reference")],
         "incident_urgency_rule": {"type": "constant", "urgency": "high"}},
        {"id": "PSVC002", "type": "service", "name": "Orders DB", "description": None,
         "status": "active",
         "escalation_policy": ref("PPOL002", "Database Escalation",
                                  "escalation_policy_reference"),
         "teams": [ref("PTEAM02", "Data Platform", "team_reference")],
         "incident_urgency_rule": {
             "type": "use_support_hours",
             "during_support_hours": {"type": "constant", "urgency": "high"},
             "outside_support_hours": {"type": "constant", "urgency": "low"}},
         "support_hours": {"type": "fixed_time_per_day", "time_zone": "Europe/Berlin",
                           "days_of_week": [1, 2, 3, 4, 5], "start_time": "09:00:00",
                           "end_time": "17:00:00"}},
        {"id": "PSVC003", "type": "service", "name": "Search", "description": "",
         "status": "active",
         "escalation_policy": ref("PPOL003", "Search Escalation",
                                  "escalation_policy_reference"),
         "teams": [], "incident_urgency_rule": {"type": "constant", "urgency": "high"}},
    ]
    return {
        "users": [_user(i, n, emails[i]) for i, n in USERS.items()],
        "schedules": [primary, secondary, database],
        "escalation_policies": policies,
        "services": services,
    }


def _overlapping(items: list[dict[str, Any]], since: datetime, until: datetime
                 ) -> list[dict[str, Any]]:
    return [i for i in items if _at(i["start"]) < until and since < _at(i["end"])]


@dataclass
class FakePagerDuty:
    token: str
    account: dict[str, Any] = field(default_factory=example_account)
    page_size: int = 2
    api: FakeApi = field(init=False)

    def __post_init__(self) -> None:
        self.api = FakeApi(authorized=self._authorized)
        for key in ("users", "schedules", "escalation_policies", "services"):
            self.api.route(f"/{key}")(self._lister(key))
        self.api.route(r"/schedules/(?P<id>[A-Z0-9]+)")(self._schedule)
        self.api.route(r"/schedules/(?P<id>[A-Z0-9]+)/overrides")(self._overrides)

    def _authorized(self, headers: Mapping[str, str]) -> bool:
        return (headers.get("authorization") == f"Token token={self.token}"
                and ACCEPT in headers.get("accept", ""))

    def _lister(self, key: str) -> Any:
        def answer(match: re.Match[str], query: dict[str, list[str]]) -> tuple[int, Any]:
            offset = int(query.get("offset", ["0"])[0])
            limit = min(int(query.get("limit", ["25"])[0]), self.page_size)
            items = self.account[key]
            shown = [self._summary(key, item) for item in items[offset:offset + limit]]
            return 200, {key: shown, "offset": offset, "limit": limit,
                         "more": offset + limit < len(items), "total": None}
        return answer

    @staticmethod
    def _summary(key: str, item: dict[str, Any]) -> dict[str, Any]:
        if key != "schedules":
            return item
        return {k: item[k] for k in ("id", "type", "name", "summary", "time_zone")}

    def _find(self, ident: str) -> dict[str, Any] | None:
        return next((s for s in self.account["schedules"] if s["id"] == ident), None)

    def _schedule(self, match: re.Match[str], query: dict[str, list[str]]) -> tuple[int, Any]:
        found = self._find(match["id"])
        if found is None:
            return 404, {"error": {"message": "Not Found", "code": 2100}}
        since, until = _at(query["since"][0]), _at(query["until"][0])
        final = [{**e, "start": max(_at(e["start"]), since).isoformat(),
                  "end": min(_at(e["end"]), until).isoformat()}
                 for e in _overlapping(found["final"], since, until)]
        body = {k: v for k, v in found.items() if k not in ("final", "overrides")}
        body["final_schedule"] = {"name": "Final Schedule", "rendered_schedule_entries": final,
                                  "rendered_coverage_percentage": None}
        body["overrides_subschedule"] = {"name": "Overrides", "rendered_schedule_entries": [],
                                         "rendered_coverage_percentage": None}
        return 200, {"schedule": body}

    def _overrides(self, match: re.Match[str], query: dict[str, list[str]]) -> tuple[int, Any]:
        found = self._find(match["id"])
        if found is None:
            return 404, {"error": {"message": "Not Found", "code": 2100}}
        since, until = _at(query["since"][0]), _at(query["until"][0])
        shown = _overlapping(found["overrides"], since, until)
        if query.get("overflow") != ["true"]:
            shown = [{**o, "start": max(_at(o["start"]), since).isoformat(),
                      "end": min(_at(o["end"]), until).isoformat()} for o in shown]
        return 200, {"overrides": shown}
