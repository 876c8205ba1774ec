"""The status page as JSON in the shape of Statuspage's public API v2, so that the widgets,
aggregators and bots that read ``/api/v2/summary.json`` of a Statuspage page read this one.

Written: ``summary.json``, ``status.json``, ``components.json``, ``incidents.json`` (the 50
newest), ``incidents/unresolved.json``, ``scheduled-maintenances.json`` (the 50 newest),
``scheduled-maintenances/upcoming.json`` and ``scheduled-maintenances/active.json``, all under
``api/v2/``. Statuspage's maintenance statuses use ``in_progress`` where the files say
``in-progress``. The component groups are components with ``group: true`` and their members'
ids, as Statuspage lists them. Times are UTC with milliseconds (``2026-01-15T14:00:00.000Z``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from typing import Any

from incidentkit.statuspage.state import (
    BANNER,
    Component,
    PublicIncident,
    PublicMaintenance,
    StatusPage,
    Update,
    public_id,
)

PREFIX = "api/v2/"
#: How many incidents and maintenances the listing endpoints give (Statuspage: 50).
LISTED = 50


def _time(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _page(page: StatusPage) -> dict[str, Any]:
    return {"id": public_id("page", page.title), "name": page.title, "url": page.url or "",
            "time_zone": "Etc/UTC", "updated_at": _time(page.updated_at)}


def _status(page: StatusPage) -> dict[str, Any]:
    return {"indicator": page.indicator, "description": BANNER[page.state]}


def _components(page: StatusPage) -> list[dict[str, Any]]:
    #: Statuspage's created_at: here the start of the period the page covers.
    first = _time(datetime.combine(page.now.astimezone(UTC).date()
                                   - timedelta(days=page.days - 1), time(), tzinfo=UTC))
    out: list[dict[str, Any]] = []
    position = 0
    page_id = _page(page)["id"]
    for group in page.groups:
        group_id = group.id if group.name else None
        if group.name:
            position += 1
            out.append({
                "id": group.id, "name": group.name, "status": group.state,
                "created_at": first, "updated_at": _time(page.updated_at),
                "position": position, "description": None, "showcase": False,
                "start_date": None, "group_id": None, "page_id": page_id, "group": True,
                "only_show_if_degraded": False,
                "components": [c.id for c in group.components],
            })
        for c in group.components:
            position += 1
            out.append(_component(c, position, group_id, page_id, first, page))
    return out


def _component(c: Component, position: int, group_id: str | None, page_id: str,
               created: str | None, page: StatusPage) -> dict[str, Any]:
    return {
        "id": c.id, "name": c.name, "status": c.state, "created_at": created,
        "updated_at": _time(page.updated_at), "position": position,
        "description": c.description, "showcase": True, "start_date": None,
        "group_id": group_id, "page_id": page_id, "group": False,
        "only_show_if_degraded": False,
    }


def _updates(parent: str, updates: tuple[Update, ...], status: dict[str, str] | None = None
             ) -> list[dict[str, Any]]:
    return [{
        "id": public_id("update", f"{parent}:{n}:{u.at.isoformat()}"),
        "status": (status or {}).get(u.status, u.status), "body": u.text,
        "incident_id": parent, "created_at": _time(u.at), "updated_at": _time(u.at),
        "display_at": _time(u.at), "affected_components": None,
        "deliver_notifications": True, "custom_tweet": None, "tweet_id": None,
    } for n, u in enumerate(updates)]


def _short(page: StatusPage, path: str) -> str:
    return f"{page.url.rstrip('/')}/{path}" if page.url else path


def _brief(page: StatusPage, ids: tuple[str, ...], page_id: str) -> list[dict[str, Any]]:
    by_id = {c.id: c for c in page.components}
    return [_component(by_id[i], n + 1, None, page_id, None, page) for n, i in enumerate(ids)]


def incident(page: StatusPage, i: PublicIncident) -> dict[str, Any]:
    page_id = _page(page)["id"]
    return {
        "id": i.id, "name": i.title, "status": i.status, "impact": i.impact,
        "created_at": _time(i.started_at), "updated_at": _time(i.updated_at),
        "started_at": _time(i.started_at), "monitoring_at": _time(i.monitoring_at),
        "resolved_at": _time(i.resolved_at), "page_id": page_id,
        "shortlink": _short(page, f"incidents/{i.id}.html"),
        "incident_updates": _updates(i.id, i.updates),
        "components": _brief(page, i.components, page_id),
    }


_MAINTENANCE_STATUS = {"in-progress": "in_progress"}


def maintenance(page: StatusPage, m: PublicMaintenance) -> dict[str, Any]:
    page_id = _page(page)["id"]
    return {
        "id": m.id, "name": m.title, "status": _MAINTENANCE_STATUS.get(m.phase, m.phase),
        "impact": "maintenance", "created_at": _time(m.announced_at),
        "updated_at": _time(m.updated_at), "started_at": _time(m.starts_at),
        "monitoring_at": None,
        "resolved_at": _time(m.ends_at) if m.phase == "completed" else None,
        "scheduled_for": _time(m.starts_at), "scheduled_until": _time(m.ends_at),
        "page_id": page_id, "shortlink": _short(page, f"maintenance/{m.id}.html"),
        "incident_updates": _updates(m.id, m.updates, _MAINTENANCE_STATUS),
        "components": _brief(page, m.components, page_id),
    }


def files(page: StatusPage) -> dict[str, str]:
    """Every JSON file, by path under the output folder."""
    head = {"page": _page(page)}
    current = [*page.active_maintenance, *page.upcoming_maintenance]
    bodies: dict[str, dict[str, Any]] = {
        "summary.json": {
            **head, "components": _components(page),
            "incidents": [incident(page, i) for i in page.current],
            "scheduled_maintenances": [maintenance(page, m) for m in current],
            "status": _status(page),
        },
        "status.json": {**head, "status": _status(page)},
        "components.json": {**head, "components": _components(page)},
        "incidents.json": {**head, "incidents": [
            incident(page, i) for i in page.incidents[:LISTED]]},
        "incidents/unresolved.json": {**head, "incidents": [
            incident(page, i) for i in page.current]},
        "scheduled-maintenances.json": {**head, "scheduled_maintenances": [
            maintenance(page, m) for m in page.maintenance[:LISTED]]},
        "scheduled-maintenances/upcoming.json": {**head, "scheduled_maintenances": [
            maintenance(page, m) for m in page.upcoming_maintenance]},
        "scheduled-maintenances/active.json": {**head, "scheduled_maintenances": [
            maintenance(page, m) for m in page.active_maintenance]},
    }
    return {PREFIX + path: json.dumps(body, indent=2, ensure_ascii=False) + "\n"
            for path, body in bodies.items()}
