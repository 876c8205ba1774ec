"""The merge steps one by one: plain lists as sets (block and flow), keys removed and added,
whole values replaced, action items by id, and what is left to git."""

from __future__ import annotations

import pytest

from incidentkit.merging.document import Merged, merge_yaml
from incidentkit.merging.files import INCIDENT_RULES, POSTMORTEM_RULES, describe
from incidentkit.merging.positions import Unmergeable, shift
from incidentkit.merging.values import Rules

BASE = """\
id: x
severity: SEV1
summary: >
  one
  two
services:
  - auth-api
  - login-web
tags: [a, b, c]
impact:
  summary: s
  percent: 30
roles: {commander: alice, scribe: carol}
"""


def _merge(ours: str, theirs: str, base: str = BASE, rules: Rules = INCIDENT_RULES) -> Merged:
    merged = merge_yaml(base, ours, theirs, rules)
    assert isinstance(merged, Merged)
    return merged


def _edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_block_lists_merge_as_sets() -> None:
    ours = _edit(BASE, ("  - login-web\n", "  - login-web\n  - billing\n"))
    theirs = _edit(BASE, ("  - login-web\n", "  - search   # new\n"))
    assert _merge(ours, theirs).text == _edit(
        BASE, ("  - login-web\n", "  - billing\n  - search   # new\n"))


@pytest.mark.parametrize(("ours", "theirs", "merged"), [
    ("[b, c]", "[a, b, d]", "[b, d]"),
    ("[a, b, c, e]", "[b, c]", "[b, c, e]"),
    ("[a, b]", "[a, b, c, f]", "[a, b, f]"),
])
def test_flow_lists_merge_as_sets(ours: str, theirs: str, merged: str) -> None:
    assert _merge(BASE.replace("[a, b, c]", ours), BASE.replace("[a, b, c]", theirs)).text == \
        BASE.replace("[a, b, c]", merged)


def test_keys_removed_on_one_side_go_in_block_and_flow_mappings() -> None:
    ours = _edit(BASE, ("severity: SEV1", "severity: SEV2"))
    theirs = _edit(BASE, ("  percent: 30\n", ""), ("{commander: alice, scribe: carol}",
                                                   "{scribe: carol}"))
    assert _merge(ours, theirs).text == _edit(ours, ("  percent: 30\n", ""), (
        "{commander: alice, scribe: carol}", "{scribe: carol}"))
    last = _edit(BASE, ("{commander: alice, scribe: carol}", "{commander: alice}"))
    assert _merge(ours, last).text == _edit(ours, ("{commander: alice, scribe: carol}",
                                                   "{commander: alice}"))


def test_a_changed_block_value_is_taken_whole_from_theirs() -> None:
    ours = _edit(BASE, ("severity: SEV1", "severity: SEV2"))
    theirs = _edit(BASE, ("  one\n  two\n", "  uno\n  dos\n  tres\n"),
                   ("impact:\n  summary: s\n  percent: 30\n", "impact: {summary: t}\n"))
    assert _merge(ours, theirs).text == _edit(
        ours, ("  one\n  two\n", "  uno\n  dos\n  tres\n"),
        ("impact:\n  summary: s\n  percent: 30\n", "impact: {summary: t}\n"))


def test_a_key_added_in_flow_style_goes_into_a_block_mapping() -> None:
    ours = _edit(BASE, ("severity: SEV1", "severity: SEV2"))
    theirs = _edit(BASE, ("  percent: 30\n", "  percent: 30\n  users: 5\n"))
    assert _merge(ours, theirs).text == _edit(ours, ("  percent: 30\n",
                                                     "  percent: 30\n  users: 5\n"))


def test_a_value_changed_here_and_removed_there_is_a_conflict() -> None:
    changed = _edit(BASE, ("percent: 30", "percent: 40"))
    removed = _edit(BASE, ("  percent: 30\n", ""))
    merged = _merge(changed, removed)
    assert [describe("x.yaml", c) for c in merged.conflicts] == [
        "x.yaml: impact.percent changed on both sides (30 → 40 here, removed there): resolve "
        "by hand"]
    assert merged.text == _edit(changed, ("  percent: 40\n",
                                          "<<<<<<< ours\n  percent: 40\n=======\n>>>>>>> theirs\n"))
    other = _merge(removed, changed)  # no line of ours to mark: git's markers for the file
    assert (other.marked, other.text) == (False, removed)


@pytest.mark.parametrize(("ours", "theirs", "said"), [
    ("summary: ~", "summary: true", "(s → null here, s → true there)"),
    ("summary: [a]", "summary: {b: c}", "(s → a list here, s → a mapping there)"),
])
def test_conflicting_values_are_named_in_words(ours: str, theirs: str, said: str) -> None:
    merged = _merge(_edit(BASE, ("summary: s", ours)), _edit(BASE, ("summary: s", theirs)))
    assert describe("x.yaml", merged.conflicts[0]) == (
        f"x.yaml: impact.summary changed on both sides {said}: resolve by hand")


PM = """\
incident: x
action_items:
  - id: AI-1
    title: One
    status: open
  - id: AI-2
    title: Two
"""


