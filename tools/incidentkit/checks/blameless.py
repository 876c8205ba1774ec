"""Blameless language: phrases that assign blame to people are warnings at their line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from incidentkit.checks.finding import Finding, Severity

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted((re.escape(p).replace(r"\ ", r"\s+") for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


def check(rel: str, body: str, first_line: int, phrases: Sequence[str]) -> list[Finding]:
    """Warnings for each listed phrase in ``body`` (fenced code is skipped)."""
    if not phrases:
        return []
    pattern = _pattern(tuple(phrases))
    found: list[Finding] = []
    in_fence = False
    for index, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for match in pattern.finditer(line):
            found.append(Finding(
                rel, first_line + index, match.start() + 1, Severity.WARNING, "blameless",
                f"{match.group(0)!r} assigns blame to people: describe what the system allowed "
                "and what made the action reasonable at the time",
            ))
    return found
