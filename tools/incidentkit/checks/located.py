"""A file being checked: its repository path and, when it parsed, its node tree for positions."""

from __future__ import annotations

from dataclasses import dataclass, field

from yaml.nodes import Node

from incidentkit.checks.finding import Finding, Severity
from incidentkit.store.locate import Loc, Locator
from incidentkit.store.yamlload import Loaded, compose_only


@dataclass(slots=True)
class Located:
    """Where findings of one file point. The node tree is composed only when first needed."""

    rel: str
    root: Node | None
    #: Lines before the YAML text (front matter).
    offset: int = 0
    #: The YAML text, to compose ``root`` from when a finding needs a position.
    text: str | None = None
    #: Indexes ``root`` for look-ups (built on the first finding).
    locator: Locator | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, rel: str, loaded: Loaded) -> Located:
        return cls(rel, loaded.root, loaded.line_offset, loaded.text)

    def at(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        if self.root is None and self.text is not None:
            self.root = compose_only(self.text, positions_only=True)
        if self.root is None:
            return 1 + self.offset, 1
        if self.locator is None or self.locator.root is not self.root:
            self.locator = Locator(self.root)
        return self.locator.position(loc, key=key, offset=self.offset)

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
