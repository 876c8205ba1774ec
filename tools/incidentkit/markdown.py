"""Text from the data files inside Markdown written for GitHub (reports, issues, summaries).

:func:`cell` makes a value render literally on one line, inside a table cell or running text:
every character with a meaning in GitHub-flavoured Markdown (``~`` strikethrough and ``$``
math included) gets a backslash, and line breaks fold to spaces. The site has its own rules
for Python-Markdown (:mod:`incidentkit.site.text`).
"""

from __future__ import annotations

_SPECIAL = frozenset("\\`*_{}[]<>#|!&~$")


def cell(value: str) -> str:
    """``value`` as literal, one-line Markdown."""
    out = "".join(f"\\{c}" if c in _SPECIAL else c for c in value)
    return " ".join(out.split())
