"""The registry of file kinds: one entry per kind, with its flags, schema and index."""

from __future__ import annotations

from pathlib import Path

from incidentkit.checks import registry
from incidentkit.checks.registry import BY_KIND, KINDS, Doc
from incidentkit.config import Config
from incidentkit.model.incident import Incident
from incidentkit.model.oncall import EscalationPolicy, Person, Service
from incidentkit.model.postmortem import PostmortemMeta
from incidentkit.model.runbook import RunbookMeta
from incidentkit.model.schedule import Schedule
from incidentkit.store.layout import Kind
from tests.conftest import EXAMPLES
from tests.repos import opened

ID = "2026-01-15-auth-login-failures"


def test_every_kind_has_one_entry() -> None:
    # The order is the order `incidentkit schema` lists them in.
    assert [spec.kind for spec in KINDS] == [
        Kind.INCIDENT, Kind.POSTMORTEM, Kind.PEOPLE, Kind.SERVICES, Kind.POLICIES,
        Kind.SCHEDULE, Kind.RUNBOOK, Kind.MAINTENANCE, Kind.TIME_OFF,
        Kind.CONFIG]
    assert set(BY_KIND) == set(Kind)
    assert len(KINDS) == len(Kind)


def test_flags() -> None:
    assert {spec.kind for spec in KINDS if spec.markdown} == {Kind.POSTMORTEM, Kind.RUNBOOK}
    assert {spec.kind: spec.items for spec in KINDS if spec.items} == {
        Kind.PEOPLE: "people", Kind.SERVICES: "services",
        Kind.POLICIES: "escalation policies", Kind.TIME_OFF: "time-off entries"}
    assert {spec.kind for spec in KINDS if spec.compared} == {
        Kind.INCIDENT, Kind.POSTMORTEM, Kind.PEOPLE, Kind.SERVICES, Kind.POLICIES, Kind.SCHEDULE,
        Kind.RUNBOOK, Kind.TIME_OFF}


def test_schema_filenames_and_titles_are_unique() -> None:
    names = [spec.schema.filename for spec in KINDS]
    assert len(set(names)) == len(names)
    assert all(name.endswith(".schema.json") for name in names)
    assert len({spec.schema.title for spec in KINDS}) == len(KINDS)
    assert BY_KIND[Kind.POLICIES].schema.filename == "escalation-policies.schema.json"


def test_the_index_of_each_kind_on_the_base_repository() -> None:
    repo = opened(EXAMPLES / "base")
    assert repo.findings == []
    incident = repo.incidents[ID]
    assert isinstance(incident, Doc)
    assert incident.rel == f"incidents/2026/{ID}.yaml"
    assert isinstance(incident.model, Incident)
    postmortem = repo.postmortems[ID]
    assert (postmortem.rel, type(postmortem.model)) == (f"postmortems/{ID}.md", PostmortemMeta)
    assert sorted(repo.people) == ["bob", "carol", "jane"]
    assert all(isinstance(p, Person) for p in repo.people.values())
    assert sorted(repo.services) == ["auth-api", "login-web"]
    assert isinstance(repo.services["auth-api"], Service)
    assert list(repo.policies) == ["identity"]
    assert isinstance(repo.policies["identity"], EscalationPolicy)
    schedule = repo.schedules["identity-primary"]
    assert (schedule.rel, type(schedule.model)) == (
        "oncall/schedules/identity-primary.yaml", Schedule)
    runbook = repo.runbooks["db-connection-pool"]
    assert (runbook.rel, type(runbook.model)) == (
        "oncall/runbooks/db-connection-pool.md", RunbookMeta)
    # The configuration is kept as the repository's config, never as documents.
    assert registry.CONFIG.index("incidentkit.yaml", Config()) == {}
    assert Kind.CONFIG not in repo.documents


def test_runbooks_are_kept_by_file_stem_and_documents_by_id(tmp_path: Path) -> None:
    meta = RunbookMeta.model_validate({"title": "T", "services": [], "owner": "jane",
                                       "last_reviewed": "2026-01-01", "alerts": []})
    assert registry.RUNBOOKS.index("oncall/runbooks/some-slug.md", meta) == {
        "some-slug": Doc("oncall/runbooks/some-slug.md", meta)}
    person = Person.model_validate({"handle": "zoe", "name": "Zoe"})
    assert registry.PEOPLE.index("oncall/people.yaml", [person]) == {"zoe": person}
