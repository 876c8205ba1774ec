"""``incidentkit schema``: deterministic export, ``--check`` for CI, and schemas that validate."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from check_jsonschema.parsers.yaml import construct_yaml_implementation, impl2loader
from jsonschema import Draft202012Validator

from incidentkit import schemas
from incidentkit.cli.init import scaffold_files
from incidentkit.config import Config
from incidentkit.store.frontmatter import Split, split
from incidentkit.store.layout import Kind, kind_of
from tests.conftest import EXAMPLES, Run

NAMES = [
    "incident.schema.json", "postmortem.schema.json", "people.schema.json",
    "services.schema.json", "escalation-policies.schema.json", "schedule.schema.json",
    "runbook.schema.json", "maintenance.schema.json", "time-off.schema.json",
    "config.schema.json",
]
SCHEMA_OF = {
    Kind.INCIDENT: "incident", Kind.POSTMORTEM: "postmortem", Kind.PEOPLE: "people",
    Kind.SERVICES: "services", Kind.POLICIES: "escalation-policies", Kind.SCHEDULE: "schedule",
    Kind.RUNBOOK: "runbook", Kind.MAINTENANCE: "maintenance", Kind.TIME_OFF: "time-off",
    Kind.CONFIG: "config",
}
_load_yaml = impl2loader(construct_yaml_implementation())


def load(rel: str, text: str) -> Any:
    """A document as check-jsonschema reads it (timestamps stay text); front matter for .md."""
    if rel.endswith(".md"):
        cut = split(text)
        assert isinstance(cut, Split)
        text = cut.meta
    return _load_yaml(io.BytesIO(text.encode()))


@cache
def exported() -> dict[str, str]:
    return schemas.exports()


def validator(name: str) -> Draft202012Validator:
    schema = json.loads(exported()[f"{name}.schema.json"])
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _example_documents() -> list[tuple[str, str, str]]:
    """(fixture, path, text) of every file of the scaffold and of the test corpus' base repo."""
    docs = [("scaffold", rel, text) for rel, text in scaffold_files() if kind_of(rel)]
    base = EXAMPLES / "base"
    docs += [("base", p.relative_to(base).as_posix(), p.read_text(encoding="utf-8"))
             for p in sorted(base.rglob("*")) if p.is_file()
             and kind_of(p.relative_to(base).as_posix())]
    return docs


EXAMPLE_DOCUMENTS = _example_documents()


def test_writes_every_schema(tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(tmp_path), "schema")
    assert (result.status, result.err) == (0, "")
    assert result.out == "".join(f"wrote schemas/{n}\n" for n in NAMES) + (
        "10 of 10 schemas written\n")
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(NAMES)
    for name in NAMES:
        assert (tmp_path / "schemas" / name).read_text() == schemas.exports()[name]


def test_second_run_writes_nothing(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("-C", str(tmp_path), "schema")
    stamps = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "schemas").iterdir()}
    result = run("-C", str(tmp_path), "schema")
    assert (result.status, result.out) == (0, "10 schemas up to date\n")
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "schemas").iterdir()} == stamps


def test_output_is_deterministic() -> None:
    first, second = schemas.exports(), schemas.exports()
    assert first == second
    for text in first.values():
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True,
                                  ensure_ascii=False) + "\n"


