"""The structural three-way merge: values and mappings, as edits of ours' text.

:class:`Merger` walks base, ours and theirs together. Each step returns the merged value
(ours' value where the sides conflict) and records the text edits that turn ours into it,
copying what comes from theirs from theirs' own bytes, and the conflicts.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode

from incidentkit.merging.lists import ListMerges
from incidentkit.merging.positions import At, Side, Unmergeable, block, is_flow, shift
from incidentkit.merging.values import MISSING, Conflict, Edit, Path, Rules, field_name, same


class Merger(ListMerges):
    def __init__(self, ours: Side, theirs: Side, rules: Rules) -> None:
        self.ours = ours
        self.theirs = theirs
        self.rules = rules
        self.edits: list[Edit] = []
        self.conflicts: list[Conflict] = []

    # -- values ------------------------------------------------------------------------------

    def merge_value(self, path: Path, base: Any, o: At, t: At) -> Any:
        if same(o.data, t.data) or same(base, t.data):
            return o.data
        if isinstance(o.data, dict) and isinstance(t.data, dict) and (
                is_flow(o.node) == is_flow(t.node)):
            return self.merge_mapping(path, base if isinstance(base, dict) else {}, o, t)
        lists = isinstance(o.data, list) and isinstance(t.data, list)
        name = path[0] if len(path) == 1 else None
        if lists and name in self.rules.timed:
            return self.merge_timed(path, base if isinstance(base, list) else [], o, t)
        if lists and name in self.rules.by_key:
            key = self.rules.by_key[str(name)]
            return self.merge_keyed(path, key, base if isinstance(base, list) else [], o, t)
        if same(base, o.data):
            self.replace(o, t)
            return t.data
        if lists and isinstance(base, list):
            return self.merge_set(path, base, o, t)
        self.conflict(path, base, o, t)
        return o.data

    def replace(self, o: At, t: At) -> None:
        """Ours' value (of a mapping's key) becomes theirs', in theirs' text."""
        if o.key is None or t.key is None:
            raise Unmergeable("a value outside a mapping changed")
        ours, theirs = self.ours, self.theirs
        if o.flow or (ours.inline(o.node) and theirs.inline(t.node)):
            begin, stop = ours.begin(o.node), ours.end(o.node)
            new = theirs.text[theirs.begin(t.node) : theirs.end(t.node)]
            if "\n" in new and not o.flow:
                raise Unmergeable("a value spans lines")
            if begin == stop and ours.text[begin - 1] == ":":  # an empty value: `key:`
                new = " " + new
            if new == "" and ours.text[begin - 2 : begin] == ": ":
                begin -= 1
            stop, new = _keep_comment_column(ours.text, begin, stop, new)
            self.edits.append(Edit(begin, stop, new))
            return
        begin = ours.key_end(o.key)
        stop = max(ours.end(o.node), begin + 1)
        t_begin = theirs.key_end(t.key)
        t_stop = max(theirs.end(t.node), t_begin + 1)
        delta = ours.column(ours.begin(o.key)) - theirs.column(theirs.begin(t.key))
        chunk = theirs.text[t_begin:t_stop]
        first, sep, rest = chunk.partition("\n")
        self.edits.append(Edit(begin, stop, first + sep + shift(rest, delta)))

    # -- mappings ----------------------------------------------------------------------------

    def merge_mapping(self, path: Path, base: dict[str, Any], o: At, t: At) -> dict[str, Any]:
        if not isinstance(o.node, MappingNode) or not isinstance(t.node, MappingNode):
            raise Unmergeable("a mapping is not written as one")
        o_pairs, t_pairs = Side.pairs(o.node), Side.pairs(t.node)
        result = dict(o.data)
        flow = o.flow or is_flow(o.node)
        t_flow = t.flow or is_flow(t.node)
        for key in [*o.data, *(k for k in t.data if k not in o.data)]:
            b_val, o_val = base.get(key, MISSING), o.data.get(key, MISSING)
            t_val = t.data.get(key, MISSING)
            if same(o_val, t_val) or same(b_val, t_val):
                continue
            if same(b_val, o_val) and t_val is MISSING:
                self.delete_key(o.node, key, flow)
                del result[key]
            elif same(b_val, o_val) and o_val is MISSING:
                self.insert_key(o.node, t.node, key, flow)
                result[key] = t_val
            elif o_val is not MISSING and t_val is not MISSING:
                o_key, o_node = o_pairs[key]
                t_key, t_node = t_pairs[key]
                result[key] = self.merge_value(
                    (*path, key), b_val, At(o_val, o_node, o_key, flow),
                    At(t_val, t_node, t_key, t_flow))
            else:
                o_at = At(o_val, o_pairs[key][1], o_pairs[key][0]) if key in o_pairs else None
                t_at = At(t_val, t_pairs[key][1], t_pairs[key][0]) if key in t_pairs else None
                self.conflict((*path, key), b_val, o_at, t_at, o_data=o_val, t_data=t_val)
        return result

    def delete_key(self, mapping: MappingNode, key: str, flow: bool) -> None:
        ours = self.ours
        pairs = mapping.value
        index = next(i for i, (k, _) in enumerate(pairs) if str(k.value) == key)
        if len(pairs) < 2:
            raise Unmergeable("the only key of a mapping was removed")
        key_node, value = pairs[index]
        if flow or is_flow(mapping):
            if index + 1 < len(pairs):
                self.edits.append(Edit(ours.begin(key_node), ours.begin(pairs[index + 1][0]), ""))
            else:
                self.edits.append(Edit(ours.end(pairs[index - 1][1]), ours.end(value), ""))
            return
        begin, stop = ours.pair_lines(key_node, value)
        self.edits.append(Edit(begin, stop, ""))

    def insert_key(self, o_map: MappingNode, t_map: MappingNode, key: str, flow: bool) -> None:
        """Add theirs' ``key`` to ours' mapping, after the key that precedes it in theirs."""
        ours, theirs = self.ours, self.theirs
        o_pairs = Side.pairs(o_map)
        t_keys = [str(k.value) for k, _ in t_map.value]
        before = [k for k in t_keys[: t_keys.index(key)] if k in o_pairs]
        anchor_key, anchor = o_pairs[before[-1]] if before else o_map.value[-1]
        t_key, t_value = Side.pairs(t_map)[key]
        key_text = theirs.text[theirs.begin(t_key) : theirs.key_end(t_key)]
        value_text = theirs.text[theirs.begin(t_value) : theirs.end(t_value)]
        if flow or is_flow(o_map):
            if not theirs.inline(t_value) and not is_flow(t_value):
                raise Unmergeable("a block value cannot be added to a flow mapping")
            pos = ours.end(anchor)
            self.edits.append(Edit(pos, pos, f", {key_text}: {value_text}"))
            return
        if not block(t_map):  # pragma: no cover - merge_value pairs block with block only
            raise Unmergeable("a key of a flow mapping cannot go into a block mapping")
        column = ours.column(ours.begin(anchor_key))
        pos = ours.after(anchor, column)
        begin = theirs.begin(t_key)
        stop = theirs.after(t_value, theirs.column(begin))
        text = theirs.comments_above(begin, column) + theirs.lines_at(begin, stop, column)
        if pos == len(ours.text) and not ours.text.endswith("\n"):
            text = ours.nl() + text
        if not text.endswith("\n"):
            text += ours.nl()
        self.edits.append(Edit(pos, pos, text))

    # -- conflicts ---------------------------------------------------------------------------

    def conflict(self, path: Path, base: Any, o: At | None, t: At | None, *,
                 o_data: Any = None, t_data: Any = None) -> None:
        """Record a conflict; its lines are those of the key (or list item) and its value."""
        ours_value = o.data if o is not None else o_data
        theirs_value = t.data if t is not None else t_data
        region: tuple[int, int] | None = None
        theirs_lines = ""
        if o is not None:
            start = self._start(self.ours, o)
            region = self.ours.full_lines(start, self.ours.end(o.node))
            if t is not None:
                t_start = self._start(self.theirs, t)
                t_begin, t_end = self.theirs.full_lines(t_start, self.theirs.end(t.node))
                delta = self.ours.column(start) - self.theirs.column(t_start)
                theirs_lines = shift(self.theirs.text[t_begin:t_end], delta)
        self.conflicts.append(Conflict(field_name(path), base, ours_value, theirs_value,
                                       region, theirs_lines))

    @staticmethod
    def _start(side: Side, at: At) -> int:
        if at.key is not None:
            return side.begin(at.key)
        return side.dash(at.node) if not at.flow else side.begin(at.node)


def _keep_comment_column(text: str, begin: int, stop: int, new: str) -> tuple[int, str]:
    """The end of the span to replace and its new text, so that a comment after the old value
    keeps its column when the new value fits (as ``set_scalar`` does)."""
    rest = text[stop : text.find("\n", stop) if "\n" in text[stop:] else len(text)]
    gap = len(rest) - len(rest.lstrip(" "))
    if gap and rest[gap:].startswith("#"):
        width = gap + (stop - begin) - len(new)
        return stop + gap, new + " " * max(1, width)
    return stop, new
