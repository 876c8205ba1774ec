"""The structural merge of one YAML text, on small three-way cases: every expected result is
the whole text (ours' bytes kept, theirs' copied from theirs' own text)."""

from __future__ import annotations

import pytest

from incidentkit.merging.document import Merged, Unreadable, merge_yaml
from incidentkit.merging.files import INCIDENT_RULES, POSTMORTEM_RULES, describe
from incidentkit.merging.positions import Unmergeable
from tests.authoring.sample import INCIDENT as BASE

END = "  # keep entries in time order\n"


def _entry(at: str, text: str, extra: str = "") -> str:
    return f"  - at: 2026-01-15T{at}:00Z{extra}\n    kind: note\n    text: {text}\n"


def _with(*entries: str, text: str = BASE) -> str:
    return text.replace(END, "".join(entries) + END)


def _merge(base: str, ours: str, theirs: str) -> Merged:
    merged = merge_yaml(base, ours, theirs, INCIDENT_RULES)
    assert isinstance(merged, Merged)
    return merged


def test_entries_appended_on_both_sides_are_all_kept_in_time_order() -> None:
    ours = _with(_entry("14:20", "ours first"), _entry("14:40", "ours second"))
    theirs = _with(_entry("14:16", "theirs first", "   # backdated"),
                   _entry("14:40", "theirs at the same time"), _entry("14:50", "theirs last"))
    merged = _merge(BASE, ours, theirs)
    assert merged.conflicts == ()
    assert merged.text == _with(
        _entry("14:16", "theirs first", "   # backdated"), _entry("14:20", "ours first"),
        _entry("14:40", "ours second"), _entry("14:40", "theirs at the same time"),
        _entry("14:50", "theirs last"))


def test_an_entry_added_on_both_sides_is_kept_once() -> None:
    both = _entry("14:20", "the same words")
    merged = _merge(BASE, _with(both, _entry("14:30", "ours")), _with(both))
    assert merged.text == _with(both, _entry("14:30", "ours"))


def test_a_value_changed_on_one_side_is_taken_and_ours_comments_stay() -> None:
    ours = _with(_entry("14:20", "ours")).replace("# paged the identity primary", "# paged")
    theirs = BASE.replace("severity: SEV1", "severity: SEV0").replace(
        "status: identified ", "status: monitoring ")
    merged = _merge(BASE, ours, theirs)
    assert merged.text == ours.replace("severity: SEV1", "severity: SEV0").replace(
        "status: identified ", "status: monitoring ")


def test_a_value_changed_alike_on_both_sides_is_taken_once() -> None:
    ours = _with(_entry("14:20", "ours")).replace("severity: SEV1", "severity: SEV0")
    theirs = BASE.replace("severity: SEV1", "severity: SEV0")
    assert _merge(BASE, ours, theirs).text == ours


def test_a_value_changed_differently_on_both_sides_is_a_conflict_around_its_line() -> None:
    ours = _with(_entry("14:20", "ours")).replace("severity: SEV1", "severity: SEV0")
    theirs = _with(_entry("14:25", "theirs")).replace("severity: SEV1", "severity: SEV2")
    merged = _merge(BASE, ours, theirs)
    assert [describe("incidents/2026/x.yaml", c) for c in merged.conflicts] == [
        "incidents/2026/x.yaml: severity changed on both sides (SEV1 → SEV0 here, SEV1 → SEV2 "
        "there): resolve by hand"]
    assert merged.marked
    assert merged.text == _with(_entry("14:20", "ours"), _entry("14:25", "theirs")).replace(
        "severity: SEV1   # paged the identity primary\n",
        "<<<<<<< ours\nseverity: SEV0   # paged the identity primary\n=======\n"
        "severity: SEV2   # paged the identity primary\n>>>>>>> theirs\n")


def test_flow_mappings_lists_and_keys_merge_field_by_field() -> None:
    ours = BASE.replace("roles: {commander: alice, scribe: carol, experts: [bob]}",
                        "roles: {commander: alice, scribe: bob, experts: [bob]}").replace(
        "services: [auth-api, login-web]", "services: [auth-api, login-web, billing]").replace(
        "  percent: 30\n", "")
    theirs = BASE.replace("roles: {commander: alice, scribe: carol, experts: [bob]}",
                          "roles: {commander: carol, scribe: carol, experts: [bob], "
                          "tech_lead: alice}").replace(
        "tags: [database, connection-pool]", "tags: [database, pool]").replace(
        "  customer_facing: true\n", "  customer_facing: true\n  # measured at the LB\n"
        "  detected_by: synthetic\n")
    merged = _merge(BASE, ours, theirs)
    assert merged.conflicts == ()
    assert merged.text == ours.replace(
        "roles: {commander: alice, scribe: bob, experts: [bob]}",
        "roles: {commander: carol, scribe: bob, experts: [bob], tech_lead: alice}").replace(
        "tags: [database, connection-pool]", "tags: [database, pool]").replace(
        "  customer_facing: true\n", "  customer_facing: true\n  # measured at the LB\n"
        "  detected_by: synthetic\n")


