"""A YAML text parsed for editing: nodes with their character offsets, and the one splice.

:mod:`incidentkit.store.edit` builds its byte-minimal operations on these: find the node at a
path, compute where its text begins and ends (without trailing comments and blank lines), and
replace one span, checking that the result reads back as intended.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from incidentkit.store.scalars import EditError, FlowList, render_scalar
from incidentkit.store.yamlload import compose_only, load_text

KeyPath = Sequence[str | int]
Span = tuple[int, int]

BLOCK_HEADER = re.compile(r"[|>][-+0-9]*")
NULL_TAG = "tag:yaml.org,2002:null"


def plain(value: Any) -> Any:
    """What ``value`` reads back as (the loader keeps timestamps and dates as text)."""
    if isinstance(value, datetime | date):
        return render_scalar(value)
    if isinstance(value, list):
        return [{k: plain(v) for k, v in item} for item in value]
    if isinstance(value, FlowList):
        return [plain(v) for v in value.values]
    return value


def dotted(path: KeyPath) -> str:
    return ".".join(str(p) for p in path) or "the document"


@dataclass(frozen=True, slots=True)
class Doc:
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
            header = BLOCK_HEADER.match(self.text, self.begin(node))
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


def parse(text: str, span: Span | None) -> Doc:
    start, end = span if span is not None else (0, len(text))
    loaded = load_text(text[start:end])
    root = compose_only(text[start:end]) if loaded.problem is None else None
    if root is None:
        problem = loaded.problem
        where = f" at line {problem.line}: {problem.message}" if problem else ""
        raise EditError(f"the YAML does not parse{where}")
    return Doc(text, start, end, root, loaded.data)


def entry(node: Node, key: str | int) -> tuple[Node, Node] | None:
    """``(key node, value node)`` of a mapping's key; ``(item, item)`` of a list's index."""
    if isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key], node.value[key]
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(key):
                return key_node, value
    return None


def get(doc: Doc, path: KeyPath) -> tuple[Node, bool]:
    """The node at ``path``, and whether it sits inside a flow collection."""
    node, flow = doc.root, False
    for depth, part in enumerate(path):
        flow = flow or bool(getattr(node, "flow_style", False))
        found = entry(node, part)
        if found is None:
            raise EditError(f"{dotted(path[: depth + 1])} is not in the document")
        node = found[1]
    return node, flow


def data_at(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def splice(doc: Doc, begin: int, stop: int, new: str, expected: Any) -> str:
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


def flow_entries(doc: Doc, node: MappingNode | SequenceNode) -> list[Span]:
    """Where each entry of a flow collection begins and ends (a mapping's from its key)."""
    if isinstance(node, MappingNode):
        return [(doc.begin(k), doc.trimmed_end(v)) for k, v in node.value]
    return [(doc.begin(v), doc.trimmed_end(v)) for v in node.value]


def flow_cut(doc: Doc, entries: list[Span], at: int) -> Span:
    """The text to cut to remove entry ``at`` of a flow collection with its separator."""
    if at + 1 < len(entries):
        return entries[at][0], entries[at + 1][0]
    return entries[at - 1][1], entries[at][1]
