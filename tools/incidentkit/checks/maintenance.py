"""Checks of one scheduled-maintenance file: schema, its id and folder, its window, the order
and coherence of its updates, and the services it names."""

from __future__ import annotations

import posixpath
from typing import Any

from pydantic import TypeAdapter

from incidentkit.checks import references, schema
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.located import Located
from incidentkit.model.maintenance import MAINTENANCE_STATUSES, Maintenance
from incidentkit.store.layout import stem
from incidentkit.store.text import quote

ADAPTER: TypeAdapter[Maintenance] = TypeAdapter(Maintenance)


def _where(source: Located, m: Maintenance) -> list[Finding]:
    file_stem = stem(source.rel)
    folder = posixpath.dirname(source.rel)
    if m.id != file_stem:
        return [source.finding(
            ("id",), "id-mismatch",
            f"id {quote(m.id)} differs from the file name {quote(file_stem)}: the id is the "
            "file's stem; rename the file or fix the id")]
    found = []
    if posixpath.basename(folder) != m.year:
        found.append(source.finding(
            ("id",), "wrong-folder",
            f"maintenance {m.id} belongs in maintenance/{m.year}/, not {folder}/: move the file"))
    start_day = m.starts_at.date().isoformat()
    if m.id[:10] != start_day:
        found.append(source.finding(
            ("starts_at",), "id-date",
            f"the id starts with {m.id[:10]} but starts_at is on {start_day}: the id begins "
            "with the day the maintenance starts", severity=Severity.WARNING))
    return found


def _updates(source: Located, m: Maintenance) -> list[Finding]:
    found = []
    rank = {s: n for n, s in enumerate(MAINTENANCE_STATUSES)}
    for i in range(1, len(m.updates)):
        before, update = m.updates[i - 1], m.updates[i]
        if update.at < before.at:
            found.append(source.finding(
                ("updates", i, "at"), "time-order",
                f"updates entry {i + 1} ({update.at.isoformat()}) is earlier than the one "
                "before it: keep entries in time order"))
        elif rank[update.status] < rank[before.status]:
            found.append(source.finding(
                ("updates", i, "status"), "status-order",
                f"updates entry {i + 1} goes back from {before.status} to {update.status}: a "
                "maintenance goes scheduled, in-progress, completed"))
    if m.updates and m.updates[-1].status != m.status:
        found.append(source.finding(
            ("status",), "status-order",
            f"status is {m.status} but the last update says {m.updates[-1].status}: make "
            "them agree (the last update is the current status)"))
    return found


def check(source: Located, data: Any, ctx: Context) -> tuple[Maintenance | None, list[Finding]]:
    m, findings = schema.validate(source, ADAPTER, data)
    if m is None:
        return None, findings
    findings += _where(source, m)
    if m.ends_at <= m.starts_at:
        findings.append(source.finding(
            ("ends_at",), "time-order",
            f"ends_at ({m.ends_at.isoformat()}) is not after starts_at "
            f"({m.starts_at.isoformat()}): the window must end after it starts"))
    findings += _updates(source, m)
    findings += references.dangling(
        source, "service", ((("components", i), s) for i, s in enumerate(m.components)),
        ctx.catalog.services)
    return m, findings
