"""Responder health: who carries the incidents, and who is woken by them (``metrics --by person``).

Over the incidents whose ``started_at`` lies in ``[since, until)`` and whose kind is counted
(near-misses and drills only with ``--include``), for every person of ``oncall/people.yaml`` and
everyone else the incidents name or page:

* **Incidents**: those in which the person held a role (commander, communications, scribe,
  tech lead or expert), each counted once however many roles they held; **commanded**: those
  they were the commander of.
* **Pages**: an incident pages a person when the first step of the escalation policy of one of
  its services notifies them at its ``detected_at`` (the moment the alert goes out): directly
  (``person:HANDLE``) or through a schedule (``schedule:ID``) on which they are on call then (the
  final shift, overrides and time-off cover applied). Later steps are left out — they fire only
  when nobody acknowledges, which the files do not record — and so is whoever acknowledged or
  took command without being paged (that shows under incidents). One incident is one page to a
  person however many of its services or schedules reach them.
* Each page is placed in the person's own time zone (``timezone`` in ``oncall/people.yaml``,
  UTC for a handle it does not list) as business hours, evenings and nights, or weekends, by
  the one definition ``oncall load`` uses (:mod:`incidentkit.schedule.hours`). **Out of hours**
  is the pages that are not in business hours.
* **Nights interrupted**: the distinct nights with a page in the evening or at night; a night is
  named by the local date of its evening (a page at 02:00 on Tuesday interrupts Monday's night).
  **Weekends interrupted**: the distinct weekends with a page, named by their Saturday.
* **Concentration** ("hero culture"): the people are ranked by incidents (most first); the top
  ``ceil(20 % × people)`` of them (at least one) hold what share of all role-holdings (the sum
  over the people of their incidents)? With ties at the cut the share is the same whoever of the
  tied is taken.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from incidentkit.metrics.compute import Rate, select
from incidentkit.model.incident import Incident
from incidentkit.model.schedule import Schedule
from incidentkit.repository import Repository
from incidentkit.schedule.engine import on_call_at
from incidentkit.schedule.hours import HourKind, kind_of, opens
from incidentkit.schedule.shifts import clock, to_us

#: The share of the people whose load the concentration measures.
TOP_SHARE = 0.2


@dataclass(frozen=True, slots=True)
class Page:
    """One incident paging one person, read in the person's time zone."""

    incident: str
    #: ``detected_at``.
    at: datetime
    #: ``person:HANDLE`` or ``schedule:ID``: what the first step notified that reached them.
    via: str
    hours: HourKind
    #: The night (the date of its evening) or the weekend (its Saturday) it interrupted.
    interrupted: date | None


@dataclass(frozen=True, slots=True)
class PersonHealth:
    person: str
    timezone: str
    #: The incidents in which they held a role, in order of their start.
    incidents: tuple[str, ...]
    commanded: int
    #: In order of detection.
    pages: tuple[Page, ...]

    @property
    def out_of_hours(self) -> int:
        return sum(p.hours != "business" for p in self.pages)

    @property
    def nights(self) -> int:
        return len({p.interrupted for p in self.pages if p.hours == "evenings_nights"})

    @property
    def weekends(self) -> int:
        return len({p.interrupted for p in self.pages if p.hours == "weekends"})


@dataclass(frozen=True, slots=True)
class Concentration:
    people: int
    #: The most-involved ``ceil(20 % × people)``, most involved first.
    top: tuple[str, ...]
    #: Their role-holdings out of everyone's.
    share: Rate


@dataclass(frozen=True, slots=True)
class Health:
    #: The most involved first (then the most paged, then by handle).
    people: tuple[PersonHealth, ...]
    concentration: Concentration


def roles_of(incident: Incident) -> list[str]:
    """The handles holding a role in ``incident``, each once, the commander first."""
    r = incident.roles
    named = [r.commander, r.communications, r.scribe, r.tech_lead, *r.experts]
    return list(dict.fromkeys(h for h in named if h is not None))


