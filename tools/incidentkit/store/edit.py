"""Byte-minimal YAML edits: text is spliced in at node marks; every other byte stays.

pre-commit's ``migrate_config`` approach, not a re-dump: libyaml marks give character offsets,
one span is replaced or inserted, and the result must parse and read back as the old data plus
exactly the intended change, or :class:`EditError` is raised and nothing should be written.
Operations take the whole text and, for Markdown front matter, the ``span`` of the YAML in it
(:func:`front_matter_span`); paths are keys and indexes: ``("action_items", 0, "issue")``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from incidentkit.store.scalars import EditError, Scalar, format_timestamp, render_scalar
from incidentkit.store.yamlload import compose_only, load_text

__all__ = [
    "Doc", "EditError", "Item", "KeyPath", "Scalar", "Span", "append_item", "delete_key",
    "format_timestamp", "front_matter_span", "insert_key", "mapping_keys", "render_scalar",
    "set_scalar",
]

#: A mapping to add as a list item, as ``(key, value)`` pairs in the order to write them.
Item = Sequence[tuple[str, Scalar]]
KeyPath = Sequence[str | int]
Span = tuple[int, int]

_COMMENT_GAP = re.compile(r"( +)#")
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*")
_NULL = "tag:yaml.org,2002:null"


def _plain(value: Any) -> Any:
    """What ``value`` reads back as (the loader keeps timestamps and dates as text)."""
    if isinstance(value, datetime | date):
        return render_scalar(value)
    if isinstance(value, list):
        return [{k: _plain(v) for k, v in item} for item in value]
    return value


def _dotted(path: KeyPath) -> str:
    return ".".join(str(p) for p in path) or "the document"


@dataclass(frozen=True, slots=True)
class _Doc:
    text: str
    start: int
    end: int
    root: Node
    data: Any

    @property
    def nl(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    def begin(self, node: Node) -> int:
        return self.start + int(node.start_mark.index)

    def line_start(self, pos: int) -> int:
        return max(self.text.rfind("\n", 0, pos) + 1, self.start)

    def column(self, pos: int) -> int:
        return pos - self.line_start(pos)

    def next_line(self, pos: int) -> int:
        found = self.text.find("\n", pos, self.end)
        return self.end if found < 0 else found + 1

    def line_after(self, pos: int) -> int:
        return pos if self.text[pos - 1] == "\n" else self.next_line(pos)

    def trimmed_end(self, node: Node) -> int:
        """Where a scalar's or flow collection's text ends, without trailing blank lines."""
        begin, end = self.begin(node), self.start + int(node.end_mark.index)
        while end > begin and self.text[end - 1] in " \t\r\n":
            end -= 1
        return end

    def content_end(self, node: Node) -> int:
        """Where the node's own text ends: trailing comments and blank lines are not its own."""
        if isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
            last = node.value[-1]
            return self.content_end(last[1] if isinstance(node, MappingNode) else last)
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            header = _BLOCK_HEADER.match(self.text, self.begin(node))
            if header and "+" in header.group():  # keep chomping: trailing lines are the value
                return self.start + int(node.end_mark.index)
        return self.trimmed_end(node)

    def after_entry(self, node: Node, column: int) -> int:
        """The line after ``node``, past comment lines indented deeper than ``column``."""
        pos = self.line_after(self.content_end(node))
        while pos < self.end:
            line = self.text[pos : self.next_line(pos)]
            body = line.lstrip(" ")
            if not body.startswith("#") or len(line) - len(body) <= column:
                break
            pos = self.next_line(pos)
        return pos

    def lead(self, pos: int) -> str:
        """A line break to write first when inserting at the end of a text without one."""
        return self.nl if pos == self.end and self.text[pos - 1] != "\n" else ""


#: The positions of a parsed text, for other byte-minimal editors (the merge driver).
Doc = _Doc


def _parse(text: str, span: Span | None) -> _Doc:
    start, end = span if span is not None else (0, len(text))
    loaded = load_text(text[start:end])
    root = compose_only(text[start:end]) if loaded.problem is None else None
    if root is None:
        problem = loaded.problem
        where = f" at line {problem.line}: {problem.message}" if problem else ""
        raise EditError(f"the YAML does not parse{where}")
    return _Doc(text, start, end, root, loaded.data)


