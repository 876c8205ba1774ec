"""Control characters in text values and keys: a finding at each value's line and column.

They break what is made from the files (the Atom feed must be valid XML, terminals and
workflow logs interpret escape sequences) and are invisible in an editor. Allowed: tab and
line feed. Refused: the other C0 controls (U+0000–U+001F, carriage return included: YAML turns
real line breaks into line feeds, so one only arrives as an escape), DEL (U+007F) and the C1
controls (U+0080–U+009F).
"""

from __future__ import annotations

import re
from typing import Any

from incidentkit.checks.finding import Finding
from incidentkit.checks.located import Located

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _finding(source: Located, loc: tuple[str | int, ...], text: str, key: bool) -> Finding:
    char = _CONTROL.search(text)
    assert char is not None
    what = "key" if key else "value"
    return source.finding(
        loc, "control-character",
        f"this {what} contains the control character U+{ord(char.group()):04X}: remove it "
        "(write a line break as a new line, not an escape)",
        key=key,
    )


def check(source: Located, data: Any) -> list[Finding]:
    """One finding per key or text value holding a control character (iterative walk).

    A text with no raw control character and no backslash (the escapes ``"\\x07"``,
    ``"\\u0007"``) cannot yield one: then there is nothing to walk.
    """
    if source.text is not None and "\\" not in source.text and not _CONTROL.search(
            source.text):
        return []
    found: list[Finding] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            if _CONTROL.search(value):
                found.append(_finding(source, loc, value, False))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and _CONTROL.search(key):
                    found.append(_finding(source, (*loc, key), key, True))
                stack.append(((*loc, key), item))
        elif isinstance(value, list):
            stack.extend(((*loc, n), item) for n, item in enumerate(value))
    return found