def test_out_folder(tmp_path: Path, run: Callable[..., Run],
                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("-C", str(tmp_path), "schema", "--out", "editor/schemas")
    assert result.status == 0
    assert result.out.splitlines()[0] == "wrote editor/schemas/incident.schema.json"
    assert len(list((tmp_path / "editor" / "schemas").iterdir())) == len(NAMES)


def test_check_passes_when_in_step(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("-C", str(tmp_path), "schema")
    result = run("-C", str(tmp_path), "schema", "--check")
    assert (result.status, result.out, result.err) == (0, "10 schemas up to date\n", "")


def test_check_detects_drift_and_writes_nothing(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("-C", str(tmp_path), "schema")
    folder = tmp_path / "schemas"
    people = folder / "people.schema.json"
    people.write_text(people.read_text().replace('"handle"', '"handel"'))
    (folder / "runbook.schema.json").unlink()
    before = {p.name: p.read_text() for p in folder.iterdir()}
    result = run("-C", str(tmp_path), "schema", "--check")
    assert result.status == 1
    assert result.out == (
        "schemas/people.schema.json is out of date\n"
        "schemas/runbook.schema.json is missing\n"
    )
    assert result.err == (
        "2 of 10 schemas differ from the models: run `incidentkit schema` and commit the result\n"
    )
    assert {p.name: p.read_text() for p in folder.iterdir()} == before


def test_check_without_schemas(tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(tmp_path), "schema", "--check")
    assert result.status == 1
    assert result.out == "".join(f"schemas/{n} is missing\n" for n in NAMES)
    assert not (tmp_path / "schemas").exists()


def test_out_must_be_a_folder(tmp_path: Path, run: Callable[..., Run]) -> None:
    (tmp_path / "schemas").write_text("not a folder")
    result = run("-C", str(tmp_path), "schema")
    assert (result.status, result.err) == (
        2, "incidentkit: error: schemas is not a folder: pass --out with a folder\n")


@pytest.mark.parametrize("name", NAMES)
def test_schema_metadata(name: str) -> None:
    schema = json.loads(exported()[name])
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == schemas.BASE_URL + name
    assert schema["title"].startswith("incidentkit ")
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("fixture", "rel", "text"), EXAMPLE_DOCUMENTS,
                         ids=[f"{f}:{r}" for f, r, _ in EXAMPLE_DOCUMENTS])
def test_examples_validate(fixture: str, rel: str, text: str) -> None:
    kind = kind_of(rel)
    assert kind is not None
    errors = list(validator(SCHEMA_OF[kind]).iter_errors(load(rel, text)))
    assert [e.message for e in errors] == []


def test_every_schema_has_an_example() -> None:
    kinds = {kind_of(rel) for _, rel, _ in EXAMPLE_DOCUMENTS}
    assert {f"{SCHEMA_OF[k]}.schema.json" for k in kinds if k} == set(NAMES)


def _scaffold(path: str) -> Any:
    return load(path, dict(scaffold_files())[path])


INCIDENT = "incidents/2026/2026-03-02-example-checkout-errors.yaml"


@pytest.mark.parametrize(("value", "valid"), [
    ("2026-03-02T09:40:00Z", True),
    ("2026-03-02T10:40:00+01:00", True),
    ("2026-03-02T09:40:00.250-05:30", True),
    ("2026-03-02T09:40:00", False),
    ("2026-03-02", False),
    ("yesterday", False),
])
def test_timestamps_need_an_offset(value: str, valid: bool) -> None:
    document = _scaffold(INCIDENT)
    document["started_at"] = value
    assert validator("incident").is_valid(document) is valid


def test_unknown_keys_are_errors() -> None:
    document = _scaffold(INCIDENT)
    document["sevrity"] = "SEV1"
    errors = list(validator("incident").iter_errors(document))
    assert [e.message for e in errors] == [
        "Additional properties are not allowed ('sevrity' was unexpected)"]


@pytest.mark.parametrize(("path", "key", "value", "valid"), [
    ("incidentkit.yaml", ("runbooks", "review_every"), "180d", True),
    ("incidentkit.yaml", ("runbooks", "review_every"), "180 days", False),
    ("incidentkit.yaml", ("runbooks", "review_every"), 180, False),
    ("oncall/schedules/payments-primary.yaml", ("layers", 0, "start"), "2026-01-05 10:00", True),
    ("oncall/schedules/payments-primary.yaml", ("layers", 0, "start"), "2026-01-05T10:00Z",
     False),
    ("oncall/schedules/payments-primary.yaml", ("layers", 0, "rotation"), {"every": "12h"}, True),
    ("oncall/schedules/payments-primary.yaml", ("layers", 0, "rotation"), "hourly", False),
])
def test_shared_types_have_their_patterns(
    path: str, key: tuple[str | int, ...], value: object, valid: bool
) -> None:
    document = _scaffold(path)
    node = document
    for part in key[:-1]:
        node = node[part]
    node[key[-1]] = value
    name = "config" if path == "incidentkit.yaml" else "schedule"
    assert validator(name).is_valid(document) is valid


def test_clock_pattern() -> None:
    schedule = json.loads(exported()["schedule.schema.json"])
    restriction = schedule["$defs"]["Restriction"]["properties"]
    assert restriction["from"]["pattern"] == restriction["to"]["pattern"] == schemas.CLOCK_PATTERN


def test_defaults_are_written_as_in_the_files() -> None:
    config = json.loads(exported()["config.schema.json"])
    defaults = {key: prop["default"] for key, prop in config["properties"].items()}
    assert defaults["postmortems"]["due_after"] == "2d"
    assert defaults["action_items"]["due_after"] == {"P0": "1w", "P1": "2w", "P2": "30d",
                                                     "P3": "90d"}
    assert Config.model_validate(defaults) == Config()