def _interrupted(moment: int, hours: HourKind, zone: str) -> date | None:
    local = clock(zone)
    day = local.day_of(moment)
    if hours == "weekends":
        return date.fromordinal(day - ((day - 1) % 7 - 5))
    if hours == "evenings_nights":
        return date.fromordinal(day - 1 if moment < opens(day, local) else day)
    return None


def paged(
    incident: Incident, first_steps: Mapping[str, Sequence[str]],
    schedules: Mapping[str, Schedule],
) -> dict[str, str]:
    """Who ``incident`` paged at its detection: handle → the first target that reached them.

    ``first_steps`` maps a service to the targets of its escalation policy's first step.
    """
    found: dict[str, str] = {}
    for service in dict.fromkeys(incident.services):
        for target in first_steps.get(service, ()):
            kind, _, name = target.partition(":")
            if kind == "person":
                found.setdefault(name, target)
            elif name in schedules:
                shift = on_call_at(schedules[name], incident.detected_at)
                if shift is not None:
                    found.setdefault(shift.person, target)
    return found


def compute_health(
    *,
    incidents: Iterable[Incident],
    zones: Mapping[str, str],
    first_steps: Mapping[str, Sequence[str]],
    schedules: Mapping[str, Schedule],
    since: datetime | None = None,
    until: datetime | None = None,
    include: Iterable[str] = ("incident",),
) -> Health:
    """Each person's incidents and pages over ``[since, until)``, and the concentration.

    ``zones`` maps the handles of ``oncall/people.yaml`` to their time zones (everyone listed is
    counted, involved or not).
    """
    kinds = set(include)
    selected = [i for i in select(incidents=incidents, since=since, until=until)
                if i.kind in kinds]
    held: dict[str, list[str]] = {handle: [] for handle in zones}
    commanded: dict[str, int] = {}
    pages: dict[str, list[Page]] = {}
    for incident in selected:
        for handle in roles_of(incident):
            held.setdefault(handle, []).append(incident.id)
        commanded[incident.roles.commander] = commanded.get(incident.roles.commander, 0) + 1
        moment = to_us(incident.detected_at)
        for handle, via in paged(incident, first_steps, schedules).items():
            zone = zones.get(handle, "UTC")
            hours = kind_of(moment, clock(zone))
            pages.setdefault(handle, []).append(Page(
                incident.id, incident.detected_at, via, hours,
                _interrupted(moment, hours, zone)))
    for handle in pages:
        held.setdefault(handle, [])
    people = sorted(
        (PersonHealth(handle, zones.get(handle, "UTC"), tuple(ids), commanded.get(handle, 0),
                      tuple(sorted(pages.get(handle, ()), key=lambda p: (p.at, p.incident))))
         for handle, ids in held.items()),
        key=lambda p: (-len(p.incidents), -len(p.pages), p.person),
    )
    top = people[:math.ceil(TOP_SHARE * len(people))]
    share = Rate(sum(len(p.incidents) for p in top), sum(len(p.incidents) for p in people))
    return Health(tuple(people), Concentration(len(people), tuple(p.person for p in top), share))


def first_steps(repo: Repository) -> dict[str, tuple[str, ...]]:
    """Each service of the catalog → the targets its escalation policy notifies first."""
    out: dict[str, tuple[str, ...]] = {}
    for service in repo.services.values():
        policy = repo.policies.get(service.escalation_policy)
        if policy is not None:
            out[service.id] = tuple(policy.steps[0].notify)
    return out


def from_repository(
    repo: Repository,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    include: Iterable[str] = ("incident",),
) -> Health:
    """:func:`compute_health` over a loaded repository."""
    return compute_health(
        incidents=(doc.model for doc in repo.incidents.values()),
        zones={handle: person.timezone for handle, person in repo.people.items()},
        first_steps=first_steps(repo),
        schedules={key: doc.model for key, doc in repo.schedules.items()},
        since=since,
        until=until,
        include=include,
    )
