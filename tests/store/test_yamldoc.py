"""A YAML text parsed for editing: nodes at their offsets, where their own text ends, the splice
that must read back as intended."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from yaml.nodes import MappingNode, SequenceNode

from incidentkit.store import yamldoc
from incidentkit.store.scalars import EditError

TEXT = ("a: 1  # one\nlist:\n  - x\n  - y\n    # about y\n# top\nflow: {k: 1, m: [p, q]}\n"
        "block: |+\n  kept\n\nz: 2")
DOC = yamldoc.parse(TEXT, None)


def _text(begin: int, end: int) -> str:
    return TEXT[begin:end]


def test_nodes_by_path_and_whether_they_are_in_a_flow_collection() -> None:
    y, flow = yamldoc.get(DOC, ["list", 1])
    assert (y.value, flow) == ("y", False)
    p, flow = yamldoc.get(DOC, ["flow", "m", 0])
    assert (p.value, flow) == ("p", True)
    paths: list[tuple[list[str | int], str]] = [
        (["list", 5], "list.5"), (["nope", "x"], "nope"), (["a", "b"], "a.b")]
    for path, shown in paths:
        with pytest.raises(EditError, match=f"^{shown} is not in the document$"):
            yamldoc.get(DOC, path)
    listed, _ = yamldoc.get(DOC, ["list"])
    assert yamldoc.entry(listed, 1) == (y, y)
    assert yamldoc.entry(DOC.root, "missing") is None


def test_where_a_nodes_own_text_ends() -> None:
    a, _ = yamldoc.get(DOC, ["a"])
    assert _text(DOC.begin(a), DOC.content_end(a)) == "1"  # not its comment
    assert DOC.column(DOC.begin(a)) == 3
    assert _text(DOC.after_entry(a, 0), DOC.after_entry(a, 0) + 5) == "list:"
    # A list's entry ends with its last item; comments indented deeper belong to it, a comment
    # at the key's column does not.
    listed, _ = yamldoc.get(DOC, ["list"])
    after = DOC.after_entry(listed, 0)
    assert _text(after, after + 6) == "# top\n"
    # Keep-chomping: the trailing blank line is part of the value.
    block, _ = yamldoc.get(DOC, ["block"])
    assert _text(DOC.begin(block), DOC.content_end(block)) == "|+\n  kept\n\n"
    assert (DOC.nl, DOC.lead(DOC.end), DOC.lead(DOC.begin(a))) == ("\n", "\n", "")
    assert yamldoc.parse("a: 1\r\n", None).nl == "\r\n"


def test_flow_entries_and_the_cut_that_removes_one() -> None:
    flow, _ = yamldoc.get(DOC, ["flow"])
    assert isinstance(flow, MappingNode)
    entries = yamldoc.flow_entries(DOC, flow)
    assert [_text(*span) for span in entries] == ["k: 1", "m: [p, q]"]
    assert _text(*yamldoc.flow_cut(DOC, entries, 0)) == "k: 1, "
    assert _text(*yamldoc.flow_cut(DOC, entries, 1)) == ", m: [p, q]"
    inner, _ = yamldoc.get(DOC, ["flow", "m"])
    assert isinstance(inner, SequenceNode)
    assert [_text(*span) for span in yamldoc.flow_entries(DOC, inner)] == ["p", "q"]


def test_a_span_of_the_text_front_matter() -> None:
    text = "---\ntitle: x\n---\nbody\n"
    doc = yamldoc.parse(text, (4, 13))
    assert (doc.data, doc.start, doc.end) == ({"title": "x"}, 4, 13)
    title, _ = yamldoc.get(doc, ["title"])
    assert text[doc.begin(title):doc.trimmed_end(title)] == "x"
    with pytest.raises(EditError) as caught:
        yamldoc.parse("a: [\n", None)
    assert str(caught.value) == (
        "the YAML does not parse at line 2: YAML syntax error: did not find expected node "
        "content (while parsing a flow node): check the indentation and quoting here")


def test_the_splice_reads_back_or_writes_nothing() -> None:
    z, _ = yamldoc.get(DOC, ["z"])
    begin, end = DOC.begin(z), DOC.trimmed_end(z)
    assert yamldoc.splice(DOC, begin, end, "3", {**DOC.data, "z": 3}) == TEXT[:-1] + "3"
    with pytest.raises(EditError, match=r"^internal error: the edit would break the YAML \(YAML "
                                        r"syntax error: .*\); nothing was written$"):
        yamldoc.splice(DOC, begin, end, "[", None)
    with pytest.raises(EditError, match="^internal error: the edited YAML does not read back as "
                                        "intended; nothing was written$"):
        yamldoc.splice(DOC, begin, end, "4", DOC.data)


def test_helpers() -> None:
    assert (yamldoc.dotted(["a", 0, "b"]), yamldoc.dotted([])) == ("a.0.b", "the document")
    assert yamldoc.data_at({"a": [{"b": 5}]}, ["a", 0, "b"]) == 5
    assert yamldoc.plain(date(2026, 1, 2)) == "2026-01-02"
    assert yamldoc.plain([[("at", datetime(2026, 1, 1, tzinfo=UTC))]]) == [
        {"at": "2026-01-01T00:00:00Z"}]
