"""Values quoted in messages are shortened."""

from __future__ import annotations

from incidentkit.store.text import LIMIT, quote, shorten


def test_shorten() -> None:
    assert shorten("abc") == "abc"
    assert shorten("x" * LIMIT) == "x" * LIMIT
    assert shorten("x" * (LIMIT + 1)) == "x" * LIMIT + f"… ({LIMIT + 1} characters)"
    assert shorten("abcdef", 3) == "abc… (6 characters)"


def test_quote() -> None:
    assert quote("a\tb") == "'a\\tb'"
    assert quote(12) == "12"
    assert quote("y" * 100) == "'" + "y" * LIMIT + "'… (100 characters)"
    assert quote("abcd", 3) == "'abc'… (4 characters)"
    # A long non-string repr is cut as text.
    assert quote(list(range(40)), 10) == "[0, 1, 2, … (150 characters)"
