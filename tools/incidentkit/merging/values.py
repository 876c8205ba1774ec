"""What the merge steps share: how a path is named, data equality, edits and conflicts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple


class _Missing:
    def __repr__(self) -> str:
        return "missing"


#: The value of a key a side does not have.
MISSING: Final[Any] = _Missing()


class ById(NamedTuple):
    """A path part naming a list item by its id (``action_items[AI-1]``)."""

    id: str


Path = tuple[str | int | ById, ...]


def field_name(path: Path) -> str:
    """``roles.commander``, ``timeline[3].text``, ``action_items[AI-1].status``."""
    out = ""
    for part in path:
        if isinstance(part, ById):
            out += f"[{part.id}]"
        elif isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "the document"


def canon(value: Any) -> str:
    """A text equal for equal data and different for different data (``1`` is not ``true``)."""
    if value is MISSING:
        return "\x00missing"
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def same(a: Any, b: Any) -> bool:
    return a is b or canon(a) == canon(b)


@dataclass(frozen=True, slots=True)
class Edit:
    begin: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field both sides changed differently."""

    field: str
    base: Any
    ours: Any
    theirs: Any
    #: Ours' whole lines that hold the field (``None``: it has none to put markers around).
    region: tuple[int, int] | None
    #: Theirs' lines for it, indented as ours.
    theirs_lines: str


@dataclass(frozen=True, slots=True)
class Rules:
    """Which top-level lists are merged how."""

    #: Lists of entries with an ``at`` time: both sides' new entries, in time order.
    timed: frozenset[str] = frozenset()
    #: Lists of mappings matched by a key (``{"action_items": "id"}``).
    by_key: dict[str, str] = field(default_factory=dict)
