"""Checks of one incident file: schema, its id and folder, time order, status, references,
the roles its severity requires, and times that have not happened yet.

The checks of meaning run on every value that is valid on its own, also when the file fails
its schema (:func:`incidentkit.checks.schema.fields_of`): one run reports all of a file's
independent problems.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from pydantic import TypeAdapter

from incidentkit import clock
from incidentkit.checks import custom, references, schema
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.located import Located
from incidentkit.model.incident import Incident, Roles
from incidentkit.present import utc_minute
from incidentkit.store.layout import stem
from incidentkit.store.locate import Loc
from incidentkit.store.text import quote

ADAPTER: TypeAdapter[Incident] = TypeAdapter(Incident)

#: How far ahead of the clock an incident's time may be (clocks of people and bots differ a
#: little); a time further ahead is an error (``future-time``).
FUTURE_SKEW = timedelta(minutes=5)
#: The code of the finding that depends on the clock (the cache keeps a file's findings only
#: while they cannot change: :mod:`incidentkit.checks.runner`).
FUTURE_CODE = "future-time"
MISSING_ROLE = "missing-role"

_MILESTONES = ("started_at", "detected_at", "acknowledged_at", "mitigated_at", "resolved_at")
_ROLE_WORDS = {
    "commander": "an incident commander",
    "communications": "a communications lead",
    "scribe": "a scribe",
    "tech_lead": "a technical lead",
}


def _order(
    source: Located, earlier: tuple[str, datetime | None], later: tuple[str, datetime | None]
) -> Finding | None:
    (first, a), (second, b) = earlier, later
    if a is None or b is None or a <= b:
        return None
    return source.finding(
        (second,), "time-order",
        f"{second} ({b.isoformat()}) is before {first} ({a.isoformat()}): fix one of them",
    )


def check(source: Located, data: Any, ctx: Context) -> tuple[Incident | None, list[Finding]]:
    incident, findings = schema.validate(source, ADAPTER, data)
    fields = schema.fields_of(Incident, data, incident)
    findings += _identity(source, fields, ctx)
    findings += _times(source, fields)
    findings += _status(source, fields)
    findings += _roles(source, fields, ctx)
    findings += _references(source, fields, ctx)
    findings += custom.check_values(source, data, fields.get("fields"), "incidents", ctx)
    return incident, findings


def _identity(source: Located, fields: dict[str, Any], ctx: Context) -> list[Finding]:
    """The id against the file's name and folder, the severity against the configuration."""
    findings: list[Finding] = []
    file_stem = stem(source.rel)
    ident: str | None = fields.get("id")
    if ident is not None and ident != file_stem:
        findings.append(source.finding(
            ("id",), "id-mismatch",
            f"id {quote(ident)} differs from the file name {quote(file_stem)}: the id is "
            "the file's stem; rename the file or fix the id",
        ))
    elif ident is not None and posixpath.basename(posixpath.dirname(source.rel)) != ident[:4]:
        findings.append(source.finding(
            ("id",), "wrong-folder",
            f"incident {ident} belongs in incidents/{ident[:4]}/, not "
            f"{posixpath.dirname(source.rel)}/: move the file",
        ))
    severity: str | None = fields.get("severity")
    if severity is not None and ctx.config.severity(severity) is None:
        findings.append(source.finding(
            ("severity",), "unknown-severity",
            f"severity {quote(severity)} is not configured: use one of "
            f"{', '.join(ctx.config.severity_ids)}",
        ))
    started: datetime | None = fields.get("started_at")
    if ident is not None and ident == file_stem and started is not None \
            and ident[:10] != started.date().isoformat():
        findings.append(source.finding(
            ("started_at",), "id-date",
            f"the id starts with {ident[:10]} but started_at is on "
            f"{started.date().isoformat()}: the id begins with the day the incident started",
            severity=Severity.WARNING,
        ))
    return findings


def _stamps(fields: dict[str, Any]) -> Iterable[tuple[Loc, datetime]]:
    """Every time the incident records, with the path of its key."""
    for key in _MILESTONES:
        if fields.get(key) is not None:
            yield (key,), fields[key]
    for key in ("timeline", "updates"):
        for i, entry in enumerate(fields.get(key) or ()):
            yield (key, i, "at"), entry.at


