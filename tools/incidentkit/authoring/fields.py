"""``new incident|postmortem --field NAME=VALUE``: custom fields given on the command line,
typed by their declaration in ``incidentkit.yaml`` (model/fields.py) and written under
``fields:``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from incidentkit.config import Config
from incidentkit.errors import FatalError
from incidentkit.model.fields import CustomField
from incidentkit.store.edit import render_scalar


def _typed(declared: CustomField | None, text: str) -> Any:
    """``text`` as the declared type reads it: a number, ``true``/``false``, a comma-separated
    list; anything else (or what does not read as its type) stays text for ``validate`` to
    judge."""
    kind = declared.type if declared is not None else "text"
    if kind == "number":
        for convert in (int, float):
            try:
                return convert(text)
            except ValueError:
                continue
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    if kind == "list":
        return [item.strip() for item in text.split(",") if item.strip()]
    return text


def given(config: Config, assignments: Sequence[str],
          kind: Literal["incidents", "postmortems"] = "incidents",
          inherited: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``NAME=VALUE`` pairs → values by name, after the ``inherited`` values of fields declared
    for ``kind`` (a postmortem takes its incident's fields that apply to both); a
    ``FatalError`` for a pair without ``=``, a name given twice, or a required field left
    out."""
    declared = {f.name: f for f in config.custom_fields(kind)}
    values = {n: v for n, v in (inherited or {}).items() if n in declared}
    seen: set[str] = set()
    for pair in assignments:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise FatalError(f"--field {pair!r}: write NAME=VALUE, e.g. --field region=eu-west-1")
        if name in seen:
            raise FatalError(f"--field {name} is given twice: give each field once")
        seen.add(name)
        values[name] = _typed(declared.get(name), text.strip())
    missing = [n for n, f in declared.items() if f.required and n not in values]
    if missing:
        raise FatalError(
            f"incidentkit.yaml requires {', '.join(missing)}: pass "
            + " ".join(f"--field {n}=VALUE" for n in missing))
    return values


def render(values: Mapping[str, Any]) -> list[str]:
    """The ``fields:`` lines of a new file (none without values)."""
    if not values:
        return []
    lines = ["fields:"]
    for name, value in values.items():
        if isinstance(value, list):
            flow = ", ".join(render_scalar(v, flow=True) for v in value)
            lines.append(f"  {name}: [{flow}]")
        else:
            lines.append(f"  {name}: {render_scalar(value)}")
    return lines
