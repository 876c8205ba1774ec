"""What should change, per action item, on GitHub and in the file: a pure function of both.

Which side changed is decided against the state the last sync recorded in the issue body
(:func:`.markers.synced`): a closed issue whose record says ``open`` was closed by someone on
GitHub (the file follows); a ``done`` item whose record says ``open`` was marked done in the file
(the issue follows). When both changed and disagree, the file wins (it is the source of truth)
and a warning says so. The assignee is set only when the owner's login differs from the one
last recorded, so a refused assignment (422) or a human's extra assignee is not fought on every
run. Of the labels, only sync's own (base, ``priority/*``, ``incident/*``) are compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from incidentkit.followup.github.client import IssueChange, NewIssue, RemoteIssue, State
from incidentkit.followup.github.markers import normalized, synced
from incidentkit.followup.github.render import Want, is_managed
from incidentkit.model.postmortem import ItemStatus

#: An item status as an issue can show it.
_SIDE: dict[str, str] = {"open": "open", "in-progress": "open", "done": "done",
                         "wont-do": "wont-do"}
_REASON = {"done": "completed", "wont-do": "not_planned"}
_IN_WORDS = {"open": "open", "done": "closed as completed", "wont-do": "closed as not planned"}


def side(issue: RemoteIssue) -> str:
    """``open``, ``done`` or ``wont-do``: what the issue says of the item."""
    if issue.state == "open":
        return "open"
    return "wont-do" if issue.state_reason in ("not_planned", "duplicate") else "done"


@dataclass(frozen=True, slots=True)
class ItemPlan:
    want: Want
    #: The existing issue, if there is one.
    number: int | None = None
    create: NewIssue | None = None
    change: IssueChange | None = None
    #: A closed issue closes with another reason: GitHub only records a reason on a change of
    #: state, so reopen it first.
    reopen_first: bool = False
    #: The status to write into the file.
    file_status: ItemStatus | None = None
    #: The issue number to write into the file.
    file_issue: int | None = None
    #: What happens, in words (``closed on GitHub as not planned → wont-do``).
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def is_noop(self) -> bool:
        return (self.create is None and self.change is None and self.file_status is None
                and self.file_issue is None)

    @property
    def kinds(self) -> tuple[str, ...]:
        """``create``, ``close``, ``reopen``, ``update``, ``pull``, ``record``."""
        out = []
        change = self.change
        if self.create is not None:
            out.append("create")
        if change is not None and change.state is not None:
            out.append("close" if change.state == "closed" else "reopen")
        own = change is not None and (set(change.fields) - {"state", "body"} or (
            "body" in change.fields and change.state is None and self.file_status is None))
        if own:
            out.append("update")
        if self.file_status is not None:
            out.append("pull")
        if self.file_issue is not None and self.create is None:
            out.append("record")
        return tuple(out)


def plan_item(want: Want, issue: RemoteIssue | None) -> ItemPlan:
    if issue is None:
        if want.status in ("done", "wont-do"):
            return ItemPlan(want, notes=("closed in the file and never had an issue: none "
                                         "created",))
        return ItemPlan(want, create=NewIssue(
            want.title, want.body(want.status, want.login), want.labels,
            (want.login,) if want.login else ()))

    record = synced(issue.body)
    remote, mine = side(issue), _SIDE[want.status]
    base = _SIDE.get(record.status, remote) if record else remote
    status: ItemStatus = want.status
    target = mine
    notes: list[str] = []
    warnings: list[str] = []
    if remote != base and mine == base:
        status = "open" if remote == "open" else ("done" if remote == "done" else "wont-do")
        target = remote
        notes.append(f"{_IN_WORDS[remote].replace('open', 'reopened')} on GitHub → {status}")
    elif remote != base and mine != remote:
        warnings.append(
            f"{want.name}: changed on both sides (file: {want.status}, GitHub: "
            f"{_IN_WORDS[remote]}); the file wins")

    state: State | None = None
    reason = None
    if target != remote:
        state = "open" if target == "open" else "closed"
        reason = _REASON.get(target)
        notes.append(f"{want.status} in {want.rel} → issue "
                     f"{'reopened' if state == 'open' else _IN_WORDS[target]}")

    assignees: tuple[str, ...] | None = None
    last = record.assignee if record else None
    if want.login and want.login != last and issue.assignees != (want.login,):
        assignees = (want.login,)
    labels: tuple[str, ...] | None = None
    if {name for name in issue.labels if is_managed(name, want.labels[0])} != set(want.labels):
        labels = tuple(n for n in issue.labels if not is_managed(n, want.labels[0])) + (
            want.labels)
    body = want.body(status, want.login)
    change = IssueChange(
        title=want.title if issue.title != want.title else None,
        body=body if normalized(issue.body) != normalized(body) else None,
        labels=labels, assignees=assignees, state=state, state_reason=reason)
    return ItemPlan(
        want, number=issue.number, change=change if change.fields else None,
        reopen_first=state == "closed" and remote != "open",
        file_status=status if status != want.status else None,
        file_issue=issue.number if want.recorded != issue.number else None,
        notes=tuple(notes), warnings=tuple(warnings))