def _times(source: Located, fields: dict[str, Any]) -> list[Finding]:
    """Milestones and entries in time order, and none in the future."""
    get = fields.get
    pairs = [
        ("started_at", "detected_at"), ("detected_at", "acknowledged_at"),
        ("detected_at", "mitigated_at"), ("detected_at", "resolved_at"),
        ("mitigated_at", "resolved_at"),
    ]
    findings = [f for a, b in pairs
                if (f := _order(source, (a, get(a)), (b, get(b)))) is not None]
    for key in ("timeline", "updates"):
        entries = get(key) or []
        for i in range(1, len(entries)):
            if entries[i].at < entries[i - 1].at:
                findings.append(source.finding(
                    (key, i, "at"), "time-order",
                    f"{key} entry {i + 1} ({entries[i].at.isoformat()}) is earlier than the one "
                    "before it: keep entries in time order",
                ))
    now = clock.now()
    for loc, at in _stamps(fields):
        if at > now + FUTURE_SKEW:
            name = loc[0] if len(loc) == 1 else f"{loc[0]} entry {int(loc[1]) + 1}"
            findings.append(source.finding(
                loc, FUTURE_CODE,
                f"{name} ({at.isoformat()}) is in the future (now is {utc_minute(now)}): an "
                "incident records what has happened; fix the time (its offset?)",
            ))
    return findings


def _status(source: Located, fields: dict[str, Any]) -> list[Finding]:
    """``resolved_at`` is there exactly when the status is resolved."""
    status: str | None = fields.get("status")
    if status is None or "resolved_at" not in fields:
        return []
    if status == "resolved" and fields["resolved_at"] is None:
        return [source.finding(
            ("status",), "resolved-at",
            "status is resolved but resolved_at is missing: add resolved_at with the time",
        )]
    if status != "resolved" and fields["resolved_at"] is not None:
        return [source.finding(
            ("resolved_at",), "resolved-at",
            f"resolved_at is set but status is {status}: set status: resolved or "
            "remove resolved_at",
        )]
    return []


def _roles(source: Located, fields: dict[str, Any], ctx: Context) -> list[Finding]:
    """The roles the severity requires (``severities[].required_roles`` and ``min_experts``):
    an error once the incident is resolved, a warning while it is open (a SEV0 declared a
    minute ago may not have its scribe yet, and the declaration must not wait for one)."""
    roles: Roles | None = fields.get("roles")
    severity, status = fields.get("severity"), fields.get("status")
    if roles is None or severity is None or status is None:
        return []
    required = ctx.config.required_roles(severity)
    if required is None:
        return []
    missing = [_ROLE_WORDS[r] for r in required.roles if getattr(roles, r) is None]
    if len(roles.experts) < required.experts:
        count = required.experts
        missing.append("an expert" if count == 1 else f"at least {count} experts")
    if not missing:
        return []
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    resolved = status == "resolved"
    when = "" if resolved else " (a warning while the incident is open, an error once resolved)"
    return [source.finding(
        ("roles",), MISSING_ROLE,
        f"a {severity} incident needs {listed}: name {'it' if len(missing) == 1 else 'them'} "
        f"under roles{when}, or change the severity; incidentkit.yaml says which roles each "
        "severity requires",
        severity=Severity.ERROR if resolved else Severity.WARNING, key=True,
    )]


def _references(source: Located, fields: dict[str, Any], ctx: Context) -> list[Finding]:
    """Every person, service, runbook and related incident exists."""
    cat = ctx.catalog
    people: list[tuple[Loc, str]] = []
    roles: Roles | None = fields.get("roles")
    if roles is not None:
        people.append((("roles", "commander"), roles.commander))
        people += [(("roles", role), getattr(roles, role))
                   for role in ("communications", "scribe", "tech_lead")
                   if getattr(roles, role) is not None]
        people += [(("roles", "experts", i), h) for i, h in enumerate(roles.experts)]
    people += [(("timeline", i, "author"), e.author)
               for i, e in enumerate(fields.get("timeline") or []) if e.author is not None]
    findings = references.dangling(source, "person", people, cat.people)
    for key, kind, known in (("services", "service", cat.services),
                             ("runbooks", "runbook", cat.runbooks),
                             ("exercised", "runbook", cat.runbooks),
                             ("related", "incident", cat.incidents)):
        findings += references.dangling(
            source, kind, (((key, i), ref) for i, ref in enumerate(fields.get(key) or [])),
            known,
        )
    if fields.get("exercised") and fields.get("kind") not in (None, "drill"):
        findings.append(source.finding(
            ("exercised",), "exercised-not-drill",
            "exercised lists the runbooks a drill put to the test: set kind: drill, or move "
            "these runbooks to runbooks"))
    ident = fields.get("id")
    findings.extend(
        source.finding(
            ("related", i), "self-reference",
            f"incident {ident} lists itself in related: remove it (related names other "
            "incidents)",
        )
        for i, r in enumerate(fields.get("related") or []) if ident is not None and r == ident
    )
    return findings
