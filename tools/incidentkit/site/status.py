"""The status page, ``status.json`` and the Atom feed of incidents."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from xml.etree import ElementTree as ET

from incidentkit.model.incident import Incident, StatusUpdate
from incidentkit.repository import Repository
from incidentkit.site import paths
from incidentkit.site.text import xml_text
from incidentkit.site.views import Row

_ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True, slots=True)
class Day:
    level: str | None
    title: str


@dataclass(frozen=True, slots=True)
class OpenIncident:
    row: Row
    update: StatusUpdate | None


@dataclass(frozen=True, slots=True)
class ServiceStatus:
    id: str
    name: str
    page: str | None
    state: str
    bar: tuple[Day, ...]
    count: int
    #: Its open incidents, the newest first.
    open: tuple[Row, ...] = ()


def latest_external(incident: Incident) -> StatusUpdate | None:
    external = [u for u in incident.updates if u.audience == "external"]
    return max(reversed(external), key=lambda u: u.at, default=None)


def _level(rank: int) -> str:
    return ("critical", "major")[rank] if rank < 2 else "minor"


def _state(open_incidents: list[Incident], rank: dict[str, int]) -> str:
    if not open_incidents:
        return "operational"
    worst = min(rank.get(i.severity, len(rank)) for i in open_incidents)
    return {"critical": "major outage", "major": "partial outage"}.get(
        _level(worst), "degraded performance")


def services(repo: Repository, now: datetime, days: int) -> list[ServiceStatus]:
    """Every service's state now and its last ``days`` days, worst severity per day."""
    rank = {level.id: n for n, level in enumerate(repo.config.severities)}
    first = (now - timedelta(days=days - 1)).astimezone(UTC).date()
    window_start = datetime.combine(first, datetime.min.time(), tzinfo=UTC)
    by_service: dict[str, list[Incident]] = {}
    for doc in repo.incidents.values():
        incident = doc.model
        end = incident.resolved_at or now
        if end < window_start and not incident.is_open:
            continue
        for touched in incident.services:
            by_service.setdefault(touched, []).append(incident)
    out = []
    for service_id, service in sorted(repo.services.items()):
        touching = by_service.get(service_id, [])
        worst: dict[date, int] = {}
        for incident in touching:
            day = max(incident.started_at.astimezone(UTC).date(), first)
            last = min((incident.resolved_at or now).astimezone(UTC).date(), now.date())
            while day <= last:
                worst[day] = min(worst.get(day, len(rank)), rank.get(incident.severity, 99))
                day += timedelta(days=1)
        bar = tuple(
            Day(_level(worst[d]) if d in worst else None,
                f"{d.isoformat()}: " + (f"incident ({_level(worst[d])})" if d in worst
                                        else "no incidents"))
            for d in (first + timedelta(days=n) for n in range(days))
        )
        opened = sorted((i for i in touching if i.is_open), key=lambda i: (i.started_at, i.id),
                        reverse=True)
        out.append(ServiceStatus(
            service_id, service.name, paths.service(service_id), _state(opened, rank), bar,
            len(touching), tuple(Row.of(i) for i in opened)))
    return out


def open_incidents(repo: Repository) -> list[OpenIncident]:
    chosen = sorted((d.model for d in repo.incidents.values() if d.model.is_open),
                    key=lambda i: (i.started_at, i.id), reverse=True)
    return [OpenIncident(Row.of(i), latest_external(i)) for i in chosen]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _absolute(base: str | None, page: str, directory_urls: bool) -> str:
    url = paths.url(page, directory_urls=directory_urls)
    return f"{base.rstrip('/')}/{url}" if base else url


def status_json(repo: Repository, statuses: list[ServiceStatus], opened: list[OpenIncident],
                *, now: datetime, base: str | None, directory_urls: bool) -> str:
    def incident(o: OpenIncident) -> dict[str, object]:
        return {
            "id": o.row.id, "title": o.row.title, "severity": o.row.severity,
            "status": o.row.status, "services": list(o.row.services),
            "started_at": _iso(o.row.started),
            "url": _absolute(base, o.row.page, directory_urls),
            "latest_update": None if o.update is None else {
                "at": _iso(o.update.at), "status": o.update.status, "text": o.update.text.strip(),
            },
        }

    return json.dumps({
        "generated_at": _iso(now),
        "status": "operational" if not opened else "incident",
        "services": [
            {"id": s.id, "name": s.name, "status": s.state,
             "open_incidents": [o.row.id for o in opened if s.id in o.row.services]}
            for s in statuses
        ],
        "open_incidents": [incident(o) for o in opened],
    }, indent=2, ensure_ascii=False) + "\n"


def _changed(incident: Incident) -> datetime:
    """The last moment the incident's record says something happened."""
    return max([incident.started_at, incident.detected_at,
                *(t for t in (incident.mitigated_at, incident.resolved_at) if t),
                *(u.at for u in incident.updates)])


def atom(repo: Repository, rows: list[Row], *, now: datetime, title: str, base: str | None,
         directory_urls: bool, limit: int) -> str:
    """An Atom feed of the latest ``limit`` incidents (text escaped by ElementTree, characters
    XML 1.0 does not allow removed or replaced: :func:`incidentkit.site.text.xml_text`)."""
    ET.register_namespace("", _ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{_ATOM}}}{tag}",
                                {k: xml_text(v) for k, v in attrs.items()})
        if text is not None:
            element.text = xml_text(text)
        return element

    feed = ET.Element(f"{{{_ATOM}}}feed")
    sub(feed, "title", f"{title}: incidents")
    sub(feed, "id", _absolute(base, paths.INCIDENTS, directory_urls) if base
        else "urn:incidentkit:incidents")
    chosen = [repo.incidents[row.id].model for row in rows[:limit]]
    changed = {i.id: _changed(i) for i in chosen}
    sub(feed, "updated", _iso(max(changed.values(), default=now)))
    sub(feed, "link", href=_absolute(base, paths.INCIDENTS, directory_urls))
    sub(feed, "link", rel="self", href=_absolute(base, paths.FEED, directory_urls))
    for row, incident in zip(rows, chosen, strict=False):
        entry = sub(feed, "entry")
        sub(entry, "title", f"[{incident.severity}] {incident.title}")
        sub(entry, "id", f"urn:incidentkit:incident:{incident.id}")
        sub(entry, "link", href=_absolute(base, row.page, directory_urls))
        sub(entry, "updated", _iso(changed[incident.id]))
        sub(entry, "published", _iso(incident.started_at))
        for service in incident.services:
            sub(entry, "category", term=service)
        sub(entry, "category", term=incident.severity)
        sub(entry, "summary", f"{incident.status}: {incident.summary.strip()}")
        author = sub(entry, "author")
        sub(author, "name", incident.roles.commander)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"
