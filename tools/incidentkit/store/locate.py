"""Map a path into the data (a pydantic error's ``loc``) to the line and column of its node."""

from __future__ import annotations

from collections.abc import Sequence

from yaml.nodes import MappingNode, Node, SequenceNode

Loc = Sequence[str | int]
_Index = dict[str, tuple[Node, Node]]


class Locator:
    """Finds nodes in one tree; each mapping's keys are indexed on first use, so placing many
    findings in one mapping (80,000 unknown keys) is linear, not quadratic."""

    __slots__ = ("_indexes", "root")

    def __init__(self, root: Node) -> None:
        self.root = root
        self._indexes: dict[int, _Index] = {}

    def _index(self, node: MappingNode) -> _Index:
        index = self._indexes.get(id(node))
        if index is None:
            index = {}
            for key_node, value_node in node.value:
                index.setdefault(str(key_node.value), (key_node, value_node))
            self._indexes[id(node)] = index
        return index

    def find(self, loc: Loc, *, key: bool = False) -> tuple[Node, bool]:
        """The node at ``loc`` (or its key node when ``key``), and whether the whole path
        exists. When the path stops early (a missing key), the deepest node reached is
        returned, which is where the missing thing belongs."""
        node = self.root
        for depth, part in enumerate(loc):
            last = depth == len(loc) - 1
            if isinstance(node, MappingNode):
                pair = self._index(node).get(str(part))
                if pair is None:
                    return node, False
                node = pair[0] if (last and key) else pair[1]
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    node = node.value[part]
                else:
                    return node, False
            else:
                return node, False
        return node, True

    def position(self, loc: Loc, *, key: bool = False, offset: int = 0) -> tuple[int, int]:
        node, _ = self.find(loc, key=key)
        return node.start_mark.line + 1 + offset, node.start_mark.column + 1


def find_node(root: Node, loc: Loc, *, key: bool = False) -> tuple[Node, bool]:
    """:meth:`Locator.find` for a single look-up."""
    return Locator(root).find(loc, key=key)


def position(root: Node | None, loc: Loc, *, key: bool = False, offset: int = 0) -> tuple[int, int]:
    """1-based ``(line, col)`` of ``loc`` in the tree (1, 1 when there is no tree)."""
    if root is None:
        return 1 + offset, 1
    return Locator(root).position(loc, key=key, offset=offset)
