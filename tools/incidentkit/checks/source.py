"""A file being checked: its repository path and, when it parsed, its node tree for positions."""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import Node

from incidentkit.checks.finding import Finding, Severity
from incidentkit.store.locate import Loc, position


@dataclass(slots=True)
class Source:
    rel: str
    root: Node | None
    #: Lines before the YAML text (front matter).
    offset: int = 0

    def at(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        return position(self.root, loc, key=key, offset=self.offset)

    def finding(
        self,
        loc: Loc,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        key: bool = False,
    ) -> Finding:
        line, col = self.at(loc, key=key)
        return Finding(self.rel, line, col, severity, code, message)

    def error_at(self, line: int, col: int, code: str, message: str) -> Finding:
        return Finding(self.rel, line, col, Severity.ERROR, code, message)
