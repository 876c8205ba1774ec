"""Byte-minimal YAML edits: whole expected texts, refusals, and properties (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentkit.store import edit
from incidentkit.store.edit import (
    EditError,
    FlowList,
    append_item,
    append_value,
    delete_key,
    delete_value,
    format_timestamp,
    front_matter_span,
    insert_key,
    mapping_keys,
    render_scalar,
    set_scalar,
)

T1500 = datetime(2026, 1, 15, 15, 0, tzinfo=UTC)
ENTRY: list[tuple[str, edit.Scalar]] = [("at", T1500), ("kind", "note"), ("text", "Rolled back")]

DOC = """\
# An incident, written by hand.
id: x   # the id
status: identified       # investigating | identified | monitoring | resolved
detected_at: 2026-01-15T14:15:00Z
mitigated_at:
timeline:
  - at: 2026-01-15T14:00:00Z
    kind: change
    text: |
      Deployed v2
  # add entries above
updates: []   # none yet
links:
  - {title: A, url: "https://a.example.com"}
tags: [a, b]
"""


def test_set_scalar_keeps_the_comment_column() -> None:
    assert set_scalar(DOC, ("status",), "monitoring") == DOC.replace(
        "status: identified       #", "status: monitoring       #")
    assert set_scalar(DOC, ("status",), "a much longer status value") == DOC.replace(
        "status: identified       #", "status: a much longer status value #")
    assert set_scalar(DOC, ("id",), "abc") == DOC.replace("id: x   #", "id: abc #")


def test_set_scalar_fills_an_empty_value() -> None:
    assert set_scalar(DOC, ("mitigated_at",), T1500) == DOC.replace(
        "mitigated_at:\n", "mitigated_at: 2026-01-15T15:00:00Z\n")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Checkout: down", "'Checkout: down'"),
        ("yes", "'yes'"),
        ("1e3", "'1e3'"),
        ("two\nlines", '"two\\nlines"'),
        ("a # b", "'a # b'"),
        ("", "''"),
        (42, "42"),
        (None, "null"),
        (date(2026, 1, 20), "2026-01-20"),
        (datetime(2026, 1, 15, 15, 0, tzinfo=timezone(timedelta(hours=1))),
         "2026-01-15T15:00:00+01:00"),
    ],
)
def test_set_scalar_quotes_as_yaml_needs(value: edit.Scalar, written: str) -> None:
    assert set_scalar(DOC, ("detected_at",), value) == DOC.replace(
        "detected_at: 2026-01-15T14:15:00Z", f"detected_at: {written}")


def test_set_scalar_in_a_flow_collection_quotes_for_flow() -> None:
    assert set_scalar(DOC, ("tags", 1), "c, d") == DOC.replace("[a, b]", "[a, 'c, d']")
    assert set_scalar(DOC, ("links", 0, "title"), "B") == DOC.replace("{title: A,", "{title: B,")


def test_set_scalar_replaces_a_block_scalar_keeping_the_line_break() -> None:
    assert set_scalar(DOC, ("timeline", 0, "text"), "Deployed") == DOC.replace(
        "    text: |\n      Deployed v2\n", "    text: Deployed\n")


def test_insert_key_after_a_sibling_and_last() -> None:
    assert insert_key(DOC, (), "resolved_at", T1500, after="mitigated_at") == DOC.replace(
        "mitigated_at:\n", "mitigated_at:\nresolved_at: 2026-01-15T15:00:00Z\n")
    assert insert_key(DOC, (), "runbooks", "db", after="tags") == DOC + "runbooks: db\n"
    assert insert_key(DOC, ("timeline", 0), "author", "bob") == DOC.replace(
        "      Deployed v2\n", "      Deployed v2\n    author: bob\n")


def test_insert_key_refusals() -> None:
    with pytest.raises(EditError, match="status is already there"):
        insert_key(DOC, (), "status", "x")
    with pytest.raises(EditError, match="nope is not in the document"):
        insert_key(DOC, (), "k", "x", after="nope")
    with pytest.raises(EditError, match="links is not a mapping with keys"):
        insert_key(DOC, ("links",), "k", "x")
    with pytest.raises(EditError, match="a list of items cannot go into a flow mapping"):
        insert_key(DOC, ("links", 0), "k", [ENTRY])


ROLES = """\
roles: {commander: alice, scribe: carol}   # who
block:
  commander: alice   # the IC
  experts:
    - erin  # databases
    # more experts here
  tech_lead: dave
