"""Reporters: they only format findings (text, JSON, GitHub workflow annotations).

File names and messages come from the files: in text they are kept on their line
(:func:`incidentkit.ghactions.one_line`), so a name holding a newline cannot forge a finding;
in annotations they are escaped as the runner expects
(:func:`~incidentkit.ghactions.escape_workflow_data`,
:func:`~incidentkit.ghactions.escape_property`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from incidentkit.checks.finding import Finding, Severity
from incidentkit.ghactions import (
    command,
    escape_property,
    escape_workflow_data,
    one_line,
)


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


FORMATS: dict[str, Callable[[Sequence[Finding], int], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
}
