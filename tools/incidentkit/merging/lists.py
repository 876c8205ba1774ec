"""Merging lists: timed entries (timeline, updates), items matched by id (action items), and
plain lists merged as sets (services, tags, experts…)."""

from __future__ import annotations

from abc import abstractmethod
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from yaml.nodes import Node, SequenceNode

from incidentkit.merging.positions import At, Side, Unmergeable, is_flow
from incidentkit.merging.values import MISSING, ById, Edit, Path, canon, field_name, same


@dataclass(frozen=True, slots=True)
class _Changes:
    """What one side did to the base's entries, taken as a multiset (an entry moved among
    entries of its own time is not a change: two clones may order such entries differently)."""

    #: Base index → the side's index of an equal entry.
    kept: dict[int, int]
    #: Base index → the side's index of the entry that replaced it (the same ``at``).
    changed: dict[int, int]
    #: The side's indexes of entries it added.
    added: list[int]


def _changes(base: list[Any], side: list[Any]) -> _Changes:
    free: dict[str, list[int]] = {}
    for j, item in enumerate(side):
        free.setdefault(canon(item), []).append(j)
    kept = {}
    for i, item in enumerate(base):
        equal = free.get(canon(item))
        if equal:
            kept[i] = equal.pop(0)
    taken = set(kept.values())
    new = [j for j in range(len(side)) if j not in taken]
    changed: dict[int, int] = {}
    for i, item in enumerate(base):
        if i in kept:
            continue
        match = next((j for j in new if j not in changed.values()
                      and same(side[j].get("at"), item.get("at"))), None)
        if match is not None:
            changed[i] = match
    return _Changes(kept, changed, [j for j in new if j not in changed.values()])


def _time(item: Any, path: Path) -> datetime:
    at = item.get("at") if isinstance(item, dict) else None
    try:
        moment = datetime.fromisoformat(str(at))
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise Unmergeable(f"an entry of {field_name(path)} has no valid 'at' time")
    return moment


