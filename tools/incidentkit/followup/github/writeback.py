"""Issue numbers and statuses written back into a postmortem's front matter, byte-minimally.

``issue: N`` goes after the item's last key; a status replaces the old value (or is added
where the spec's key order puts it). Every other byte of the file stays as it was, and the
file is replaced atomically. The item is found by its id, not by position, so a file edited
since it was read still gets the right lines changed.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from incidentkit.errors import FatalError
from incidentkit.model.postmortem import ActionItem, ItemStatus
from incidentkit.store import atomic, lock
from incidentkit.store.edit import (
    EditError,
    front_matter_span,
    insert_key,
    set_scalar,
)
from incidentkit.store.reading import read_file
from incidentkit.store.yamlload import Problem, decode, load_text

#: The keys of an action item in the spec's order.
ITEM_KEYS: tuple[str, ...] = tuple(ActionItem.model_fields)


@dataclass(slots=True)
class FileEdits:
    rel: str
    issues: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, ItemStatus] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.issues or self.statuses)


def _find(text: str, item_id: str) -> tuple[int, list[str]]:
    """Position of the item ``item_id`` in ``action_items``, and its keys in order."""
    start, end = front_matter_span(text)
    data = load_text(text[start:end]).data
    items = data.get("action_items") if isinstance(data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and item.get("id") == item_id:
            return i, [str(key) for key in item]
    raise EditError(f"action item {item_id} is no longer in the file")


def _set(text: str, item_id: str, key: str, value: int | str) -> str:
    index, keys = _find(text, item_id)
    span = front_matter_span(text)
    if key in keys:
        return set_scalar(text, ("action_items", index, key), value, span=span)
    before = ITEM_KEYS[: ITEM_KEYS.index(key)]
    after = max((k for k in keys if k in before), key=before.index, default=None)
    if key == "issue":
        after = None  # the item's last key
    return insert_key(text, ("action_items", index), key, value, after=after, span=span)


def apply(text: str, edits: FileEdits) -> str:
    """``text`` with the edits made; :class:`EditError` if one cannot be made."""
    for item_id, status in edits.statuses.items():
        text = _set(text, item_id, "status", status)
    for item_id, number in edits.issues.items():
        text = _set(text, item_id, "issue", number)
    return text


def write_back(root: Path, edits: FileEdits) -> bool:
    """Make the edits in the file; ``True`` if it changed. Raises :class:`EditError`.

    The folder's edit lock (:mod:`incidentkit.store.lock`) is held from the read to the write.
    """
    try:
        with lock.locked((root / edits.rel).parent, rel=edits.rel):
            return _write_back(root, edits)
    except EditError:
        raise
    except FatalError as exc:
        raise EditError(exc.message) from None


def _write_back(root: Path, edits: FileEdits) -> bool:
    path = root / edits.rel
    raw = read_file(root, edits.rel)
    if isinstance(raw, Problem):
        raise EditError(f"cannot read {edits.rel}: {raw.message}")
    text = decode(raw)
    if isinstance(text, Problem):
        raise EditError(f"cannot read {edits.rel}: {text.message}")
    new = apply(text, edits)
    if new == text:
        return False
    bom = "\ufeff" if raw.startswith(codecs.BOM_UTF8) else ""
    try:
        atomic.write_text(path, bom + new)
    except OSError as exc:
        raise EditError(f"cannot write {edits.rel}: {exc.strerror or exc}") from None
    return True
