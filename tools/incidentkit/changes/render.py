"""A diff in words: text for the terminal, Markdown for a pull request's step summary, JSON.

Text from the files (titles, names, paths, messages) and the refs the user named is escaped in
Markdown, so that it renders literally and cannot add links, HTML or formatting. The groups
about on call (schedules, escalation policies, services, people, runbooks, time off) follow the
incidents' and are :mod:`~incidentkit.changes.render_oncall`'s.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from incidentkit.changes import render_oncall
from incidentkit.changes.compare import Change, ChangeKind, Delta
from incidentkit.changes.report import Report, Unreadable
from incidentkit.escape import github as md_cell
from incidentkit.ghactions import one_line

#: Each group's heading, and its count's noun in the singular and the plural.
GROUPS: dict[ChangeKind, tuple[str, str, str]] = {
    ChangeKind.DECLARED: ("Incidents declared", "incident declared", "incidents declared"),
    ChangeKind.SEVERITY: ("Severity changes", "severity change", "severity changes"),
    ChangeKind.STATUS: ("Status changes", "status change", "status changes"),
    ChangeKind.REMOVED: ("Incidents removed", "incident removed", "incidents removed"),
    ChangeKind.POSTMORTEM_ADDED: ("Postmortems added", "postmortem added", "postmortems added"),
    ChangeKind.POSTMORTEM_STATUS: ("Postmortems moved", "postmortem moved", "postmortems moved"),
    ChangeKind.POSTMORTEM_REMOVED: (
        "Postmortems removed", "postmortem removed", "postmortems removed"),
    ChangeKind.ITEM_ADDED: ("Action items added", "action item added", "action items added"),
    ChangeKind.ITEM_CLOSED: ("Action items closed", "action item closed", "action items closed"),
    ChangeKind.ITEM_CHANGED: (
        "Action items changed", "action item changed", "action items changed"),
    ChangeKind.ITEM_REMOVED: (
        "Action items removed", "action item removed", "action items removed"),
    ChangeKind.EDITED: ("Other edits", "other edit", "other edits"),
}
#: What the report says when nothing changed.
NOTHING = "No changes to incidents, postmortems, action items or on call"
UNREADABLE = ("Could not be read", "file could not be read", "files could not be read")


def md(value: str) -> str:
    """Markdown that renders ``value`` literally on one line (GitHub's ``~`` and ``$`` too)."""
    return md_cell(value)


def _plain(value: str) -> str:
    return " ".join(value.split())


class _Words:
    """Sentences about changes, with the data quoted for the output format."""

    def __init__(self, quote: Callable[[str], str], strong: Callable[[str], str]) -> None:
        self.q = quote
        self.b = strong

    def subject(self, change: Change) -> str:
        parts = [self.b(change.incident)]
        if change.item:
            parts.append(self.b(change.item))
        if change.title:
            parts.append(self.q(change.title))
        return " ".join(parts)

    def delta(self, delta: Delta, closed: bool = False) -> str:
        before = self.q(delta.before) if delta.before is not None else None
        after = self.q(delta.after) if delta.after is not None else None
        if delta.field == "owner":
            return f"re-owned {before} → {after}"
        if delta.field == "due":
            return f"re-dated {before or 'no due date'} → {after or 'no due date'}"
        if delta.field == "priority":
            return f"re-prioritised {before} → {after}"
        if delta.field == "title":
            return f"renamed from {before}"
        if closed:
            return "won't do" if delta.after == "wont-do" else str(after)
        if delta.before in ("done", "wont-do") and delta.after in ("open", "in-progress"):
            return f"reopened ({before} → {after})"
        return f"{delta.field} {before} → {after}"

    def line(self, change: Change) -> str:
        facts = dict(change.facts)
        kind = change.kind
        q = self.q
        if kind is ChangeKind.DECLARED:
            what = (f"{q(facts['severity'])}, {q(facts['status'])}; "
                    f"services: {q(facts['services'])}")
        elif kind is ChangeKind.SEVERITY:
            (delta,) = change.deltas
            what = f"{q(delta.before or '')} → {q(delta.after or '')}"
            if "direction" in facts:
                what += f" ({facts['direction']})"
        elif kind in (ChangeKind.REMOVED, ChangeKind.POSTMORTEM_REMOVED):
            what = f"{q(change.path)} deleted"
            if facts.get("action_items", "0") != "0":
                what += f" with {_count(int(facts['action_items']), 'action item')}"
        elif kind is ChangeKind.POSTMORTEM_ADDED:
            n = int(facts["action_items"])
            what = f"{q(facts['status'])}, {_count(n, 'action item')}"
        elif kind is ChangeKind.ITEM_ADDED:
            what = f"owner {q(facts['owner'])}, {q(facts['priority'])}, " + (
                f"due {q(facts['due'])}" if facts["due"] else "due by the priority's default")
            if "status" in facts:
                what += f", {q(facts['status'])}"
        elif kind is ChangeKind.ITEM_REMOVED:
            what = "removed from the postmortem"
        elif kind is ChangeKind.EDITED:
            what = "; ".join(f"{q(name)}: {q(note)}" for name, note in change.facts)
            return f"{q(change.path)} — {what}"
        elif kind in (ChangeKind.STATUS, ChangeKind.POSTMORTEM_STATUS):
            (delta,) = change.deltas
            what = f"{q(delta.before or '')} → {q(delta.after or '')}"
        else:  # action items closed or changed
            closing = kind is ChangeKind.ITEM_CLOSED
            status = [d for d in change.deltas if d.field == "status"]
            others = [d for d in change.deltas if d.field != "status"]
            what = "; ".join(self.delta(d, closing) for d in [*status, *others])
        return f"{self.subject(change)} — {what}"

    def unreadable(self, item: Unreadable) -> str:
        f = item.finding
        more = f" (and {_count(item.more, 'more error')})" if item.more else ""
        return (f"{self.q(f.path)} in {self.q(item.version)} — line {f.line}, column {f.col}: "
                f"{self.q(f.message)}{more}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _groups(report: Report) -> list[tuple[str, str, list[Change]]]:
    found = []
    for kind, (title, one, many) in GROUPS.items():
        group = [c for c in report.changes if c.kind is kind]
        if group:
            found.append((title, f"{len(group)} {one if len(group) == 1 else many}", group))
    return found


def _summary(report: Report) -> list[str]:
    counts = [count for _, count, _ in _groups(report)]
    counts += render_oncall.counts(report.on_call)
    n = len(report.unreadable)
    if n:
        counts.append(f"{n} {UNREADABLE[1] if n == 1 else UNREADABLE[2]}")
    return counts


def _span(report: Report, quote: Callable[[str], str], code: Callable[[str], str]) -> str:
    head = "the working tree" if report.head is None else quote(report.head)
    if report.head_commit:
        head += f" ({code(report.head_commit[:12])})"
    return f"from {quote(report.base)} (merge base {code(report.base_commit[:12])}) to {head}"


def text(report: Report) -> str:
    words = _Words(_plain, _plain)
    span = _span(report, _plain, str)
    counts = _summary(report)
    if not counts:
        return f"{NOTHING} {span}.\n"
    lines = [f"Changes {span}: {', '.join(counts)}."]
    for title, _, group in _groups(report):
        lines += ["", f"{title} ({len(group)})"]
        lines += [f"  {one_line(words.line(c))}" for c in group]
    lines += render_oncall.text_lines(report.on_call, lambda s: f"  {one_line(s)}")
    if report.unreadable:
        lines += ["", f"{UNREADABLE[0]} ({len(report.unreadable)})"]
        lines += [f"  {one_line(words.unreadable(u))}" for u in report.unreadable]
    return "\n".join(lines) + "\n"


def markdown(report: Report) -> str:
    words = _Words(md, lambda s: f"**{md(s)}**")
    span = _span(report, lambda s: f"**{md(s)}**", lambda s: f"`{s}`")
    counts = _summary(report)
    lines = ["## Incident changes", ""]
    if not counts:
        return "\n".join(
            lines + [f"{NOTHING} {span}."]) + "\n"
    lines.append(f"Changes {span}: {', '.join(counts)}.")
    for title, _, group in _groups(report):
        lines += ["", f"### {title} ({len(group)})", ""]
        lines += [f"- {words.line(c)}" for c in group]
    lines += render_oncall.markdown_lines(report.on_call, md)
    if report.unreadable:
        lines += ["", f"### {UNREADABLE[0]} ({len(report.unreadable)})", ""]
        lines += [f"- {words.unreadable(u)}" for u in report.unreadable]
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    return json.dumps({
        "base": {"ref": report.base, "commit": report.base_commit},
        "head": {"ref": report.head, "commit": report.head_commit},
        "changes": [
            {"kind": str(c.kind), "incident": c.incident, "path": c.path, "title": c.title,
             "item": c.item,
             "changes": [{"field": d.field, "before": d.before, "after": d.after}
                         for d in c.deltas],
             "facts": dict(c.facts)}
            for c in report.changes
        ],
        "on_call": render_oncall.as_json(report.on_call),
        "unreadable": [
            {"path": u.finding.path, "version": u.version, "line": u.finding.line,
             "col": u.finding.col, "code": u.finding.code, "message": u.finding.message,
             "more_errors": u.more}
            for u in report.unreadable
        ],
    }, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": text,
    "markdown": markdown,
    "json": as_json,
}
