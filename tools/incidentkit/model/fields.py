"""Custom fields: what a team declares under ``fields:`` in ``incidentkit.yaml``.

An incident, or a postmortem's front matter, keeps the values of the declared fields under its
own ``fields:`` key (``fields: {region: eu-west-1, customer_tier: gold}``), apart from the
built-in keys: a team's field can never shadow a key incidentkit gives a meaning to, a built-in
key added later cannot collide with a team's field, and one key is one place to validate,
export in the JSON Schema and show. The declaration says each field's type; the values are
checked against it by :mod:`incidentkit.checks.fields`.

Types: ``text``, ``number`` (an integer or a decimal), ``boolean`` (``true``/``false``),
``enum`` (one of ``values``), ``date`` (``YYYY-MM-DD``), ``person`` (a handle of
``oncall/people.yaml``) and ``list`` (a list of texts, e.g. regions or regulators).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from incidentkit.model.types import FIELD_NAME_PATTERN, STRICT, NonEmptyStr, StrictBool

FieldType = Literal["text", "number", "boolean", "enum", "date", "person", "list"]
FIELD_TYPES: tuple[FieldType, ...] = (
    "text", "number", "boolean", "enum", "date", "person", "list",
)
AppliesTo = Literal["incidents", "postmortems", "both"]
#: What a field's values are grouped under when a document does not set it.
NONE_GROUP = "(none)"
#: The types the site's incidents index offers as a filter (a short list of values to pick).
FILTERABLE: tuple[FieldType, ...] = ("enum", "boolean", "person")


class CustomField(BaseModel):
    """One declared field (``fields:`` of ``incidentkit.yaml``)."""

    model_config = STRICT

    #: A lowercase key (also a ``metrics --by`` value and a column of the incidents index).
    name: Annotated[str, StringConstraints(pattern=FIELD_NAME_PATTERN)]
    type: FieldType
    #: The allowed values of an ``enum`` field (only there).
    values: Annotated[list[NonEmptyStr], Field(min_length=1)] | None = None
    required: StrictBool = False
    applies_to: AppliesTo = "incidents"
    description: NonEmptyStr | None = None

    @model_validator(mode="after")
    def _values_with_enum(self) -> CustomField:
        if self.type == "enum" and not self.values:
            raise ValueError(f"field {self.name} is an enum: list its allowed values under values")
        if self.type != "enum" and self.values is not None:
            raise ValueError(f"field {self.name} is a {self.type}: only an enum has values; "
                             "remove values or set type: enum")
        if self.values is not None and len(set(self.values)) != len(self.values):
            raise ValueError(f"field {self.name} lists a value twice under values")
        return self

    def applies(self, kind: Literal["incidents", "postmortems"]) -> bool:
        return self.applies_to in (kind, "both")

    def groups(self, value: Any) -> list[str]:
        """The ``metrics --by`` groups of ``value`` (a valid value, or ``None`` when unset):
        a list counts in each of its items' groups; an unset field (or an empty list) in
        :data:`NONE_GROUP`."""
        if value is None:
            return [NONE_GROUP]
        if isinstance(value, list):
            return list(dict.fromkeys(str(v) for v in value)) or [NONE_GROUP]
        return [shown(value)]


def shown(value: Any) -> str:
    """A value as text (before any escaping): booleans ``true``/``false`` as written, numbers
    as written (``12000``, ``0.5``), lists joined by commas."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value)
    return str(value)