empty: []
none:
"""


def test_insert_key_into_a_flow_mapping_keeps_the_line() -> None:
    assert insert_key(ROLES, ("roles",), "communications", "bob", after="commander") == \
        ROLES.replace("alice, scribe", "alice, communications: bob, scribe")
    assert insert_key(ROLES, ("roles",), "experts", FlowList(("erin", "a, b"))) == \
        ROLES.replace("carol}", "carol, experts: [erin, 'a, b']}")
    assert insert_key(ROLES, ("block",), "scribe", "ben", after="commander") == \
        ROLES.replace("the IC\n", "the IC\n  scribe: ben\n")


def test_delete_key_from_a_flow_mapping_takes_its_separator() -> None:
    assert delete_key(ROLES, ("roles",), "scribe") == ROLES.replace(", scribe: carol", "")
    assert delete_key(ROLES, ("roles",), "commander") == ROLES.replace("commander: alice, ", "", 1)
    assert delete_key(ROLES, ("block",), "experts") == ROLES.replace(
        "  experts:\n    - erin  # databases\n    # more experts here\n", "")


def test_append_value_in_the_lists_own_style() -> None:
    assert append_value(ROLES, ("block", "experts"), "frank") == ROLES.replace(
        "databases\n", "databases\n    - frank\n")
    assert append_value(ROLES, ("empty",), "x") == ROLES.replace("empty: []", "empty: [x]")
    assert append_value(ROLES, ("none",), "x") == ROLES.replace("none:\n", "none: [x]\n")
    assert append_value(ROLES, ("roles", "experts"), "erin", after="scribe") == ROLES.replace(
        "carol}", "carol, experts: [erin]}")
    flow = append_value(ROLES, ("roles", "experts"), "erin")
    assert append_value(flow, ("roles", "experts"), "yes") == ROLES.replace(
        "carol}", "carol, experts: [erin, 'yes']}")
    with pytest.raises(EditError, match="roles.commander is not a list"):
        append_value(ROLES, ("roles", "commander"), "x")
    with pytest.raises(EditError, match="roles.0 is not a key holding a list"):
        append_value(ROLES, ("roles", 0), "x")


def test_delete_value_from_block_and_flow_lists() -> None:
    two = append_value(ROLES, ("block", "experts"), "frank")
    assert delete_value(two, ("block", "experts"), 0) == ROLES.replace(
        "    - erin  # databases\n", "    - frank\n")
    assert delete_value(two, ("block", "experts"), 1) == ROLES
    flow = append_value(append_value(ROLES, ("roles", "experts"), "a"), ("roles", "experts"), "b")
    assert delete_value(flow, ("roles", "experts"), 0) == ROLES.replace("carol}", "carol, "
                                                                        "experts: [b]}")
    assert delete_value(flow, ("roles", "experts"), 1) == ROLES.replace("carol}", "carol, "
                                                                        "experts: [a]}")
    with pytest.raises(EditError, match="block.experts.0 is the only item of its list"):
        delete_value(ROLES, ("block", "experts"), 0)
    with pytest.raises(EditError, match="block.experts.3 is not in the document"):
        delete_value(ROLES, ("block", "experts"), 3)


def test_delete_key_removes_its_lines() -> None:
    assert delete_key(DOC, (), "status") == DOC.replace(
        "status: identified       # investigating | identified | monitoring | resolved\n", "")
    assert delete_key(DOC, (), "timeline") == DOC.replace(  # with the comments indented under it
        "timeline:\n  - at: 2026-01-15T14:00:00Z\n    kind: change\n    text: |\n"
        "      Deployed v2\n  # add entries above\n", "")
    with pytest.raises(EditError, match="the only key"):
        delete_key("a:\n  b: 1\n", ("a",), "b")
    with pytest.raises(EditError, match="does not start its own line"):
        delete_key("- a: 1\n  b: 2\n", (0,), "a")


def test_append_item_goes_after_the_last_item_and_before_a_comment_at_the_dash() -> None:
    assert append_item(DOC, ("timeline",), ENTRY) == DOC.replace("  # add entries above\n", """\
  - at: 2026-01-15T15:00:00Z
    kind: note
    text: Rolled back
  # add entries above
