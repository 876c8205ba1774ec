"""The weekly review: the facts an incident review board goes through for ``[start, at)``.

* **New**: every incident started in the period, near-misses and drills included (``kind``).
* **Postmortems**: those in review, and those the board should chase before the next review:
  a required postmortem not written (due ``postmortems.due_after`` after the resolution) or one
  not ``final`` (due ``postmortems.final_within`` after it) whose due moment is before
  ``at + length`` — late already, or due before the next review.
* **Action items**, by owner: those due in the period (whatever their status: done, won't do,
  or late), those still open and late from before it, and those due before the next review.
  Their due moment is the one rule of ``overdue`` (:meth:`~incidentkit.config.ActionItemPolicy
  .due`); an item without one (its incident is open and it has no ``due``) is not listed. The
  files keep an item's status, not when it changed, so "done" means done now.
* **Repeats**: an incident or near-miss of the period with the same service or runbook as an
  earlier one (not a drill) whose action items are still open (``open``, ``in-progress``): a
  fix that was promised has not landed before it happened again.
* **Figures**: :func:`incidentkit.metrics.compute.from_repository` over the period and over the
  period of the same length before it (its targets judged at its end), so every figure has the
  change beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from incidentkit.metrics.compute import Metrics, from_repository, item_due
from incidentkit.model.incident import Incident
from incidentkit.model.postmortem import ActionItem
from incidentkit.repository import Repository

#: The kinds an incident repeats as: a drill is a rehearsal, not a recurrence.
REPEATING = ("incident", "near-miss")


@dataclass(frozen=True, slots=True)
class NewIncident:
    incident: Incident
    #: Its file, relative to the repository.
    path: str


@dataclass(frozen=True, slots=True)
class PostmortemDue:
    incident: Incident
    #: ``missing``, ``draft`` or ``in-review``.
    state: str
    #: The postmortem's file, or the incident's when it is missing.
    path: str
    #: Who is to write it: the authors, or the incident's commander when it is missing.
    owners: tuple[str, ...]
    #: When it is due (written, or final); ``None`` while the incident is open.
    due: datetime | None


@dataclass(frozen=True, slots=True)
class ItemDue:
    incident: str
    item: ActionItem
    #: The postmortem's file.
    path: str
    due: datetime
    #: ``done``, ``wont-do``, ``late`` (open and past due) or ``upcoming``.
    state: str


@dataclass(frozen=True, slots=True)
class OpenItem:
    item: ActionItem
    due: datetime | None


@dataclass(frozen=True, slots=True)
class Earlier:
    """An earlier incident an incident of the period repeats."""

    incident: Incident
    path: str
    #: The services and runbooks both name.
    services: tuple[str, ...]
    runbooks: tuple[str, ...]
    #: Its postmortem's items still open.
    items: tuple[OpenItem, ...]


@dataclass(frozen=True, slots=True)
class Repeat:
    incident: Incident
    path: str
    #: The earlier incidents it repeats, the latest first.
    earlier: tuple[Earlier, ...]


@dataclass(frozen=True, slots=True)
class Review:
    start: datetime
    at: datetime
    new: tuple[NewIncident, ...]
    postmortems: tuple[PostmortemDue, ...]
    #: By owner (handles in order), each owner's items by due moment.
    items: tuple[tuple[str, tuple[ItemDue, ...]], ...]
    repeats: tuple[Repeat, ...]
    figures: Metrics
    #: The same figures over ``[start - length, start)``.
    previous: Metrics

    @property
    def length(self) -> timedelta:
        return self.at - self.start


def _postmortems(repo: Repository, at: datetime, horizon: datetime) -> list[PostmortemDue]:
    cfg = repo.config
    found: list[PostmortemDue] = []
    for incident_id, doc in repo.incidents.items():
        inc = doc.model
        pm = repo.postmortems.get(incident_id)
        if pm is None:
            level = cfg.severity(inc.severity)
            if inc.resolved_at is None or level is None or level.postmortem != "required":
                continue
            due = inc.resolved_at + cfg.postmortems.due_after
            if due < horizon:
                found.append(PostmortemDue(inc, "missing", doc.rel, (inc.roles.commander,), due))
            continue
        status = pm.model.status
        if status == "final":
            continue
        final_due = None if inc.resolved_at is None else \
            inc.resolved_at + cfg.postmortems.final_within
        if status == "in-review" or (final_due is not None and final_due < horizon):
            found.append(PostmortemDue(inc, status, pm.rel, tuple(pm.model.authors), final_due))
    far = datetime.max.replace(tzinfo=at.tzinfo)
    return sorted(found, key=lambda p: (p.due or far, p.incident.started_at, p.incident.id))


def _items(repo: Repository, start: datetime, at: datetime, horizon: datetime
           ) -> tuple[tuple[str, tuple[ItemDue, ...]], ...]:
    owners: dict[str, list[ItemDue]] = {}
    for incident_id, pm in repo.postmortems.items():
        doc = repo.incidents.get(incident_id)
        if doc is None:
            continue
        for item in pm.model.action_items:
            due = item_due(item=item, incident=doc.model, config=repo.config)
            if due is None:
                continue
            state: str
            if start <= due < at:
                state = item.status if item.is_closed else "late"
            elif due < start and not item.is_closed:
                state = "late"
            elif at <= due < horizon and not item.is_closed:
                state = "upcoming"
            else:
                continue
            owners.setdefault(item.owner, []).append(
                ItemDue(incident_id, item, pm.rel, due, state))
    return tuple(
        (owner, tuple(sorted(found, key=lambda i: (i.due, i.incident, i.item.id))))
        for owner, found in sorted(owners.items())
    )


def _open_items(repo: Repository, incident: Incident) -> tuple[OpenItem, ...]:
    pm = repo.postmortems.get(incident.id)
    if pm is None:
        return ()
    return tuple(
        OpenItem(item, item_due(item=item, incident=incident, config=repo.config))
        for item in pm.model.action_items if not item.is_closed
    )


def _repeats(repo: Repository, new: list[NewIncident]) -> list[Repeat]:
    found: list[Repeat] = []
    for entry in new:
        inc = entry.incident
        if inc.kind not in REPEATING:
            continue
        earlier: list[Earlier] = []
        for doc in repo.incidents.values():
            before = doc.model
            if before.kind not in REPEATING or (before.started_at, before.id) >= \
                    (inc.started_at, inc.id):
                continue
            services = tuple(s for s in dict.fromkeys(inc.services) if s in before.services)
            runbooks = tuple(r for r in dict.fromkeys(inc.runbooks) if r in before.runbooks)
            if not services and not runbooks:
                continue
            items = _open_items(repo, before)
            if items:
                earlier.append(Earlier(before, doc.rel, services, runbooks, items))
        if earlier:
            earlier.sort(key=lambda e: (e.incident.started_at, e.incident.id), reverse=True)
            found.append(Repeat(inc, entry.path, tuple(earlier)))
    return found


def review(repo: Repository, *, at: datetime, length: timedelta) -> Review:
    """The review of ``[at - length, at)``."""
    start = at - length
    horizon = at + length
    new = sorted(
        (NewIncident(doc.model, doc.rel) for doc in repo.incidents.values()
         if start <= doc.model.started_at < at),
        key=lambda n: (n.incident.started_at, n.incident.id),
    )
    return Review(
        start=start,
        at=at,
        new=tuple(new),
        postmortems=tuple(_postmortems(repo, at, horizon)),
        items=_items(repo, start, at, horizon),
        repeats=tuple(_repeats(repo, new)),
        figures=from_repository(repo, at=at, since=start, until=at),
        previous=from_repository(repo, at=start, since=start - length, until=start),
    )
