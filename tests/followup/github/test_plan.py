"""Planning one action item's sync: which side changed, what to write where, in words."""

from __future__ import annotations

from dataclasses import replace

from incidentkit.followup.github.client import IssueChange, NewIssue, RemoteIssue
from incidentkit.followup.github.plan import ItemPlan, plan_item, side
from incidentkit.followup.github.render import Want
from incidentkit.model.postmortem import ItemStatus

LABELS = ("incident-action-item", "priority/P1", "incident/2026-01-15-a")
WANT = Want(incident="2026-01-15-a", item_id="AI-1", rel="postmortems/2026-01-15-a.md",
            index=0, title="AI-1: Fix (2026-01-15-a)", labels=LABELS, login="carol-lim",
            owner="carol", owner_name="Carol Lim", status="open", recorded=7, priority="P1",
            due="2026-01-20", incident_title="Login down", link="https://x/pm/")


def _want(status: ItemStatus, **changes: object) -> Want:
    return replace(WANT, status=status, **changes)  # type: ignore[arg-type]


def _issue(state: str = "open", reason: str | None = None, *, synced: str = "open",
           assignee: str = "carol-lim", **changes: object) -> RemoteIssue:
    body = WANT.body(synced, assignee if assignee != "-" else None)
    issue = RemoteIssue(7, WANT.title, body, "closed" if state == "closed" else "open", reason,
                        LABELS, ("carol-lim",), "https://github.example/o/r/issues/7")
    return replace(issue, **changes)  # type: ignore[arg-type]


def test_a_new_item_gets_an_issue_a_closed_one_does_not() -> None:
    plan = plan_item(_want("in-progress", recorded=None), None)
    assert plan.create == NewIssue(WANT.title, WANT.body("in-progress", "carol-lim"), LABELS,
                                   ("carol-lim",))
    assert (plan.kinds, plan.is_noop) == (("create",), False)
    nobody = plan_item(_want("open", login=None), None)
    assert nobody.create is not None and nobody.create.assignees == ()
    done = plan_item(_want("done"), None)
    assert done.is_noop and done.kinds == ()
    assert done.notes == ("closed in the file and never had an issue: none created",)


def test_in_step_is_a_noop_and_the_issue_number_is_recorded_once() -> None:
    assert plan_item(WANT, _issue()) == ItemPlan(WANT, number=7)
    unrecorded = _want("open", recorded=None)
    plan = plan_item(unrecorded, _issue())
    assert (plan.file_issue, plan.kinds) == (7, ("record",))


def test_done_in_the_file_closes_the_issue() -> None:
    want = _want("done")
    plan = plan_item(want, _issue())
    assert plan.change == IssueChange(body=want.body("done", "carol-lim"), state="closed",
                                      state_reason="completed")
    assert (plan.kinds, plan.reopen_first, plan.file_status) == (("close",), False, None)
    assert plan.notes == ("done in postmortems/2026-01-15-a.md → issue closed as completed",)


def test_closed_on_github_as_not_planned_is_pulled_into_the_file() -> None:
    plan = plan_item(WANT, _issue("closed", "not_planned"))
    assert plan.file_status == "wont-do"
    assert plan.change == IssueChange(body=WANT.body("wont-do", "carol-lim"))
    assert plan.kinds == ("pull",)
    assert plan.notes == ("closed as not planned on GitHub → wont-do",)
    reopened = plan_item(_want("done"), _issue(synced="done"))
    assert (reopened.file_status, reopened.notes) == ("open", ("reopened on GitHub → open",))


def test_changed_on_both_sides_the_file_wins() -> None:
    plan = plan_item(_want("done"), _issue("closed", "duplicate"))
    assert plan.warnings == ("2026-01-15-a AI-1: changed on both sides (file: done, GitHub: "
                             "closed as not planned); the file wins",)
    assert plan.change is not None
    assert (plan.change.state, plan.change.state_reason) == ("closed", "completed")
    assert plan.reopen_first  # GitHub records a reason only on a change of state
    assert plan.file_status is None
    assert plan.kinds == ("close",)


def test_assignee_labels_and_title() -> None:
    # The login last recorded is not fought for, even when a human changed the assignees.
    plan = plan_item(WANT, _issue(assignees=("someone",)))
    assert plan.is_noop
    renamed = _want("open", login="carol-new")
    plan = plan_item(renamed, _issue())
    assert plan.change is not None and plan.change.assignees == ("carol-new",)
    # Labels: sync's own are put right, a human's stay.
    plan = plan_item(WANT, _issue(labels=("bug", "priority/P3", "incident-action-item"),
                                  title="old"))
    assert plan.change == IssueChange(title=WANT.title, labels=("bug", *LABELS))
    assert plan.kinds == ("update",)


def test_the_side_an_issue_shows() -> None:
    assert [side(_issue(*args)) for args in (("open", None), ("closed", "completed"),
                                             ("closed", None), ("closed", "not_planned"),
                                             ("closed", "duplicate"))] == [
        "open", "done", "done", "wont-do", "wont-do"]
