"""Reporters: they only format findings (text, JSON, GitHub workflow annotations).

File names and messages come from the files: in text they are kept on their line
(:func:`incidentkit.ghactions.one_line`), so a name holding a newline cannot forge a finding;
in annotations they are escaped as the runner expects (:func:`escape_workflow_data`,
:func:`escape_property`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from incidentkit.checks.finding import Finding, Severity
from incidentkit.ghactions import CONTROL, command, one_line, visible


def _count(findings: Sequence[Finding]) -> str:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def text(findings: Sequence[Finding], checked: int) -> str:
    lines = [one_line(str(f)) for f in findings]
    lines.append(f"{checked} file{'s' * (checked != 1)} checked: {_count(findings)}")
    return "\n".join(lines) + "\n"


def as_json(findings: Sequence[Finding], checked: int) -> str:
    return json.dumps({
        "checked": checked,
        "errors": sum(f.severity is Severity.ERROR for f in findings),
        "warnings": sum(f.severity is Severity.WARNING for f in findings),
        "findings": [
            {"path": f.path, "line": f.line, "col": f.col, "severity": str(f.severity),
             "code": f.code, "message": f.message}
            for f in findings
        ],
    }, indent=2, ensure_ascii=False) + "\n"


_DATA = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_DATA_SPECIAL = re.compile(f"[%\r\n]|{CONTROL.pattern}")


def escape_workflow_data(value: str) -> str:
    """Workflow-command message escaping (``%``, CR, LF as @actions/core does); other control
    characters shown as escapes (``\\x1b``), as in text output."""
    return _DATA_SPECIAL.sub(lambda m: _DATA.get(m.group()) or visible(m.group()), value)


def escape_property(value: str) -> str:
    """A property value (``file=``, ``title=``): message escaping, and ``:`` and ``,``."""
    return escape_workflow_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding], checked: int) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` lines, then the summary line."""
    lines = [
        command(f"::{f.severity} file={escape_property(f.path)},line={f.line},col={f.col},"
                f"title={escape_property('incidentkit ' + f.code)}::"
                f"{escape_workflow_data(f.message)}")
        for f in findings
    ]
    lines.append(f"{checked} file{'s' * (checked != 1)} checked: {_count(findings)}")
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[Sequence[Finding], int], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
}
