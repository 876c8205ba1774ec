"""Compare two snapshots document by document: what was declared, moved, closed or removed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from incidentkit.changes.versions import Snapshot
from incidentkit.model.incident import Incident
from incidentkit.model.postmortem import ActionItem
from incidentkit.store.frontmatter import sections
from incidentkit.store.layout import Kind


class ChangeKind(StrEnum):
    """What happened, in the order a reader wants it (the order of the report's groups)."""

    DECLARED = "incident-declared"
    SEVERITY = "incident-severity"
    STATUS = "incident-status"
    REMOVED = "incident-removed"
    POSTMORTEM_ADDED = "postmortem-added"
    POSTMORTEM_STATUS = "postmortem-status"
    POSTMORTEM_REMOVED = "postmortem-removed"
    ITEM_ADDED = "action-item-added"
    ITEM_CLOSED = "action-item-closed"
    ITEM_CHANGED = "action-item-changed"
    ITEM_REMOVED = "action-item-removed"
    EDITED = "edited"


ORDER = {kind: n for n, kind in enumerate(ChangeKind)}


@dataclass(frozen=True, slots=True)
class Delta:
    """One value before and after (``None``: not set)."""

    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    #: The incident the change belongs to (its id, the file's stem).
    incident: str
    #: The file, in the head version (in the base version for a removal).
    path: str
    #: The incident's title, or the action item's.
    title: str = ""
    #: The action item's id.
    item: str | None = None
    #: Values that changed.
    deltas: tuple[Delta, ...] = ()
    #: What describes a new thing (severity, services, owner, ...), or for ``EDITED`` each
    #: edited field with a note on how.
    facts: tuple[tuple[str, str], ...] = ()


def _show(value: Any) -> str:
    """A value as the files write it."""
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # ``percent: 30`` is a float in the model: not "30.0"
    return str(value)


def _text(value: Any) -> str | None:
    return None if value is None else _show(value)


def _note(before: Any, after: Any) -> str:
    """How one value changed, in a few words."""
    if isinstance(before, list) and isinstance(after, list):
        if all(isinstance(v, str) for v in before + after):
            gone = [v for v in before if v not in after]
            new = [v for v in after if v not in before]
            return " ".join([*(f"+{v}" for v in new), *(f"-{v}" for v in gone)]) or "reordered"
        if len(after) > len(before) and after[: len(before)] == before:
            return f"{len(after) - len(before)} added"
        if len(after) < len(before) and before[: len(after)] == after:
            return f"{len(before) - len(after)} removed"
        return "changed"
    if before is None:
        return f"set to {_show(after)}" if _short(after) else "set"
    if after is None:
        return "removed"
    if _short(before) and _short(after):
        return f"{_show(before)} → {_show(after)}"
    return "changed"


def _short(value: Any) -> bool:
    text = _show(value)
    return not isinstance(value, dict | list) and len(text) <= 60 and "\n" not in text


def _edits(before: Mapping[str, Any], after: Mapping[str, Any], skip: Iterable[str],
           prefix: str = "") -> Iterator[tuple[str, str]]:
    """``(field, note)`` for every field that differs; mappings are looked into one level."""
    skipped = set(skip)
    for key in [*before, *(k for k in after if k not in before)]:
        if key in skipped:
            continue
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        name = f"{prefix}{key}"
        if isinstance(old, dict) and isinstance(new, dict) and not prefix:
            yield from _edits(old, new, (), f"{name}.")
        else:
            yield name, _note(old, new)


def _direction(before: str, after: str, order: list[str]) -> str:
    """``raised`` when ``after`` is more severe (earlier in the configured list)."""
    if before not in order or after not in order:
        return ""
    return "raised" if order.index(after) < order.index(before) else "lowered"


def _incidents(base: Snapshot, head: Snapshot) -> Iterator[Change]:
    old_paths, new_paths = base.present[Kind.INCIDENT], head.present[Kind.INCIDENT]
    for key in sorted(old_paths.keys() | new_paths.keys()):
        old_doc, new_doc = base.incidents.get(key), head.incidents.get(key)
        if key not in old_paths:
            if new_doc is not None:
                yield _declared(key, new_doc.rel, new_doc.model)
            continue
        if key not in new_paths:
            title = old_doc.model.title if old_doc else ""
            yield Change(ChangeKind.REMOVED, key, old_paths[key], title)
            continue
        if old_doc is None or new_doc is None:
            continue  # listed as unreadable
        old, new = old_doc.model, new_doc.model
        path = new_doc.rel
        if old.severity != new.severity:
            direction = _direction(old.severity, new.severity, head.severity_ids)
            yield Change(ChangeKind.SEVERITY, key, path, new.title,
                         deltas=(Delta("severity", old.severity, new.severity),),
                         facts=(("direction", direction),) if direction else ())
        if old.status != new.status:
            yield Change(ChangeKind.STATUS, key, path, new.title,
                         deltas=(Delta("status", old.status, new.status),))
        edits = list(_edits(old.model_dump(), new.model_dump(),
                            ("severity", "status")))
        if old_doc.rel != path:
            edits.append(("file", f"moved from {old_doc.rel}"))
        if edits:
            yield Change(ChangeKind.EDITED, key, path, new.title, facts=tuple(edits))


def _declared(key: str, path: str, incident: Incident) -> Change:
    return Change(ChangeKind.DECLARED, key, path, incident.title, facts=(
        ("severity", incident.severity),
        ("status", incident.status),
        ("services", ", ".join(incident.services)),
    ))


def _item_facts(item: ActionItem) -> tuple[tuple[str, str], ...]:
    facts = [("owner", item.owner), ("priority", item.priority),
             ("due", item.due.isoformat() if item.due else "")]
    if item.status != "open":
        facts.append(("status", item.status))
    return tuple(facts)


_ITEM_FIELDS = ("owner", "due", "priority", "status", "title")


def _items(key: str, path: str, old: list[ActionItem], new: list[ActionItem]
           ) -> Iterator[Change]:
    before = {i.id: i for i in old}
    after = {i.id: i for i in new}
    for item in new:
        was = before.get(item.id)
        if was is None:
            yield Change(ChangeKind.ITEM_ADDED, key, path, item.title, item.id,
                         facts=_item_facts(item))
            continue
        deltas = tuple(
            Delta(name, _text(getattr(was, name)), _text(getattr(item, name)))
            for name in _ITEM_FIELDS if getattr(was, name) != getattr(item, name)
        )
        if not deltas:
            continue
        closed = item.is_closed and not was.is_closed
        yield Change(ChangeKind.ITEM_CLOSED if closed else ChangeKind.ITEM_CHANGED, key, path,
                     item.title, item.id, deltas)
    for item in old:
        if item.id not in after:
            yield Change(ChangeKind.ITEM_REMOVED, key, path, item.title, item.id)


def _sections_edited(before: str, after: str) -> str:
    """The level-2 sections whose text differs, or ``edited`` when the edit is elsewhere."""
    old = {s.title: s.body.strip() for s in sections(before) if s.level == 2}
    new = {s.title: s.body.strip() for s in sections(after) if s.level == 2}
    names = [t for t in new if old.get(t) != new[t]] + [t for t in old if t not in new]
    return "edited in " + ", ".join(names) if names else "edited"


def _postmortems(base: Snapshot, head: Snapshot) -> Iterator[Change]:
    old_paths, new_paths = base.present[Kind.POSTMORTEM], head.present[Kind.POSTMORTEM]
    for key in sorted(old_paths.keys() | new_paths.keys()):
        old_doc, new_doc = base.postmortems.get(key), head.postmortems.get(key)
        if key not in old_paths:
            if new_doc is not None:
                meta = new_doc.model
                yield Change(ChangeKind.POSTMORTEM_ADDED, key, new_doc.rel, facts=(
                    ("status", meta.status), ("action_items", str(len(meta.action_items)))))
                yield from _items(key, new_doc.rel, [], meta.action_items)
            continue
        if key not in new_paths:
            facts = (("action_items", str(len(old_doc.model.action_items))),) if old_doc else ()
            yield Change(ChangeKind.POSTMORTEM_REMOVED, key, old_paths[key], facts=facts)
            continue
        if old_doc is None or new_doc is None:
            continue
        old, new = old_doc.model, new_doc.model
        path = new_doc.rel
        if old.status != new.status:
            yield Change(ChangeKind.POSTMORTEM_STATUS, key, path,
                         deltas=(Delta("status", old.status, new.status),))
        yield from _items(key, path, old.action_items, new.action_items)
        edits = list(_edits(old.model_dump(), new.model_dump(),
                            ("status", "action_items")))
        if base.bodies.get(key) != head.bodies.get(key):
            edits.append(("text", _sections_edited(base.bodies.get(key, ""),
                                                   head.bodies.get(key, ""))))
        if edits:
            yield Change(ChangeKind.EDITED, key, path, facts=tuple(edits))


def compare(base: Snapshot, head: Snapshot) -> list[Change]:
    """Every change from ``base`` to ``head``, grouped by kind, then by incident."""
    found = [*_incidents(base, head), *_postmortems(base, head)]
    return sorted(found, key=lambda c: (ORDER[c.kind], c.incident))
