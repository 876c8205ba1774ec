"""Byte-minimal YAML edits: text is spliced in at node marks; every other byte stays.

pre-commit's ``migrate_config`` approach, not a re-dump: libyaml marks give character offsets,
one span is replaced or inserted, and the result must parse and read back as the old data plus
exactly the intended change, or :class:`EditError` is raised and nothing should be written.
Operations take the whole text and, for Markdown front matter, the ``span`` of the YAML in it
(:func:`front_matter_span`); paths are keys and indexes: ``("action_items", 0, "issue")``.
Block and flow collections are both edited in their own style: a pair goes into ``{a: 1}`` on
its line, a value into ``[a, b]`` or as a ``- c`` line of a block list.
The parsed document with its offsets is :mod:`incidentkit.store.yamldoc`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from incidentkit.store.scalars import (
    EditError,
    FlowList,
    Scalar,
    format_timestamp,
    render_scalar,
)
from incidentkit.store.yamldoc import (
    NULL_TAG,
    Doc,
    KeyPath,
    Span,
    data_at,
    dotted,
    entry,
    flow_cut,
    flow_entries,
    get,
    parse,
    plain,
    splice,
)

__all__ = [
    "EditError", "FlowList", "Item", "KeyPath", "Scalar", "Span", "append_item", "append_value",
    "delete_key", "delete_value", "format_timestamp", "front_matter_span", "insert_key",
    "mapping_keys", "render_scalar", "set_scalar",
]

#: A mapping to add as a list item, as ``(key, value)`` pairs in the order to write them.
Item = Sequence[tuple[str, Scalar]]
_COMMENT_GAP = re.compile(r"( +)#")


def _sequence_style(doc: Doc) -> tuple[int, int]:
    """(dash indent under its key, columns from dash to item) of the text's block lists."""
    stack = [doc.root]
    while stack:
        node = stack.pop()
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(value, SequenceNode) and not value.flow_style and value.value:
                    dash, first = doc.begin(value), doc.begin(value.value[0])
                    if "\n" not in doc.text[dash:first]:
                        key_col = doc.column(doc.begin(key))
                        return doc.column(dash) - key_col, doc.column(first) - doc.column(dash)
                stack.append(value)
    return 2, 2


def _pairs(item: Item, flow: bool) -> list[str]:
    if not item:
        raise EditError("cannot add an empty item")
    return [f"{render_scalar(k, flow=flow)}: {render_scalar(v, flow=flow)}" for k, v in item]


def _item_text(item: Item, dash: int, key_col: int, nl: str, *, flow: bool = False) -> str:
    key_col = max(key_col, dash + 2)
    lead = " " * dash + "-" + " " * (key_col - dash - 1)
    if flow:
        return lead + "{" + ", ".join(_pairs(item, True)) + "}" + nl
    first, *rest = _pairs(item, False)
    return lead + first + nl + "".join(" " * key_col + p + nl for p in rest)


def set_scalar(text: str, path: KeyPath, value: Scalar, *, span: Span | None = None) -> str:
    """Replace the single value at ``path``; a comment after it keeps its column if it fits."""
    doc = parse(text, span)
    node, flow = get(doc, path)
    if not isinstance(node, ScalarNode) or not path:
        raise EditError(f"{dotted(path)} holds a list or mapping, not a single value")
    begin, stop = doc.begin(node), doc.trimmed_end(node)
    new = render_scalar(value, flow=flow)
    if begin == stop and doc.text[begin - 1] == ":":  # an empty value: `key:`
        new = " " + new
    gap = _COMMENT_GAP.match(doc.text, stop)
    if gap and "\n" not in doc.text[begin:stop]:
        width = len(gap.group(1)) + (stop - begin) - len(new)
        stop, new = gap.end(1), new + " " * max(1, width)
    expected = copy.deepcopy(doc.data)
    data_at(expected, path[:-1])[path[-1]] = plain(value)
    return splice(doc, begin, stop, new, expected)


def _value_text(value: Scalar | list[Item] | FlowList, *, flow: bool) -> str:
    if isinstance(value, FlowList):
        return value.render()
    if isinstance(value, list):
        raise EditError("a list of items cannot go into a flow mapping")
    return render_scalar(value, flow=flow)