def test_action_items_removed_changed_and_added_on_both_sides() -> None:
    removed = _edit(PM, ("  - id: AI-2\n    title: Two\n", ""))
    changed = _edit(PM, ("title: Two", "title: Deux"))
    assert _merge(changed, _edit(PM, ("title: One", "title: Un")), PM,
                  POSTMORTEM_RULES).text == _edit(changed, ("title: One", "title: Un"))
    assert _merge(_edit(PM, ("title: One", "title: Un")), removed, PM,
                  POSTMORTEM_RULES).text == _edit(removed, ("title: One", "title: Un"))
    here = _merge(changed, removed, PM, POSTMORTEM_RULES)
    there = _merge(removed, changed, PM, POSTMORTEM_RULES)
    assert [describe("p.md", c) for c in (*here.conflicts, *there.conflicts)] == [
        "p.md: action_items[AI-2] changed on both sides (changed here, removed there): resolve "
        "by hand",
        "p.md: action_items[AI-2] changed on both sides (removed here, changed there): resolve "
        "by hand"]
    mine = PM + "  - id: AI-3\n    title: Mine\n"
    yours = PM + "  - id: AI-3\n    title: Yours\n"
    both = _merge(mine, yours, PM, POSTMORTEM_RULES)
    assert [describe("p.md", c) for c in both.conflicts] == [
        "p.md: action_items[AI-3].title changed on both sides (added as Mine here, added as "
        "Yours there): resolve by hand"]


def test_action_items_without_their_own_id_are_left_to_git() -> None:
    twice = PM.replace("id: AI-2", "id: AI-1")
    with pytest.raises(Unmergeable, match="do not each have their own 'id'"):
        _merge(twice + "  - id: AI-3\n", twice + "  - id: AI-4\n", twice, POSTMORTEM_RULES)


TIMED = """\
id: x
timeline: [{at: 2026-01-15T14:00:00Z, text: a}, {at: 2026-01-15T14:10:00Z, text: b}]
"""


def test_flow_timelines_take_entries_in_time_order() -> None:
    ours = TIMED.replace("text: b}]", "text: b}, {at: 2026-01-15T14:20:00Z, text: c}]")
    theirs = TIMED.replace("[{at", "[{at: 2026-01-15T13:00:00Z, text: z}, {at").replace(
        "text: b}]", "text: b}, {at: 2026-01-15T14:15:00Z, text: d}]")
    assert _merge(ours, theirs, TIMED).text == TIMED.replace(
        "[{at", "[{at: 2026-01-15T13:00:00Z, text: z}, {at").replace(
        "text: b}]", "text: b}, {at: 2026-01-15T14:15:00Z, text: d}, "
                     "{at: 2026-01-15T14:20:00Z, text: c}]")


def test_flow_entries_go_into_a_block_timeline_as_block_items() -> None:
    block = "id: x\ntimeline:\n  - at: 2026-01-15T14:00:00Z\n    text: a\n"
    ours = block + "  - at: 2026-01-15T14:20:00Z\n    text: c\n"
    theirs = "id: x\ntimeline: [{at: 2026-01-15T14:00:00Z, text: a}, " \
             "{at: 2026-01-15T14:05:00Z, text: t}]\n"
    assert _merge(ours, theirs, block).text == (
        block + "  - {at: 2026-01-15T14:05:00Z, text: t}\n  - at: 2026-01-15T14:20:00Z\n"
        "    text: c\n")


def test_entries_without_a_time_are_left_to_git() -> None:
    with pytest.raises(Unmergeable, match="no valid 'at' time"):
        _merge(TIMED.replace("text: b}", "text: b}, {at: soon, text: c}"),
               TIMED.replace("text: a}", "text: A}"), TIMED)


def test_shift_moves_lines_and_refuses_to_cut_text() -> None:
    assert shift("  a\n\n    b\n", -2) == "a\n\n  b\n"
    assert shift("a\n", 0) == "a\n"
    with pytest.raises(Unmergeable):
        shift(" a\n", -2)


def test_empty_values_and_a_file_without_a_last_line_break() -> None:
    emptied = _edit(BASE, ("  summary: s\n", "  summary:\n"))
    ours = _edit(BASE, ("severity: SEV1", "severity: SEV2")).rstrip("\n")
    assert _merge(ours, emptied).text == _edit(ours, ("  summary: s\n", "  summary:\n"))
    assert _merge(emptied.replace("SEV1", "SEV2"), BASE.replace("summary: s", "summary: t"),
                  emptied).text == emptied.replace("SEV1", "SEV2").replace(
        "  summary:\n", "  summary: t\n")
    added = BASE.rstrip("\n") + "\ntags2: [x]"
    assert _merge(ours, added).text == ours + "\ntags2: [x]\n"


def test_conflicts_that_share_text_with_other_changes_get_the_whole_file_marked() -> None:
    ours = _edit(BASE, ("{commander: alice,", "{commander: bob,"))
    theirs = _edit(BASE, ("{commander: alice, scribe: carol}", "{commander: dan, scribe: eve}"))
    merged = _merge(ours, theirs)
    assert [c.field for c in merged.conflicts] == ["roles.commander"]
    assert (merged.marked, merged.text) == (False, _edit(ours, ("scribe: carol", "scribe: eve")))