""")


def test_append_item_skips_comments_indented_like_the_item() -> None:
    text = "timeline:\n- at: 1\n  text: a\n  # about a\n# after\nx: 1\n"
    assert append_item(text, ("timeline",), [("at", 2)]) == (
        "timeline:\n- at: 1\n  text: a\n  # about a\n- at: 2\n# after\nx: 1\n")


def test_append_item_at_an_index() -> None:
    text = "l:\n  -   a: 1\n  -   a: 3   # three\n"
    assert append_item(text, ("l",), [("a", 2), ("b", "x")], index=1) == (
        "l:\n  -   a: 1\n  -   a: 2\n      b: x\n  -   a: 3   # three\n")
    assert append_item(text, ("l",), [("a", 0)], index=0) == (
        "l:\n  -   a: 0\n  -   a: 1\n  -   a: 3   # three\n")
    with pytest.raises(EditError, match="l has no item 3"):
        append_item(text, ("l",), [("a", 0)], index=3)


def test_append_item_replaces_an_empty_flow_list_or_value() -> None:
    update: list[tuple[str, edit.Scalar]] = [
        ("at", T1500), ("status", "monitoring"), ("text", "Fixed.")]
    assert append_item(DOC, ("updates",), update) == DOC.replace("updates: []   # none yet\n", """\
updates:   # none yet
  - at: 2026-01-15T15:00:00Z
    status: monitoring
    text: Fixed.
