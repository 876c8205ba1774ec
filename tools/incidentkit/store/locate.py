"""Map a path into the data (a pydantic error's ``loc``) to the line and column of its node."""

from __future__ import annotations

from collections.abc import Sequence

from yaml.nodes import MappingNode, Node, SequenceNode

Loc = Sequence[str | int]


def find_node(root: Node, loc: Loc, *, key: bool = False) -> tuple[Node, bool]:
    """The node at ``loc`` (or its key node when ``key``), and whether the whole path exists.

    When the path stops early (a missing key), the deepest node reached is returned, which is
    where the missing thing belongs.
    """
    node = root
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if str(key_node.value) == str(part):
                    node = key_node if (last and key) else value_node
                    break
            else:
                return node, False
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return node, False
        else:
            return node, False
    return node, True


def position(root: Node | None, loc: Loc, *, key: bool = False, offset: int = 0) -> tuple[int, int]:
    """1-based ``(line, col)`` of ``loc`` in the tree (1, 1 when there is no tree)."""
    if root is None:
        return 1 + offset, 1
    node, _ = find_node(root, loc, key=key)
    return node.start_mark.line + 1 + offset, node.start_mark.column + 1
