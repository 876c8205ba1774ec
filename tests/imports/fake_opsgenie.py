"""A stateful Opsgenie REST API on 127.0.0.1, shaped as Opsgenie's API documentation says.

``Authorization: GenieKey <key>`` is checked on every request (401 otherwise). ``/v2/users``
and ``/v1/services`` are paged with ``offset``/``limit`` and a ``paging`` section whose ``next``
is the absolute URL of the next page (absent on the last one), as Opsgenie's "Pagination" page
shows; this fake answers at most ``page_size`` items a page so that every list spans several.
Schedules (``?expand=rotation``), overrides and escalations are lists without paging.
``/timeline`` answers the literal periods the test wrote for the schedule that overlap
``[date, date + interval intervalUnit)``: Opsgenie's rendering worked out by hand, never by
incidentkit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from tests.imports.fakeapi import FakeApi

_UNITS = {"days": timedelta(days=1), "weeks": timedelta(weeks=1)}


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass
class FakeOpsgenie:
    key: str
    users: list[dict[str, Any]] = field(default_factory=list)
    #: Schedules as ``GET /v2/schedules?expand=rotation`` lists them (rotations included).
    schedules: list[dict[str, Any]] = field(default_factory=list)
    overrides: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Schedule id → ``finalTimeline.rotations`` (each with its literal ``periods``).
    timelines: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    escalations: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    page_size: int = 2
    api: FakeApi = field(init=False)

    def __post_init__(self) -> None:
        self.api = FakeApi(
            authorized=lambda headers: headers.get("authorization") == f"GenieKey {self.key}")
        api = self.api
        api.route(r"/v2/users")(lambda m, q: self._page("/v2/users", self.users, q, True))
        api.route(r"/v1/services")(lambda m, q: self._page("/v1/services", self.services, q))
        api.route(r"/v2/schedules")(lambda m, q: self._schedules(q))
        api.route(r"/v2/schedules/([^/]+)/overrides")(
            lambda m, q: self._known(m.group(1), self.overrides.get(m.group(1), [])))
        api.route(r"/v2/schedules/([^/]+)/timeline")(lambda m, q: self._timeline(m.group(1), q))
        api.route(r"/v2/escalations")(lambda m, q: (200, self._envelope(self.escalations)))

    @staticmethod
    def _envelope(data: Any) -> dict[str, Any]:
        return {"data": data, "took": 0.01, "requestId": "8e2d2c0e-6a57-4a6b-9d0b-000000000000"}

    def _page(self, path: str, items: list[dict[str, Any]], query: dict[str, list[str]],
              counted: bool = False) -> tuple[int, Any]:
        try:
            offset = int(query.get("offset", ["0"])[0])
            limit = int(query.get("limit", ["20"])[0])
        except ValueError:
            return 422, {"message": "offset and limit must be integers", "took": 0.0}
        if not 1 <= limit <= 100 or offset < 0:
            return 422, {"message": "limit must be 1 to 100", "took": 0.0}
        size = min(limit, self.page_size)
        body = self._envelope(items[offset:offset + size])

        def link(at: int) -> str:
            return f"{self.api.url}{path}?{urlencode({'limit': limit, 'offset': at})}"

        paging = {"first": link(0), "last": link(max(0, (len(items) - 1) // size * size))}
        if offset + size < len(items):
            paging["next"] = link(offset + size)
        body["paging"] = paging
        if counted:
            body["totalCount"] = len(items)
        return 200, body

    def _schedules(self, query: dict[str, list[str]]) -> tuple[int, Any]:
        expanded = "rotation" in ",".join(query.get("expand", [])).split(",")
        data = [s if expanded else {k: v for k, v in s.items() if k != "rotations"}
                for s in self.schedules]
        body = self._envelope(data)
        body["expandable"] = ["rotation"]
        return 200, body

    def _known(self, ident: str, data: Any) -> tuple[int, Any]:
        if not any(s["id"] == ident for s in self.schedules):
            return 404, {"message": "Schedule with identifier [" + ident + "] doesn't exist",
                         "took": 0.0}
        return 200, self._envelope(data)

    def _timeline(self, ident: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        schedule = next((s for s in self.schedules if s["id"] == ident), None)
        if schedule is None:
            return self._known(ident, None)
        if not re.fullmatch(r"\d+", query.get("interval", ["1"])[0]) or \
                query.get("intervalUnit", ["weeks"])[0] not in _UNITS or "date" not in query:
            return 422, {"message": "date, interval and intervalUnit are required here",
                         "took": 0.0}
        start = _when(query["date"][0])
        end = start + int(query.get("interval", ["1"])[0]) * _UNITS[
            query.get("intervalUnit", ["weeks"])[0]]
        rotations = [
            {**{k: v for k, v in r.items() if k != "periods"},
             "periods": [p for p in r["periods"]
                         if _when(p["startDate"]) < end and start < _when(p["endDate"])]}
            for r in self.timelines.get(ident, [])]
        return 200, self._envelope({
            "_parent": {"id": ident, "name": schedule["name"], "enabled": schedule["enabled"]},
            "startDate": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "endDate": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "finalTimeline": {"rotations": rotations},
        })
