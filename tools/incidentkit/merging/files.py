"""The merge of one file as git hands it to the driver: by its kind, else git's line merge.

Incidents are merged as documents (timeline and updates by time); postmortems' front matter
likewise (action items by id) and their Markdown body by git's line merge. Any other file, and
any file one side of which does not parse, is merged by ``git merge-file``, exactly as git's
own merge would, with a note saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from incidentkit.errors import FatalError
from incidentkit.merging.document import Merged, Unreadable, merge_yaml
from incidentkit.merging.gitmerge import merge_files, merge_texts
from incidentkit.merging.positions import Unmergeable
from incidentkit.merging.values import MISSING, Conflict, Rules
from incidentkit.model.text import shorten
from incidentkit.store.edit import EditError, front_matter_span
from incidentkit.store.layout import Kind, kind_of
from incidentkit.store.yamlload import Problem, decode

INCIDENT_RULES = Rules(timed=frozenset({"timeline", "updates"}))
POSTMORTEM_RULES = Rules(by_key={"action_items": "id"})
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class FileMerge:
    """What to write as the merged file, and what to tell the user."""

    data: bytes
    #: One message per conflict (empty: merged cleanly).
    conflicts: tuple[str, ...] = ()
    #: Why git's line merge was used instead of the structural merge, if it was.
    note: str | None = None
    #: Whether git's line merge (of the whole file) left conflicts.
    line_conflicts: bool = False

    @property
    def clean(self) -> bool:
        return not self.conflicts and not self.line_conflicts


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return shorten(str(value), 40)


def _side(base: Any, value: Any) -> str:
    if value is MISSING:
        return "removed"
    if base is MISSING:
        return f"added as {_show(value)}"
    if isinstance(value, dict | list) and isinstance(base, dict | list):
        return "changed"
    return f"{_show(base)} → {_show(value)}"


def describe(rel: str, conflict: Conflict) -> str:
    """``incidents/2026/x.yaml: severity changed on both sides (SEV1 → SEV0 here, SEV1 →
    SEV2 there): resolve by hand``."""
    return (f"{rel}: {conflict.field} changed on both sides ({_side(conflict.base, conflict.ours)}"
            f" here, {_side(conflict.base, conflict.theirs)} there): resolve by hand")


def merge_paths(rel: str, base: Path, ours: Path, theirs: Path) -> FileMerge:
    """Merge the files git gives the driver; ``rel`` is the file's path in the repository."""
    try:
        raws = [path.read_bytes() for path in (base, ours, theirs)]
    except OSError as exc:
        raise FatalError(f"cannot read {exc.filename}: {exc.strerror}", location=rel) from None
    kind = kind_of(rel)
    if kind not in (Kind.INCIDENT, Kind.POSTMORTEM):
        return _lines(base, ours, theirs)
    texts: list[str] = []
    for side, raw in zip(("ancestor", "ours", "theirs"), raws, strict=True):
        text = decode(raw)
        if isinstance(text, Problem):
            return _lines(base, ours, theirs, _unreadable(rel, Unreadable(side, text)))
        texts.append(text)
    if not raws[0]:
        return _lines(base, ours, theirs, f"{rel}: added on both sides (no common ancestor); "
                                          "merged line by line by git")
    try:
        if kind is Kind.INCIDENT:
            outcome = merge_yaml(texts[0], texts[1], texts[2], INCIDENT_RULES)
            if isinstance(outcome, Unreadable):
                return _lines(base, ours, theirs, _unreadable(rel, outcome))
            return _finish(rel, outcome, raws[1], (base, ours, theirs))
        return _postmortem(rel, texts, raws[1], (base, ours, theirs))
    except Unmergeable as exc:
        return _lines(base, ours, theirs, f"{rel}: {exc}; merged line by line by git")


_VERSIONS = {"ancestor": "the common ancestor", "ours": "our version",
             "theirs": "their version"}


def _unreadable(rel: str, bad: Unreadable) -> str:
    problem = bad.problem
    return (f"{rel}:{problem.line}:{problem.col}: in {_VERSIONS[bad.side]}: {problem.message}; "
            "merged line by line by git")


def _lines(base: Path, ours: Path, theirs: Path, note: str | None = None) -> FileMerge:
    merged = merge_files(str(base), str(ours), str(theirs))
    return FileMerge(merged.data, note=note, line_conflicts=merged.conflicts > 0)


def _encode(text: str, ours_raw: bytes) -> bytes:
    bom = _BOM if ours_raw.startswith(_BOM.encode("utf-8")) else ""
    return (bom + text).encode("utf-8")


def _finish(rel: str, merged: Merged, ours_raw: bytes, paths: tuple[Path, Path, Path],
            body_conflicts: int = 0) -> FileMerge:
    messages = tuple(describe(rel, c) for c in merged.conflicts)
    if body_conflicts:
        messages += (f"{rel}: the Markdown body changed on both sides in the same place "
                     f"({body_conflicts} conflict{'s' if body_conflicts > 1 else ''}): "
                     "resolve by hand",)
    if not merged.marked:
        whole = merge_files(*(str(p) for p in paths))
        return FileMerge(whole.data, messages, line_conflicts=whole.conflicts > 0)
    return FileMerge(_encode(merged.text, ours_raw), messages)


def _front_matter(text: str) -> tuple[int, int, int] | EditError:
    """Where a Markdown file's front matter starts and ends, and where its body starts."""
    try:
        start, stop = front_matter_span(text)
    except EditError as exc:
        return exc
    body = text.find("\n", stop)
    return start, stop, len(text) if body < 0 else body + 1


def _postmortem(rel: str, texts: list[str], ours_raw: bytes,
                paths: tuple[Path, Path, Path]) -> FileMerge:
    spans = []
    parts = []
    for side, text in zip(("ancestor", "ours", "theirs"), texts, strict=True):
        span = _front_matter(text)
        if isinstance(span, EditError):
            return _lines(*paths, _unreadable(rel, Unreadable(side, Problem(
                1, 1, "no-front-matter", span.message))))
        spans.append(span)
        parts.append((text[span[0] : span[1]], text[span[2] :]))
    (b_meta, b_body), (o_meta, o_body), (t_meta, t_body) = parts
    meta = merge_yaml(b_meta, o_meta, t_meta, POSTMORTEM_RULES, line_offset=1)
    if isinstance(meta, Unreadable):
        return _lines(*paths, _unreadable(rel, meta))
    body = merge_texts(b_body, o_body, t_body)
    ours, o_span = texts[1], spans[1]
    text = (ours[: o_span[0]] + meta.text + ours[o_span[1] : o_span[2]]
            + body.data.decode("utf-8", "replace"))
    merged = Merged(text, meta.conflicts, meta.marked)
    return _finish(rel, merged, ours_raw, paths, body.conflicts)
