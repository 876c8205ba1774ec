"""What is late, and by how much: the overdue computation (SPEC §2.5 policies).

Eight kinds of item:

* ``action-item``: an open action item past its ``due`` date (a date is due by the end of that
  day, UTC), or, without one, past the priority's default after the incident's resolution;
* ``postmortem-missing``: a resolved incident whose severity requires a postmortem, with none
  written ``postmortems.due_after`` after resolution;
* ``postmortem-not-final``: a postmortem not ``final`` ``postmortems.final_within`` after the
  incident's resolution;
* ``not-acknowledged``: an open incident without ``acknowledged_at`` more than its severity's
  ``ack_within`` after ``detected_at``. An open incident that *was* acknowledged, late or not,
  is not an item: nothing can be done about it now (``incidentkit metrics`` counts the late
  acknowledgement once the incident is resolved);
* ``not-resolved``: an open incident more than its severity's ``resolve_within`` after
  ``started_at`` (the start of impact, from which ``metrics`` measures the MTTR too); a
  severity whose ``resolve_within`` is null has no such target;
* ``stale-incident``: an open incident whose last status update (or its detection, when it
  has none) is older than its severity's ``update_every``;
* ``runbook-review``: a runbook whose ``last_reviewed`` is older than ``runbooks.review_every``;
* ``runbook-exercise``: with ``runbooks.exercise_every`` set, a runbook that no drill has
  exercised for that long since its last exercise (never exercised: since its
  ``last_reviewed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from incidentkit.followup.exercises import last_exercises
from incidentkit.model.times import end_of_day
from incidentkit.model.types import format_duration
from incidentkit.repository import Repository
from incidentkit.store.locate import Loc

KINDS = (
    "action-item", "postmortem-missing", "postmortem-not-final", "not-acknowledged",
    "not-resolved", "stale-incident", "runbook-review", "runbook-exercise",
)


@dataclass(frozen=True, slots=True)
class OverdueItem:
    kind: str
    #: What is late, in words ("AI-2 Add a pool timeout").
    what: str
    #: Whose it is: the handles responsible.
    owners: tuple[str, ...]
    #: The moment it became late.
    due: datetime
    late: timedelta
    #: The incident it belongs to, if any.
    incident: str | None
    path: str
    line: int
    col: int
    #: The due date as the file gives it, when it is a date (shown instead of ``due``).
    due_day: date | None = None


def compute(repo: Repository, *, at: datetime) -> list[OverdueItem]:
    """Every overdue item at ``at``, the latest first within each kind."""
    found: list[OverdueItem] = []
    cfg = repo.config

    def add(kind: str, what: str, owners: tuple[str, ...], due: datetime | date,
            incident: str | None, rel: str, loc: Loc) -> None:
        moment = due if isinstance(due, datetime) else end_of_day(due)
        if at <= moment:
            return
        line, col = repo.locate(rel, loc)
        day = None if isinstance(due, datetime) else due
        found.append(OverdueItem(
            kind, what, owners, moment, at - moment, incident, rel, line, col, day))

    for incident_id, pm in repo.postmortems.items():
        doc = repo.incidents.get(incident_id)
        resolved = doc.model.resolved_at if doc else None
        for i, item in enumerate(pm.model.action_items):
            if item.is_closed:
                continue
            due = cfg.action_items.due(item, resolved)
            if due is None:
                continue
            add("action-item", f"{item.id} {item.title} ({item.priority})", (item.owner,),
                due, incident_id, pm.rel, ("action_items", i))
        if resolved is not None and pm.model.status != "final":
            add("postmortem-not-final", f"postmortem of {incident_id} is {pm.model.status}",
                tuple(pm.model.authors), resolved + cfg.postmortems.final_within, incident_id,
                pm.rel, ("status",))

    for incident_id, doc in repo.incidents.items():
        inc = doc.model
        level = cfg.severity(inc.severity)
        if level is None:
            continue
        if (inc.resolved_at is not None and level.postmortem == "required"
                and incident_id not in repo.postmortems):
            add("postmortem-missing", f"postmortem of {incident_id} ({inc.severity}) not written",
                (inc.roles.commander,), inc.resolved_at + cfg.postmortems.due_after,
                incident_id, doc.rel, ("id",))
        if inc.is_open and inc.acknowledged_at is None:
            add("not-acknowledged",
                f"{incident_id} ({inc.severity}, {inc.status}) not acknowledged within "
                f"{format_duration(level.ack_within)} of its detection", (inc.roles.commander,),
                inc.detected_at + level.ack_within, incident_id, doc.rel, ("detected_at",))
        if inc.is_open and level.resolve_within is not None:
            add("not-resolved",
                f"{incident_id} ({inc.severity}, {inc.status}) not resolved within "
                f"{format_duration(level.resolve_within)} of its start", (inc.roles.commander,),
                inc.started_at + level.resolve_within, incident_id, doc.rel, ("started_at",))
        if inc.is_open and level.update_every is not None:
            last = inc.last_update_at() or inc.detected_at
            owner = inc.roles.communications or inc.roles.commander
            loc: Loc = ("updates", len(inc.updates) - 1) if inc.updates else ("status",)
            add("stale-incident",
                f"{incident_id} ({inc.severity}, {inc.status}) needs a status update every "
                f"{format_duration(level.update_every)}", (owner,), last + level.update_every,
                incident_id, doc.rel, loc)

    review = cfg.runbooks.review_every
    for slug, rb in repo.runbooks.items():
        due_day = rb.model.last_reviewed + timedelta(days=review.days)
        add("runbook-review", f"runbook {slug} review", (rb.model.owner,), due_day, None,
            rb.rel, ("last_reviewed",))

    every = cfg.runbooks.exercise_every
    if every is not None:
        exercises = last_exercises(doc.model for doc in repo.incidents.values())
        for slug, rb in repo.runbooks.items():
            exercise = exercises.get(slug)
            since = exercise.day if exercise else rb.model.last_reviewed
            what = (f"runbook {slug} not exercised by a drill since {since.isoformat()}"
                    if exercise else f"runbook {slug} never exercised by a drill")
            add("runbook-exercise", what, (rb.model.owner,), since + timedelta(days=every.days),
                None, rb.rel, ("title",))

    order = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(found, key=lambda o: (order[o.kind], -o.late, o.path, o.line))
