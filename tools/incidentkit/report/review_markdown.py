"""The weekly review as a Markdown agenda (GitHub-flavoured: an issue, a step summary, a file).

Text from the files (titles, severities, names) is escaped once, as one-line GitHub Markdown
(:func:`incidentkit.escape.github`); identifiers are slugs and dates, shown in code spans. Each
incident and postmortem links to its file, relative to the repository unless ``links`` gives
the address the paths continue (``https://github.com/OWNER/NAME/blob/SHA/``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from incidentkit import present
from incidentkit.escape import github as md
from incidentkit.escape import url as url_escape
from incidentkit.metrics.compute import Durations, Goal, Metrics
from incidentkit.metrics.render_goals import NONE
from incidentkit.metrics.targets import Target
from incidentkit.model.oncall import Person
from incidentkit.model.types import format_duration
from incidentkit.present import utc_minute
from incidentkit.report.review import ItemDue, PostmortemDue, Repeat, Review

_ITEM_STATES = {"done": "done", "wont-do": "won't do"}
_PM_STATES = {"missing": "not written", "draft": "draft", "in-review": "in review"}
_KIND_NAMES = {"incident": ("incident", "incidents"), "near-miss": ("near-miss", "near-misses"),
               "drill": ("drill", "drills")}


def period(length: timedelta) -> str:
    """``7 days``, ``1 day``, ``12h``: how long the period is, for headings."""
    if length.total_seconds() % 86400 == 0:
        days = length.days
        return f"{days} day{'s' * (days != 1)}"
    return present.duration(length)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class _Page:
    def __init__(self, review: Review, people: Mapping[str, Person], links: str) -> None:
        self.review = review
        self.people = people
        self.links = links

    def link(self, label: str, rel: str) -> str:
        return f"[`{label}`]({url_escape(self.links + rel)})"

    def who(self, handle: str) -> str:
        person = self.people.get(handle)
        return md(present.person(handle, person.name if person else None))

    def relative(self, due: datetime) -> str:
        at = self.review.at
        return f"late by {present.duration(at - due, most=2)}" if due < at else \
            f"due in {present.duration(due - at, most=2)}"


def _new(page: _Page) -> list[str]:
    new = page.review.new
    if not new:
        return ["None."]
    rows = ["| Incident | Kind | Severity | Status | Title | Services | Started |",
            "|---|---|---|---|---|---|---|"]
    rows += [
        f"| {page.link(n.incident.id, n.path)} | {n.incident.kind} | {md(n.incident.severity)} "
        f"| {n.incident.status} | {md(n.incident.title)} | {', '.join(n.incident.services)} "
        f"| {utc_minute(n.incident.started_at)} |"
        for n in new
    ]
    return rows


def _postmortem_row(page: _Page, pm: PostmortemDue) -> str:
    due = (NONE, "the incident is open") if pm.due is None else \
        (utc_minute(pm.due), page.relative(pm.due))
    return (f"| {page.link(pm.incident.id, pm.path)} | {md(pm.incident.severity)} "
            f"| {_PM_STATES[pm.state]} | {', '.join(page.who(h) for h in pm.owners)} "
            f"| {due[0]} | {due[1]} |")


def _postmortems(page: _Page) -> list[str]:
    found = page.review.postmortems
    if not found:
        return ["None."]
    return ["Not written and due, or not final and due to be (late, or due before the next "
            "review), and every postmortem in review. Owners: its authors, or the incident's "
            "commander while it is not written.", "",
            "| Incident | Severity | Postmortem | Owners | Due | |", "|---|---|---|---|---|---|",
            *(_postmortem_row(page, pm) for pm in found)]


def _due(item: ItemDue) -> str:
    return item.item.due.isoformat() if item.item.due else utc_minute(item.due)


def _item_row(page: _Page, entry: ItemDue) -> str:
    state = _ITEM_STATES.get(entry.state) or page.relative(entry.due)
    return (f"| {entry.item.id} {md(entry.item.title)} | {page.link(entry.incident, entry.path)} "
            f"| {entry.item.priority} | {_due(entry)} | {state} |")


def _items(page: _Page) -> list[str]:
    owners = page.review.items
    if not owners:
        return ["None."]
    lines = ["Due in the period (done, won't do or late), late from before it, and due before "
             "the next review; by owner."]
    for owner, entries in owners:
        lines += ["", f"### {page.who(owner)}", "",
                  "| Action item | Postmortem | Priority | Due | |", "|---|---|---|---|---|",
                  *(_item_row(page, e) for e in entries)]
    return lines


def _common(services: tuple[str, ...], runbooks: tuple[str, ...]) -> str:
    parts = []
    if services:
        parts.append(f"service{'s' * (len(services) != 1)} {', '.join(services)}")
    if runbooks:
        parts.append(f"runbook{'s' * (len(runbooks) != 1)} {', '.join(runbooks)}")
    return "; ".join(parts)


def _repeat(page: _Page, repeat: Repeat) -> list[str]:
    inc = repeat.incident
    lines = ["", f"### {page.link(inc.id, repeat.path)}: {md(inc.title)}", "",
             "| Earlier incident | In common | Action items still open |", "|---|---|---|"]
    for earlier in repeat.earlier:
        items = "; ".join(
            f"{o.item.id} {md(o.item.title)} ({page.who(o.item.owner)}, {o.item.priority}, "
            + ("no due date" if o.due is None else
               f"due {o.item.due.isoformat() if o.item.due else utc_minute(o.due)}") + ")"
            for o in earlier.items)
        lines.append(f"| {page.link(earlier.incident.id, earlier.path)} "
                     f"| {_common(earlier.services, earlier.runbooks)} | {items} |")
    return lines


def _repeats(page: _Page) -> list[str]:
    if not page.review.repeats:
        return ["None."]
    lines = ["Incidents and near-misses of the period with the same service or runbook as an "
             "earlier one whose action items are still open."]
    for repeat in page.review.repeats:
        lines += _repeat(page, repeat)
    return lines


def _mean(durations: Durations) -> str:
    return NONE if durations.mean is None else present.duration(durations.mean, most=2)


def _share(target: Target) -> str:
    if not target.measured:
        return NONE
    return f"{100 * target.met / target.measured:.1f}% ({target.met} of {target.measured})"


def _goal_figure(goal: Goal | None) -> str:
    if goal is None or goal.actual is None:
        return NONE
    if goal.unit == "seconds":
        return present.duration(timedelta(seconds=round(goal.actual)), most=2)
    shown = f"{goal.actual:.1f}%"
    return shown + (f" ({goal.rate.part} of {goal.rate.whole})" if goal.rate else "")


def _goal_target(goal: Goal) -> str:
    floor = present.duration(timedelta(seconds=round(goal.target)), most=2) \
        if goal.unit == "seconds" else f"{goal.target:.1f}%"
    state = {True: "met", False: "**missed**", None: "nothing to measure"}[goal.met]
    return f"at least {floor}: {state}"


def _figure_rows(now: Metrics, before: Metrics) -> list[tuple[str, str, str, str]]:
    kinds_now, kinds_before = dict(now.kinds), dict(before.kinds)
    rows = [(f"{_KIND_NAMES[k][1].capitalize()} started", str(kinds_now.get(k, 0)),
             str(kinds_before.get(k, 0)), "") for k in _KIND_NAMES]
    rows += [("MTTA (mean)", _mean(now.overall.mtta), _mean(before.overall.mtta), ""),
             ("MTTR (mean)", _mean(now.overall.mttr), _mean(before.overall.mttr), "")]
    earlier = {row.severity: row for row in before.targets}
    for row in now.targets:
        old = earlier.get(row.severity)
        for part, verb in (("ack", "acknowledged"), ("resolve", "resolved")):
            target: Target = getattr(row, part)
            prior: Target | None = getattr(old, part) if old else None
            if target.within is None or not (target.measured or (prior and prior.measured)):
                continue
            rows.append((f"{md(row.severity)} {verb} in time", _share(target),
                         _share(prior) if prior else NONE,
                         f"within {format_duration(target.within)}"))
    goals_before = {g.name: g for g in before.goals}
    rows += [(md(g.label[:1].upper() + g.label[1:]), _goal_figure(g),
              _goal_figure(goals_before.get(g.name)), _goal_target(g)) for g in now.goals]
    return rows


def _breaches(now: Metrics) -> list[str]:
    lines: list[str] = []
    for row in now.targets:
        for part, verb, missing in (("ack", "acknowledged", "acknowledged_at not recorded"),
                                    ("resolve", "resolved", "")):
            target: Target = getattr(row, part)
            for b in target.breaches:
                assert target.within is not None
                late = missing if b.late is None else \
                    f"{verb} {present.duration(b.late, most=2)} late"
                lines.append(f"- `{b.incident}` ({md(row.severity)}): {late} "
                             f"(target {format_duration(target.within)})")
    timed = ("ack_compliance", "resolve_compliance")
    lines += [f"- {md(s.subject)}: {md(s.detail)} ({md(g.label)})"
              for g in now.goals if g.met is False and g.name not in timed
              for s in g.shortfalls]
    return lines


def _figures(page: _Page) -> list[str]:
    review = page.review
    now, before = review.figures, review.previous
    length = period(review.length)
    counted = ", ".join(_KIND_NAMES[k][1] for k in now.included)
    lines = [f"Over the incidents started in each period ({counted} counted in the times and "
             "rates); the previous period's targets are judged at its end.", "",
             f"| Figure | Last {length} | Previous {length} | Target |", "|---|---|---|---|"]
    lines += [f"| {label} | {a} | {b} | {t} |" for label, a, b, t in _figure_rows(now, before)]
    breaches = _breaches(now)
    lines += ["", "### Short of the targets", ""]
    lines += breaches or ["None."]
    return lines


def _summary(review: Review) -> str:
    kinds = [(k, sum(n.incident.kind == k for n in review.new)) for k in _KIND_NAMES]
    started = ", ".join(_plural(n, *_KIND_NAMES[k]) for k, n in kinds if n) or "nothing"
    items = sum(len(entries) for _, entries in review.items)
    return (f"Started: {started}. To discuss: "
            f"{_plural(len(review.postmortems), 'postmortem', 'postmortems')}, "
            f"{_plural(items, 'action item', 'action items')}, "
            f"{_plural(len(review.repeats), 'repeat incident', 'repeat incidents')}.")


SECTIONS: tuple[tuple[str, Callable[[_Page], list[str]]], ...] = (
    ("New incidents, near-misses and drills", _new),
    ("Postmortems due or in review", _postmortems),
    ("Action items", _items),
    ("Repeat incidents", _repeats),
    ("Figures against their targets", _figures),
)


def title(review: Review) -> str:
    """The agenda's heading (and its issue's title)."""
    return f"Incident review, {utc_minute(review.start)} to {utc_minute(review.at)}"


def markdown(review: Review, people: Mapping[str, Person], *, links: str = "") -> str:
    """The agenda of ``review``; ``people`` names the handles."""
    page = _Page(review, people, links)
    lines = [f"# {title(review)}", "",
             f"The last {period(review.length)}. {_summary(review)}"]
    for heading, section in SECTIONS:
        lines += ["", f"## {heading}", "", *section(page)]
    return "\n".join(lines) + "\n"
