"""Custom fields on the site: the values an incident or a postmortem gives the fields
``incidentkit.yaml`` declares (model/fields.py), and the incidents index's filters on them.

Values stay raw text here: the templates escape them once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from incidentkit.config import Config
from incidentkit.model.fields import FILTERABLE, CustomField, shown


@dataclass(frozen=True, slots=True)
class Shown:
    """One field of a page: ``Customer tier`` → ``gold``."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Filter:
    """A column of the incidents index and the select that filters it."""

    label: str
    name: str
    options: tuple[str, ...]


def label(name: str) -> str:
    """``customer_tier`` → ``Customer tier``."""
    return name.replace("_", " ").capitalize()


def values(config: Config, kind: Literal["incidents", "postmortems"],
           given: Mapping[str, Any], person: Any) -> list[Shown]:
    """The declared fields ``given`` sets, in their declared order (a person by ``person``,
    the display name of a handle); fields not declared are not shown."""
    found = []
    for declared in config.custom_fields(kind):
        if declared.name in given:
            value = given[declared.name]
            text = person(value) if declared.type == "person" and isinstance(value, str) \
                else shown(value)
            found.append(Shown(label(declared.name), text))
    return found


def _options(declared: CustomField, used: Sequence[Any]) -> tuple[str, ...]:
    if declared.type == "enum":
        return tuple(declared.values or ())
    if declared.type == "boolean":
        return ("true", "false")
    return tuple(sorted({v for v in used if isinstance(v, str)}))


def filters(config: Config, rows: Sequence[Mapping[str, Any]]) -> list[Filter]:
    """One filter per enum, boolean and person field of incidents, with the values to pick
    (an enum's declared values, true and false, the people the incidents name)."""
    return [
        Filter(label(d.name), d.name,
               _options(d, [r[d.name] for r in rows if d.name in r]))
        for d in config.custom_fields("incidents") if d.type in FILTERABLE
    ]


def cell(given: Mapping[str, Any], name: str) -> str:
    """The index's cell of field ``name``: the value as the select offers it (a person's
    handle), empty when unset."""
    return shown(given[name]) if name in given else ""
