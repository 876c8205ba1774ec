"""A file being checked: findings at a node's place, composed from the text when first needed."""

from __future__ import annotations

from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.located import Located
from incidentkit.store.yamlload import load_text


def test_positions_come_from_the_text_and_the_offset() -> None:
    loaded = load_text("title: x\nroles:\n  commander: jane\n", line_offset=1)
    assert loaded.root is None  # the fast path keeps no tree
    source = Located.of("postmortems/x.md", loaded)
    assert (source.offset, source.root) == (1, None)
    assert source.at(("roles", "commander")) == (4, 14)
    assert source.root is not None  # composed once, then kept
    assert source.at(("roles", "commander"), key=True) == (4, 3)
    assert source.finding(("title",), "c", "m", severity=Severity.WARNING) == Finding(
        "postmortems/x.md", 2, 8, Severity.WARNING, "c", "m")


def test_without_a_tree_the_first_line_of_the_yaml() -> None:
    assert Located("a.yaml", None).at(("x",)) == (1, 1)
    assert Located("a.md", None, offset=1, text="a: [\n").at(("a",)) == (2, 1)
    assert Located("a.md", None).error_at(7, 3, "code", "msg") == Finding(
        "a.md", 7, 3, Severity.ERROR, "code", "msg")


def test_a_new_root_gets_a_new_locator() -> None:
    first = load_text("a: 1\n")
    second = load_text("\n\na: 1\n")
    source = Located.of("a.yaml", first)
    assert source.at(("a",)) == (1, 4)
    source.root = second.tree()
    assert source.at(("a",)) == (3, 4)
