"""Locator: a pydantic ``loc`` to the line and column of its node (or where it belongs)."""

from __future__ import annotations

from yaml.nodes import MappingNode, Node

from incidentkit.store.locate import Locator, find_node, position
from incidentkit.store.yamlload import compose_only

TEXT = """\
id: x
roles:
  commander: jane
  experts: [erin, frank]
timeline:
  - at: 2026-01-15T14:00:00Z
    text: first
"""


def _root() -> Node:
    root = compose_only(TEXT)
    assert root is not None
    return root


def test_value_and_key_positions() -> None:
    root = _root()
    assert position(root, ["roles", "commander"]) == (3, 14)
    assert position(root, ["roles", "commander"], key=True) == (3, 3)
    assert position(root, ["roles", "experts", 1]) == (4, 19)
    assert position(root, ["timeline", 0, "text"]) == (7, 11)
    assert position(root, ["timeline", 0, "text"], offset=2) == (9, 11)


def test_a_missing_path_stops_at_the_deepest_node_reached() -> None:
    root = _root()
    node, whole = find_node(root, ["roles", "scribe"])
    assert not whole
    assert isinstance(node, MappingNode)
    assert (node.start_mark.line, node.start_mark.column) == (2, 2)
    # An index past the end, and an index into a scalar, stop where they are.
    assert position(root, ["roles", "experts", 5]) == (4, 12)
    assert find_node(root, ["id", 0])[1] is False
    assert position(root, ["id", 0]) == (1, 5)
    # A string index into a sequence does not match.
    assert position(root, ["timeline", "0"]) == (6, 3)


def test_the_whole_path_is_found() -> None:
    node, whole = find_node(_root(), ["timeline", 0, "at"])
    assert whole
    assert node.value == "2026-01-15T14:00:00Z"


def test_no_tree_is_the_first_line() -> None:
    assert position(None, ["anything"]) == (1, 1)
    assert position(None, ["anything"], offset=3) == (4, 1)


def test_a_duplicate_key_is_located_at_its_first_occurrence() -> None:
    root = compose_only("a: 1\nb: 2\n")
    assert root is not None
    locator = Locator(root)
    assert locator.position(["b"]) == (2, 4)
    assert locator.position(["b"], key=True) == (2, 1)
    # The index is built once and reused.
    assert locator.position(["a"]) == (1, 4)
