"""JSON Schemas (draft 2020-12) of the file formats, exported from the pydantic models.

Editors use them for completion (``# yaml-language-server: $schema=...``) and check-jsonschema
validates YAML with them. The models stay the source of truth: the schemas add only what JSON
Schema cannot learn from a validator function (the shape of timestamps, durations, clock times
and local times) and fix defaults to the spelling the files use (``48h``, not ``P2D``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import PydanticSerializationError, SchemaSerializer, core_schema

from incidentkit.config import Config
from incidentkit.model import types
from incidentkit.model.incident import Incident
from incidentkit.model.oncall import EscalationPolicy, Person, Service
from incidentkit.model.postmortem import PostmortemMeta
from incidentkit.model.runbook import RunbookMeta
from incidentkit.model.schedule import Schedule

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: Where the exported schemas are published; ``$id`` is this plus the file name.
BASE_URL = "https://github.com/incidentkit/incidentkit/raw/main/schemas/"

#: RFC 3339 with a mandatory offset (a time without one is an error, SPEC §2).
TIMESTAMP_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
DURATION_PATTERN = r"^[0-9]+(s|m|h|d|w)$"
CLOCK_PATTERN = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
LOCAL_TIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}$"

#: Validator functions of the shared types → the pattern of the text they accept. Looked up by
#: name so that a renamed validator only loses its pattern (and the tests say so).
_VALIDATOR_PATTERNS = {
    getattr(types, name, None): pattern
    for name, pattern in (
        ("_duration", DURATION_PATTERN), ("_clock", CLOCK_PATTERN), ("_local", LOCAL_TIME_PATTERN),
    )
}


class _Generator(GenerateJsonSchema):
    def datetime_schema(self, schema: core_schema.DatetimeSchema) -> JsonSchemaValue:
        result = super().datetime_schema(schema)
        result["pattern"] = TIMESTAMP_PATTERN
        return result

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        result = super().function_before_schema(schema)
        pattern = _VALIDATOR_PATTERNS.get(schema["function"]["function"])
        if pattern is not None and result.get("type") == "string":
            result["pattern"] = pattern
        return result

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        """Defaults serialised by the field's own serializer (``48h``, not ``P2D``)."""
        result = super().default_schema(schema)
        if "default" in result:
            try:
                serializer = SchemaSerializer(schema["schema"])
                result["default"] = serializer.to_python(
                    self.get_default_value(schema), mode="json"
                )
            except (PydanticSerializationError, TypeError, ValueError):
                pass  # a field of a model type: pydantic already used the model's serializer
        return result


@dataclass(frozen=True, slots=True)
class Export:
    filename: str
    title: str
    description: str
    adapter: TypeAdapter[Any]


EXPORTS: tuple[Export, ...] = (
    Export("incident.schema.json", "incidentkit incident",
           "An incident: incidents/<YYYY>/<id>.yaml.", TypeAdapter(Incident)),
    Export("postmortem.schema.json", "incidentkit postmortem front matter",
           "The YAML front matter of a postmortem: postmortems/<id>.md.",
           TypeAdapter(PostmortemMeta)),
    Export("people.schema.json", "incidentkit people",
           "Everyone incidentkit files refer to: oncall/people.yaml.", TypeAdapter(list[Person])),
    Export("services.schema.json", "incidentkit services",
           "The service catalog: oncall/services.yaml.", TypeAdapter(list[Service])),
    Export("escalation-policies.schema.json", "incidentkit escalation policies",
           "Who is paged, and when: oncall/escalation-policies.yaml.",
           TypeAdapter(list[EscalationPolicy])),
    Export("schedule.schema.json", "incidentkit on-call schedule",
           "An on-call schedule: oncall/schedules/<id>.yaml.", TypeAdapter(Schedule)),
    Export("runbook.schema.json", "incidentkit runbook front matter",
           "The YAML front matter of a runbook: oncall/runbooks/<slug>.md.",
           TypeAdapter(RunbookMeta)),
    Export("config.schema.json", "incidentkit configuration",
           "incidentkit.yaml; every key is optional.", TypeAdapter(Config)),
)


def schema(export: Export) -> dict[str, Any]:
    """The JSON Schema of one file format."""
    body = export.adapter.json_schema(mode="validation", schema_generator=_Generator)
    return {
        **body,
        "$schema": DIALECT,
        "$id": BASE_URL + export.filename,
        "title": export.title,
        "description": export.description,
    }


def text(export: Export) -> str:
    """The file content: sorted keys, two-space indent, a trailing newline (deterministic)."""
    return json.dumps(schema(export), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def exports() -> dict[str, str]:
    """File name → content of every schema."""
    return {export.filename: text(export) for export in EXPORTS}
