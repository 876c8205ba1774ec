"""Values quoted in messages: shortened, so a 1 MB key is not echoed whole."""

from __future__ import annotations

from typing import Any

#: Longest value shown in a message; longer ones are cut with an ellipsis and their length.
LIMIT = 80


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text``, or its first ``limit`` characters, ``…`` and the full length."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


def quote(value: Any, limit: int = LIMIT) -> str:
    """``repr(value)`` for a message (control characters escaped), shortened when long."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value)} characters)"
    return shorten(repr(value), limit)
