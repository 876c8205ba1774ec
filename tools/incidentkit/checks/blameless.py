"""Blameless language: phrases that assign blame to people are warnings at their line."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache

from incidentkit.checks.finding import Finding, Severity
from incidentkit.store.text import quote

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted((re.escape(p).replace(r"\ ", r"[ \t]+") for p in phrases), key=len,
                   reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


def check(rel: str, body: str, first_line: int, phrases: Sequence[str]) -> list[Finding]:
    """Warnings for each listed phrase in ``body``; fenced code blocks are skipped.

    One search over the whole body; line numbers are computed only for the matches.
    """
    if not phrases:
        return []
    lowered = body.lower()
    if not any(p.lower().split()[0] in lowered for p in phrases if p.strip()):
        return []  # the common case: no phrase's first word occurs at all
    matches = list(_pattern(tuple(phrases)).finditer(body))
    if not matches:
        return []
    fences = [m.start() for m in _FENCE.finditer(body)]
    found: list[Finding] = []
    line, last = 0, 0  # lines counted incrementally (in C): linear in the body's length
    for match in matches:
        if bisect.bisect_right(fences, match.start()) % 2 == 1:
            continue  # inside a fenced block: an odd number of fences opened before it
        line += body.count("\n", last, match.start())
        last = match.start()
        found.append(Finding(
            rel, first_line + line, last - body.rfind("\n", 0, last), Severity.WARNING,
            "blameless",
            f"{quote(match.group(0))} assigns blame to people: describe what the system "
            "allowed and what made the action reasonable at the time",
        ))
    return found
