"""Custom fields in the exported JSON Schemas: an editor validating a file against the schemas
``incidentkit schema`` writes for a repository agrees with ``incidentkit validate``.

Each case is a golden corpus case (tests/examples): the schemas are exported from its own
``incidentkit.yaml``, then its incident and postmortem are validated with the ``jsonschema``
library as check-jsonschema and editors read YAML.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.cli.test_schema import load
from tests.conftest import EXAMPLES, Run

INCIDENT = "incidents/2026/2026-01-15-auth-login-failures.yaml"
POSTMORTEM = "postmortems/2026-01-15-auth-login-failures.md"
NOW = "2026-03-02T00:00:00Z"


def _repo(tmp_path: Path, case: str) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    shutil.copytree(EXAMPLES / case, repo, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("expected.txt"))
    return repo


def _schema_errors(repo: Path, rel: str) -> list[str]:
    name = "incident" if rel.startswith("incidents/") else "postmortem"
    schema = json.loads((repo / "schemas" / f"{name}.schema.json").read_text())
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    document = load(rel, (repo / rel).read_text(encoding="utf-8"))
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(document))


def _validate_errors(repo: Path, run: Callable[..., Run]) -> dict[str, list[str]]:
    result = run("-C", str(repo), "validate", "--format", "json")
    found: dict[str, list[str]] = {}
    for f in json.loads(result.out)["findings"]:
        if f["severity"] == "error":
            found.setdefault(f["path"], []).append(f["code"])
    return found


@pytest.fixture(autouse=True)
def _now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", NOW)


CASES = {
    "valid/custom-fields": {INCIDENT: [], POSTMORTEM: []},
    "invalid/custom-field-wrong-type": {
        INCIDENT: [
            "fields/contract_review: '2026-02-30' is not a 'date'",
            "fields/regulators: 'BaFin' is not of type 'array'",
            "fields/revenue_impact: 'lots' is not of type 'number'",
            "fields/security: 'yes' is not of type 'boolean'",
            "fields/ticket: 1234 is not of type 'string'",
        ],
        POSTMORTEM: [],
    },
    "invalid/custom-field-enum": {
        INCIDENT: [
            "fields/customer_tier: 'Gold' is not one of ['gold', 'silver', 'bronze']",
            "fields/region: 'eu-central-1' is not one of ['eu-west-1', 'us-east-1']",
        ],
        POSTMORTEM: [],
    },
    "invalid/custom-field-required": {
        INCIDENT: ["fields: 'region' is a required property"],
        POSTMORTEM: [": 'fields' is a required property"],
    },
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_editor_validation_agrees_with_validate(
    case: str, tmp_path: Path, run: Callable[..., Run]
) -> None:
    repo = _repo(tmp_path, case)
    exported = run("-C", str(repo), "schema")
    assert exported.status == 0, exported.err
    by_validate = _validate_errors(repo, run)
    for rel, expected in CASES[case].items():
        errors = _schema_errors(repo, rel)
        assert errors == expected
        # The same files pass and fail, and for the same fields (one finding per error).
        assert len(errors) == len(by_validate.get(rel, [])), (rel, by_validate)


def test_undeclared_fields_fail_both(tmp_path: Path, run: Callable[..., Run]) -> None:
    """A misspelt field and a postmortem-only field on an incident fail both ways; a person
    missing from people.yaml only ``validate`` can know (the schema has the handle's shape)."""
    repo = _repo(tmp_path, "invalid/custom-field-unknown")
    assert run("-C", str(repo), "schema").status == 0
    assert _schema_errors(repo, INCIDENT) == [
        "fields: Additional properties are not allowed ('custmer_tier', 'legal_reviewed' were "
        "unexpected)",
    ]
    assert sorted(_validate_errors(repo, run)[INCIDENT]) == [
        "unknown-field", "unknown-field", "unknown-person"]


def test_declared_fields_are_in_the_schema(tmp_path: Path, run: Callable[..., Run]) -> None:
    repo = _repo(tmp_path, "valid/custom-fields")
    assert run("-C", str(repo), "schema").status == 0
    incident = json.loads((repo / "schemas" / "incident.schema.json").read_text())
    fields = incident["properties"]["fields"]
    assert list(fields["properties"]) == sorted([
        "region", "customer_tier", "revenue_impact", "security", "contract_review",
        "account_owner", "regulators", "ticket"])
    assert fields["properties"]["region"] == {
        "type": "string", "enum": ["eu-west-1", "us-east-1"], "title": "region",
        "description": "The cloud region that failed. Type: enum, required."}
    assert fields["properties"]["regulators"] == {
        "type": "array", "items": {"type": "string", "minLength": 1}, "title": "regulators",
        "description": "Type: list."}
    assert fields["required"] == ["region"]
    assert "fields" in incident["required"]
    postmortem = json.loads((repo / "schemas" / "postmortem.schema.json").read_text())
    assert sorted(postmortem["properties"]["fields"]["properties"]) == [
        "legal_reviewed", "ticket"]
    # The repository's schemas now differ from a plain export: --check says so.
    shutil.copytree(EXAMPLES / "base", tmp_path / "plain")
    assert run("-C", str(tmp_path / "plain"), "schema").status == 0
    for name in ("incident", "postmortem"):
        (repo / "schemas" / f"{name}.schema.json").write_text(
            (tmp_path / "plain" / "schemas" / f"{name}.schema.json").read_text())
    check = run("-C", str(repo), "schema", "--check")
    assert (check.status, check.out) == (1, "schemas/incident.schema.json is out of date\n"
                                            "schemas/postmortem.schema.json is out of date\n")
