"""The models' text helper: cut with an ellipsis, the whole length kept at the limit."""

from __future__ import annotations

from incidentkit.model.text import shorten


def test_shorten() -> None:
    assert shorten("abc") == "abc"
    assert shorten("x" * 80) == "x" * 80
    assert shorten("x" * 81) == "x" * 79 + "…"
    assert shorten("abcdef", 4) == "abc…"
    assert len(shorten("y" * 500, 10)) == 10
