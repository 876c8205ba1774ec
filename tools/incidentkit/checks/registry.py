"""The registry of file kinds: what each kind of file is, above where it lives.

Where a kind's files live is :mod:`incidentkit.store.layout` (``FOLDERS`` / ``SINGLE_FILES``):
the warm ``validate`` path must find the files without importing the models. Everything else a
command needs to know about a kind is one :class:`FileKind` entry in :data:`KINDS`: its model
(from which its JSON Schema is exported), its checks, how the repository indexes its valid
documents, and whether ``diff`` reports on it. A new kind of file is its model module, its check
module, its place in ``store.layout`` and one entry here (README, "How a kind of file is added").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter

from incidentkit.checks import (
    custom,
    incidents,
    maintenance,
    notify,
    oncall,
    postmortems,
    runbooks,
    schema,
    timeoff,
)
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding
from incidentkit.checks.located import Located
from incidentkit.config import Config
from incidentkit.model.incident import Incident
from incidentkit.model.maintenance import Maintenance
from incidentkit.model.oncall import EscalationPolicy, Person, Service
from incidentkit.model.postmortem import PostmortemMeta
from incidentkit.model.runbook import RunbookMeta
from incidentkit.model.schedule import Schedule
from incidentkit.model.timeoff import TimeOff, by_person
from incidentkit.store.frontmatter import Split
from incidentkit.store.layout import Kind, stem

M = TypeVar("M")
V = TypeVar("V")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Doc(Generic[T]):
    """A valid document and the repository-relative path it came from (its text and positions
    are read again from the repository's source when asked)."""

    rel: str
    model: T


@dataclass(frozen=True, slots=True)
class Schema:
    """How the kind's JSON Schema is published (``incidentkit schema``)."""

    filename: str
    title: str
    description: str


#: A kind's checks: the located file, its parsed YAML (the front matter of Markdown), the
#: Markdown split (``None`` for YAML files) and the context → the model (``None`` when the file
#: has errors) and every finding.
Check = Callable[[Located, Any, Split | None, Context], tuple[M | None, list[Finding]]]


@dataclass(frozen=True, slots=True)
class FileKind(Generic[M, V]):
    """One kind of file: ``M`` is its model, ``V`` what the repository keeps of it by key."""

    kind: Kind
    adapter: TypeAdapter[M]
    check: Check[M]
    #: The repository's entries for a valid document: key → value.
    index: Callable[[str, M], dict[str, V]]
    schema: Schema
    #: Markdown with YAML front matter (else a YAML file).
    markdown: bool = False
    #: The top level is a list of these (a catalog file), for the not-a-list message.
    items: str | None = None
    #: ``diff`` reports its changes (incidents and postmortems document by document, the on-call
    #: files by what they do to the schedules); the others only give the checks their context.
    compared: bool = False


def _data_only(check: Callable[[Located, Any, Context], tuple[M | None, list[Finding]]]
               ) -> Check[M]:
    def run(source: Located, data: Any, parts: Split | None, ctx: Context
            ) -> tuple[M | None, list[Finding]]:
        return check(source, data, ctx)
    return run


def _with_body(check: Callable[[Located, Any, Split, Context], tuple[M | None, list[Finding]]]
               ) -> Check[M]:
    def run(source: Located, data: Any, parts: Split | None, ctx: Context
            ) -> tuple[M | None, list[Finding]]:
        assert parts is not None  # markdown=True: the file was split
        return check(source, data, parts, ctx)
    return run


def _config(source: Located, data: Any, parts: Split | None, ctx: Context
            ) -> tuple[Config | None, list[Finding]]:
    config, findings = schema.validate(source, CONFIG_ADAPTER, data)
    findings += custom.check_config(source, data)
    if config is not None:
        findings += notify.check(source, config)
    return config, findings


def _by(key: Callable[[M], str]) -> Callable[[str, M], dict[str, Doc[M]]]:
    """One document per file, kept by ``key`` (its id)."""
    return lambda rel, model: {key(model): Doc(rel, model)}


CONFIG_ADAPTER: TypeAdapter[Config] = TypeAdapter(Config)

INCIDENTS: FileKind[Incident, Doc[Incident]] = FileKind(
    Kind.INCIDENT, incidents.ADAPTER, _data_only(incidents.check), _by(lambda m: m.id),
    Schema("incident.schema.json", "incidentkit incident",
           "An incident: incidents/<YYYY>/<id>.yaml."), compared=True)
POSTMORTEMS: FileKind[PostmortemMeta, Doc[PostmortemMeta]] = FileKind(
    Kind.POSTMORTEM, postmortems.ADAPTER, _with_body(postmortems.check),
    _by(lambda m: m.incident),
    Schema("postmortem.schema.json", "incidentkit postmortem front matter",
           "The YAML front matter of a postmortem: postmortems/<id>.md."),
    markdown=True, compared=True)
PEOPLE: FileKind[list[Person], Person] = FileKind(
    Kind.PEOPLE, oncall.PEOPLE, _data_only(oncall.check_people),
    lambda rel, people: {p.handle: p for p in people},
    Schema("people.schema.json", "incidentkit people",
           "Everyone incidentkit files refer to: oncall/people.yaml."), items="people",
    compared=True)
SERVICES: FileKind[list[Service], Service] = FileKind(
    Kind.SERVICES, oncall.SERVICES, _data_only(oncall.check_services),
    lambda rel, services: {s.id: s for s in services},
    Schema("services.schema.json", "incidentkit services",
           "The service catalog: oncall/services.yaml."), items="services", compared=True)
POLICIES: FileKind[list[EscalationPolicy], EscalationPolicy] = FileKind(
    Kind.POLICIES, oncall.POLICIES, _data_only(oncall.check_policies),
    lambda rel, policies: {p.id: p for p in policies},
    Schema("escalation-policies.schema.json", "incidentkit escalation policies",
           "Who is paged, and when: oncall/escalation-policies.yaml."),
    items="escalation policies", compared=True)
SCHEDULES: FileKind[Schedule, Doc[Schedule]] = FileKind(
    Kind.SCHEDULE, oncall.SCHEDULE, _data_only(oncall.check_schedule), _by(lambda m: m.id),
    Schema("schedule.schema.json", "incidentkit on-call schedule",
           "An on-call schedule: oncall/schedules/<id>.yaml."), compared=True)
RUNBOOKS: FileKind[RunbookMeta, Doc[RunbookMeta]] = FileKind(
    Kind.RUNBOOK, runbooks.ADAPTER, _with_body(runbooks.check),
    lambda rel, meta: {stem(rel): Doc(rel, meta)},
    Schema("runbook.schema.json", "incidentkit runbook front matter",
           "The YAML front matter of a runbook: oncall/runbooks/<slug>.md."), markdown=True,
    compared=True)
MAINTENANCE: FileKind[Maintenance, Doc[Maintenance]] = FileKind(
    Kind.MAINTENANCE, maintenance.ADAPTER, _data_only(maintenance.check), _by(lambda m: m.id),
    Schema("maintenance.schema.json", "incidentkit scheduled maintenance",
           "Scheduled maintenance for the public status page: maintenance/<YYYY>/<id>.yaml."))
#: ``oncall/time-off.yaml``: each person's entries (by handle), in the file's order.
TIME_OFF: FileKind[list[TimeOff], list[TimeOff]] = FileKind(
    Kind.TIME_OFF, timeoff.ADAPTER, _data_only(timeoff.check),
    lambda rel, entries: by_person(entries),
    Schema("time-off.schema.json", "incidentkit time off",
           "Who is away, and when: oncall/time-off.yaml."), items="time-off entries",
    compared=True)
#: ``incidentkit.yaml``: the repository keeps it as its ``config``, not as documents.
CONFIG: FileKind[Config, Config] = FileKind(
    Kind.CONFIG, CONFIG_ADAPTER, _config, lambda rel, config: {},
    Schema("config.schema.json", "incidentkit configuration",
           "incidentkit.yaml; every key is optional."))

#: The registry: every kind of file incidentkit reads, in the order their schemas are listed.
KINDS: tuple[FileKind[Any, Any], ...] = (
    INCIDENTS, POSTMORTEMS, PEOPLE, SERVICES, POLICIES, SCHEDULES, RUNBOOKS, MAINTENANCE,
    TIME_OFF, CONFIG,
)
BY_KIND: dict[Kind, FileKind[Any, Any]] = {spec.kind: spec for spec in KINDS}
assert set(BY_KIND) == set(Kind), "every Kind of store.layout has an entry in KINDS"
