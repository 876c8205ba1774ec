"""Checks of the on-call catalog: people, services, escalation policies, schedules.

Beyond the schema and the references, a schedule is checked for what it means (SPEC §2.3):
a rotation of zero, restriction windows that never open (``days: []``, or none inside the
layer's ``start`` .. ``effective_until``), overrides that fight over the same shift, and, as
warnings, overrides whose ``replaces`` person is never on call in their window (they never
apply), gaps with nobody on call and shifts in their person's time off (``oncall/time-off.yaml``)
in the 14 days from now (``INCIDENTKIT_NOW`` stands in for the clock: :mod:`incidentkit.clock`).
"""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from pydantic import TypeAdapter

from incidentkit import clock
from incidentkit.checks import references, schema
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.located import Located
from incidentkit.checks.timeoff import clashes
from incidentkit.model.oncall import EscalationPolicy, Person, Service
from incidentkit.model.schedule import Layer, Override, Schedule
from incidentkit.present import utc_minute
from incidentkit.schedule import lint
from incidentkit.schedule.engine import gaps
from incidentkit.store.layout import stem
from incidentkit.store.text import quote

PEOPLE: TypeAdapter[list[Person]] = TypeAdapter(list[Person])
SERVICES: TypeAdapter[list[Service]] = TypeAdapter(list[Service])
POLICIES: TypeAdapter[list[EscalationPolicy]] = TypeAdapter(list[EscalationPolicy])
SCHEDULE: TypeAdapter[Schedule] = TypeAdapter(Schedule)

#: How far ahead ``validate`` looks for gaps in a schedule.
GAP_HORIZON = timedelta(days=14)
#: The codes of the gap warning and of the time-off warning (the findings that depend on the
#: clock).
GAP_CODE = "schedule-gap"
TIME_OFF_CODE = "shift-in-time-off"


def _unique(source: Located, ids: list[str], key: str, what: str) -> list[Finding]:
    seen: dict[str, int] = {}
    found = []
    for i, ident in enumerate(ids):
        if ident in seen:
            found.append(source.finding(
                (i, key), "duplicate-id",
                f"{what} {quote(ident)} is already defined as entry {seen[ident] + 1}: keep one",
            ))
        else:
            seen[ident] = i
    return found


def check_people(source: Located, data: Any, ctx: Context) -> tuple[list[Person], list[Finding]]:
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
    source: Located, data: Any, ctx: Context
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
    source: Located, data: Any, ctx: Context
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


def _empty_days(data: Any) -> list[tuple[int, int]]:
    """``(layer, restriction)`` of each restriction written with ``days: []``."""
    found: list[tuple[int, int]] = []
    layers = data.get("layers") if isinstance(data, dict) else None
    for i, layer in enumerate(layers if isinstance(layers, list) else []):
        windows = layer.get("restrictions") if isinstance(layer, dict) else None
        for j, window in enumerate(windows if isinstance(windows, list) else []):
            if isinstance(window, dict) and window.get("days") == []:
                found.append((i, j))
    return found


def _without_empty_days(data: Any, empty: list[tuple[int, int]]) -> Any:
    """``data`` with a placeholder day in each ``days: []`` (reported on its own), so the rest
    of the file is still checked at the same positions."""
    patched = copy.deepcopy(data)
    for i, j in empty:
        patched["layers"][i]["restrictions"][j]["days"] = ["mon"]
    return patched




def _meaning(source: Located, sched: Schedule) -> list[Finding]:
    """Errors in what a schema-valid schedule says: restrictions, overrides. (A rotation's
    length, 1h to 365d, is the schema's: model/types.RotationLength.)"""
    findings: list[Finding] = []
    for i in lint.restrictions_outside_period(sched):
        layer = sched.layers[i]
        assert layer.effective_until is not None
        findings.append(source.finding(
            ("layers", i, "restrictions"), "restriction-never-matches",
            f"no restriction window of layer {quote(layer.name)} opens between its start "
            f"{layer.start:%Y-%m-%dT%H:%M} and effective_until "
            f"{layer.effective_until:%Y-%m-%dT%H:%M}: the layer never has anyone; fix the "
            "days or times, or the dates",
        ))
    for clash in lint.overlapping_overrides(sched):
        this, other = sched.overrides[clash.index], sched.overrides[clash.other]
        both = f"both replace {this.replaces}" if this.replaces is not None and \
            this.replaces == other.replaces else "one of them replaces whoever is on call"
        findings.append(source.finding(
            ("overrides", clash.index, "from"), "overlapping-overrides",
            f"this override ({this.from_.isoformat()} to {this.to.isoformat()}) overlaps "
            f"override {clash.other + 1} ({other.from_.isoformat()} to "
            f"{other.to.isoformat()}) and {both}: where they overlap, their order in the file "
            "decides who is on call; make the windows meet instead of overlap",
        ))
    return findings


