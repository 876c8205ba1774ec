"""Pydantic validation errors → findings at the offending key or value."""

from __future__ import annotations

import difflib
from typing import Annotated, Any, Protocol, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from incidentkit.checks.finding import MAX_PER_FILE, TOO_MANY, Finding, Severity
from incidentkit.checks.located import Located
from incidentkit.model.types import PATTERN_NAMES
from incidentkit.store.text import quote

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Adapter(Protocol[T_co]):
    """What the checks need of a ``pydantic.TypeAdapter`` (covariant, unlike the class)."""

    def validate_python(self, data: Any, /) -> T_co: ...

    def json_schema(self) -> dict[str, Any]: ...

_ID_KEYS = {"id", "incident", "related"}
_PATTERNS = PATTERN_NAMES


_SCHEMAS: dict[int, dict[str, Any]] = {}


def _schema(adapter: Adapter[Any]) -> dict[str, Any]:
    """The adapter's JSON Schema, computed once (only needed to suggest a key)."""
    if id(adapter) not in _SCHEMAS:
        _SCHEMAS[id(adapter)] = adapter.json_schema()
    return _SCHEMAS[id(adapter)]


def _properties_at(adapter: Adapter[Any], loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed at ``loc``, read off the JSON Schema (aliases included)."""
    root = _schema(adapter)
    defs = root.get("$defs", {})

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while True:
            if "$ref" in node:
                node = defs[node["$ref"].rsplit("/", 1)[-1]]
            elif "anyOf" in node:
                objects = [n for n in node["anyOf"] if "$ref" in n or n.get("type") in (
                    "object", "array")]
                if not objects:
                    return node
                node = objects[0]
            else:
                return node

    node = resolve(root)
    for part in loc:
        if isinstance(part, int):
            node = resolve(node.get("items", {}))
        else:
            node = resolve(node.get("properties", {}).get(part, {}))
    return list(node.get("properties", {}))


def _describe(value: Any) -> str:
    return quote(value)


#: The message of the finding that counts a file's schema errors past the first MAX_PER_FILE
#: (the runner's ``too-many-findings`` summary replaces it with the whole count).
UNDESCRIBED = "more schema errors follow: fix the ones shown first, then run validate again"


def _message(adapter: Adapter[Any], error: Any) -> tuple[str, str, bool]:
    """(code, message, point at the key) for one pydantic error."""
    kind: str = error["type"]
    loc: tuple[str | int, ...] = tuple(error["loc"])
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    value = error.get("input")
    if kind == "extra_forbidden":
        allowed = _properties_at(adapter, loc[:-1])
        close = difflib.get_close_matches(field, allowed, n=1)
        hint = f"did you mean {quote(close[0])}?" if close else (
            f"allowed keys here: {', '.join(allowed)}" if allowed else "remove it"
        )
        return "unknown-key", f"unknown key {quote(field)}: {hint}", True
    if kind == "missing":
        parent = ".".join(str(p) for p in loc[:-1])
        where = f" in {parent}" if parent else ""
        return "missing-key", f"required key {quote(field)} is missing{where}: add it", False
    if kind == "naive_timestamp":
        return "naive-timestamp", error["msg"], False
    if kind == "unknown_timezone":
        return "unknown-timezone", error["msg"], False
    if kind in ("literal_error", "enum"):
        expected = error.get("ctx", {}).get("expected", "")
        return "invalid-value", f"{_describe(value)} is not allowed for {quote(field)}: " \
            f"use {expected}", False
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        wanted = _PATTERNS.get(pattern, f"text matching {pattern}")
        code = "invalid-id" if field in _ID_KEYS else "invalid-value"
        return code, f"{_describe(value)} is not valid for {quote(field)}: expected {wanted}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "wrong-type", f"{field or 'the document'} must be a mapping of keys to " \
            f"values, not {type(value).__name__}", False
    if kind == "list_type":
        return "wrong-type", f"{field or 'the document'} must be a list, not " \
            f"{type(value).__name__}", False
    msg = error["msg"]
    if kind == "value_error" and isinstance(value, dict):  # a model's own rule: say only it
        where = f" (in {field})" if field else ""
        return "invalid-value", f"{msg.removeprefix('Value error, ')}{where}", False
    where = f" for {quote(field)}" if field else ""
    return "invalid-value", f"{_describe(value)} is not valid{where}: {msg}", False


def _placed(source: Located, errors: list[Any]) -> list[tuple[tuple[int, int], int]]:
    """``((line, col), n)`` of each error. Unknown keys of one mapping are reported in the
    order they are written, so only the first ``MAX_PER_FILE + 1`` of a mapping are looked up;
    the others are placed at the last one looked up (past the findings that can be shown, so
    the cap and its summary line are the same as if each had been looked up)."""
    seen: dict[tuple[Any, ...], int] = {}
    last: dict[tuple[Any, ...], tuple[int, int]] = {}
    placed = []
    for n, error in enumerate(errors):
        loc = tuple(error["loc"])
        extra = error["type"] == "extra_forbidden"
        if extra:
            parent = loc[:-1]
            count = seen[parent] = seen.get(parent, 0) + 1
            if count > MAX_PER_FILE + 1:
                placed.append((last[parent], n))
                continue
        where = source.at(loc, key=extra)
        if extra:
            last[parent] = where
        placed.append((where, n))
    return placed


def validate(source: Located, adapter: Adapter[T], data: Any) -> tuple[T | None, list[Finding]]:
    """The model, or ``None`` and one finding per error at its line and column."""
    try:
        return adapter.validate_python(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    if len(errors) <= MAX_PER_FILE:
        findings = []
        for error in errors:
            code, message, key = _message(adapter, error)
            findings.append(source.finding(tuple(error["loc"]), code, message, key=key))
        return None, findings
    # Only the first MAX_PER_FILE by position can be shown (validation.capped keeps that many per
    # file): only those are described; the others are counted in one finding placed at the
    # first of them, so 80,000 unknown keys take linear time.
    placed = sorted(_placed(source, errors))
    findings = []
    for (line, col), n in placed[:MAX_PER_FILE]:
        code, message, _ = _message(adapter, errors[n])
        findings.append(Finding(source.rel, line, col, Severity.ERROR, code, message))
    (line, col), _ = placed[MAX_PER_FILE]
    findings.append(Finding(source.rel, line, col, Severity.ERROR, TOO_MANY, UNDESCRIBED,
                            more=len(placed) - MAX_PER_FILE))
    return None, findings


_FIELDS: dict[type[BaseModel], dict[str, tuple[str, FieldInfo, TypeAdapter[Any]]]] = {}


def _field_adapters(model: type[BaseModel]) -> dict[str, tuple[str, FieldInfo, TypeAdapter[Any]]]:
    """``key as written → (field name, field, adapter of its value alone)``, made once."""
    if model not in _FIELDS:
        adapters = {}
        for name, info in model.model_fields.items():
            alone: Any = Annotated[info.annotation, info]  # the field's constraints with it
            adapters[info.alias or name] = (name, info, TypeAdapter(alone))
        _FIELDS[model] = adapters
    return _FIELDS[model]


def fields_of(model: type[BaseModel], data: Any, valid: BaseModel | None) -> dict[str, Any]:
    """The top-level values the meaning checks may look at, by field name.

    Of a valid document, every field. Of one that failed its schema, the keys that are
    present and valid on their own (each validated alone), and the defaults of the optional
    keys it leaves out: a key that is present but invalid, or required and missing, is not in
    it. So a file's other problems (an unknown person, a time out of order) are reported in
    the same run as its schema errors, and nothing is said twice about one bad value.
    """
    if valid is not None:
        return dict(valid)
    if not isinstance(data, dict):
        return {}
    found: dict[str, Any] = {}
    for key, (name, info, adapter) in _field_adapters(model).items():
        if key in data:
            try:
                found[name] = adapter.validate_python(data[key])
            except ValidationError:
                continue
        elif not info.is_required():
            found[name] = info.get_default(call_default_factory=True)
    return found
