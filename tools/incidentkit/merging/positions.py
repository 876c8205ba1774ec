"""Where the text of a node is in one side of a merge, and moving text between sides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from incidentkit.store.yamldoc import Doc


class Unmergeable(Exception):
    """The structure is beyond the structural merge: git's line merge decides instead."""


@dataclass(frozen=True, slots=True)
class At:
    """A value in one side: its data, its node, the key node it belongs to (for a mapping's
    value) and whether it sits inside a flow collection (``{...}`` or ``[...]``)."""

    data: Any
    node: Node
    key: Node | None = None
    flow: bool = False


def is_flow(node: Node) -> bool:
    return isinstance(node, CollectionNode) and bool(node.flow_style)


def block(node: Node) -> bool:
    """A block mapping or list (not ``{}``/``[]``)."""
    return isinstance(node, MappingNode | SequenceNode) and not node.flow_style


def shift(text: str, delta: int) -> str:
    """Every non-blank line of ``text`` moved ``delta`` columns (to the left when negative)."""
    if delta == 0:
        return text
    out = []
    for line in text.splitlines(keepends=True):
        if not line.strip():
            out.append(line)
        elif delta > 0:
            out.append(" " * delta + line)
        elif line[:-delta].strip(" "):
            raise Unmergeable("the two sides indent a block differently")
        else:
            out.append(line[-delta:])
    return "".join(out)


class Side:
    """One parsed side of the merge (ours or theirs) and the spans of its nodes."""

    __slots__ = ("doc", "text")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text

    def begin(self, node: Node) -> int:
        return self.doc.begin(node)

    def end(self, node: Node) -> int:
        """Where the node's own text ends (no trailing comments or blank lines)."""
        return self.doc.content_end(node)

    def key_end(self, key: Node) -> int:
        return self.doc.start + int(key.end_mark.index)

    def column(self, pos: int) -> int:
        return self.doc.column(pos)

    def line_start(self, pos: int) -> int:
        return self.doc.line_start(pos)

    def line_after(self, pos: int) -> int:
        return self.doc.line_after(pos)

    def own_line(self, pos: int) -> bool:
        """Whether only spaces come before ``pos`` on its line."""
        return not self.text[self.line_start(pos) : pos].strip(" ")

    def after(self, node: Node, column: int) -> int:
        """The line after ``node`` and the comments indented deeper than ``column`` below it."""
        return self.doc.after_entry(node, column)

    def dash(self, item: Node) -> int:
        """The ``-`` of a block list's item."""
        pos = self.begin(item) - 1
        while pos >= self.doc.start and self.text[pos] in " \t\r\n":
            pos -= 1
        if pos < self.doc.start or self.text[pos] != "-":
            raise Unmergeable("a list item is not where it was expected")
        return pos

    def item_lines(self, item: Node) -> tuple[int, int]:
        """The whole lines of a block list's item, with its deeper comments."""
        dash = self.dash(item)
        if not self.own_line(dash):
            raise Unmergeable("a list item shares its line with another")
        return self.line_start(dash), self.after(item, self.column(dash))

    def pair_lines(self, key: Node, value: Node) -> tuple[int, int]:
        """The whole lines of a block mapping's key and value, with its deeper comments."""
        begin = self.begin(key)
        if not self.own_line(begin):
            raise Unmergeable("a key shares its line with a list's dash")
        return self.line_start(begin), self.after(value, self.column(begin))

    def lines_at(self, begin: int, end: int, column: int) -> str:
        """``text[begin:end]`` as lines whose first starts at ``column`` (the others keep their
        indentation relative to it)."""
        chunk = self.text[begin:end]
        first, sep, rest = chunk.partition("\n")
        return " " * column + first + sep + shift(rest, column - self.column(begin))

    def comments_above(self, pos: int, column: int) -> str:
        """The comment lines just above ``pos``'s line at its indentation, indented to
        ``column``, if ``pos`` starts its line (a key's own comments)."""
        if not self.own_line(pos):
            return ""
        indent = self.column(pos)
        top = end = self.line_start(pos)
        while top > self.doc.start:
            previous = self.line_start(top - 1)
            line = self.text[previous:top]
            if not line.lstrip(" ").startswith("#") or self.column(
                    previous + len(line) - len(line.lstrip(" "))) != indent:
                break
            top = previous
        return shift(self.text[top:end], column - indent)

    def inline(self, node: Node) -> bool:
        """A value written on the rest of its key's line (a scalar, ``[...]`` or ``{...}``)."""
        if block(node):
            return False
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            return False
        return "\n" not in self.text[self.begin(node) : self.end(node)]

    def nl(self) -> str:
        return self.doc.nl

    def full_lines(self, begin: int, end: int) -> tuple[int, int]:
        return self.line_start(begin), self.line_after(end)

    @staticmethod
    def pairs(node: MappingNode) -> dict[str, tuple[Node, Node]]:
        return {str(key.value): (key, value) for key, value in node.value}