""")
    assert append_item("a: 1\nl:\nb: 2\n", ("l",), [("x", 1)]) == "a: 1\nl:\n  - x: 1\nb: 2\n"


def test_append_item_adds_a_missing_key_in_the_texts_list_style() -> None:
    text = "a: 1\nl:\n- x: 1\nb: 2\n"
    assert append_item(text, ("m",), [("y", 2)], after="a") == (
        "a: 1\nm:\n- y: 2\nl:\n- x: 1\nb: 2\n")
    assert append_item("a: 1\n", ("m",), [("y", 2)]) == "a: 1\nm:\n  - y: 2\n"


def test_append_item_matches_flow_items_and_flow_lists() -> None:
    assert append_item(DOC, ("links",), [("title", "B, C"), ("url", "https://b")]) == DOC.replace(
        '  - {title: A, url: "https://a.example.com"}\n',
        '  - {title: A, url: "https://a.example.com"}\n'
        "  - {title: 'B, C', url: 'https://b'}\n")
    text = "l: [{a: 1}, {a: 3}]  # flow\n"
    assert append_item(text, ("l",), [("a", 4)]) == "l: [{a: 1}, {a: 3}, {a: 4}]  # flow\n"
    assert append_item(text, ("l",), [("a", 2)], index=1) == "l: [{a: 1}, {a: 2}, {a: 3}]  # flow\n"


def test_append_item_keeps_crlf_and_adds_a_missing_final_newline() -> None:
    text = "l:\r\n  - a: 1\r\n"
    assert append_item(text, ("l",), [("a", 2)]) == "l:\r\n  - a: 1\r\n  - a: 2\r\n"
    assert append_item("l:\n  - a: 1", ("l",), [("a", 2)]) == "l:\n  - a: 1\n  - a: 2\n"


def test_append_item_after_a_kept_block_scalar() -> None:
    text = "l:\n  - t: |+\n      kept\n\nx: 1\n"
    assert append_item(text, ("l",), [("t", "b")]) == (
        "l:\n  - t: |+\n      kept\n\n  - t: b\nx: 1\n")


def test_front_matter_edits_leave_the_body_alone() -> None:
    md = ("---\r\nincident: x\r\naction_items:\r\n  - id: AI-1\r\n    status: open  # synced\r\n"
          "---\r\n# T\r\n\r\nstatus: open\r\n")
    span = front_matter_span(md)
    assert md[span[0] : span[1]].startswith("incident: x")
    assert md[span[1] :].startswith("---\r\n# T")
    assert insert_key(md, ("action_items", 0), "issue", 12, span=span) == md.replace(
        "# synced\r\n", "# synced\r\n    issue: 12\r\n")
    assert set_scalar(md, ("action_items", 0, "status"), "done", span=span) == md.replace(
        "status: open  # synced", "status: done  # synced")
    assert mapping_keys(md, span=span) == ["incident", "action_items"]
    with pytest.raises(EditError, match="does not start with"):
        front_matter_span("# T\n")
    with pytest.raises(EditError, match="no closing"):
        front_matter_span("---\na: 1\n")


def test_refusals_name_the_problem() -> None:
    with pytest.raises(EditError, match="does not parse at line 2: YAML syntax error"):
        set_scalar("a: [\n", ("a",), 1)
    with pytest.raises(EditError, match="timeline.3 is not in the document"):
        set_scalar(DOC, ("timeline", 3, "text"), "x")
    with pytest.raises(EditError, match="holds a list or mapping"):
        set_scalar(DOC, ("timeline",), "x")
    with pytest.raises(EditError, match="tags.0 is not in the document"):
        append_item(DOC, ("tags", 0), ENTRY)
    with pytest.raises(EditError, match="status is not a list"):
        append_item(DOC, ("status",), ENTRY)
    with pytest.raises(EditError, match="empty item"):
        append_item(DOC, ("timeline",), [])


def test_an_edit_that_does_not_read_back_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(edit, "render_scalar", lambda value, flow=False: "x\nbroken: [")
    with pytest.raises(EditError, match="internal error: the edit would break the YAML"):
        append_item(DOC, ("timeline",), ENTRY)
    monkeypatch.setattr(edit, "render_scalar", lambda value, flow=False: "1")
    with pytest.raises(EditError, match="internal error: .* does not read back as intended"):
        set_scalar(DOC, ("status",), "monitoring")


def test_format_timestamp() -> None:
    assert format_timestamp(T1500) == "2026-01-15T15:00:00Z"
    assert format_timestamp(T1500.replace(microsecond=5)) == "2026-01-15T15:00:00.000005Z"
    with pytest.raises(ValueError, match="no offset"):
        format_timestamp(datetime(2026, 1, 15))  # noqa: DTZ001 - the point of the test
    assert render_scalar("a, b") == "a, b" and render_scalar("a, b", flow=True) == "'a, b'"


# -- properties -----------------------------------------------------------------------------

_PLAIN = st.from_regex(r"[A-Za-z][A-Za-z ,.]{0,20}[A-Za-z]", fullmatch=True)
_START = datetime(2026, 1, 15, 14, 0, tzinfo=UTC)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, int, list[datetime]]:
    """An incident-like text with a block timeline, and where its last item's lines end."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    dash, gap = draw(st.sampled_from([0, 2, 4])), draw(st.sampled_from([2, 3, 4]))
    minutes = sorted(draw(st.lists(st.integers(0, 600), min_size=1, max_size=4)))
    times = [_START + timedelta(minutes=m) for m in minutes]
    text = f"# incident{nl}id: x{nl}timeline:{nl}"
    for i, when in enumerate(times):
        if i and draw(st.booleans()):
            text += nl
        comment = "   # c" if draw(st.booleans()) else ""
        text += f"{' ' * dash}-{' ' * (gap - 1)}at: {format_timestamp(when)}{comment}{nl}"
        text += f"{' ' * (dash + gap)}kind: note{nl}"
        text += f"{' ' * (dash + gap)}text: {draw(_PLAIN)}{nl}"
    if draw(st.booleans()):
        text += f"{' ' * (dash + gap)}# about the last item{nl}"
    end = len(text)
    if draw(st.booleans()):
        text += f"{' ' * dash}# after the list{nl}"
    tail = draw(st.sampled_from(["", f"updates: []{nl}", f"tags: [a]   # t{nl}"]))
    text += tail
    if not tail and draw(st.booleans()):
        text, end = text.removesuffix(nl), min(end, len(text) - len(nl))
    return text, end, times


def _timeline(text: str) -> list[dict[str, Any]]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    timeline: list[dict[str, Any]] = data["timeline"]
    return timeline


@settings(max_examples=200, deadline=None)
@given(doc=documents(), text=st.text(min_size=1), kind=st.sampled_from(["note", "alert"]),
       later=st.integers(0, 120))
