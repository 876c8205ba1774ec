"""Handoff notes: who hands the pager to whom and when, and what they hand over.

For a schedule at a moment: the shift under way and the next one (through any gap between
them), what happened during the outgoing shift (incidents of the schedule's services started,
updated or resolved between its start and the moment), the open incidents of the services whose
escalation policies page the schedule, and the overdue action items of those services'
incidents (open or resolved).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from incidentkit import present
from incidentkit.escape import markdown as md
from incidentkit.escape import url as url_escape
from incidentkit.followup.overdue import OverdueItem, compute
from incidentkit.followup.report import late_by
from incidentkit.model.incident import Incident
from incidentkit.model.oncall import Person, Service
from incidentkit.model.schedule import Schedule
from incidentkit.oncall.render import hours, when
from incidentkit.present import utc_minute
from incidentkit.repository import Repository
from incidentkit.schedule.engine import final_shifts, on_call_at, uncovered_at
from incidentkit.schedule.shifts import OVERRIDE, Shift, Uncovered

#: How far ahead the next shift is looked for.
HORIZON = timedelta(days=90)


@dataclass(frozen=True, slots=True)
class Activity:
    """What happened to one incident during the outgoing shift."""

    incident: Incident
    #: The incident's file, relative to the repository (the note links to it).
    path: str
    started: bool
    #: Timeline entries and status updates dated within the shift.
    updates: int
    resolved: bool


@dataclass(frozen=True, slots=True)
class Handoff:
    schedule: Schedule
    at: datetime
    #: The shift under way at ``at`` (``None`` in a gap), whole, with any continuation of the
    #: same person through another layer or an override joined to it.
    current: Shift | None
    #: The first shift of someone else after ``current`` (or after ``at``); ``None`` when
    #: nobody is on call within :data:`HORIZON` after that.
    next: Shift | None
    #: The services whose escalation policies page this schedule, by id.
    services: tuple[Service, ...]
    #: Their open incidents, the earliest first.
    incidents: tuple[Incident, ...]
    #: The overdue action items of their incidents.
    overdue: tuple[OverdueItem, ...]
    #: Their incidents started, updated or resolved from the start of ``current`` to ``at``
    #: (none when nobody is on call), the earliest started first.
    during: tuple[Activity, ...] = ()

    @property
    def gap(self) -> tuple[datetime, datetime] | None:
        """The time with nobody on call between the current shift (or ``at``) and the next."""
        begins = self.current.end if self.current else self.at
        ends = self.next.start if self.next else begins + HORIZON
        return (begins, ends) if begins < ends else None

    @property
    def intended(self) -> tuple[Uncovered, ...]:
        """The windows overrides leave uncovered on purpose, one after the other, from where
        that time starts (that much of it is not a gap of the schedule)."""
        gap = self.gap
        if gap is None:
            return ()
        found: list[Uncovered] = []
        moment = gap[0]
        while moment < gap[1] and (window := uncovered_at(self.schedule, moment)) is not None:
            found.append(window)
            moment = window.end
        return tuple(found)


def _shifts(schedule: Schedule, at: datetime) -> tuple[Shift | None, Shift | None]:
    current = on_call_at(schedule, at)
    after = current.end if current else at
    for shift in final_shifts(schedule, start=after, end=after + HORIZON):
        if current is not None and shift.person == current.person and \
                shift.start == current.end:
            current = replace(current, end=shift.end)
            continue
        return current, shift
    return current, None


def services_paging(repo: Repository, schedule_id: str) -> tuple[Service, ...]:
    """The services whose escalation policy notifies the schedule at some step."""
    target = f"schedule:{schedule_id}"
    policies = {
        policy.id for policy in repo.policies.values()
        if any(target in step.notify for step in policy.steps)
    }
    return tuple(sorted(
        (s for s in repo.services.values() if s.escalation_policy in policies),
        key=lambda s: s.id,
    ))


def _activity(incident: Incident, path: str, since: datetime, at: datetime) -> Activity | None:
    def within(moment: datetime | None) -> bool:
        return moment is not None and since <= moment <= at

    updates = sum(within(e.at) for e in incident.timeline) + \
        sum(within(u.at) for u in incident.updates)
    found = Activity(incident, path, within(incident.started_at), updates,
                     within(incident.resolved_at))
    return found if found.started or found.updates or found.resolved else None


def handoff(repo: Repository, schedule_id: str, *, at: datetime,
            overdue: list[OverdueItem] | None = None) -> Handoff:
    """The handoff note's facts for one schedule of the repository at ``at``.

    ``overdue`` is :func:`incidentkit.followup.overdue.compute` at ``at``, when the caller has
    it already (several schedules share one computation).
    """
    schedule = repo.schedules[schedule_id].model
    current, following = _shifts(schedule, at)
    services = services_paging(repo, schedule_id)
    ids = {s.id for s in services}
    concerned = {
        incident_id for incident_id, doc in repo.incidents.items()
        if ids.intersection(doc.model.services)
    }
    incidents = sorted(
        (repo.incidents[i].model for i in concerned if repo.incidents[i].model.is_open),
        key=lambda inc: (inc.started_at, inc.id),
    )
    items = compute(repo, at=at) if overdue is None else overdue
    late = [i for i in items if i.kind == "action-item" and i.incident in concerned]
    during: list[Activity] = []
    if current is not None:
        for incident_id in concerned:
            doc = repo.incidents[incident_id]
            found = _activity(doc.model, doc.rel, current.start, at)
            if found is not None:
                during.append(found)
    during.sort(key=lambda a: (a.incident.started_at, a.incident.id))
    return Handoff(schedule, at, current, following, services, tuple(incidents), tuple(late),
                   tuple(during))


# --- the Markdown note --------------------------------------------------------------------


def _who(handle: str, people: Mapping[str, Person]) -> str:
    person = people.get(handle)
    return f"**{md(present.person(handle, person.name if person else None))}**"


def _via(shift: Shift) -> str:
    return "override" if shift.source == OVERRIDE else f"layer {md(shift.source)}"


def _nobody(note: Handoff, zone: tzinfo) -> str:
    """Why nobody is on call where the gap starts: on purpose (with the reasons), or a gap."""
    intended, gap = note.intended, note.gap
    if not intended:
        return "a gap in the schedule"
    why = "uncovered on purpose: " + "; then ".join(md(w.reason) for w in intended)
    if gap is not None and intended[-1].end < gap[1]:
        return f"{why}, until {when(intended[-1].end, zone)}; then a gap in the schedule"
    return why


def _sentence(note: Handoff, people: Mapping[str, Person], zone: tzinfo) -> str:
    current, following, gap = note.current, note.next, note.gap
    later = f"nobody is on call for at least {HORIZON.days} days"
    if current is None:
        if following is None:
            return f"Nobody is on call now, and {later}."
        why = _nobody(note, zone)
        return (f"Nobody is on call now ({why}); {_who(following.person, people)}"
                f" takes over at {when(following.start, zone)}.")
    hands = f"{_who(current.person, people)} hands over"
    if following is None:
        return f"{hands} at {when(current.end, zone)}; after that {later}."
    if gap is None:
        return f"{hands} to {_who(following.person, people)} at {when(current.end, zone)}."
    return (f"{hands} at {when(current.end, zone)}, then nobody is on call for "
            f"{hours(gap[1] - gap[0])} h ({_nobody(note, zone)}), until "
            f"{_who(following.person, people)} takes over at {when(following.start, zone)}.")


def _shift_rows(note: Handoff, people: Mapping[str, Person], zone: tzinfo) -> list[str]:
    def row(label: str, who: str, begins: datetime, ends: datetime, via: str) -> str:
        return f"| {label} | {who} | {when(begins, zone)} | {when(ends, zone)} | {via} |"

    rows = ["| | Who | From | Until | Through |", "|---|---|---|---|---|"]
    if note.current is not None:
        c = note.current
        rows.append(row("Now", _who(c.person, people), c.start, c.end, _via(c)))
    gap = note.gap
    if gap is not None:
        cursor = gap[0]
        for window in note.intended:
            ends = min(window.end, gap[1])
            rows.append(row("Uncovered", "nobody", cursor, ends,
                            f"override: {md(window.reason)}"))
            cursor = ends
        if cursor < gap[1]:
            rows.append(row("Gap", "nobody", cursor, gap[1], "—"))
    if note.next is not None:
        n = note.next
        rows.append(row("Next", _who(n.person, people), n.start, n.end, _via(n)))
    return rows


def _incident_rows(note: Handoff, zone: tzinfo) -> list[str]:
    if not note.incidents:
        return ["None."]
    rows = ["| Incident | Severity | Status | Title | Services | Started |",
            "|---|---|---|---|---|---|"]
    rows += [
        f"| `{inc.id}` | {md(inc.severity)} | {inc.status} | {md(inc.title)} | "
        f"{', '.join(inc.services)} | {when(inc.started_at, zone)} |"
        for inc in note.incidents
    ]
    return rows


def _what(activity: Activity, zone: tzinfo) -> str:
    inc = activity.incident
    parts = []
    if activity.started:
        parts.append(f"started {when(inc.started_at, zone)}")
    if activity.updates:
        parts.append(f"{activity.updates} update{'s' * (activity.updates != 1)}")
    if activity.resolved and inc.resolved_at is not None:
        parts.append(f"resolved {when(inc.resolved_at, zone)}")
    return ", ".join(parts)


def _during_rows(note: Handoff, people: Mapping[str, Person], zone: tzinfo) -> list[str]:
    current = note.current
    if current is None:
        return ["Nobody is on call now: there is no outgoing shift."]
    rows = [f"From the start of {_who(current.person, people)}'s shift at "
            f"{when(current.start, zone)} to {when(note.at, zone)}:", ""]
    if not note.during:
        return [*rows, "No incident of these services started, was updated or was resolved."]
    rows += ["| Incident | Severity | Status | Title | During the shift |",
             "|---|---|---|---|---|"]
    rows += [
        f"| [`{a.incident.id}`]({url_escape(a.path)}) | {md(a.incident.severity)} | "
        f"{a.incident.status} | {md(a.incident.title)} | {_what(a, zone)} |"
        for a in note.during
    ]
    return rows


def _overdue_rows(note: Handoff) -> list[str]:
    if not note.overdue:
        return ["None."]
    rows = ["| Action item | Owner | Incident | Due | Late by |", "|---|---|---|---|---|"]
    rows += [
        f"| {md(item.what)} | {md(', '.join(item.owners))} | `{item.incident}` | "
        f"{item.due_day.isoformat() if item.due_day else utc_minute(item.due)} | "
        f"{late_by(item.late)} |"
        for item in note.overdue
    ]
    return rows


def markdown(notes: Sequence[Handoff], people: Mapping[str, Person], *, at: datetime,
             zone: tzinfo | None = None) -> str:
    """The handoff note of each schedule, in its own time zone unless ``zone`` is given."""
    lines = [f"# On-call handoff, {utc_minute(at)}"]
    for note in notes:
        schedule = note.schedule
        shown = zone or ZoneInfo(schedule.timezone)
        services = ", ".join(s.id for s in note.services) or "none"
        lines += [
            "", f"## {md(schedule.name)} (`{schedule.id}`)", "",
            _sentence(note, people, shown), "",
            *_shift_rows(note, people, shown), "",
            "### During the outgoing shift", "",
            f"Services paged through this schedule: {services}.", "",
            *_during_rows(note, people, shown), "",
            "### Open incidents", "",
            *_incident_rows(note, shown), "",
            "### Overdue action items", "",
            *_overdue_rows(note),
        ]
    return "\n".join(lines) + "\n"
