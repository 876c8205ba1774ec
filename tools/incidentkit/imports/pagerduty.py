"""``incidentkit import pagerduty``: PagerDuty's REST API v2 read into our on-call files.

Endpoints and fields used (https://developer.pagerduty.com/api-reference, the OpenAPI file of
PagerDuty/api-schema), all with ``Authorization: Token token=<key>`` and ``Accept:
application/vnd.pagerduty+json;version=2``:

* ``GET /users`` — ``id``, ``name``, ``email``, ``time_zone``: our people.
* ``GET /schedules`` — ``id``, ``name``, ``time_zone``; then for each one
  ``GET /schedules/{id}?since&until&time_zone`` — ``schedule_layers`` (``name``, ``start``,
  ``end``, ``rotation_virtual_start``, ``rotation_turn_length_seconds``, ``users``,
  ``restrictions`` of ``type`` ``daily_restriction``/``weekly_restriction`` with
  ``start_time_of_day``, ``duration_seconds``, ``start_day_of_week``) and
  ``final_schedule.rendered_schedule_entries`` (``start``, ``end``, ``user``): the vendor's
  own rendering that our shifts are compared with; and
  ``GET /schedules/{id}/overrides?since&until&overflow=true`` — ``start``, ``end``, ``user``
  (each override whole; the schedule's ``overrides_subschedule`` cuts them at the range).
* ``GET /escalation_policies`` — ``name``, ``num_loops``, ``escalation_rules``
  (``escalation_delay_in_minutes``, ``targets`` of ``type`` ``user_reference`` /
  ``schedule_reference``, ``escalation_rule_assignment_strategy``).
* ``GET /services`` — ``name``, ``description``, ``escalation_policy``, ``teams``,
  ``incident_urgency_rule``.

Lists use PagerDuty's classic pagination: ``offset`` and ``limit`` in the query, ``more``
(and ``offset``, ``limit``, ``total``) in the answer; pages are read until ``more`` is false.
How layers, turns, restrictions and rules translate: :mod:`incidentkit.imports.pagerduty_translate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from incidentkit.errors import FatalError
from incidentkit.imports import pagerduty_translate as translate
from incidentkit.imports.api import Api, Params
from incidentkit.imports.people import People, slug
from incidentkit.imports.plan import Translation, VendorShift
from incidentkit.imports.vendors import Vendor
from incidentkit.model.types import timezone_problem

#: The most a PagerDuty list answers per page.
PAGE = 100
#: Classic pagination answers no record past this offset (PagerDuty's API reference).
LAST_OFFSET = 10000


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _object(body: Any, key: str, path: str) -> Any:
    if not isinstance(body, dict) or key not in body:
        raise FatalError(f"PagerDuty: GET {path} did not answer with {key!r}")
    return body[key]


def pages(api: Api, path: str, key: str, params: Params | None = None) -> list[dict[str, Any]]:
    """Every item of a paginated list (``offset``/``limit``, until ``more`` is false)."""
    items: list[dict[str, Any]] = []
    offset = 0
    while True:
        body = api.get(path, {**(params or {}), "offset": offset, "limit": PAGE})
        page = _object(body, key, path)
        if not isinstance(page, list):
            raise FatalError(f"PagerDuty: GET {path} did not answer with a list of {key}")
        items += [item for item in page if isinstance(item, dict)]
        if not body.get("more") or not page:
            return items
        offset += len(page)
        if offset >= LAST_OFFSET:
            raise FatalError(f"PagerDuty: GET {path} lists more than {LAST_OFFSET} {key}, "
                             "more than PagerDuty's offset pagination reaches")


class _Reader:
    def __init__(self, api: Api, people: People, start: datetime, end: datetime) -> None:
        self.api = api
        self.people = people
        self.found = Translation(vendor="pagerduty", window=(start, end))
        self.window = {"since": _iso(start), "until": _iso(end)}
        #: PagerDuty escalation policy id → the name of its (first) team.
        self.policy_teams: dict[str, str] = {}

    def person(self, reference: Mapping[str, Any]) -> str:
        """The handle of a user reference (a user no longer listed is added by its name)."""
        vendor_id = str(reference["id"])
        return self.people.handle(vendor_id) or self.people.add(
            vendor_id, str(reference.get("summary") or reference.get("name") or vendor_id),
            reference.get("email"))

    def named(self, reference: Mapping[str, Any]) -> str:
        """Who a final-schedule entry names: their handle, or (someone the import did not
        meet, so never on call in our schedule) their PagerDuty name, not added to people."""
        return self.people.handle(str(reference["id"])) or \
            f"{reference.get('summary') or '?'} ({reference['id']})"

    def users(self) -> None:
        for user in pages(self.api, "/users", "users"):
            self.people.add(str(user["id"]), str(user.get("name") or user["id"]),
                            user.get("email") or None, user.get("time_zone") or None)

    def schedules(self) -> dict[str, str]:
        """Read and translate every schedule; PagerDuty ids → ours of those imported."""
        imported: dict[str, str] = {}
        taken: set[str] = set()
        for listed in pages(self.api, "/schedules", "schedules"):
            name = str(listed.get("name") or listed["id"])
            zone_name = str(listed.get("time_zone") or "")
            if timezone_problem(zone_name):
                self.found.note(f"schedule {name!r} ({listed['id']})", f"its time zone "
                                f"{zone_name!r} is not a name of the IANA time zone database: "
                                "not imported")
                continue
            ident = slug(name, taken)
            path = f"/schedules/{listed['id']}"
            raw = _object(self.api.get(path, {**self.window, "time_zone": zone_name}),
                          "schedule", path)
            overrides = _object(self.api.get(f"{path}/overrides",
                                             {**self.window, "overflow": "true"}),
                                "overrides", f"{path}/overrides")
            made = translate.schedule(raw, ident, ZoneInfo(zone_name), self.person,
                                      overrides or [], self.found)
            if made is None:
                taken.discard(ident)
                continue
            self.found.schedules.append(made)
            imported[str(listed["id"])] = ident
            entries = (raw.get("final_schedule") or {}).get("rendered_schedule_entries") or []
            self.found.final[ident] = [
                VendorShift(translate.instant(e["start"]), translate.instant(e["end"]),
                            self.named(e["user"]) if e.get("user") else None)
                for e in entries]
        return imported

    def policies(self, schedules: Mapping[str, str]) -> dict[str, str]:
        imported: dict[str, str] = {}
        taken: set[str] = set()
        for raw in pages(self.api, "/escalation_policies", "escalation_policies"):
            teams = raw.get("teams") or []
            if teams:
                self.policy_teams[str(raw["id"])] = str(teams[0].get("summary") or
                                                        teams[0]["id"])
            ident = slug(str(raw.get("name") or raw["id"]), taken)
            made = translate.policy(raw, ident, self.person, schedules, self.found)
            if made is None:
                taken.discard(ident)
                continue
            self.found.policies.append(made)
            imported[str(raw["id"])] = ident
        return imported

    def services(self, policies: Mapping[str, str]) -> None:
        taken: set[str] = set()
        teams: dict[str, str] = {}

        def team(name: str) -> str:
            return teams.setdefault(name, slug(name, set()))

        for raw in pages(self.api, "/services", "services"):
            ident = slug(str(raw.get("name") or raw["id"]), taken)
            made = translate.service(raw, ident, policies, team, self.found,
                                     self.policy_teams)
            if made is None:
                taken.discard(ident)
                continue
            self.found.services.append(made)
        if self.found.services:
            count = len(self.found.services)
            these = "the service is" if count == 1 else f"the {count} services are"
            self.found.note("services", f"PagerDuty has no service tier: {these} imported as "
                            "tier 3; set each one's tier in oncall/services.yaml")


def read(api: Api, people: People, start: datetime, end: datetime) -> Translation:
    """PagerDuty's people, schedules, escalation policies and services, translated."""
    reader = _Reader(api, people, start, end)
    reader.users()
    schedules = reader.schedules()
    policies = reader.policies(schedules)
    reader.services(policies)
    return reader.found


def _headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Token token={token}",
            "Accept": "application/vnd.pagerduty+json;version=2"}


VENDOR = Vendor(
    name="pagerduty",
    title="PagerDuty",
    token_env="PAGERDUTY_TOKEN",
    url_env="PAGERDUTY_API_URL",
    default_url="https://api.pagerduty.com",
    rendered="final schedule",
    headers=_headers,
    read=read,
)