def insert_key(
    text: str, path: KeyPath, key: str, value: Scalar | list[Item] | FlowList, *,
    after: str | None = None, span: Span | None = None,
) -> str:
    """Add ``key: value`` to the mapping at ``path``, after the key ``after`` or last.

    A list of items is written as a block sequence in the text's own list style; in a flow
    mapping (``{a: 1, b: 2}``) the pair goes in on the same line.
    """
    doc = parse(text, span)
    mapping, _ = get(doc, path)
    if not isinstance(mapping, MappingNode) or not mapping.value:
        raise EditError(f"{dotted(path)} is not a mapping with keys: cannot add {key!r} to it")
    if entry(mapping, key) is not None:
        raise EditError(f"{dotted([*path, key])} is already there")
    index = len(mapping.value) - 1
    if after is not None:
        index = next((i for i, (k, _) in enumerate(mapping.value)
                      if isinstance(k, ScalarNode) and k.value == after), -1)
        if index < 0:
            raise EditError(f"{dotted([*path, after])} is not in the document")
    expected = copy.deepcopy(doc.data)
    data_at(expected, path)[key] = plain(value)
    if mapping.flow_style:
        pos = flow_entries(doc, mapping)[index][1]
        pair = f", {render_scalar(key, flow=True)}: {_value_text(value, flow=True)}"
        return splice(doc, pos, pos, pair, expected)
    column = doc.column(doc.begin(mapping.value[0][0]))
    pos = doc.after_entry(mapping.value[index][1], column)
    name = " " * column + render_scalar(key)
    if isinstance(value, list):
        offset, gap = _sequence_style(doc)
        dash = column + offset
        block = name + ":" + doc.nl + "".join(
            _item_text(item, dash, dash + gap, doc.nl) for item in value)
    else:
        block = f"{name}: {_value_text(value, flow=False)}{doc.nl}"
    return splice(doc, pos, pos, doc.lead(pos) + block, expected)


def delete_key(text: str, path: KeyPath, key: str, *, span: Span | None = None) -> str:
    """Remove ``key`` from the mapping at ``path``: its line(s), or its pair in ``{...}``."""
    doc = parse(text, span)
    mapping, _ = get(doc, path)
    found = entry(mapping, key) if isinstance(mapping, MappingNode) else None
    if found is None or not isinstance(mapping, MappingNode):
        raise EditError(f"{dotted([*path, key])} is not a key of a mapping")
    if len(mapping.value) < 2:
        raise EditError(f"{dotted([*path, key])} is the only key of its mapping")
    expected = copy.deepcopy(doc.data)
    del data_at(expected, path)[key]
    if mapping.flow_style:
        at = next(i for i, (k, _) in enumerate(mapping.value) if k is found[0])
        begin, stop = flow_cut(doc, flow_entries(doc, mapping), at)
        return splice(doc, begin, stop, "", expected)
    key_node, value = found
    begin = doc.line_start(doc.begin(key_node))
    if doc.text[begin : doc.begin(key_node)].strip(" "):
        raise EditError(f"{dotted([*path, key])} does not start its own line")
    stop = doc.after_entry(value, doc.column(doc.begin(key_node)))
    return splice(doc, begin, stop, "", expected)


def append_value(
    text: str, path: KeyPath, value: Scalar, *, after: str | None = None,
    span: Span | None = None,
) -> str:
    """Add a single value at the end of the list at ``path``, in the list's own style.

    A missing key is added (after the key ``after``, or last) as ``key: [value]``; an empty
    value or ``[]`` becomes ``[value]``.
    """
    doc = parse(text, span)
    if not path or not isinstance(path[-1], str):
        raise EditError(f"{dotted(path)} is not a key holding a list")
    parent, _ = get(doc, path[:-1])
    found = entry(parent, path[-1])
    if found is None:
        return insert_key(text, path[:-1], path[-1], FlowList((value,)), after=after, span=span)
    _, seq = found
    expected = copy.deepcopy(doc.data)
    if isinstance(seq, ScalarNode) and seq.tag == NULL_TAG:
        data_at(expected, path[:-1])[path[-1]] = [plain(value)]
        begin, stop = doc.begin(seq), doc.trimmed_end(seq)
        new = FlowList((value,)).render()
        return splice(doc, begin, stop, new if begin < stop else " " + new, expected)
    if not isinstance(seq, SequenceNode):
        raise EditError(f"{dotted(path)} is not a list")
    data_at(expected, path).append(plain(value))
    if seq.flow_style:
        if not seq.value:
            pos = doc.begin(seq) + 1
            return splice(doc, pos, pos, render_scalar(value, flow=True), expected)
        pos = doc.trimmed_end(seq.value[-1])
        return splice(doc, pos, pos, ", " + render_scalar(value, flow=True), expected)
    dash = doc.column(doc.begin(seq))
    pos = doc.after_entry(seq.value[-1], dash)
    line = " " * dash + "- " + render_scalar(value) + doc.nl
    return splice(doc, pos, pos, doc.lead(pos) + line, expected)


