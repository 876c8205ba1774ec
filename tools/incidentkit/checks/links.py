"""Links in Markdown bodies: a link or image to a ``javascript:``, ``vbscript:``, ``data:`` or
any other URL that is not http, https, mailto or relative is a warning at its line.

The site disarms such links (:func:`incidentkit.bodies.safe_destinations` and the MkDocs
plugin's HTML sanitiser); the warning says why a link on the site goes nowhere.
"""

from __future__ import annotations

import bisect

from incidentkit.bodies import unsafe_destinations
from incidentkit.checks.finding import Finding, Severity


def check(rel: str, body: str, first_line: int) -> list[Finding]:
    """A warning per unsafe link or image destination in ``body`` (its first line is
    ``first_line`` of the file)."""
    if ":" not in body:
        return []
    found = unsafe_destinations(body)
    if not found:
        return []
    starts = [0] + [i + 1 for i, c in enumerate(body) if c == "\n"]
    findings = []
    for offset, scheme in found:
        index = bisect.bisect_right(starts, offset) - 1
        shown = scheme if len(scheme) <= 40 else scheme[:39] + "…"
        findings.append(Finding(
            rel, first_line + index, offset - starts[index] + 1, Severity.WARNING, "unsafe-link",
            f"link to a {shown}: URL, which the site does not follow: link to an http(s) "
            "page or a relative path",
        ))
    return findings
