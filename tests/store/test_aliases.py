"""Measuring what aliases expand to, linear in the shared graph."""

from __future__ import annotations

import pytest
from yaml.nodes import ScalarNode

from incidentkit.store import aliases
from incidentkit.store.aliases import MAX_EXPANDED_CHARS, MAX_EXPANDED_NODES, expanded
from incidentkit.store.yamlload import compose_only


def _laughs(levels: int) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        prev = chr(ord("a") + n - 1)
        name = chr(ord("a") + n)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_a_small_document_passes() -> None:
    root = compose_only(_laughs(3))
    assert root is not None
    assert expanded(root) is None


def test_billion_laughs_is_found_at_the_repeated_anchor() -> None:
    root = compose_only(_laughs(6))
    assert root is not None
    excess = expanded(root)
    assert excess is not None
    assert excess.nodes > MAX_EXPANDED_NODES
    assert (excess.nodes, excess.chars) == (111_111, 300_000)
    # Level e (line 5) passes the limit; named is what it repeats: the anchor of level d.
    assert excess.node.start_mark.line + 1 == 4


def test_long_text_repeated_passes_the_character_limit() -> None:
    long = "x" * (MAX_EXPANDED_CHARS // 4)
    text = f"a: &a {long}\nb: [*a, *a, *a, *a, *a]\n"
    root = compose_only(text)
    assert root is not None
    excess = expanded(root)
    assert excess is not None
    assert excess.nodes < MAX_EXPANDED_NODES
    # The list of five aliases passes the limit; named is the long text it repeats.
    assert (excess.nodes, excess.chars) == (6, 5 * len(long))
    assert isinstance(excess.node, ScalarNode)
    assert (excess.node.start_mark.line, excess.node.start_mark.column) == (0, 3)


def test_without_shared_children_the_container_is_named(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    text = "a: [" + ", ".join(["x"] * 20) + "]\n"
    root = compose_only(text)
    assert root is not None
    monkeypatch.setattr(aliases, "MAX_EXPANDED_NODES", 10)
    excess = expanded(root)
    assert excess is not None
    assert (excess.nodes, excess.chars) == (21, 20)
    assert excess.node.start_mark.column == 3
