"""The three-way merge of one YAML text: parse, merge, apply the edits to ours, verify.

The merged text must read back as the merged data, or the merge is given up
(:class:`~incidentkit.merging.positions.Unmergeable`) and git's line merge decides. When git's
line merge of the three texts is clean and reads back as the same data, its text is taken: it
keeps comment changes of both sides, which the structural merge cannot see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from incidentkit.merging.gitmerge import LABELS, merge_texts
from incidentkit.merging.positions import At, Side, Unmergeable
from incidentkit.merging.tree import Merger
from incidentkit.merging.values import Conflict, Edit, Rules, canon, same
from incidentkit.store.yamldoc import Doc
from incidentkit.store.yamlload import Problem, compose_only, load_text

SIDES = ("ancestor", "ours", "theirs")


@dataclass(frozen=True, slots=True)
class Unreadable:
    """One side does not parse (or is not a mapping): where and why."""

    side: str
    problem: Problem


@dataclass(frozen=True, slots=True)
class Merged:
    text: str
    conflicts: tuple[Conflict, ...] = ()
    #: Whether the text has the conflicts' markers; ``False``: ``text`` keeps ours' value of
    #: each conflicting field, and the markers must come from git's line merge of the file.
    marked: bool = True


def _read(side: str, text: str, line_offset: int) -> Doc | Unreadable:
    loaded = load_text(text, line_offset=line_offset)
    if loaded.problem is not None:
        return Unreadable(side, loaded.problem)
    if not isinstance(loaded.data, dict):
        return Unreadable(side, Problem(1 + line_offset, 1, "not-a-mapping",
                                        "the document is not a mapping of keys"))
    root = compose_only(text)
    if root is None:  # pragma: no cover - a text that loads composes
        return Unreadable(side, Problem(1 + line_offset, 1, "yaml-syntax", "does not parse"))
    return Doc(text, 0, len(text), root, loaded.data)


def apply(text: str, edits: list[Edit]) -> str:
    """``text`` with the edits made (insertions at one place in the order they were made)."""
    out, cursor = [], 0
    for edit in sorted(edits, key=lambda e: (e.begin, e.end)):
        if edit.begin < cursor:
            raise Unmergeable("two changes touch the same text")
        out += [text[cursor : edit.begin], edit.text]
        cursor = edit.end
    out.append(text[cursor:])
    return "".join(out)


def _reads_as(text: str, expected: Any) -> bool:
    loaded = load_text(text)
    return loaded.problem is None and canon(loaded.data) == canon(expected)


def merge_yaml(base: str, ours: str, theirs: str, rules: Rules, *,
               line_offset: int = 0) -> Merged | Unreadable:
    """Merge three YAML mappings; raises :class:`Unmergeable` when git should decide."""
    docs = [_read(side, text, line_offset) for side, text in zip(SIDES, (base, ours, theirs),
                                                                 strict=True)]
    for doc in docs:
        if isinstance(doc, Unreadable):
            return doc
    b_doc, o_doc, t_doc = (d for d in docs if isinstance(d, Doc))
    merger = Merger(Side(o_doc), Side(t_doc), rules)
    ours_unchanged = same(b_doc.data, o_doc.data)
    expected = t_doc.data if ours_unchanged else merger.merge_value(
        (), b_doc.data, At(o_doc.data, o_doc.root), At(t_doc.data, t_doc.root))
    if not merger.conflicts:
        lines = merge_texts(base, ours, theirs)
        if lines.conflicts == 0:
            text = lines.data.decode("utf-8", "replace")
            if _reads_as(text, expected):
                return Merged(text)
    if ours_unchanged:
        return Merged(theirs)
    resolved = apply(ours, merger.edits)
    if not _reads_as(resolved, expected):
        raise Unmergeable("the merged text does not read back as the merged data")
    if not merger.conflicts:
        return Merged(resolved)
    conflicts = tuple(merger.conflicts)
    markers = _markers(ours, conflicts, Side(o_doc).nl())
    if markers is None:
        return Merged(resolved, conflicts, marked=False)
    try:
        return Merged(apply(ours, [*merger.edits, *markers]), conflicts)
    except Unmergeable:
        return Merged(resolved, conflicts, marked=False)


def _markers(ours: str, conflicts: tuple[Conflict, ...], nl: str) -> list[Edit] | None:
    """Conflict markers around each conflict's lines (one block for conflicts sharing lines);
    ``None`` when a conflict has no lines of ours to put them around."""
    blocks: dict[tuple[int, int], str] = {}
    for conflict in conflicts:
        if conflict.region is None:
            return None
        blocks.setdefault(conflict.region, conflict.theirs_lines)
    edits = []
    last = -1
    for (begin, end), theirs in sorted(blocks.items()):
        if begin < last:
            return None
        last = end
        mine = ours[begin:end]
        mine += "" if mine.endswith("\n") or not mine else nl
        theirs += "" if theirs.endswith("\n") or not theirs else nl
        edits.append(Edit(begin, end, f"<<<<<<< {LABELS[0]}{nl}{mine}======={nl}{theirs}"
                                      f">>>>>>> {LABELS[2]}{nl}"))
    return edits
