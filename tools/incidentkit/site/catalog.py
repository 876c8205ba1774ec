"""Service and runbook pages: a service's incidents, runbooks and escalation policy resolved to
schedules and who is on call on them; runbooks with their review state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from incidentkit.followup.exercises import Exercise, last_exercises
from incidentkit.model.oncall import Service
from incidentkit.model.runbook import RunbookMeta
from incidentkit.model.types import format_duration
from incidentkit.schedule import on_call_at, uncovered_at
from incidentkit.site import paths, views
from incidentkit.site.oncall import nobody

if TYPE_CHECKING:
    from incidentkit.site.generator import _Build


@dataclass(frozen=True, slots=True)
class Target:
    label: str
    page: str | None


@dataclass(frozen=True, slots=True)
class Step:
    after: str
    targets: tuple[Target, ...]
    #: Who each schedule target has on call now (people targets are themselves).
    now: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ServiceRow:
    service: Service
    page: str
    policy_name: str
    open: int
    total: int


@dataclass(frozen=True, slots=True)
class RunbookRow:
    slug: str
    meta: RunbookMeta
    page: str
    state: str


def _steps(build: _Build, service: Service) -> list[Step]:
    repo, names, now = build.repo, build.names, build.options.now
    policy = repo.policies.get(service.escalation_policy)
    if policy is None:
        return []
    steps = []
    for step in policy.steps:
        targets, current = [], []
        for target in step.notify:
            kind, _, name = target.partition(":")
            if kind == "person":
                targets.append(Target(names.person(name), None))
                current.append(names.person(name))
            elif name in repo.schedules:
                schedule = repo.schedules[name].model
                targets.append(Target(schedule.name, paths.schedule(name)))
                shift = on_call_at(schedule, now)
                current.append(nobody(uncovered_at(schedule, now)) if shift is None
                               else names.person(shift.person))
            else:
                targets.append(Target(f"schedule {name} (not found)", None))
        steps.append(Step(format_duration(step.after), tuple(targets), tuple(current)))
    return steps


def service_pages(build: _Build, rows: list[views.Row]) -> None:
    repo = build.repo
    by_service: dict[str, list[views.Row]] = {}
    for row in rows:
        for service_id in row.services:
            by_service.setdefault(service_id, []).append(row)
    listed = []
    for service_id, service in sorted(repo.services.items()):
        mine = by_service.get(service_id, [])
        policy = repo.policies.get(service.escalation_policy)
        runbooks = [(slug, repo.runbooks[slug].model.title if slug in repo.runbooks else slug)
                    for slug in service.runbooks]
        build.page(paths.service(service_id), "service.md.j2", service=service, policy=policy,
                   steps=_steps(build, service), runbooks=runbooks, rows=mine)
        listed.append(ServiceRow(service, paths.service(service_id),
                                 policy.name if policy else service.escalation_policy,
                                 sum(1 for r in mine if r.status != "resolved"), len(mine)))
    build.page(paths.SERVICES, "services.md.j2", services=listed)


def review_state(meta: RunbookMeta, every: timedelta, today: Any) -> tuple[str, bool]:
    """``("review due 2027-03-13", False)`` or ``("review overdue since …", True)``."""
    due = meta.last_reviewed + timedelta(days=every.days)
    if today > due:
        return f"review overdue since {due.isoformat()}", True
    return f"review due {due.isoformat()}", False


def exercise_state(meta: RunbookMeta, exercise: Exercise | None, every: timedelta | None,
                   today: Any) -> tuple[str, bool]:
    """``("exercise due 2026-09-06", False)``, ``("exercise overdue since …", True)``, or
    ``("", False)`` when drills are not required (``runbooks.exercise_every`` null)."""
    if every is None:
        return "", False
    due = (exercise.day if exercise else meta.last_reviewed) + timedelta(days=every.days)
    if today > due:
        return f"exercise overdue since {due.isoformat()}", True
    return f"exercise due {due.isoformat()}", False


def runbook_pages(build: _Build) -> None:
    repo = build.repo
    every = repo.config.runbooks.review_every
    drills = repo.config.runbooks.exercise_every
    exercises = last_exercises(doc.model for doc in repo.incidents.values())
    today = build.options.now.date()
    rows = []
    for slug, doc in sorted(repo.runbooks.items()):
        state, overdue = review_state(doc.model, every, today)
        exercise = exercises.get(slug)
        drill_state, drill_overdue = exercise_state(doc.model, exercise, drills, today)
        body = views.cut(build.gen.body(doc.rel))
        build.page(paths.runbook(slug), "runbook.md.j2", slug=slug, meta=doc.model,
                   state=state, overdue=overdue or drill_overdue, body=body,
                   exercise=exercise, drill_state=drill_state,
                   exercise_page=paths.incident(exercise.incident) if exercise else None)
        rows.append(RunbookRow(slug, doc.model, paths.runbook(slug), state))
    build.page(paths.RUNBOOKS, "runbooks.md.j2", runbooks=rows)
