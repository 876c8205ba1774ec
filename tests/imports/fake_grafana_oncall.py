"""A Grafana OnCall public API (v1) on 127.0.0.1, shaped as its API reference documents it.

It serves below a base path (``/oncall``, as Grafana Cloud's OnCall URLs have), checks the
``Authorization`` header (the token as it is), and pages every list: ``count``, ``next`` and
``previous`` (absolute URLs with ``?page=N``), ``results``, ``current_page_number``,
``page_size``, ``total_pages``. ``final_shifts`` needs ``start_date`` and ``end_date`` (dates;
as OnCall's view does, it covers ``start_date`` 00:00 UTC up to ``end_date`` 00:00 UTC) and
answers the shifts the test wrote down, as given (never computed), one entry per person, all
on one page with the pagination fields filled in as OnCall's view fills them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.imports.fakeapi import FakeApi

BASE = "/oncall"
LISTS = ("users", "teams", "schedules", "on_call_shifts", "escalation_chains",
         "escalation_policies", "integrations", "routes")


@dataclass
class FakeGrafanaOnCall:
    token: str
    #: Each list's entries, by its name in LISTS.
    data: dict[str, list[dict[str, Any]]]
    #: Schedule id → its final shifts: (start, end, user id), times in UTC.
    final: dict[str, list[tuple[datetime, datetime, str]]] = field(default_factory=dict)
    page_size: int = 2

    def __post_init__(self) -> None:
        self.api = FakeApi(authorized=lambda h: h.get("authorization") == self.token)
        for name in LISTS:
            self.api.route(rf"{BASE}/api/v1/{name}/")(self._list(name))
        self.api.route(rf"{BASE}/api/v1/schedules/(?P<id>[A-Z0-9]+)/final_shifts/?")(
            self._final_shifts)

    @property
    def url(self) -> str:
        return self.api.url + BASE

    def _page(self, path: str, entries: list[dict[str, Any]], query: dict[str, list[str]],
              size: int) -> tuple[int, Any]:
        try:
            number = int(query.get("page", ["1"])[0])
        except ValueError:
            return 404, {"detail": "Invalid page."}
        pages = max(1, math.ceil(len(entries) / size))
        if not 1 <= number <= pages:
            return 404, {"detail": "Invalid page."}
        rest = "".join(f"&{k}={v[0]}" for k, v in sorted(query.items()) if k != "page")

        def link(n: int) -> str | None:
            return f"{self.api.url}{path}?page={n}{rest}" if 1 <= n <= pages else None

        return 200, {"count": len(entries), "next": link(number + 1),
                     "previous": link(number - 1),
                     "results": entries[(number - 1) * size:number * size],
                     "current_page_number": number, "page_size": size, "total_pages": pages}

    def _list(self, name: str) -> Any:
        def answer(match: re.Match[str], query: dict[str, list[str]]) -> tuple[int, Any]:
            return self._page(f"{BASE}/api/v1/{name}/", self.data[name], query, self.page_size)
        return answer

    def _final_shifts(self, match: re.Match[str], query: dict[str, list[str]]
                      ) -> tuple[int, Any]:
        try:
            low = date.fromisoformat(query["start_date"][0])
            high = date.fromisoformat(query["end_date"][0])
        except (KeyError, ValueError):
            return 400, {"detail": "start_date and end_date are required ISO 8601 dates"}
        if high < low or high - low > timedelta(days=365):
            return 400, {"detail": "end_date must be after start_date, within 365 days"}
        if match["id"] not in self.final:
            return 404, {"detail": "Not found."}
        begin = datetime.combine(low, datetime.min.time(), UTC)
        finish = datetime.combine(high, datetime.min.time(), UTC)
        users = {u["id"]: u for u in self.data["users"]}
        entries = [{"user_pk": pk, "user_email": users[pk]["email"],
                    "user_username": users[pk]["username"],
                    "shift_start": s.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "shift_end": e.strftime("%Y-%m-%dT%H:%M:%SZ")}
                   for s, e, pk in self.final[match["id"]] if s < finish and begin < e]
        return 200, {"count": len(entries), "next": None, "previous": None,
                     "results": entries, "current_page_number": 1, "page_size": 50,
                     "total_pages": 1}

    def requests(self, name: str) -> list[str]:
        """The queries of the requests made for a list (``page=2``, ...), in order."""
        return [q for p, q in self.api.log if p == f"{BASE}/api/v1/{name}/"]
