"""How large a composed YAML node graph is once its aliases are expanded.

libyaml shares an aliased node, so memory stays bounded while parsing; what the aliases expand
to is what every later step (pydantic, the site, the search index) pays for. Sizes are memoised
per node object, so measuring is linear in the composed (shared) graph even when the expansion
is exponential. Two limits apply: nodes (billion laughs) and characters of text (one long text
repeated thousands of times).
"""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Nodes a document may expand to.
MAX_EXPANDED_NODES = 100_000
#: Characters of text (keys and values) a document may expand to: the file size cap.
MAX_EXPANDED_CHARS = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Excess:
    """Where the expansion passes a limit: the anchored node repeated (or the container)."""

    node: Node
    nodes: int
    chars: int


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def expanded(root: Node) -> Excess | None:
    """The first place where the expansion passes a limit, or ``None``."""
    sizes: dict[int, tuple[int, int]] = {}
    refs: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, ScalarNode):
            sizes[id(node)] = (1, len(node.value))
            continue
        children = _children(node)
        if not done:
            for child in children:
                refs[id(child)] = refs.get(id(child), 0) + 1
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        nodes, chars = 1, 0
        for child in children:
            n, c = sizes[id(child)]
            nodes += n
            chars += c
        if nodes > MAX_EXPANDED_NODES or chars > MAX_EXPANDED_CHARS:
            shared = [c for c in children if refs.get(id(c), 0) > 1]
            where = max(shared, key=lambda c: sizes[id(c)]) if shared else node
            return Excess(where, nodes, chars)
        sizes[id(node)] = (nodes, chars)
    return None
