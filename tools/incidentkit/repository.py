"""The Repository index: every valid document of an incident repository by id.

Engines (overdue, on-call, metrics, site) read this instead of files. Files that do not pass
their checks are left out and their findings kept, so a command can say "N files are invalid:
run incidentkit validate" instead of failing on one typo. Positions are found on demand: the
file is parsed again only when something needs its line and column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from yaml.nodes import Node

from incidentkit.checks import notify as notify_checks
from incidentkit.checks import registry
from incidentkit.checks.context import Catalog, Context
from incidentkit.checks.files import check_raw, parse_raw
from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.located import Located
from incidentkit.checks.registry import Doc as Doc
from incidentkit.checks.registry import FileKind
from incidentkit.config import Config
from incidentkit.errors import FatalError
from incidentkit.model.incident import Incident
from incidentkit.model.oncall import EscalationPolicy, Person, Service
from incidentkit.model.postmortem import PostmortemMeta
from incidentkit.model.runbook import RunbookMeta
from incidentkit.model.schedule import Schedule
from incidentkit.model.timeoff import TimeOff
from incidentkit.store.layout import Kind, Layout, kind_of
from incidentkit.store.locate import Loc, position
from incidentkit.store.source import Source

V = TypeVar("V")


def invalid_configuration(findings: list[Finding], source: Source) -> FatalError | None:
    """The one policy for an invalid ``incidentkit.yaml``: every answer depends on the
    configuration, so a command stops at its first error (never guesses with defaults).

    The place is named as the source names its files (``main:incidentkit.yaml:2:3`` for a
    commit, :meth:`~incidentkit.store.source.Source.where`).
    """
    errors = sorted(f for f in findings if f.severity is Severity.ERROR)
    if not errors:
        return None
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return FatalError(
        f"{first.message}{more}: fix the configuration first (incidentkit validate lists "
        "every problem)", location=f"{source.where(first.path)}:{first.line}:{first.col}",
        status=1)


@dataclass(slots=True)
class Repository:
    source: Source
    config: Config
    #: The configuration and catalog of ids the documents were checked against.
    context: Context
    #: What each kind's valid documents give (its registry entry's ``index``), by key.
    documents: dict[Kind, dict[str, Any]] = field(default_factory=dict)
    #: Errors of the files that were left out.
    findings: list[Finding] = field(default_factory=list)
    #: Every finding of ``incidentkit.yaml`` (warnings included).
    config_findings: list[Finding] = field(default_factory=list)
    _trees: dict[str, tuple[Node | None, int] | None] = field(default_factory=dict, repr=False)

    @property
    def root(self) -> Path:
        return self.source.root

    def of(self, spec: FileKind[Any, V]) -> dict[str, V]:
        """The valid documents of a kind, by key (what its registry entry indexes)."""
        return self.documents.setdefault(spec.kind, {})

    @property
    def incidents(self) -> dict[str, Doc[Incident]]:
        return self.of(registry.INCIDENTS)

    @property
    def postmortems(self) -> dict[str, Doc[PostmortemMeta]]:
        return self.of(registry.POSTMORTEMS)

    @property
    def schedules(self) -> dict[str, Doc[Schedule]]:
        return self.of(registry.SCHEDULES)

    @property
    def runbooks(self) -> dict[str, Doc[RunbookMeta]]:
        return self.of(registry.RUNBOOKS)

    @property
    def people(self) -> dict[str, Person]:
        return self.of(registry.PEOPLE)

    @property
    def services(self) -> dict[str, Service]:
        return self.of(registry.SERVICES)

    @property
    def time_off(self) -> dict[str, list[TimeOff]]:
        """Each person's time off (``oncall/time-off.yaml``), by handle."""
        return self.of(registry.TIME_OFF)

    @property
    def policies(self) -> dict[str, EscalationPolicy]:
        return self.of(registry.POLICIES)

    def add(self, rel: str, kind: Kind) -> None:
        """Check the file ``rel`` of the source and index its document, or keep its errors."""
        model, findings = check_raw(rel, kind, self.source.read(rel), self.context)
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors or model is None:
            self.findings += errors
            return
        spec = registry.BY_KIND[kind]
        self.of(spec).update(spec.index(rel, model))

    @property
    def invalid_files(self) -> list[str]:
        return sorted({f.path for f in self.findings})

    def locate(self, rel: str, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of ``loc`` in a file (parsed again, only when asked)."""
        if rel not in self._trees:
            got = parse_raw(rel, kind_of(rel) or Kind.INCIDENT, self.source.read(rel))
            self._trees[rel] = None if isinstance(got, Finding) else (
                got[0].tree(), got[0].line_offset)
        tree = self._trees[rel]
        if tree is None:
            return 1, 1
        return position(tree[0], loc, key=key, offset=tree[1])


def _ids(source: Source, rel: str | None, key: str) -> frozenset[str] | None:
    """Ids named in a catalog list, read leniently (its own check reports what is wrong).

    No file: no ids. A file that cannot be read: ``None`` (unknown, references unchecked).
    """
    if rel is None:
        return frozenset()
    got = parse_raw(rel, Kind.PEOPLE, source.read(rel))
    if isinstance(got, Finding) or not isinstance(got[0].data, list):
        return None
    return frozenset(
        e[key] for e in got[0].data if isinstance(e, dict) and isinstance(e.get(key), str)
    )


def _first(layout: Layout, kind: Kind) -> str | None:
    files = layout.of(kind)
    return files[0] if files else None


def _time_off(source: Source, rel: str | None, ctx: Context) -> tuple[TimeOff, ...]:
    """The entries of the time-off file when it has no error (its own check reports them)."""
    if rel is None:
        return ()
    model, findings = check_raw(rel, Kind.TIME_OFF, source.read(rel), ctx)
    if model is None or any(f.severity is Severity.ERROR for f in findings):
        return ()
    return tuple(model)


def _context(source: Source) -> tuple[Context, list[Finding]]:
    """The configuration and the catalog of ids of a source, and the configuration's
    findings."""
    layout = source.layout()
    config = Config()
    findings: list[Finding] = []
    config_rel = _first(layout, Kind.CONFIG)
    if config_rel is not None:
        loaded, findings = check_raw(config_rel, Kind.CONFIG, source.read(config_rel),
                                     Context(config))
        if isinstance(loaded, Config):
            config = loaded
    catalog = Catalog(
        people=_ids(source, _first(layout, Kind.PEOPLE), "handle"),
        services=_ids(source, _first(layout, Kind.SERVICES), "id"),
        policies=_ids(source, _first(layout, Kind.POLICIES), "id"),
        runbooks=layout.stems(Kind.RUNBOOK),
        schedules=layout.stems(Kind.SCHEDULE),
        incidents=layout.stems(Kind.INCIDENT),
    )
    catalog = replace(catalog, time_off=_time_off(source, _first(layout, Kind.TIME_OFF),
                                                   Context(config, catalog)))
    if config_rel is not None and catalog.services is not None and any(
            route.services for route in config.notify.routes):
        got = parse_raw(config_rel, Kind.CONFIG, source.read(config_rel))
        if not isinstance(got, Finding):
            findings = findings + notify_checks.services(
                Located.of(config_rel, got[0]), config, catalog.services)
    return Context(config, catalog), findings


def open_repository(source: Source, *, only: Callable[[str], bool] | None = None,
                    catalog: bool = True, stop_on_invalid_config: bool = True) -> Repository:
    """The repository of a source: its configuration (an invalid one stops the command, see
    :func:`invalid_configuration`), and every valid document, checked as ``validate`` checks
    it; files with errors are left out and their findings kept. ``only`` limits the documents
    read to the paths it accepts; the catalog (people, services, escalation policies) is read
    unless ``catalog`` is false (its ids are in ``context`` either way). ``validate``, which
    reports every problem instead of stopping, passes ``stop_on_invalid_config=False`` and
    reads the configuration's findings from ``config_findings`` (the defaults stand in)."""
    ctx, config_findings = _context(source)
    stop = invalid_configuration(config_findings, source)
    if stop is not None and stop_on_invalid_config:
        raise stop
    repo = Repository(source=source, config=ctx.config, context=ctx,
                      config_findings=config_findings)
    layout = source.layout()
    for kind in Kind:
        if kind is Kind.CONFIG:
            continue
        wanted = catalog if registry.BY_KIND[kind].items is not None else None
        for rel in layout.of(kind):
            if wanted if wanted is not None else (only is None or only(rel)):
                repo.add(rel, kind)
    return repo
