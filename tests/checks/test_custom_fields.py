"""Custom field declarations: the scaffold's commented example is a valid configuration, and
the declarations' own rules."""

from __future__ import annotations

import re

import pytest
import yaml
from pydantic import ValidationError

from incidentkit.cli.init import scaffold_files
from incidentkit.config import RESERVED_FIELD_NAMES, Config
from incidentkit.model.fields import CustomField


def test_scaffold_writes_the_default_and_its_example_is_valid() -> None:
    text = dict(scaffold_files())["incidentkit.yaml"]
    assert Config.model_validate(yaml.safe_load(text)).fields == []
    block = text[text.index("fields: []\n"):]
    block = block[:block.index("\n\n")]
    example = re.sub(r"(?m)^#   ", "  ", block.replace("fields: []", "fields:"))
    config = Config.model_validate(yaml.safe_load(example))
    assert [(f.name, f.type, f.applies_to) for f in config.fields] == [
        ("region", "enum", "incidents"), ("customer_tier", "enum", "incidents"),
        ("revenue_impact", "number", "incidents"), ("security", "boolean", "incidents"),
        ("regulators", "list", "incidents"), ("legal_reviewed", "boolean", "postmortems"),
    ]
    assert not {f.name for f in config.fields} & RESERVED_FIELD_NAMES


@pytest.mark.parametrize(("declared", "message"), [
    ({"name": "tier", "type": "enum"}, "field tier is an enum: list its allowed values"),
    ({"name": "tier", "type": "enum", "values": ["a", "a"]}, "lists a value twice"),
    ({"name": "tier", "type": "text", "values": ["a"]}, "only an enum has values"),
])
def test_declaration_rules(declared: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        CustomField.model_validate(declared)


def test_groups_of_values() -> None:
    listed = CustomField(name="regions", type="list")
    assert listed.groups(["eu", "us", "eu"]) == ["eu", "us"]
    assert listed.groups([]) == listed.groups(None) == ["(none)"]
    assert CustomField(name="flag", type="boolean").groups(False) == ["false"]
    assert CustomField(name="n", type="number").groups(12000) == ["12000"]


def test_applies_to_both() -> None:
    config = Config(fields=[CustomField(name="ticket", type="text", applies_to="both"),
                            CustomField(name="legal", type="boolean", applies_to="postmortems")])
    assert [f.name for f in config.custom_fields("incidents")] == ["ticket"]
    assert [f.name for f in config.custom_fields("postmortems")] == ["ticket", "legal"]