def delete_value(text: str, path: KeyPath, index: int, *, span: Span | None = None) -> str:
    """Remove item ``index`` of the list at ``path``; the list keeps at least one item."""
    doc = parse(text, span)
    seq, _ = get(doc, path)
    if not isinstance(seq, SequenceNode) or not 0 <= index < len(seq.value):
        raise EditError(f"{dotted([*path, index])} is not in the document")
    if len(seq.value) < 2:
        raise EditError(f"{dotted([*path, index])} is the only item of its list")
    expected = copy.deepcopy(doc.data)
    del data_at(expected, path)[index]
    if seq.flow_style:
        begin, stop = flow_cut(doc, flow_entries(doc, seq), index)
        return splice(doc, begin, stop, "", expected)
    item = seq.value[index]
    begin = doc.line_start(doc.begin(item))
    if doc.text[begin : doc.begin(item)].strip(" ") != "-":
        raise EditError(f"{dotted([*path, index])} does not start its own line")
    return splice(doc, begin, doc.after_entry(item, doc.column(doc.begin(seq))), "", expected)


def append_item(
    text: str, path: KeyPath, item: Item, *,
    index: int | None = None, after: str | None = None, span: Span | None = None,
) -> str:
    """Add a mapping item to the list at ``path``: last, or before the item at ``index``.

    The new item follows the indentation and ``- `` style of the list's items. A missing key is
    added (after the key ``after``, or last) with a block sequence; an empty value or ``[]`` is
    replaced by one.
    """
    doc = parse(text, span)
    if not path:
        raise EditError("the document itself is not a list to add to")
    parent, _ = get(doc, path[:-1])
    found = entry(parent, path[-1]) if isinstance(path[-1], str) else None
    if found is None:
        if isinstance(path[-1], int) or index not in (None, 0):
            raise EditError(f"{dotted(path)} is not in the document")
        return insert_key(text, path[:-1], path[-1], [item], after=after, span=span)
    key_node, seq = found
    expected = copy.deepcopy(doc.data)
    empty = (isinstance(seq, ScalarNode) and seq.tag == NULL_TAG) or (
        isinstance(seq, SequenceNode) and seq.flow_style and not seq.value)
    if empty:
        data_at(expected, path[:-1])[path[-1]] = plain([item])
        return _replace_with_block(doc, key_node, seq, item, expected)
    if not isinstance(seq, SequenceNode):
        raise EditError(f"{dotted(path)} is not a list")
    count = len(seq.value)
    at = count if index is None else index
    if not 0 <= at <= count:
        raise EditError(f"{dotted(path)} has no item {index}")
    data_at(expected, path).insert(at, plain([item])[0])
    if seq.flow_style:
        new = "{" + ", ".join(_pairs(item, True)) + "}"
        if at == count:
            pos = doc.content_end(seq.value[-1])
            return splice(doc, pos, pos, ", " + new, expected)
        pos = doc.begin(seq.value[at])
        return splice(doc, pos, pos, new + ", ", expected)
    dash = doc.column(doc.begin(seq))
    first = doc.begin(seq.value[0])
    key_col = doc.column(first) if "\n" not in doc.text[doc.begin(seq) : first] else dash + 2
    flow_items = isinstance(seq.value[0], MappingNode) and bool(seq.value[0].flow_style)
    pos = (doc.line_start(doc.begin(seq)) if at == 0
           else doc.after_entry(seq.value[at - 1], dash))
    block = _item_text(item, dash, key_col, doc.nl, flow=flow_items)
    return splice(doc, pos, pos, doc.lead(pos) + block, expected)


def _replace_with_block(doc: Doc, key_node: Node, value: Node, item: Item, expected: Any) -> str:
    """``key: []`` (or ``key:``) → ``key:`` and a block sequence on the following lines."""
    begin, stop = doc.begin(value), doc.trimmed_end(value)
    key_end = doc.start + int(key_node.end_mark.index)
    while begin > key_end and doc.text[begin - 1] in " \t":
        begin -= 1
    column = doc.column(doc.begin(key_node))
    offset, gap = _sequence_style(doc)
    pos = doc.line_after(stop)
    block = _item_text(item, column + offset, column + offset + gap, doc.nl)
    return splice(doc, begin, pos, doc.text[stop:pos] + doc.lead(pos) + block, expected)


def mapping_keys(text: str, path: KeyPath = (), *, span: Span | None = None) -> list[str]:
    """The keys of the mapping at ``path``, in the order of the text."""
    node, _ = get(parse(text, span), path)
    if not isinstance(node, MappingNode):
        raise EditError(f"{dotted(path)} is not a mapping")
    return [str(key.value) for key, _ in node.value]


def front_matter_span(text: str) -> Span:
    """Start and end offsets of the YAML between a Markdown file's two ``---`` lines."""
    lines = text.split("\n")
    if lines[0].rstrip("\r") != "---":
        raise EditError("the file does not start with a '---' line and YAML front matter")
    start = pos = len(lines[0]) + 1
    for line in lines[1:]:
        if line.rstrip("\r") in ("---", "..."):
            return start, pos
        pos += len(line) + 1
    raise EditError("the front matter has no closing '---' line")
