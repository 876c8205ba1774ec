"""Checks of one incident file: schema, its id and folder, time order, status, references."""

from __future__ import annotations

import posixpath
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter

from incidentkit.checks import references, schema
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.located import Located
from incidentkit.model.incident import Incident
from incidentkit.store.layout import stem
from incidentkit.store.text import quote

ADAPTER: TypeAdapter[Incident] = TypeAdapter(Incident)


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
    if incident is None:
        return None, findings
    file_stem = stem(source.rel)
    folder = posixpath.dirname(source.rel)
    if incident.id != file_stem:
        findings.append(source.finding(
            ("id",), "id-mismatch",
            f"id {quote(incident.id)} differs from the file name {quote(file_stem)}: the id is "
            "the file's stem; rename the file or fix the id",
        ))
    elif posixpath.basename(folder) != incident.year:
        findings.append(source.finding(
            ("id",), "wrong-folder",
            f"incident {incident.id} belongs in incidents/{incident.year}/, not "
            f"{folder}/: move the file",
        ))
    if ctx.config.severity(incident.severity) is None:
        findings.append(source.finding(
            ("severity",), "unknown-severity",
            f"severity {quote(incident.severity)} is not configured: use one of "
            f"{', '.join(ctx.config.severity_ids)}",
        ))
    pairs = [
        (("started_at", incident.started_at), ("detected_at", incident.detected_at)),
        (("detected_at", incident.detected_at), ("acknowledged_at", incident.acknowledged_at)),
        (("detected_at", incident.detected_at), ("mitigated_at", incident.mitigated_at)),
        (("detected_at", incident.detected_at), ("resolved_at", incident.resolved_at)),
        (("mitigated_at", incident.mitigated_at), ("resolved_at", incident.resolved_at)),
    ]
    findings.extend(f for a, b in pairs if (f := _order(source, a, b)) is not None)
    if incident.status == "resolved" and incident.resolved_at is None:
        findings.append(source.finding(
            ("status",), "resolved-at",
            "status is resolved but resolved_at is missing: add resolved_at with the time",
        ))
    elif incident.status != "resolved" and incident.resolved_at is not None:
        findings.append(source.finding(
            ("resolved_at",), "resolved-at",
            f"resolved_at is set but status is {incident.status}: set status: resolved or "
            "remove resolved_at",
        ))
    for key, entries in (("timeline", incident.timeline), ("updates", incident.updates)):
        for i in range(1, len(entries)):
            if entries[i].at < entries[i - 1].at:
                findings.append(source.finding(
                    (key, i, "at"), "time-order",
                    f"{key} entry {i + 1} ({entries[i].at.isoformat()}) is earlier than the one "
                    "before it: keep entries in time order",
                ))
    started_day = incident.started_at.date().isoformat()
    if incident.id[:10] != started_day and file_stem == incident.id:
        findings.append(source.finding(
            ("started_at",), "id-date",
            f"the id starts with {incident.id[:10]} but started_at is on {started_day}: the id "
            "begins with the day the incident started",
            severity=Severity.WARNING,
        ))
    cat = ctx.catalog
    findings += references.dangling(source, "person", incident.people(), cat.people)
    findings += references.dangling(
        source, "service", ((("services", i), s) for i, s in enumerate(incident.services)),
        cat.services,
    )
    findings += references.dangling(
        source, "runbook", ((("runbooks", i), r) for i, r in enumerate(incident.runbooks)),
        cat.runbooks,
    )
    findings += references.dangling(
        source, "incident", ((("related", i), r) for i, r in enumerate(incident.related)),
        cat.incidents,
    )
    findings.extend(
        source.finding(
            ("related", i), "self-reference",
            f"incident {incident.id} lists itself in related: remove it (related names other "
            "incidents)",
        )
        for i, r in enumerate(incident.related) if r == incident.id
    )
    return incident, findings
