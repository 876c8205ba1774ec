"""Overdue reports: text, JSON, GitHub annotations and Markdown (for the step summary).

Titles, owners and paths come from the files: in text each stays on its line
(:func:`incidentkit.ghactions.one_line`: a title holding ``\n::error ::x`` prints as
``\\n::error ::x``), in annotations it is escaped as workflow-command data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from incidentkit.escape import github as md_cell
from incidentkit.followup.overdue import KINDS, OverdueItem
from incidentkit.ghactions import command, escape_property, escape_workflow_data, one_line
from incidentkit.present import duration, utc_minute

TITLES = {
    "action-item": "Action items",
    "postmortem-missing": "Postmortems not written",
    "postmortem-not-final": "Postmortems not final",
    "not-acknowledged": "Open incidents not acknowledged in time",
    "not-resolved": "Open incidents past their resolution target",
    "stale-incident": "Open incidents without a recent update",
    "runbook-review": "Runbooks due for review",
    "runbook-exercise": "Runbooks not exercised by a drill",
}


def late_by(delta: timedelta) -> str:
    """``3d 4h``, ``5h 20m``, ``12m``, ``2d``: how late, to the minute, in at most two units
    (:func:`incidentkit.present.duration`)."""
    return duration(delta, most=2)




def _due(item: OverdueItem) -> str:
    return item.due_day.isoformat() if item.due_day else utc_minute(item.due)


def _owners(item: OverdueItem) -> str:
    return ", ".join(item.owners)


def text(items: Sequence[OverdueItem], at: datetime) -> str:
    if not items:
        return f"Nothing is overdue at {utc_minute(at)}.\n"
    lines = [f"{len(items)} overdue at {utc_minute(at)}:"]
    for kind in KINDS:
        group = [i for i in items if i.kind == kind]
        if not group:
            continue
        lines.append("")
        lines.append(f"{TITLES[kind]} ({len(group)})")
        lines.extend(
            one_line(f"  {i.path}:{i.line}:{i.col}: {i.what} — {_owners(i)} — due {_due(i)}, "
                     f"{late_by(i.late)} late")
            for i in group
        )
    return "\n".join(lines) + "\n"


def as_json(items: Sequence[OverdueItem], at: datetime) -> str:
    return json.dumps({
        "at": at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "count": len(items),
        "items": [
            {"kind": i.kind, "what": i.what, "owners": list(i.owners),
             "due": i.due_day.isoformat() if i.due_day else
             i.due.astimezone(UTC).isoformat().replace("+00:00", "Z"),
             "late_seconds": int(i.late.total_seconds()), "late": late_by(i.late),
             "incident": i.incident, "path": i.path, "line": i.line, "col": i.col}
            for i in items
        ],
    }, indent=2, ensure_ascii=False) + "\n"


def github(items: Sequence[OverdueItem], at: datetime) -> str:
    lines = [
        command(f"::warning file={escape_property(i.path)},line={i.line},col={i.col},"
                f"title={escape_property('overdue ' + i.kind)}::"
                + escape_workflow_data(
                    f"{i.what} — {_owners(i)} — due {_due(i)}, {late_by(i.late)} late"))
        for i in items
    ]
    lines.append(f"{len(items)} overdue at {utc_minute(at)}")
    return "\n".join(lines) + "\n"


def markdown(items: Sequence[OverdueItem], at: datetime) -> str:
    lines = ["## Overdue incident follow-ups", "",
             f"As of {utc_minute(at)}: **{len(items)}** overdue."]
    for kind in KINDS:
        group = [i for i in items if i.kind == kind]
        if not group:
            continue
        lines += ["", f"### {TITLES[kind]} ({len(group)})", "",
                  "| What | Owner | Due | Late | Where |", "|---|---|---|---|---|"]
        lines.extend(
            f"| {md_cell(i.what)} | {md_cell(_owners(i))} | {_due(i)} | {late_by(i.late)} "
            f"| {md_cell(f'{i.path}:{i.line}')} |"
            for i in group
        )
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[[Sequence[OverdueItem], datetime], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "markdown": markdown,
}