class ListMerges:
    """The list steps of :class:`~incidentkit.merging.tree.Merger`."""

    ours: Side
    theirs: Side
    edits: list[Edit]

    @abstractmethod
    def merge_value(self, path: Path, base: Any, o: At, t: At) -> Any: ...

    @abstractmethod
    def conflict(self, path: Path, base: Any, o: At | None, t: At | None, *,
                 o_data: Any = None, t_data: Any = None) -> None: ...

    # -- timeline and updates ----------------------------------------------------------------

    def merge_timed(self, path: Path, base: list[Any], o: At, t: At) -> list[Any]:
        """Both sides' new entries, in time order (equal times: ours, then theirs); an entry
        changed or removed on one side is taken; an entry added on both sides is kept once."""
        o_seq, t_seq = _sequence(o.node), _sequence(t.node)
        o_times = [_time(item, path) for item in o.data]
        for item in [*t.data, *base]:
            _time(item, path)
        merged, o_added, t_added = self._common(path, base, o, t, o_seq, t_seq)
        ours_new = Counter(canon(o.data[j]) for j in o_added)
        groups: dict[int, list[int]] = {}
        for j in t_added:
            text = canon(t.data[j])
            if ours_new[text] > 0:
                ours_new[text] -= 1
                continue
            when = _time(t.data[j], path)
            place = next((i for i, at in enumerate(o_times) if at > when), len(o_times))
            groups.setdefault(place, []).append(j)
        for place, indexes in sorted(groups.items()):
            self._insert(o, t, o_seq, t_seq, place, indexes)
        result: list[Any] = []
        for place in range(len(o.data) + 1):
            result.extend(t.data[j] for j in groups.get(place, ()))
            if place < len(o.data) and place in merged:
                result.append(merged[place])
        return self._nonempty(result, o_seq)

    def _common(self, path: Path, base: list[Any], o: At, t: At, o_seq: SequenceNode,
                t_seq: SequenceNode) -> tuple[dict[int, Any], list[int], list[int]]:
        """Ours' items after theirs' changes and removals of base items, by ours' index; the
        indexes of the items each side added."""
        o_changes, t_changes = _changes(base, o.data), _changes(base, t.data)
        merged = dict(enumerate(o.data))
        for i, b_item in enumerate(base):
            if i in t_changes.kept:
                continue
            oi = o_changes.kept.get(i, o_changes.changed.get(i))
            ti = t_changes.changed.get(i)
            o_at = self._item(o, o_seq, oi) if oi is not None else None
            t_at = self._item(t, t_seq, ti) if ti is not None else None
            if t_at is None and oi is not None and i in o_changes.kept:
                self._delete(o, o_seq, oi)
                del merged[oi]
            elif o_at is not None and t_at is not None and oi is not None:
                merged[oi] = self.merge_value((*path, i), b_item, o_at, t_at)
            elif o_at is not None or t_at is not None:  # removed on one side, changed on the other
                self.conflict((*path, i), b_item, o_at, t_at, o_data=MISSING, t_data=MISSING)
        return merged, o_changes.added, t_changes.added

    # -- action items ------------------------------------------------------------------------

    def merge_keyed(self, path: Path, key: str, base: list[Any], o: At, t: At) -> list[Any]:
        """Items matched by ``key``: each item's fields merged; items added on either side
        kept (theirs' after ours'); an item removed on one side and unchanged on the other
        goes."""
        o_seq, t_seq = _sequence(o.node), _sequence(t.node)
        b_by, o_by, t_by = (_by_key(items, key, path) for items in (base, o.data, t.data))
        result: list[Any] = []
        for oi, item in enumerate(o.data):
            name = str(item[key])
            b_item, ti = b_by.get(name, MISSING), t_by.get(name)
            if ti is not None:
                result.append(self.merge_value(
                    (*path, ById(name)), base[b_item] if b_item is not MISSING else MISSING,
                    self._item(o, o_seq, oi), self._item(t, t_seq, ti)))
            elif b_item is MISSING:
                result.append(item)
            elif same(base[b_item], item):
                self._delete(o, o_seq, oi)
            else:
                self.conflict((*path, ById(name)), base[b_item],
                              self._item(o, o_seq, oi), None, t_data=MISSING)
                result.append(item)
        added: list[int] = []
        for ti, item in enumerate(t.data):
            name = str(item[key])
            if name in o_by:
                continue
            if name not in b_by:
                added.append(ti)
                result.append(item)
            elif not same(base[b_by[name]], item):
                self.conflict((*path, ById(name)), base[b_by[name]], None,
                              self._item(t, t_seq, ti), o_data=MISSING)
        if added:
            self._insert(o, t, o_seq, t_seq, len(o.data), added)
        return self._nonempty(result, o_seq)

    # -- plain lists -------------------------------------------------------------------------

    def merge_set(self, path: Path, base: list[Any], o: At, t: At) -> list[Any]:
        """Items added or removed on either side: ours' order, then theirs' additions."""
        o_seq, t_seq = _sequence(o.node), _sequence(t.node)
        b_count = Counter(canon(v) for v in base)
        t_count = Counter(canon(v) for v in t.data)
        removed, added = b_count - t_count, t_count - b_count
        result: list[Any] = []
        for oi, item in enumerate(o.data):
            text = canon(item)
            if removed[text] > 0:
                removed[text] -= 1
                self._delete(o, o_seq, oi)
            else:
                result.append(item)
        present = Counter(canon(v) for v in result)
        new: list[int] = []
        for ti, item in enumerate(t.data):
            text = canon(item)
            if added[text] <= 0:
                continue
            added[text] -= 1
            if present[text] > 0:
                present[text] -= 1
            else:
                new.append(ti)
                result.append(item)
        if new:
            self._insert(o, t, o_seq, t_seq, len(o.data), new)
        return self._nonempty(result, o_seq)

    # -- text --------------------------------------------------------------------------------

    @staticmethod
    def _item(at: At, seq: SequenceNode, index: int) -> At:
        return At(at.data[index], seq.value[index], None, at.flow or is_flow(seq))

    @staticmethod
    def _nonempty(result: list[Any], o_seq: SequenceNode) -> list[Any]:
        if not result and o_seq.value:
            raise Unmergeable("every item of a list was removed")
        return result

    def _delete(self, o: At, seq: SequenceNode, index: int) -> None:
        ours = self.ours
        items: Sequence[Node] = seq.value
        if o.flow or is_flow(seq):
            if index + 1 < len(items):
                self.edits.append(Edit(ours.begin(items[index]), ours.begin(items[index + 1]),
                                       ""))
            elif index > 0:
                self.edits.append(Edit(ours.end(items[index - 1]), ours.end(items[index]), ""))
            else:
                raise Unmergeable("the only item of a flow list was removed")
            return
        begin, stop = ours.item_lines(items[index])
        self.edits.append(Edit(begin, stop, ""))

    def _insert(self, o: At, t: At, o_seq: SequenceNode, t_seq: SequenceNode, place: int,
                indexes: list[int]) -> None:
        """Theirs' items ``indexes``, in their own text, into ours' list before ours' item
        ``place`` (after the one before it and its comments), or last."""
        ours, theirs = self.ours, self.theirs
        items: Sequence[Node] = o_seq.value
        if not items:
            raise Unmergeable("items were added to a list that is empty on this side")
        t_flow = t.flow or is_flow(t_seq)
        texts = [theirs.text[theirs.begin(t_seq.value[j]) : theirs.end(t_seq.value[j])]
                 for j in indexes]
        if o.flow or is_flow(o_seq):
            if any("\n" in text for text in texts) and not t_flow:
                raise Unmergeable("a block item cannot be added to a flow list")
            if place < len(items):
                pos = ours.begin(items[place])
                self.edits.append(Edit(pos, pos, "".join(f"{text}, " for text in texts)))
            else:
                pos = ours.end(items[-1])
                self.edits.append(Edit(pos, pos, "".join(f", {text}" for text in texts)))
            return
        dash = ours.dash(items[0])
        column = ours.column(dash)
        if place == 0:
            pos = ours.line_start(dash)
        else:
            pos = ours.after(items[place - 1], ours.column(ours.dash(items[place - 1])))
        nl = ours.nl()
        new = []
        for j, text in zip(indexes, texts, strict=True):
            item = t_seq.value[j]
            if t_flow:
                new.append(" " * column + "- " + text + nl)
                continue
            t_dash = theirs.dash(item)
            lines = theirs.lines_at(t_dash, theirs.after(item, theirs.column(t_dash)), column)
            new.append(lines if lines.endswith("\n") else lines + nl)
        lead = nl if pos == len(ours.text) and not ours.text.endswith("\n") else ""
        self.edits.append(Edit(pos, pos, lead + "".join(new)))


def _sequence(node: Node) -> SequenceNode:
    if not isinstance(node, SequenceNode):
        raise Unmergeable("a list is not written as one")
    return node


def _by_key(items: list[Any], key: str, path: Path) -> dict[str, int]:
    """Index of each item by its ``key``; every item must have one, each different."""
    found: dict[str, int] = {}
    for index, item in enumerate(items):
        value = item.get(key) if isinstance(item, dict) else None
        if not isinstance(value, str | int) or isinstance(value, bool) or str(value) in found:
            raise Unmergeable(f"the items of {field_name(path)} do not each have their own "
                              f"{key!r}")
        found[str(value)] = index
    return found
