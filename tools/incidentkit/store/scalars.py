"""YAML scalars on one line, quoted exactly where our loader (YAML 1.2 core) needs it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import yaml

from incidentkit.errors import FatalError
from incidentkit.store.yamlload import load_text

Scalar = str | int | float | bool | date | datetime | None
_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


class EditError(FatalError):
    """The edit cannot be made, or its result did not read back as intended: write nothing."""


def format_timestamp(value: datetime) -> str:
    """RFC 3339 text with the value's own offset, ``Z`` for UTC (``2026-01-15T14:00:00Z``)."""
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(f"timestamp {value.isoformat()} has no offset")
    text = value.isoformat()
    return text[:-6] + "Z" if offset == timedelta(0) else text


def _dump(value: Scalar, flow: bool, style: str | None) -> str:
    if flow:
        out = yaml.safe_dump([value], default_flow_style=True, width=math.inf,
                             allow_unicode=True, default_style=style)
        return out.rstrip("\n")[1:-1]
    out = yaml.safe_dump(value, width=math.inf, allow_unicode=True, default_style=style)
    return out.removesuffix("\n...\n").removesuffix("\n")


def _reads_back(text: str, value: Scalar, flow: bool) -> bool:
    """Whether our loader (YAML 1.2 core) reads ``text`` as ``value`` (PyYAML dumps YAML 1.1)."""
    got = load_text(f"[{text}]" if flow else f"- {text}").data
    return isinstance(got, list) and len(got) == 1 and type(got[0]) is type(value) and (
        got[0] == value)


def render_scalar(value: Scalar, *, flow: bool = False) -> str:
    """``value`` as YAML on one line, quoted where YAML needs it (inside ``[]``/``{}`` if flow).

    Timestamps are RFC 3339 text (``Z`` for UTC) and dates ``YYYY-MM-DD``, both unquoted.
    """
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    for style in (None, "'", '"'):  # double quotes escape line breaks instead of folding lines
        text = _dump(value, flow, style)
        if not any(b in text for b in _BREAKS) and _reads_back(text, value, flow):
            return text
    raise EditError(f"cannot write {value!r} as a YAML value")


@dataclass(frozen=True, slots=True)
class FlowList:
    """A list of single values, written on one line: ``[erin, frank]``."""

    values: tuple[Scalar, ...]

    def render(self) -> str:
        return "[" + ", ".join(render_scalar(v, flow=True) for v in self.values) + "]"