def test_an_entry_changed_or_removed_on_one_side_is_taken() -> None:
    ours = _with(_entry("14:20", "ours"))
    theirs = BASE.replace("text: Deployment of auth-api v2.3.1 completed",
                          "text: Deployment of auth-api v2.3.1 finished").replace(
        '  - at: 2026-01-15T14:15:00Z   # paged\n    kind: alert\n    text: "Error-rate alert |'
        ' fired"\n    author: alice\n', "")
    merged = _merge(BASE, ours, theirs)
    assert merged.text == theirs.replace(END, _entry("14:20", "ours") + END)


def test_an_entry_changed_differently_on_both_sides_names_its_field() -> None:
    ours = BASE.replace("v2.3.1 completed", "v2.3.1 done")
    theirs = BASE.replace("v2.3.1 completed", "v2.3.1 finished")
    merged = _merge(BASE, ours, theirs)
    assert [c.field for c in merged.conflicts] == ["timeline[0].text"]
    first = "  - at: 2026-01-15T14:00:00Z\n    kind: change\n    text: Deployment of auth-api " \
            "v2.3.1 completed\n"
    removed = _merge(BASE, ours, BASE.replace(first, ""))
    assert [describe("x.yaml", c) for c in removed.conflicts] == [
        "x.yaml: timeline[0] changed on both sides (changed here, removed there): resolve by "
        "hand"]
    mine = first.replace("completed", "done")
    assert removed.text == ours.replace(mine, f"<<<<<<< ours\n{mine}=======\n>>>>>>> theirs\n")


def test_a_side_that_does_not_parse_is_reported_with_its_place() -> None:
    broken = BASE.replace("detection: automated", "detection: [automated")
    merged = merge_yaml(BASE, BASE, broken, INCIDENT_RULES)
    assert isinstance(merged, Unreadable)
    assert (merged.side, merged.problem.line) == ("theirs", 11)


def test_a_list_emptied_on_one_side_merges_and_entries_added_to_it_are_left_to_git() -> None:
    links = '  - {title: Dashboard, url: "https://grafana.example.com/d/auth"}\n'
    ours = BASE.replace("links:\n" + links, "links: []\n")
    theirs = BASE.replace("tags: [database, connection-pool]", "tags: [database]")
    assert _merge(BASE, ours, theirs).text == ours.replace("[database, connection-pool]",
                                                           "[database]")
    timeline = BASE[BASE.index("timeline:\n") : BASE.index("updates:")]
    emptied = BASE.replace(timeline, "timeline: []\n")
    with pytest.raises(Unmergeable, match="empty on this side"):
        _merge(BASE, emptied, _with(_entry("14:20", "theirs")))


PM = """\
---
incident: 2026-01-15-auth-login-failures
status: draft                  # draft | in-review | final
authors: [alice]
action_items:
  - id: AI-1
    title: Add connection timeouts
    owner: alice
    priority: P1
    status: open
---
"""


def test_action_items_added_on_both_sides_are_kept_and_fields_merge_by_id() -> None:
    meta = PM.split("---\n")[1]
    ai2 = "  - id: AI-2\n    title: Alert on pool saturation\n    owner: bob\n    priority: P2\n"
    ai3 = "  - id: AI-3   # from the review\n    title: Load test\n    owner: carol\n" \
          "    priority: P3\n"
    ours = meta.replace("    status: open\n", "    status: in-progress\n") + ai2
    theirs = meta.replace("priority: P1", "priority: P0") + ai3
    merged = merge_yaml(meta, ours, theirs, POSTMORTEM_RULES)
    assert isinstance(merged, Merged)
    assert merged.conflicts == ()
    assert merged.text == ours.replace("priority: P1", "priority: P0") + ai3
    clash = merge_yaml(meta, ours, meta.replace("status: open", "status: done"),
                       POSTMORTEM_RULES)
    assert isinstance(clash, Merged)
    assert [c.field for c in clash.conflicts] == ["action_items[AI-1].status"]


def test_comment_edits_of_both_sides_are_kept_when_git_merges_them_cleanly() -> None:
    ours = BASE.replace("# Login outage after the v2.3.1 deploy.", "# Login outage (v2.3.1).")
    theirs = _with(_entry("14:20", "theirs")).replace("  # keep entries in time order",
                                                      "  # keep entries in time order!")
    assert _merge(BASE, ours, theirs).text == theirs.replace(
        "# Login outage after the v2.3.1 deploy.", "# Login outage (v2.3.1).")
    ours_comment = BASE.replace("# paged the identity primary", "# paged alice")
    assert _merge(BASE, ours_comment, theirs).text == theirs.replace(
        "# paged the identity primary", "# paged alice")
