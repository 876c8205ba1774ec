"""Checks of the on-call catalog: people, services, escalation policies, schedules."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from incidentkit.checks import references, schema
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.source import Source
from incidentkit.model.oncall import EscalationPolicy, Person, Service
from incidentkit.model.schedule import Schedule
from incidentkit.store.layout import stem

PEOPLE: TypeAdapter[list[Person]] = TypeAdapter(list[Person])
SERVICES: TypeAdapter[list[Service]] = TypeAdapter(list[Service])
POLICIES: TypeAdapter[list[EscalationPolicy]] = TypeAdapter(list[EscalationPolicy])
SCHEDULE: TypeAdapter[Schedule] = TypeAdapter(Schedule)


def _unique(source: Source, ids: list[str], key: str, what: str) -> list[Finding]:
    seen: dict[str, int] = {}
    found = []
    for i, ident in enumerate(ids):
        if ident in seen:
            found.append(source.finding(
                (i, key), "duplicate-id",
                f"{what} {ident!r} is already defined as entry {seen[ident] + 1}: keep one",
            ))
        else:
            seen[ident] = i
    return found


def check_people(source: Source, data: Any, ctx: Context) -> tuple[list[Person], list[Finding]]:
    people, findings = schema.validate(source, PEOPLE, data)
    if people is None:
        return [], findings
    findings += _unique(source, [p.handle for p in people], "handle", "handle")
    logins = [p.github.lower() if p.github else f"\0{i}" for i, p in enumerate(people)]
    findings += [
        Finding(f.path, f.line, f.col, Severity.WARNING, "duplicate-github",
                f"two people share the GitHub login of entry {i + 1}: check both")
        for i, f in enumerate(_unique(source, logins, "github", "login"))
    ]
    return people, findings


def check_services(
    source: Source, data: Any, ctx: Context
) -> tuple[list[Service], list[Finding]]:
    services, findings = schema.validate(source, SERVICES, data)
    if services is None:
        return [], findings
    findings += _unique(source, [s.id for s in services], "id", "service")
    cat = ctx.catalog
    findings += references.dangling(
        source, "policy",
        (((i, "escalation_policy"), s.escalation_policy) for i, s in enumerate(services)),
        cat.policies,
    )
    findings += references.dangling(
        source, "runbook",
        (((i, "runbooks", j), r) for i, s in enumerate(services) for j, r in enumerate(s.runbooks)),
        cat.runbooks,
    )
    return services, findings


def check_policies(
    source: Source, data: Any, ctx: Context
) -> tuple[list[EscalationPolicy], list[Finding]]:
    policies, findings = schema.validate(source, POLICIES, data)
    if policies is None:
        return [], findings
    findings += _unique(source, [p.id for p in policies], "id", "escalation policy")
    cat = ctx.catalog
    for i, policy in enumerate(policies):
        previous = None
        for j, step in enumerate(policy.steps):
            if previous is not None and step.after < previous:
                findings.append(source.finding(
                    (i, "steps", j, "after"), "time-order",
                    "escalation steps must be in order of 'after': move this step up",
                ))
            previous = step.after
            for k, target in enumerate(step.notify):
                kind, _, name = target.partition(":")
                known = cat.schedules if kind == "schedule" else cat.people
                findings += references.dangling(
                    source, "schedule" if kind == "schedule" else "person",
                    [((i, "steps", j, "notify", k), name)], known,
                )
    return policies, findings


def check_schedule(
    source: Source, data: Any, ctx: Context
) -> tuple[Schedule | None, list[Finding]]:
    sched, findings = schema.validate(source, SCHEDULE, data)
    if sched is None:
        return None, findings
    file_stem = stem(source.rel)
    if sched.id != file_stem:
        findings.append(source.finding(
            ("id",), "id-mismatch",
            f"id {sched.id!r} differs from the file name {file_stem!r}: rename the file or fix "
            "the id",
        ))
    people = ctx.catalog.people
    for i, layer in enumerate(sched.layers):
        if not layer.members:
            findings.append(source.finding(
                ("layers", i, "members"), "empty-layer",
                f"layer {layer.name!r} has no members: add at least one handle",
            ))
        findings += references.dangling(
            source, "person",
            ((("layers", i, "members", j), m) for j, m in enumerate(layer.members)), people,
        )
        if layer.effective_until is not None and layer.effective_until <= layer.start:
            findings.append(source.finding(
                ("layers", i, "effective_until"), "time-order",
                "effective_until is not after the layer's start: fix one of them",
            ))
    for i, override in enumerate(sched.overrides):
        refs = [(("overrides", i, "person"), override.person)]
        if override.replaces:
            refs.append((("overrides", i, "replaces"), override.replaces))
        findings += references.dangling(source, "person", refs, people)
        if override.to <= override.from_:
            findings.append(source.finding(
                ("overrides", i, "to"), "time-order",
                "the override ends before it starts: 'to' must be after 'from'",
            ))
    return sched, findings
