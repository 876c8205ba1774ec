"""Custom fields: the declarations in ``incidentkit.yaml``, and the values an incident or a
postmortem gives them under ``fields:`` (model/fields.py).

A value is checked against its declaration with findings at the value (wrong type, a value
outside an enum with the allowed values listed, a person not in ``oncall/people.yaml``), an
undeclared name at its key with a did-you-mean, and a required field that is missing where it
belongs (the ``fields:`` key, else the document).
"""

from __future__ import annotations

import difflib
from datetime import date
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from incidentkit.checks import references
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding
from incidentkit.checks.located import Located
from incidentkit.config import RESERVED_FIELD_NAMES
from incidentkit.model.fields import CustomField
from incidentkit.model.times import Day
from incidentkit.model.types import Handle
from incidentkit.store.locate import Loc
from incidentkit.store.text import quote

_DAY: TypeAdapter[date] = TypeAdapter(Day)
_HANDLE: TypeAdapter[str] = TypeAdapter(Handle)
_WORDS = {
    "text": "text", "number": "a number", "boolean": "true or false",
    "enum": "one of its values", "date": "a date YYYY-MM-DD", "person": "a person's handle",
    "list": "a list of texts",
}


def check_config(source: Located, data: Any) -> list[Finding]:
    """A name declared twice, or one that a built-in key already has (read off the file as
    written, so they are reported with the declarations' other errors)."""
    declarations = data.get("fields") if isinstance(data, dict) else None
    if not isinstance(declarations, list):
        return []
    findings: list[Finding] = []
    seen: set[str] = set()
    for i, declared in enumerate(declarations):
        name = declared.get("name") if isinstance(declared, dict) else None
        if not isinstance(name, str):
            continue
        if name in RESERVED_FIELD_NAMES:
            findings.append(source.finding(
                ("fields", i, "name"), "reserved-field",
                f"field name {quote(name)} is a built-in key or grouping of incidentkit: "
                "choose another name"))
        elif name in seen:
            findings.append(source.finding(
                ("fields", i, "name"), "duplicate-field",
                f"field {quote(name)} is declared twice: keep one declaration (applies_to: "
                "both covers incidents and postmortems)"))
        seen.add(name)
    return findings


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return f"text {quote(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__


def _wrong(source: Located, loc: Loc, declared: CustomField, value: Any) -> Finding:
    if declared.type == "date" and isinstance(value, str):
        try:
            _DAY.validate_python(value)
        except ValidationError as exc:
            reason = exc.errors(include_url=False)[0]["msg"]
            return source.finding(
                loc, "invalid-value",
                f"{quote(value)} is not valid for field {quote(declared.name)}: {reason}")
    return source.finding(
        loc, "wrong-type",
        f"field {quote(declared.name)} takes {_WORDS[declared.type]} (type: {declared.type}), "
        f"not {_kind_of(value)}: fix the value")


def _valid(adapter: TypeAdapter[Any], value: Any) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _value(source: Located, loc: Loc, declared: CustomField, value: Any, ctx: Context
           ) -> list[Finding]:
    kind = declared.type
    if kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif kind == "boolean":
        ok = isinstance(value, bool)
    elif kind in ("text", "enum"):
        ok = _text(value)
    elif kind == "list":
        ok = isinstance(value, list) and all(_text(v) for v in value)
    else:  # date, person
        ok = _valid(_DAY if kind == "date" else _HANDLE, value)
    if not ok:
        return [_wrong(source, loc, declared, value)]
    if kind == "enum" and value not in (declared.values or []):
        allowed = ", ".join(declared.values or [])
        return [source.finding(
            loc, "invalid-value",
            f"{quote(value)} is not a value of field {quote(declared.name)}: use one of "
            f"{allowed}")]
    if kind == "person":
        return references.dangling(source, "person", [(loc, value)], ctx.catalog.people)
    return []


def check_values(source: Located, data: Any, fields: Any,
                 kind: Literal["incidents", "postmortems"], ctx: Context) -> list[Finding]:
    """The ``fields:`` of one document against the fields declared for ``kind``.

    ``data`` is the whole document as read (to tell a missing ``fields:`` from an invalid one);
    ``fields`` its valid ``fields:`` mapping, ``None`` when it is invalid (the schema says why).
    """
    if not isinstance(data, dict) or (fields is None and "fields" in data):
        return []
    values: dict[str, Any] = fields or {}
    declared = {d.name: d for d in ctx.config.custom_fields(kind)}
    findings: list[Finding] = []
    for name, value in values.items():
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1)
            hint = (f"did you mean {quote(close[0])}?" if close else
                    f"declared fields here: {', '.join(declared)}" if declared else
                    f"no field is declared for {kind} in incidentkit.yaml")
            findings.append(source.finding(
                ("fields", name), "unknown-field",
                f"unknown field {quote(name)}: {hint}", key=True))
            continue
        findings += _value(source, ("fields", name), declared[name], value, ctx)
    where: Loc = ("fields",) if "fields" in data else ()
    findings.extend(
        source.finding(
            where, "missing-field",
            f"required field {quote(name)} is missing: add it under fields"
            + ("" if "fields" in data else f" ({name}: ...)"), key=bool(where))
        for name, d in declared.items() if d.required and name not in values)
    return findings

