"""The Repository index: every valid document of an incident repository by id.

Engines (overdue, on-call, metrics, site) read this instead of files. Files that do not pass
their checks are left out and their findings kept, so a command can say "N files are invalid:
run incidentkit validate" instead of failing on one typo. Positions are found on demand: the
file is parsed again only when something needs its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from yaml.nodes import Node

from incidentkit.checks.context import Context
from incidentkit.checks.files import check_file, read
from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.runner import load_context
from incidentkit.config import Config
from incidentkit.errors import FatalError
from incidentkit.model.incident import Incident
from incidentkit.model.oncall import EscalationPolicy, Person, Service
from incidentkit.model.postmortem import PostmortemMeta
from incidentkit.model.runbook import RunbookMeta
from incidentkit.model.schedule import Schedule
from incidentkit.store.layout import Kind, Layout, kind_of
from incidentkit.store.locate import Loc, position

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Doc(Generic[T]):
    """A valid document and the repository-relative path it came from."""

    rel: str
    model: T


def invalid_configuration(findings: list[Finding], version: str | None = None
                          ) -> FatalError | None:
    """The one policy for an invalid ``incidentkit.yaml``: every answer depends on the
    configuration, so a command stops at its first error (never guesses with defaults).

    ``version`` names a git version (``main``) when the file is read from a commit; the
    location is then written as git does (``main:incidentkit.yaml:2:3``).
    """
    errors = sorted(f for f in findings if f.severity is Severity.ERROR)
    if not errors:
        return None
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    where = f"{first.path}:{first.line}:{first.col}"
    return FatalError(
        f"{first.message}{more}: fix the configuration first (incidentkit validate lists "
        "every problem)", location=f"{version}:{where}" if version else where, status=1)


@dataclass(slots=True)
class Repository:
    root: Path
    config: Config
    incidents: dict[str, Doc[Incident]] = field(default_factory=dict)
    postmortems: dict[str, Doc[PostmortemMeta]] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    policies: dict[str, EscalationPolicy] = field(default_factory=dict)
    schedules: dict[str, Doc[Schedule]] = field(default_factory=dict)
    runbooks: dict[str, Doc[RunbookMeta]] = field(default_factory=dict)
    #: Errors of the files that were left out.
    findings: list[Finding] = field(default_factory=list)
    _trees: dict[str, tuple[Node | None, int] | None] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, root: Path) -> Repository:
        layout = Layout.scan(root)
        ctx, config_findings = load_context(layout)
        stop = invalid_configuration(config_findings)
        if stop is not None:
            raise stop
        repo = cls(root=root, config=ctx.config)
        for kind in Kind:
            if kind is Kind.CONFIG:
                continue
            for rel in layout.of(kind):
                repo._add(rel, kind, ctx)
        return repo

    def _add(self, rel: str, kind: Kind, ctx: Context) -> None:
        model, findings = check_file(self.root, rel, kind, ctx)
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors or model is None:
            self.findings += errors
            return
        if isinstance(model, Incident):
            self.incidents[model.id] = Doc(rel, model)
        elif isinstance(model, PostmortemMeta):
            self.postmortems[model.incident] = Doc(rel, model)
        elif isinstance(model, Schedule):
            self.schedules[model.id] = Doc(rel, model)
        elif isinstance(model, RunbookMeta):
            self.runbooks[Path(rel).stem] = Doc(rel, model)
        elif kind is Kind.PEOPLE:
            self.people = {p.handle: p for p in model}
        elif kind is Kind.SERVICES:
            self.services = {s.id: s for s in model}
        elif kind is Kind.POLICIES:
            self.policies = {p.id: p for p in model}

    @property
    def invalid_files(self) -> list[str]:
        return sorted({f.path for f in self.findings})

    def locate(self, rel: str, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of ``loc`` in a file (parsed again, only when asked)."""
        if rel not in self._trees:
            got = read(self.root, rel, kind_of(rel) or Kind.INCIDENT)
            self._trees[rel] = None if isinstance(got, Finding) else (
                got[0].tree(), got[0].line_offset)
        tree = self._trees[rel]
        if tree is None:
            return 1, 1
        return position(tree[0], loc, key=key, offset=tree[1])
