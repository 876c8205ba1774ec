"""Findings: what the checks return and the reporters print."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: Findings shown per file; the rest are counted in one ``too-many-findings`` finding.
MAX_PER_FILE = 50
TOO_MANY = "too-many-findings"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem at one place. ``path`` is relative to the repository, with ``/``."""

    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str
    #: On a ``too-many-findings`` finding made by a check: how many findings it counted
    #: instead of making them (:func:`incidentkit.validation.capped` adds them up).
    more: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity} [{self.code}] {self.message}"
