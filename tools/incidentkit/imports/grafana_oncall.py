"""``incidentkit import grafana-oncall``: read Grafana OnCall's public API (v1).

The API's root is the OnCall URL of the stack (``--url`` or ``GRAFANA_ONCALL_API_URL``, e.g.
``https://oncall-prod-us-central-0.grafana.net/oncall``); the token (``GRAFANA_ONCALL_TOKEN``)
travels in the ``Authorization`` header as it is. Every list is paginated: ``results`` and a
``next`` URL (null on the last page; also ``count``, ``page_size``, ``current_page_number``,
``total_pages``), which is followed until it is null.

Endpoints and fields used (Grafana OnCall API reference):

* ``GET /api/v1/users/``: ``id``, ``email``, ``username``, ``name`` (when given), ``timezone``.
* ``GET /api/v1/teams/``: ``id``, ``name``.
* ``GET /api/v1/schedules/``: ``id``, ``name``, ``type`` (``web``, ``calendar``, ``ical``),
  ``time_zone``, ``shifts`` (the ids of its on-call shifts, overrides included),
  ``ical_url_primary``, ``ical_url_overrides``.
* ``GET /api/v1/on_call_shifts/``: ``id``, ``name``, ``type`` (``rolling_users``,
  ``recurrent_event``, ``single_event``, ``override``), ``time_zone``, ``level``, ``start``,
  ``duration`` (seconds), ``frequency``, ``interval``, ``until``, ``week_start``, ``by_day``,
  ``by_month``, ``by_monthday``, ``users``, ``rolling_users``,
  ``start_rotation_from_user_index``: translated by :mod:`.grafana_oncall_translate`.
* ``GET /api/v1/schedules/{id}/final_shifts?start_date=&end_date=`` (dates: from
  ``start_date`` 00:00 UTC to ``end_date`` 00:00 UTC; one entry per person on call):
  ``user_pk``, ``user_username``, ``shift_start``, ``shift_end``: OnCall's final schedule,
  for the comparison. (OnCall sends it on one page; ``next`` is followed all the same.)
* ``GET /api/v1/escalation_chains/``: ``id``, ``name``; ``GET /api/v1/escalation_policies/``:
  ``escalation_chain_id``, ``position``, ``type``, ``duration``, ``persons_to_notify``,
  ``notify_on_call_from_schedule``, ``important``: our escalation policies.
* ``GET /api/v1/integrations/``: ``id``, ``name``, ``team_id``; ``GET /api/v1/routes/``:
  ``integration_id``, ``escalation_chain_id``, ``routing_regex``, ``is_the_last_route``.

OnCall has no services. Each integration (where alerts come in) becomes one: its team is the
integration's team (``general`` without one, as OnCall calls it), its escalation policy the
chain of its default route (``is_the_last_route``); other routes' chains are reported. OnCall
has no tiers: every service is imported as tier 2 (reported, to be set by hand).

OnCall keeps a shift's length in seconds: a shift that spans a DST change can end an hour early
or late in OnCall's own rendering (grafana/oncall#5247), where our handoffs stay at wall-clock
time; the comparison then shows that hour.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from incidentkit.errors import FatalError
from incidentkit.imports import grafana_oncall_translate as tr
from incidentkit.imports.api import Api, Params, relative
from incidentkit.imports.people import People, slug
from incidentkit.imports.plan import Translation, VendorShift
from incidentkit.imports.vendors import Vendor

_V1 = "/api/v1/"
#: OnCall has no service tiers; the tier every imported service gets.
TIER = 2


def pages(api: Api, path: str, params: Params | None = None) -> list[dict[str, Any]]:
    """Every ``results`` entry of a paginated list, following ``next`` to the last page."""
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    body = api.get(path, params)
    while True:
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise FatalError(f"Grafana OnCall: GET {path} did not answer with a list of "
                             "results; check that the URL is OnCall's API root")
        found += [r for r in body["results"] if isinstance(r, dict)]
        following = body.get("next")
        if not following:
            return found
        if _V1 not in following or following in seen:
            raise FatalError(f"Grafana OnCall: GET {path} gave an unusable next page: "
                             f"{following}")
        seen.add(following)
        path, params = relative(following, following[:following.index(_V1)])
        body = api.get(path, params)


def _when(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise FatalError(f"Grafana OnCall: final shift time {text!r} has no offset")
    return moment


class _Reader:
    def __init__(self, api: Api, people: People, start: datetime, end: datetime) -> None:
        self.api, self.people = api, people
        self.found = Translation("grafana-oncall", (start, end))
        self.users = {str(u["id"]): u for u in pages(api, "api/v1/users/")}
        self.teams = {str(t["id"]): str(t.get("name") or t["id"])
                      for t in pages(api, "api/v1/teams/")}
        self.shifts = {str(s["id"]): s for s in pages(api, "api/v1/on_call_shifts/")}
        #: OnCall schedule id → our id.
        self.schedule_ids: dict[str, str] = {}
        #: OnCall escalation chain id → how notes name it.
        self.chains: dict[str, str] = {}

    def who(self, user_id: str) -> str | None:
        user = self.users.get(str(user_id))
        if user is None:
            return None
        return self.people.add(str(user_id), str(user.get("name") or user.get("username") or
                                                 user_id),
                               user.get("email") or None, user.get("timezone") or None)

    def schedules(self) -> None:
        taken: set[str] = set()
        for vendor in pages(self.api, "api/v1/schedules/"):
            subject = f"schedule {vendor.get('name')!r} ({vendor['id']})"
            kind = vendor.get("type")
            if kind == "ical":
                self.found.note(subject, f"an iCal schedule (events from "
                                f"{vendor.get('ical_url_primary')}) has no rotations to "
                                "translate: not imported")
                continue
            if vendor.get("ical_url_overrides"):
                self.found.note(subject, "overrides from the iCal calendar "
                                f"{vendor['ical_url_overrides']} are not imported")
            doc = self._schedule(vendor, subject, taken)
            if doc is not None:
                self.found.schedules.append(doc)
                self.schedule_ids[str(vendor["id"])] = doc["id"]
                self.found.final[doc["id"]] = self._final(str(vendor["id"]))

    def _schedule(self, vendor: Mapping[str, Any], subject: str, taken: set[str]
                  ) -> dict[str, Any] | None:
        zone = str(vendor.get("time_zone") or "UTC")
        rotations: list[tuple[int, int, list[dict[str, Any]]]] = []
        overrides: list[dict[str, Any]] = []
        for position, shift_id in enumerate(vendor.get("shifts") or []):
            shift = self.shifts.get(str(shift_id))
            if shift is None:
                self.found.note(subject, f"on-call shift {shift_id} is not in the API's "
                                "list of shifts: left out")
                continue
            about = f"{subject}, shift {shift.get('name')!r}"
            own = shift.get("time_zone") or None
            if shift.get("type") == "override":
                made, notes = tr.override(shift, self.who, str(own or zone))
                for note in notes:
                    self.found.note(about, note)
                if made is not None:
                    overrides.append(made)
                continue
            # Whether it translates, before anyone in it is added to the people.
            known, _ = tr.members_of(shift, lambda u: str(u) if str(u) in self.users else None)
            ends = self._ends(shift, str(own or zone))
            if ends is not None and ends <= self.found.window[0]:
                self.found.note(about, f"ended at {ends.astimezone(UTC):%Y-%m-%d %H:%M} UTC: "
                                "not imported")
                continue
            found, reason = tr.layers(shift, known, own if own != zone else None)
            if not known or reason is not None:
                self.found.note(about, f"not translated: {reason or 'nobody in it'}")
                continue
            members, notes = tr.members_of(shift, self.who)
            for note in notes:
                self.found.note(about, note)
            found, _ = tr.layers(shift, members, own if own != zone else None)
            rotations.append((int(shift.get("level") or 0), position, found))
        if not rotations:
            self.found.note(subject, "no rotation could be translated: not imported")
            return None
        doc: dict[str, Any] = {"id": slug(str(vendor.get("name") or vendor["id"]), taken),
                               "name": str(vendor.get("name") or vendor["id"]),
                               "timezone": zone,
                               "layers": [one for *_, found in sorted(rotations,
                                                                     key=lambda r: r[:2])
                                          for one in found]}
        kept = self._overrides(subject, overrides)
        if kept:
            doc["overrides"] = kept
        return doc

    @staticmethod
    def _ends(shift: Mapping[str, Any], zone: str) -> datetime | None:
        """When a rotation with an ``until`` or a single shift ends (None: it goes on)."""
        if shift.get("until"):
            ends = tr.local(str(shift["until"]))
        elif shift.get("type") == "single_event":
            ends = tr.local(str(shift["start"])) + timedelta(seconds=int(shift["duration"]))
        else:
            return None
        return ends.replace(tzinfo=ZoneInfo(zone))

    def _overrides(self, subject: str, made: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The overrides not over yet, in time order. One that overlaps an earlier one is
        reported and left out: our overrides may not overlap."""
        start = self.found.window[0]
        past = [o for o in made if datetime.fromisoformat(o["to"]) <= start]
        if past:
            self.found.note(subject, f"{len(past)} override{'s' * (len(past) > 1)} over "
                            f"before {start.astimezone(UTC):%Y-%m-%d %H:%M} UTC: not imported")
        kept: list[dict[str, Any]] = []
        for one in sorted((o for o in made if o not in past),
                          key=lambda o: datetime.fromisoformat(o["from"])):
            if kept and datetime.fromisoformat(one["from"]) < \
                    datetime.fromisoformat(kept[-1]["to"]):
                self.found.note(subject, f"the override of {one['person']} from {one['from']} "
                                f"overlaps that of {kept[-1]['person']} from "
                                f"{kept[-1]['from']}: left out")
                continue
            kept.append(one)
        return kept

    def _final(self, vendor_id: str) -> list[VendorShift]:
        start, end = self.found.window
        params = {"start_date": start.date().isoformat(),
                  "end_date": (end + timedelta(days=1)).date().isoformat()}
        found = []
        for piece in pages(self.api, f"api/v1/schedules/{vendor_id}/final_shifts", params):
            pk = str(piece.get("user_pk") or "")
            # Someone the translation left out (a second person of a group) by username.
            person = self.people.handle(pk) or piece.get("user_username") or None
            found.append(VendorShift(_when(str(piece["shift_start"])),
                                     _when(str(piece["shift_end"])), person))
        return found

    def policies(self) -> dict[str, str]:
        """Our escalation policies from OnCall's chains; OnCall chain id → our id."""
        steps: dict[str, list[dict[str, Any]]] = {}
        for step in pages(self.api, "api/v1/escalation_policies/"):
            steps.setdefault(str(step.get("escalation_chain_id")), []).append(step)
        taken: set[str] = set()
        made: dict[str, str] = {}
        for chain in pages(self.api, "api/v1/escalation_chains/"):
            subject = f"escalation chain {chain.get('name')!r} ({chain['id']})"
            self.chains[str(chain["id"])] = subject
            ordered = sorted(steps.get(str(chain["id"]), []),
                             key=lambda s: int(s.get("position") or 0))
            found, repeat, notes = tr.escalation(ordered, self.who, self.schedule_ids)
            for note in notes:
                self.found.note(subject, note)
            if not found:
                self.found.note(subject, "no step notifies anyone incidentkit knows: "
                                "not imported")
                continue
            doc: dict[str, Any] = {"id": slug(str(chain.get("name") or chain["id"]), taken),
                                   "name": str(chain.get("name") or chain["id"])}
            if repeat:
                doc["repeat"] = repeat
            doc["steps"] = found
            self.found.policies.append(doc)
            made[str(chain["id"])] = doc["id"]
        return made

    def services(self, policies: Mapping[str, str]) -> None:
        routes: dict[str, list[dict[str, Any]]] = {}
        for route in pages(self.api, "api/v1/routes/"):
            routes.setdefault(str(route.get("integration_id")), []).append(route)
        taken: set[str] = set()
        for integration in pages(self.api, "api/v1/integrations/"):
            subject = f"integration {integration.get('name')!r} ({integration['id']})"
            own = routes.get(str(integration["id"]), [])
            default = next((r for r in own if r.get("is_the_last_route")), None)
            chain = str(default.get("escalation_chain_id")) if default else ""
            for route in own:
                if route is not default and route.get("escalation_chain_id") and \
                        str(route["escalation_chain_id"]) != chain:
                    chained = self.chains.get(str(route["escalation_chain_id"]),
                                              f"escalation chain {route['escalation_chain_id']}")
                    self.found.note(subject, f"route {route.get('routing_regex')!r} to "
                                    f"{chained}: a service has one escalation policy (its "
                                    "default route's)")
            if chain not in policies:
                self.found.note(subject, "its default route has no imported escalation "
                                "chain: no service made")
                continue
            team = self.teams.get(str(integration.get("team_id")), "general")
            self.found.services.append({
                "id": slug(str(integration.get("name") or integration["id"]), taken),
                "name": str(integration.get("name") or integration["id"]),
                "team": slug(team, set()),
                "tier": TIER,
                "escalation_policy": policies[chain],
            })
        if self.found.services:
            self.found.note("services", f"Grafana OnCall has no service tiers: each "
                            f"integration was imported as a tier {TIER} service; set each "
                            "service's tier in oncall/services.yaml")


def read(api: Api, people: People, start: datetime, end: datetime) -> Translation:
    reader = _Reader(api, people, start, end)
    reader.schedules()
    reader.services(reader.policies())
    if people.added:
        reader.found.note("people", f"Grafana OnCall's API gives no names: the "
                          f"{len(people.added)} people added are named by their username; "
                          "write their names in oncall/people.yaml")
    return reader.found


VENDOR = Vendor(
    name="grafana-oncall",
    title="Grafana OnCall",
    token_env="GRAFANA_ONCALL_TOKEN",
    url_env="GRAFANA_ONCALL_API_URL",
    default_url=None,
    rendered="final shifts",
    headers=lambda token: {"Authorization": token},
    read=read,
)