def _gap_warning(source: Located, sched: Schedule) -> Finding | None:
    """A warning at the schedule's id when nobody is on call at some time of the next 14 days."""
    start = clock.now()
    holes = gaps(sched, start=start, end=start + GAP_HORIZON)
    if not holes:
        return None
    total = sum((end - begin for begin, end in holes), timedelta())
    count = f"the first of {len(holes)} gaps" if len(holes) > 1 else "the only gap"
    return source.finding(
        ("id",), GAP_CODE,
        f"nobody is on call from {utc_minute(holes[0][0])} to {utc_minute(holes[0][1])} "
        f"({count} in the "
        f"next 14 days, {total / timedelta(hours=1):.2f} h in all): add a layer or an "
        "override; incidentkit oncall gaps lists them",
        severity=Severity.WARNING,
    )


def check_schedule(
    source: Located, data: Any, ctx: Context
) -> tuple[Schedule | None, list[Finding]]:
    empty = _empty_days(data)
    sched, findings = schema.validate(
        source, SCHEDULE, _without_empty_days(data, empty) if empty else data)
    findings += [
        source.finding(
            ("layers", i, "restrictions", j, "days"), "restriction-never-matches",
            "a window without days never opens: list the days it covers, e.g. [mon, tue, "
            "wed, thu, fri], or remove the restriction",
        )
        for i, j in empty
    ]
    # Of a schedule that failed its schema, the values valid on their own are still checked.
    fields = schema.fields_of(Schedule, _without_empty_days(data, empty) if empty else data,
                              sched)
    file_stem = stem(source.rel)
    ident: str | None = fields.get("id")
    if ident is not None and ident != file_stem:
        findings.append(source.finding(
            ("id",), "id-mismatch",
            f"id {quote(ident)} differs from the file name {quote(file_stem)}: rename the "
            "file or fix the id",
        ))
    people = ctx.catalog.people
    layers: list[Layer] = fields.get("layers") or []
    for i, layer in enumerate(layers):
        if not layer.members:
            findings.append(source.finding(
                ("layers", i, "members"), "empty-layer",
                f"layer {quote(layer.name)} has no members: add at least one handle",
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
    overrides: list[Override] = fields.get("overrides") or []
    for i, override in enumerate(overrides):
        refs: list[tuple[tuple[str, int, str], str]] = []
        if override.person is not None:  # null: a window left uncovered on purpose
            refs.append((("overrides", i, "person"), override.person))
        if override.replaces:
            refs.append((("overrides", i, "replaces"), override.replaces))
        findings += references.dangling(source, "person", refs, people)
        if override.to <= override.from_:
            findings.append(source.finding(
                ("overrides", i, "to"), "time-order",
                "the override ends before it starts: 'to' must be after 'from'",
            ))
    if sched is None:
        return None, findings
    findings += _meaning(source, sched)
    if any(f.severity is Severity.ERROR for f in findings):
        # Placeholders stand in for the empty days: that model is not the file's.
        return (None if empty else sched), findings
    # Layers with time_off_cover read the repository's time off; every later use of this model
    # (the commands, the site, history) computes shifts from it.
    sched = sched.with_time_off(ctx.catalog.time_off)
    findings += _idle_overrides(source, sched)
    warnings = [_gap_warning(source, sched), _time_off_warning(source, sched, ctx)]
    return sched, findings + [w for w in warnings if w is not None]


def _time_off_warning(source: Located, sched: Schedule, ctx: Context) -> Finding | None:
    """A warning at the schedule's id when someone is on call during their time off
    (``oncall/time-off.yaml``) at some time of the next 14 days."""
    start = clock.now()
    found = clashes(sched, ctx.catalog.time_off, start=start, end=start + GAP_HORIZON)
    if not found:
        return None
    shift, entry = found[0]
    why = f" ({entry.reason})" if entry.reason else ""
    count = f"the first of {len(found)} such shifts" if len(found) > 1 else "the only such shift"
    return source.finding(
        ("id",), TIME_OFF_CODE,
        f"{shift.person} is on call from {utc_minute(shift.start)} to {utc_minute(shift.end)} "
        f"but has time off{why} from {utc_minute(entry.from_)} to {utc_minute(entry.to)} "
        f"({count} in the next 14 days): add an override so that someone covers, or move the "
        "time off",
        severity=Severity.WARNING,
    )


def _idle_overrides(source: Located, sched: Schedule) -> list[Finding]:
    """A warning at ``replaces`` of each override that can never apply."""
    found = []
    for i in lint.overrides_that_never_apply(sched):
        override = sched.overrides[i]
        found.append(source.finding(
            ("overrides", i, "replaces"), "override-never-applies",
            f"{override.replaces} is not on call at any time from {override.from_.isoformat()} "
            f"to {override.to.isoformat()}, so this override never applies: fix replaces or the "
            "window (incidentkit oncall show lists who is on call), or remove replaces to take "
            "over from whoever is",
            severity=Severity.WARNING,
        ))
    return found
