"""JSON Schemas (draft 2020-12) of the file formats, exported from the pydantic models.

Editors use them for completion (``# yaml-language-server: $schema=...``) and check-jsonschema
validates YAML with them. The models stay the source of truth: the schemas add only what JSON
Schema cannot learn from a validator function (the shape of timestamps, durations, clock times
and local times) and fix defaults to the spelling the files use (``48h``, not ``P2D``).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import PydanticSerializationError, SchemaSerializer, core_schema

from incidentkit.checks.registry import INCIDENTS, KINDS, POSTMORTEMS, FileKind
from incidentkit.config import Config
from incidentkit.model import types
from incidentkit.model.fields import CustomField

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


_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}


def _field(declared: CustomField) -> dict[str, Any]:
    """The JSON Schema of one custom field's value."""
    shapes: dict[str, dict[str, Any]] = {
        "text": _TEXT,
        "number": {"type": "number"},
        "boolean": {"type": "boolean"},
        "enum": {"type": "string", "enum": declared.values},
        "date": {"type": "string", "format": "date", "pattern": _DATE_PATTERN},
        "person": {"type": "string", "pattern": types.HANDLE_PATTERN},
        "list": {"type": "array", "items": _TEXT},
    }
    value = shapes[declared.type]
    words = f"Type: {declared.type}{', required' if declared.required else ''}."
    about = f"{declared.description} {words}" if declared.description else words
    return {**value, "title": declared.name, "description": about}


def _with_fields(body: dict[str, Any], declared: list[CustomField]) -> dict[str, Any]:
    """``body`` with ``fields`` holding exactly the declared fields (none declared: an empty
    mapping), so that editors complete their names and values as ``validate`` checks them."""
    required = [d.name for d in declared if d.required]
    fields: dict[str, Any] = {
        "type": "object", "title": "Fields",
        "description": "The custom fields declared in incidentkit.yaml (fields:).",
        "properties": {d.name: _field(d) for d in declared},
        "additionalProperties": False,
    }
    if required:
        fields["required"] = required
    else:
        fields["default"] = {}
    body = {**body, "properties": {**body["properties"], "fields": fields}}
    if required:
        body["required"] = [*body.get("required", []), "fields"]
    return body


def schema(spec: FileKind[Any, Any], config: Config | None = None) -> dict[str, Any]:
    """The JSON Schema of one kind of file (its registry entry's model and words); an
    incident's and a postmortem's with the custom fields ``config`` declares for them."""
    body = spec.adapter.json_schema(mode="validation", schema_generator=_Generator)
    config = config if config is not None else Config()
    if spec is INCIDENTS:
        body = _with_fields(body, config.custom_fields("incidents"))
    elif spec is POSTMORTEMS:
        body = _with_fields(body, config.custom_fields("postmortems"))
    return {
        **body,
        "$schema": DIALECT,
        "$id": BASE_URL + spec.schema.filename,
        "title": spec.schema.title,
        "description": spec.schema.description,
    }


def text(spec: FileKind[Any, Any], config: Config | None = None) -> str:
    """The file content: sorted keys, two-space indent, a trailing newline (deterministic)."""
    return json.dumps(schema(spec, config), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def exports(config: Config | None = None) -> dict[str, str]:
    """File name → content of the schema of every kind of file in the registry, with the
    custom fields of ``config`` (a repository's ``incidentkit.yaml``; none: the defaults)."""
    return {spec.schema.filename: text(spec, config) for spec in KINDS}
