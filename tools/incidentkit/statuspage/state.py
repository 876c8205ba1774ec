"""What the public status page shows, and nothing else.

Only *public* components exist here: the services of ``oncall/services.yaml`` with a
``status_page`` entry. Only *public* incidents: customer-facing ones (``impact.customer_facing``)
that touch a public component, and never a near-miss or a drill (``kind``). Of an incident
customers see its public title (``public_title``, else ``title``), its status, its times, the
public components it touches and its **external** updates; never its severity id, people,
summary, timeline, internal updates, tags or links.

The rules (README, "Public status page"):

* an open incident puts each public component it touches in a state by its severity's rank in
  ``incidentkit.yaml`` (the first severity, SEV0 by default: major outage; the second: partial
  outage; any other: degraded performance); the worst open incident wins;
* a maintenance in progress (:func:`incidentkit.model.maintenance.phase`) puts its components
  under maintenance, unless an incident already put them in a worse state;
* the banner is the worst component state, "under maintenance" when only maintenance is going
  on, else "operational";
* an incident's impact (Statuspage's ``impact``) follows the same rank: critical, major, minor.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from incidentkit.checks.registry import MAINTENANCE
from incidentkit.model.incident import Incident
from incidentkit.model.maintenance import Maintenance, MaintenanceStatus, phase
from incidentkit.repository import Repository
from incidentkit.statuspage.uptime import LEVELS, Uptime, Window, uptime

#: Component states, best first (Statuspage's words).
STATES = ("operational", "under_maintenance", *LEVELS)
#: The words customers read for a state, and Statuspage's ``status.indicator`` for it.
WORDS = {
    "operational": "Operational", "under_maintenance": "Under maintenance",
    "degraded_performance": "Degraded performance", "partial_outage": "Partial outage",
    "major_outage": "Major outage",
}
BANNER = {
    "operational": "All systems operational", "under_maintenance": "Under maintenance",
    "degraded_performance": "Degraded performance", "partial_outage": "Partial outage",
    "major_outage": "Major outage",
}
INDICATOR = {
    "operational": "none", "under_maintenance": "maintenance",
    "degraded_performance": "minor", "partial_outage": "major", "major_outage": "critical",
}
IMPACT = {"degraded_performance": "minor", "partial_outage": "major",
          "major_outage": "critical"}


def public_id(kind: str, key: str) -> str:
    """A stable 12-character id (Statuspage's length) that does not spell the internal id."""
    return hashlib.blake2b(f"{kind}:{key}".encode(), digest_size=6).hexdigest()


@dataclass(frozen=True, slots=True)
class Update:
    at: datetime
    status: str
    text: str


@dataclass(frozen=True, slots=True)
class PublicIncident:
    id: str
    title: str
    status: str
    #: The component state it causes (``degraded_performance``, ...); ``impact`` in words.
    level: str
    started_at: datetime
    resolved_at: datetime | None
    #: The external updates, newest first.
    updates: tuple[Update, ...]
    #: Public component ids it touches, in page order.
    components: tuple[str, ...]

    @property
    def impact(self) -> str:
        return IMPACT[self.level]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def updated_at(self) -> datetime:
        return max([self.started_at, *(u.at for u in self.updates),
                    *([self.resolved_at] if self.resolved_at else [])])

    @property
    def monitoring_at(self) -> datetime | None:
        return min((u.at for u in self.updates if u.status == "monitoring"), default=None)


@dataclass(frozen=True, slots=True)
class PublicMaintenance:
    id: str
    title: str
    description: str | None
    starts_at: datetime
    ends_at: datetime
    #: Where it stands now (:func:`~incidentkit.model.maintenance.phase`).
    phase: MaintenanceStatus
    updates: tuple[Update, ...]
    components: tuple[str, ...]
    #: Its first update, else the page's now (the file says no earlier time). A maintenance
    #: whose every update is later than now was not announced yet: it is not shown.
    announced_at: datetime
    #: Its last update or the start or end of its window, whichever came last by now.
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Component:
    id: str
    name: str
    group: str | None
    description: str | None
    state: str
    uptime: Uptime

    @property
    def words(self) -> str:
        return WORDS[self.state]


@dataclass(frozen=True, slots=True)
class Group:
    name: str | None
    components: tuple[Component, ...]

    @property
    def id(self) -> str:
        return public_id("group", self.name or "")

    @property
    def state(self) -> str:
        return max((c.state for c in self.components), key=STATES.index, default="operational")


@dataclass(frozen=True, slots=True)
class StatusPage:
    title: str
    url: str | None
    now: datetime
    days: int
    state: str
    groups: tuple[Group, ...]
    #: Public incidents, newest first.
    incidents: tuple[PublicIncident, ...]
    maintenance: tuple[PublicMaintenance, ...]

    @property
    def components(self) -> list[Component]:
        return [c for g in self.groups for c in g.components]

    @property
    def banner(self) -> str:
        return BANNER[self.state]

    @property
    def indicator(self) -> str:
        return INDICATOR[self.state]

    @property
    def current(self) -> list[PublicIncident]:
        return [i for i in self.incidents if i.is_open]

    @property
    def resolved(self) -> list[PublicIncident]:
        return [i for i in self.incidents if not i.is_open]

    @property
    def active_maintenance(self) -> list[PublicMaintenance]:
        return sorted((m for m in self.maintenance if m.phase == "in-progress"),
                      key=lambda m: m.starts_at)

    @property
    def upcoming_maintenance(self) -> list[PublicMaintenance]:
        return sorted((m for m in self.maintenance if m.phase == "scheduled"),
                      key=lambda m: m.starts_at)

    @property
    def updated_at(self) -> datetime:
        return max([*(i.updated_at for i in self.incidents),
                    *(m.updated_at for m in self.maintenance)], default=self.now)

    def name_of(self, component: str) -> str:
        return next(c.name for c in self.components if c.id == component)


def _level(incident: Incident, rank: dict[str, int]) -> str:
    n = rank.get(incident.severity, len(rank))
    return "major_outage" if n == 0 else "partial_outage" if n == 1 else "degraded_performance"


def _incident(incident: Incident, level: str, order: Sequence[str], now: datetime
              ) -> PublicIncident:
    """The incident as customers saw it at ``now`` (later updates and a later resolution are
    not known yet)."""
    updates = sorted((Update(u.at, u.status, u.text.strip()) for u in incident.updates
                      if u.audience == "external" and u.at <= now),
                     key=lambda u: u.at, reverse=True)
    resolved_at, status = incident.resolved_at, incident.status
    if resolved_at is not None and resolved_at > now:
        resolved_at = None
        known = [u for u in incident.updates if u.at <= now and u.status != "resolved"]
        status = max(known, key=lambda u: u.at).status if known else "investigating"
    return PublicIncident(
        public_id("incident", incident.id), (incident.public_title or incident.title).strip(),
        status, level, incident.started_at, resolved_at, tuple(updates),
        tuple(c for c in order if c in incident.services))


def _maintenance(m: Maintenance, now: datetime, order: Sequence[str]
                 ) -> PublicMaintenance | None:
    """The maintenance as customers saw it at ``now``; ``None`` when it was not announced yet
    (every update is later) or touches no public component."""
    components = tuple(c for c in order if c in m.components)
    if not components or (m.updates and all(u.at > now for u in m.updates)):
        return None
    updates = sorted((Update(u.at, u.status, u.text.strip()) for u in m.updates if u.at <= now),
                     key=lambda u: u.at, reverse=True)
    announced = min([now, *(u.at for u in updates)])
    moments = [announced, *(u.at for u in updates),
               *(t for t in (m.starts_at, m.ends_at) if t <= now)]
    return PublicMaintenance(
        public_id("maintenance", m.id), m.title.strip(),
        m.description.strip() if m.description else None, m.starts_at, m.ends_at,
        phase(m, now), tuple(updates), components, announced, max(moments))


def build(repo: Repository, *, now: datetime, title: str, url: str | None = None,
          days: int = 90) -> StatusPage:
    """The status page of a repository at ``now``."""
    public = {sid: s.status_page for sid, s in repo.services.items() if s.status_page}
    order = list(public)
    rank = {level.id: n for n, level in enumerate(repo.config.severities)}
    incidents: list[PublicIncident] = []
    windows: dict[str, list[Window]] = defaultdict(list)
    state = dict.fromkeys(order, "operational")
    for doc in repo.incidents.values():
        incident = doc.model
        if incident.kind != "incident" or not incident.impact.customer_facing \
                or not set(incident.services) & set(public):
            continue
        shown = _incident(incident, _level(incident, rank), order, now)
        if shown.started_at > now:
            continue
        incidents.append(shown)
        for c in shown.components:
            windows[c].append(Window(incident.started_at, shown.resolved_at or now, shown.level))
            if shown.is_open:
                state[c] = max(state[c], shown.level, key=STATES.index)
    maintenance = [planned for d in repo.of(MAINTENANCE).values()
                   if (planned := _maintenance(d.model, now, order)) is not None]
    for m in maintenance:
        if m.phase == "in-progress":
            for c in m.components:
                state[c] = max(state[c], "under_maintenance", key=STATES.index)
    groups: dict[str | None, list[Component]] = {}
    for sid, entry in public.items():
        groups.setdefault(entry.group, []).append(Component(
            sid, entry.name, entry.group, entry.description, state[sid],
            uptime(windows[sid], now=now, days=days)))
    overall = max(state.values(), key=STATES.index, default="operational")
    incidents.sort(key=lambda i: (i.started_at, i.id), reverse=True)
    maintenance.sort(key=lambda m: (m.starts_at, m.id), reverse=True)
    return StatusPage(title, url, now, days, overall,
                      tuple(Group(name, tuple(cs)) for name, cs in groups.items()),
                      tuple(incidents), tuple(maintenance))
