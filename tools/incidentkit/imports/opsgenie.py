"""``incidentkit import opsgenie``: people, schedules, escalations and services from Opsgenie.

The REST API (https://api.opsgenie.com, EU accounts https://api.eu.opsgenie.com), with the
header ``Authorization: GenieKey <key>`` (an API integration's key, read access):

- ``GET /v2/users?limit=100&offset=0``, paged: each response's ``paging.next`` is the next
  page's URL, absent on the last (Opsgenie's "Pagination" page). Fields: ``id``, ``username``
  (the email), ``fullName``, ``timeZone``.
- ``GET /v2/schedules?expand=rotation``: ``id``, ``name``, ``timezone``, ``enabled``,
  ``ownerTeam``, ``rotations[]`` with ``id``, ``name``, ``startDate``, ``endDate``, ``type``
  (daily|weekly|hourly), ``length``, ``participants[]`` (``type`` user|team|escalation|none,
  ``id``, ``username``/``name``) and ``timeRestriction`` (``type`` time-of-day with one
  ``restriction``, or weekday-and-time-of-day with ``restrictions[]``: ``startDay``,
  ``startHour``, ``startMin``, ``endDay``, ``endHour``, ``endMin``).
- ``GET /v2/schedules/{id}/overrides``: ``alias``, ``user`` (a user or ``type: none``),
  ``startDate``, ``endDate``, ``rotations[]`` (the rotations it applies to; none: all).
- ``GET /v2/schedules/{id}/timeline?date=<start>&interval=<days>&intervalUnit=days``:
  ``finalTimeline.rotations[]`` (``id``, ``name``, ``order``) with ``periods[]``
  (``startDate``, ``endDate``, ``type``, ``recipient``): Opsgenie's own rendering, compared
  with ours.
- ``GET /v2/escalations``: ``id``, ``name``, ``ownerTeam``, ``rules[]`` (``condition``,
  ``notifyType``, ``delay.timeAmount``/``timeUnit``, ``recipient`` schedule|user|team),
  ``repeat.count``/``waitInterval``.
- ``GET /v1/services?limit=100&offset=0``, paged like users: ``id``, ``name``,
  ``description``, ``teamId``. An Opsgenie service belongs to a team, ours names an
  escalation policy: the one escalation owned by that team; with none or several, the service
  is not imported and a note says so.

How each concept is translated is :mod:`.opsgenie_translate`'s docstring.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from incidentkit.errors import FatalError
from incidentkit.imports import opsgenie_translate as og
from incidentkit.imports.api import Api, Params, relative
from incidentkit.imports.people import People, slug
from incidentkit.imports.plan import Translation
from incidentkit.imports.vendors import Vendor

TITLE = "Opsgenie"
#: Opsgenie's largest page.
PAGE = 100


def _data(body: Any, path: str) -> Any:
    if not isinstance(body, dict) or "data" not in body:
        raise FatalError(f"{TITLE}: GET {path} did not answer with Opsgenie's data envelope")
    return body["data"]


def _paged(api: Api, path: str) -> Iterator[dict[str, Any]]:
    """Every item of a paged list, following ``paging.next`` to the last page."""
    root = str(getattr(api, "root", ""))
    params: Params = {"limit": PAGE, "offset": 0}
    seen: set[str] = set()
    while True:
        body = api.get(path, params)
        yield from (item for item in _data(body, path) or [] if isinstance(item, dict))
        following = (body.get("paging") or {}).get("next")
        if not following or following in seen:
            return
        seen.add(following)
        path, params = relative(str(following), root)


def _list(api: Api, path: str, params: Params | None = None) -> list[dict[str, Any]]:
    return [item for item in _data(api.get(path, params), path) or [] if isinstance(item, dict)]


class _People:
    """Opsgenie users (by id, and by username for recipients that give only that)."""

    def __init__(self, api: Api, people: People) -> None:
        self.people = people
        self.users: dict[str, dict[str, Any]] = {}
        self.by_name: dict[str, str] = {}
        for user in _paged(api, "/v2/users"):
            self.users[str(user["id"])] = user
            self.by_name[str(user.get("username", "")).lower()] = str(user["id"])
            self(user)

    def __call__(self, recipient: Mapping[str, Any]) -> str | None:
        """The handle of a user recipient (added to our people when first met)."""
        ident = str(recipient.get("id") or self.by_name.get(
            str(recipient.get("username") or recipient.get("name") or "").lower()) or "")
        user = self.users.get(ident)
        if user is None:
            login = str(recipient.get("username") or recipient.get("name") or "")
            if not ident and not login:
                return None
            user = {"id": ident or login, "username": login, "fullName": login}
        email = str(user.get("username") or "") or None
        return self.people.add(str(user["id"]), str(user.get("fullName") or email or ""),
                               email if email and "@" in email else None,
                               user.get("timeZone"))


def _schedule(api: Api, found: Translation, schedule: Mapping[str, Any], ident: str,
              who: og.Who, start: datetime, end: datetime) -> dict[str, Any] | None:
    subject = f"schedule '{schedule.get('name')}' ({schedule.get('id')})"
    if schedule.get("enabled") is False:
        found.note(subject, "disabled in Opsgenie (it notifies nobody); not imported")
        return None
    try:
        zone = ZoneInfo(str(schedule.get("timezone")))
    except (ZoneInfoNotFoundError, ValueError):
        found.note(subject, f"time zone {schedule.get('timezone')!r} is not an IANA time zone; "
                            "not imported")
        return None
    listed = [r for r in schedule.get("rotations") or [] if isinstance(r, dict)]
    for rotation in listed:
        if rotation.get("enabled", True) is False:
            found.note(f"{subject}, rotation '{rotation.get('name')}'",
                       "disabled in Opsgenie; left out")
    rotations = og.ordered(listed)
    layers = [layer for number, rotation in rotations
              if (layer := og.layer(rotation, number, zone, who, found, subject)) is not None]
    if not layers:
        found.note(subject, "no rotation could be translated; not imported")
        return None
    path = f"/v2/schedules/{schedule['id']}"
    everyone = {str(r.get("id")) for _, r in rotations}
    overrides = []
    for found_override in _list(api, f"{path}/overrides"):
        if og.instant(found_override["endDate"]) <= start:
            continue
        applies = {str(r.get("id")) for r in found_override.get("rotations") or []}
        if applies and applies != everyone:
            names = ", ".join(sorted(str(r.get("name")) for r in found_override["rotations"]))
            found.note(subject, f"override {found_override.get('alias')} applies only to "
                                f"rotation {names}; incidentkit overrides apply to the whole "
                                "schedule")
        overrides.append(og.override(found_override, zone, who))
    out: dict[str, Any] = {"id": ident, "name": str(schedule.get("name") or ident),
                           "timezone": str(schedule["timezone"]), "layers": layers}
    if overrides:
        out["overrides"] = sorted(overrides, key=lambda o: (og.instant(o["from"]),
                                                            og.instant(o["to"])))
    # In days, one more than the window's: the timeline covers the window even if Opsgenie
    # starts it at the beginning of ``date``'s day.
    final = _data(api.get(f"{path}/timeline", {
        "date": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "interval": -(-(end - start) // timedelta(days=1)) + 1, "intervalUnit": "days"}),
        f"{path}/timeline") or {}
    if final.get("endDate") and og.instant(str(final["endDate"])) < end:
        found.note(subject, f"Opsgenie's timeline ends at {final['endDate']}, before the "
                            "compared weeks do: after it, the comparison is with nobody")
    periods = (final.get("finalTimeline") or {}).get("rotations") or []
    kinds = {str(p.get("type")) for r in periods for p in r.get("periods") or []}
    if "forwarding" in kinds:
        found.note(subject, "Opsgenie's timeline forwards some shifts to another user "
                            "(forwarding rules); incidentkit has no forwarding")
    found.final[ident] = og.timeline(periods, [str(r.get("id")) for _, r in rotations], who,
                                     found, subject, start, end)
    return out


def read(api: Api, people: People, start: datetime, end: datetime) -> Translation:
    """Everything the API key can read, translated; the timeline is read over ``[start, end)``."""
    try:
        return _read(api, people, start, end)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise FatalError(f"{TITLE}: a response is not shaped as Opsgenie's API documents it "
                         f"({type(exc).__name__}: {exc}); nothing was written") from None


def _read(api: Api, people: People, start: datetime, end: datetime) -> Translation:
    found = Translation(vendor="opsgenie", window=(start, end))
    who = _People(api, people)
    schedule_ids: dict[str, str] = {}
    taken: set[str] = set()
    for schedule in _list(api, "/v2/schedules", {"expand": "rotation"}):
        ident = slug(str(schedule.get("name") or "schedule"), taken)
        doc = _schedule(api, found, schedule, ident, who, start, end)
        if doc is not None:
            found.schedules.append(doc)
            schedule_ids[str(schedule["id"])] = ident
    escalations = _list(api, "/v2/escalations")
    policy_ids: dict[str, str] = {}
    taken = set()
    for escalation in escalations:
        ident = slug(str(escalation.get("name") or "escalation"), taken)
        doc = og.policy(escalation, ident, schedule_ids, who, found)
        if doc is not None:
            found.policies.append(doc)
            policy_ids[str(escalation["id"])] = ident
    taken = set()
    untiered = []
    for service in _paged(api, "/v1/services"):
        subject = f"service '{service.get('name')}' ({service.get('id')})"
        team = str(service.get("teamId") or "")
        mine = og.owned(escalations, team)
        if len(mine) != 1:
            owns = (f"owns {len(mine)} escalations ("
                    f"{', '.join(str(e.get('name')) for e in mine)})" if mine else
                    "owns no escalation")
            found.note(subject, f"its team {owns}; an incidentkit service names exactly one "
                                "escalation policy: not imported")
            continue
        if str(mine[0]["id"]) not in policy_ids:
            found.note(subject, f"its team's escalation '{mine[0].get('name')}' was not "
                                "imported; not imported")
            continue
        ident = slug(str(service.get("name") or "service"), taken)
        entry: dict[str, Any] = {
            "id": ident, "name": str(service.get("name") or ident),
            "team": str((mine[0].get("ownerTeam") or {}).get("name") or team),
            "tier": 3, "escalation_policy": policy_ids[str(mine[0]["id"])]}
        if service.get("description"):
            entry["description"] = str(service["description"])
        found.services.append(entry)
        untiered.append(ident)
    if untiered:
        found.note("services", "Opsgenie services have no tier: "
                               f"{', '.join(untiered)} written as tier 3; set each one's tier")
    return found


VENDOR = Vendor(
    name="opsgenie",
    title=TITLE,
    token_env="OPSGENIE_API_KEY",
    url_env="OPSGENIE_API_URL",
    default_url="https://api.opsgenie.com",
    rendered="timeline",
    headers=lambda token: {"Authorization": f"GenieKey {token}"},
    read=read,
)