def test_appending_changes_no_byte_outside_the_insertion(
    doc: tuple[str, int, list[datetime]], text: str, kind: str, later: int
) -> None:
    old, end, times = doc
    at = times[-1] + timedelta(minutes=later)
    new = append_item(old, ("timeline",), [("at", at), ("kind", kind), ("text", text)])
    grown = len(new) - len(old)
    assert new[:end] == old[:end]
    assert new[end + grown :] == old[end:]
    assert _one_insertion(old, new)
    assert _timeline(new) == [*_timeline(old), {"at": at, "kind": kind, "text": text}]


@settings(max_examples=100, deadline=None)
@given(doc=documents(), text=st.text(min_size=1), data=st.data())
def test_inserting_at_any_index_reads_back_in_place(
    doc: tuple[str, int, list[datetime]], text: str, data: st.DataObject
) -> None:
    old, _, times = doc
    index = data.draw(st.integers(0, len(times)))
    item: dict[str, edit.Scalar] = {"at": _START, "kind": "note", "text": text}
    new = append_item(old, ("timeline",), list(item.items()), index=index)
    before = _timeline(old)
    assert _timeline(new) == [*before[:index], item, *before[index:]]
    assert _one_insertion(old, new)


def _one_insertion(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with one run of text inserted (checking at the first
    difference suffices: an insertion that fits anywhere also fits there)."""
    same = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    return new[:same] == old[:same] and new[same + len(new) - len(old) :] == old[same:]


@settings(max_examples=100, deadline=None)
@given(value=st.one_of(st.text(), st.integers(), st.booleans(), st.none(),
                       st.floats(allow_nan=False, allow_infinity=False)))
def test_set_scalar_reads_back_and_keeps_the_other_lines(value: edit.Scalar) -> None:
    new = set_scalar(DOC, ("status",), value)
    data = yaml.safe_load(new)
    assert data["status"] == value and type(data["status"]) is type(value)
    assert new.splitlines()[:2] == DOC.splitlines()[:2]
    assert new.splitlines()[3:] == DOC.splitlines()[3:]
    assert new.splitlines()[2].endswith("# investigating | identified | monitoring | resolved")


@st.composite
def lists(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A text with ``roles.experts`` in block or flow style, comments around it."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    values = draw(st.lists(_PLAIN, min_size=1, max_size=4))
    text = f"roles:{nl}  commander: a   # c{nl}  experts:"
    if draw(st.booleans()):
        text += " [" + ", ".join(render_scalar(v, flow=True) for v in values) + "]" + nl
    else:
        dash = draw(st.sampled_from([2, 4]))
        text += nl + "".join(f"{' ' * dash}- {render_scalar(v)}"
                             f"{'  # x' if draw(st.booleans()) else ''}{nl}" for v in values)
    text += draw(st.sampled_from(["", f"  # after{nl}", f"other: 1{nl}"]))
    return text, values


@settings(max_examples=100, deadline=None)
@given(doc=lists(), value=st.text(min_size=1))
def test_append_value_then_delete_value_gives_back_the_text(
    doc: tuple[str, list[str]], value: str
) -> None:
    old, values = doc
    new = append_value(old, ("roles", "experts"), value)
    assert yaml.safe_load(new)["roles"]["experts"] == [*values, value]
    assert _one_insertion(old, new)
    assert delete_value(new, ("roles", "experts"), len(values)) == old


#: Keys PyYAML's safe_load (YAML 1.1) reads as booleans or null, not as the text written.
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


@settings(max_examples=100, deadline=None)
@given(keys=st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True).filter(
                         lambda k: k not in _YAML11_WORDS), min_size=1, max_size=4, unique=True),
       value=st.text(min_size=1), data=st.data())
def test_a_pair_inserted_into_a_flow_mapping_is_deleted_back(
    keys: list[str], value: str, data: st.DataObject
) -> None:
    old = "roles: {" + ", ".join(f"{k}: v" for k in keys) + "}   # who\nnext: 1\n"
    after = data.draw(st.sampled_from(keys))
    new = insert_key(old, ("roles",), "zz_new", value, after=after)
    assert list(yaml.safe_load(new)["roles"]) == [
        *keys[: keys.index(after) + 1], "zz_new", *keys[keys.index(after) + 1 :]]
    assert _one_insertion(old, new)
    assert delete_key(new, ("roles",), "zz_new") == old