def _entry(node: Node, key: str | int) -> tuple[Node, Node] | None:
    """``(key node, value node)`` of a mapping's key; ``(item, item)`` of a list's index."""
    if isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key], node.value[key]
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(key):
                return key_node, value
    return None


def _get(doc: _Doc, path: KeyPath) -> tuple[Node, bool]:
    """The node at ``path``, and whether it sits inside a flow collection."""
    node, flow = doc.root, False
    for depth, part in enumerate(path):
        flow = flow or bool(getattr(node, "flow_style", False))
        found = _entry(node, part)
        if found is None:
            raise EditError(f"{_dotted(path[: depth + 1])} is not in the document")
        node = found[1]
    return node, flow


def _data(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _splice(doc: _Doc, begin: int, stop: int, new: str, expected: Any) -> str:
    """Replace ``text[begin:stop]`` by ``new``; the result must read back as ``expected``."""
    text = doc.text[:begin] + new + doc.text[stop:]
    loaded = load_text(text[doc.start : doc.end + len(new) - (stop - begin)])
    if loaded.problem is not None:
        raise EditError(f"internal error: the edit would break the YAML "
                        f"({loaded.problem.message}); nothing was written")
    if loaded.data != expected:
        raise EditError("internal error: the edited YAML does not read back as intended; "
                        "nothing was written")
    return text


def _sequence_style(doc: _Doc) -> tuple[int, int]:
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
    doc = _parse(text, span)
    node, flow = _get(doc, path)
    if not isinstance(node, ScalarNode) or not path:
        raise EditError(f"{_dotted(path)} holds a list or mapping, not a single value")
    begin, stop = doc.begin(node), doc.trimmed_end(node)
    new = render_scalar(value, flow=flow)
    if begin == stop and doc.text[begin - 1] == ":":  # an empty value: `key:`
        new = " " + new
    gap = _COMMENT_GAP.match(doc.text, stop)
    if gap and "\n" not in doc.text[begin:stop]:
        width = len(gap.group(1)) + (stop - begin) - len(new)
        stop, new = gap.end(1), new + " " * max(1, width)
    expected = copy.deepcopy(doc.data)
    _data(expected, path[:-1])[path[-1]] = _plain(value)
    return _splice(doc, begin, stop, new, expected)


def insert_key(
    text: str, path: KeyPath, key: str, value: Scalar | list[Item], *,
    after: str | None = None, span: Span | None = None,
) -> str:
    """Add ``key: value`` to the block mapping at ``path``, after the key ``after`` or last.

    A list of items is written as a block sequence in the text's own list style.
    """
    doc = _parse(text, span)
    mapping, _ = _get(doc, path)
    if not isinstance(mapping, MappingNode) or mapping.flow_style or not mapping.value:
        raise EditError(f"{_dotted(path)} is not a block mapping: cannot add {key!r} to it")
    if _entry(mapping, key) is not None:
        raise EditError(f"{_dotted([*path, key])} is already there")
    column = doc.column(doc.begin(mapping.value[0][0]))
    anchor = mapping.value[-1][1]
    if after is not None:
        found = _entry(mapping, after)
        if found is None:
            raise EditError(f"{_dotted([*path, after])} is not in the document")
        anchor = found[1]
    pos = doc.after_entry(anchor, column)
    name = " " * column + render_scalar(key)
    if isinstance(value, list):
        offset, gap = _sequence_style(doc)
        dash = column + offset
        block = name + ":" + doc.nl + "".join(
            _item_text(item, dash, dash + gap, doc.nl) for item in value)
    else:
        block = f"{name}: {render_scalar(value)}{doc.nl}"
    expected = copy.deepcopy(doc.data)
    _data(expected, path)[key] = _plain(value)
    return _splice(doc, pos, pos, doc.lead(pos) + block, expected)


def delete_key(text: str, path: KeyPath, key: str, *, span: Span | None = None) -> str:
    """Remove the line(s) of ``key`` from the block mapping at ``path``."""
    doc = _parse(text, span)
    mapping, _ = _get(doc, path)
    block = isinstance(mapping, MappingNode) and not mapping.flow_style
    found = _entry(mapping, key) if block else None
    if found is None:
        raise EditError(f"{_dotted([*path, key])} is not a key of a block mapping")
    if len(mapping.value) < 2:
        raise EditError(f"{_dotted([*path, key])} is the only key of its mapping")
    key_node, value = found
    begin = doc.line_start(doc.begin(key_node))
    if doc.text[begin : doc.begin(key_node)].strip(" "):
        raise EditError(f"{_dotted([*path, key])} does not start its own line")
    stop = doc.after_entry(value, doc.column(doc.begin(key_node)))
    expected = copy.deepcopy(doc.data)
    del _data(expected, path)[key]
    return _splice(doc, begin, stop, "", expected)


def append_item(
    text: str, path: KeyPath, item: Item, *,
    index: int | None = None, after: str | None = None, span: Span | None = None,
) -> str:
    """Add a mapping item to the list at ``path``: last, or before the item at ``index``.

    The new item follows the indentation and ``- `` style of the list's items. A missing key is
    added (after the key ``after``, or last) with a block sequence; an empty value or ``[]`` is
    replaced by one.
    """
    doc = _parse(text, span)
    if not path:
        raise EditError("the document itself is not a list to add to")
    parent, _ = _get(doc, path[:-1])
    found = _entry(parent, path[-1]) if isinstance(path[-1], str) else None
    if found is None:
        if isinstance(path[-1], int) or index not in (None, 0):
            raise EditError(f"{_dotted(path)} is not in the document")
        return insert_key(text, path[:-1], path[-1], [item], after=after, span=span)
    key_node, seq = found
    expected = copy.deepcopy(doc.data)
    empty = (isinstance(seq, ScalarNode) and seq.tag == _NULL) or (
        isinstance(seq, SequenceNode) and seq.flow_style and not seq.value)
    if empty:
        _data(expected, path[:-1])[path[-1]] = _plain([item])
        return _replace_with_block(doc, key_node, seq, item, expected)
    if not isinstance(seq, SequenceNode):
        raise EditError(f"{_dotted(path)} is not a list")
    count = len(seq.value)
    at = count if index is None else index
    if not 0 <= at <= count:
        raise EditError(f"{_dotted(path)} has no item {index}")
    _data(expected, path).insert(at, _plain([item])[0])
    if seq.flow_style:
        new = "{" + ", ".join(_pairs(item, True)) + "}"
        if at == count:
            pos = doc.content_end(seq.value[-1])
            return _splice(doc, pos, pos, ", " + new, expected)
        pos = doc.begin(seq.value[at])
        return _splice(doc, pos, pos, new + ", ", expected)
    dash = doc.column(doc.begin(seq))
    first = doc.begin(seq.value[0])
    key_col = doc.column(first) if "\n" not in doc.text[doc.begin(seq) : first] else dash + 2
    flow_items = isinstance(seq.value[0], MappingNode) and bool(seq.value[0].flow_style)
    pos = (doc.line_start(doc.begin(seq)) if at == 0
           else doc.after_entry(seq.value[at - 1], dash))
    block = _item_text(item, dash, key_col, doc.nl, flow=flow_items)
    return _splice(doc, pos, pos, doc.lead(pos) + block, expected)


def _replace_with_block(doc: _Doc, key_node: Node, value: Node, item: Item, expected: Any) -> str:
    """``key: []`` (or ``key:``) → ``key:`` and a block sequence on the following lines."""
    begin, stop = doc.begin(value), doc.trimmed_end(value)
    key_end = doc.start + int(key_node.end_mark.index)
    while begin > key_end and doc.text[begin - 1] in " \t":
        begin -= 1
    column = doc.column(doc.begin(key_node))
    offset, gap = _sequence_style(doc)
    pos = doc.line_after(stop)
    block = _item_text(item, column + offset, column + offset + gap, doc.nl)
    return _splice(doc, begin, pos, doc.text[stop:pos] + doc.lead(pos) + block, expected)


def mapping_keys(text: str, path: KeyPath = (), *, span: Span | None = None) -> list[str]:
    """The keys of the mapping at ``path``, in the order of the text."""
    node, _ = _get(_parse(text, span), path)
    if not isinstance(node, MappingNode):
        raise EditError(f"{_dotted(path)} is not a mapping")
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
