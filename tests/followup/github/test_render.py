"""What an action item's issue says: labels, body, due text, link, and the wants of a repository."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from incidentkit.config import Config
from incidentkit.followup.github.markers import item_key, synced
from incidentkit.followup.github.render import (
    MAX_LABEL,
    Want,
    due_text,
    incident_label,
    is_managed,
    label_style,
    postmortem_link,
    wants,
)
from incidentkit.model.postmortem import ActionItem
from tests.conftest import EXAMPLES
from tests.repos import copy_base, opened, write

ID = "2026-01-15-auth-login-failures"
PM = f"postmortems/{ID}.md"


def test_incident_labels_stay_short_and_unique() -> None:
    assert incident_label(ID) == f"incident/{ID}"
    long_a, long_b = incident_label("2026-01-15-" + "x" * 60), incident_label(
        "2026-01-15-" + "x" * 61)
    assert long_a == "incident/2026-01-15-xxxxxxxxxxxxxxxxxxxxxxx~93b832"
    assert len(long_a) == len(long_b) == MAX_LABEL
    assert long_a != long_b


def test_managed_labels_and_their_style() -> None:
    base = "incident-action-item"
    assert [is_managed(n, base) for n in (base, "priority/P2", "priority/P9", "incident/x",
                                          "bug")] == [True, True, False, True, False]
    assert label_style(base, base) == ("5319e7",
                                       "Postmortem action item, kept in step by incidentkit")
    assert label_style("priority/P0", base) == ("b60205", "Action item priority P0")
    assert label_style("priority/P9", base) == ("ededed", "Action item priority P9")
    color, description = label_style("incident/" + "y" * 120, base)
    assert (color, len(description)) == ("c5def5", 100)


def test_the_body_escapes_text_and_carries_both_markers() -> None:
    want = Want(incident="2026-01-15-a", item_id="AI-1", rel="postmortems/2026-01-15-a.md",
                index=0, title="t", labels=("l",), login=None, owner="carol",
                owner_name="Carol | Lim", status="open", recorded=None, priority="P1",
                due="2026-01-20", incident_title="Login *down*", link="https://x/pm/")
    body = want.body("in-progress", None)
    assert body == (
        "<!-- incidentkit:action-item incident=2026-01-15-a item=AI-1 -->\n"
        "Action item **AI-1** from the postmortem of [2026-01-15-a](https://x/pm/): Login "
        "\\*down\\*\n\n"
        "- **Owner:** Carol \\| Lim (`carol` has no GitHub login in oncall/people.yaml)\n"
        "- **Priority:** P1\n- **Due:** 2026-01-20\n- **Status:** in-progress\n\n"
        "This issue is written by `incidentkit actions sync` from "
        "`postmortems/2026-01-15-a.md`: change the action item there. Close the issue as "
        "completed to mark the item `done`, as not planned to mark it `wont-do`; reopen it to "
        "mark it `open` again.\n\n"
        "<!-- incidentkit:synced status=in-progress assignee=- -->\n")
    assert item_key(body) == ("2026-01-15-a", "AI-1")
    record = synced(body)
    assert record is not None and (record.status, record.assignee) == ("in-progress", None)
    assert (want.key, want.name) == (("2026-01-15-a", "AI-1"), "2026-01-15-a AI-1")


def test_due_text_for_a_date_a_default_and_an_open_incident() -> None:
    config = Config()
    dated = ActionItem.model_validate({"id": "AI-1", "title": "t", "owner": "a",
                                       "priority": "P1", "due": "2026-01-20", "status": "open"})
    undated = dated.model_copy(update={"due": None})
    resolved = opened(EXAMPLES / "base").incidents[ID].model
    assert due_text(dated, None, config) == "2026-01-20"
    assert due_text(undated, resolved, config) == (
        "2026-01-29 15:30 UTC (P1 default, 2w after resolution)")
    assert due_text(undated, None, config) == "2w after the incident is resolved (P1 default)"
    assert dated.due == date(2026, 1, 20)
    assert resolved.resolved_at == datetime(2026, 1, 15, 15, 30, tzinfo=UTC)


def test_the_link_goes_to_the_site_when_there_is_one() -> None:
    assert postmortem_link(Config(), ID, PM, "https://github.example/o/r") == (
        f"https://github.example/o/r/blob/HEAD/{PM}")
    config = Config.model_validate({"github": {"site_url": "https://kb.example/ops/"}})
    assert postmortem_link(config, ID, PM, "x") == f"https://kb.example/ops/postmortems/{ID}/"


def test_wants_of_a_repository(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    text = (root / PM).read_text().replace(
        "    status: done\n", "    status: done\n    issue: 12\n  - id: AI-2\n    title: Page "
        "someone\n    owner: bob\n    priority: P0\n    status: open\n")
    write(root, PM, text)
    write(root, "incidentkit.yaml", "github:\n  label: follow-up\n")
    first, second = wants(opened(root), "https://github.example/o/r")
    assert (first.item_id, first.status, first.recorded, first.login, first.owner_name) == (
        "AI-1", "done", 12, "carol-lim", "Carol Lim")
    assert first.title == f"AI-1: Add connection timeout to all database configs ({ID})"
    assert second == Want(
        incident=ID, item_id="AI-2", rel=PM, index=1, title=f"AI-2: Page someone ({ID})",
        labels=("follow-up", "priority/P0", f"incident/{ID}"), login="bobstone", owner="bob",
        owner_name="Bob Stone", status="open", recorded=None, priority="P0",
        due="2026-01-22 15:30 UTC (P0 default, 1w after resolution)",
        incident_title="Login failures for ~30% of users",
        link=f"https://github.example/o/r/blob/HEAD/{PM}")
