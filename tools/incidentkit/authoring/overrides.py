"""``oncall override`` and ``oncall swap``: overrides written into a schedule file.

An override is an item of the schedule's ``overrides:`` list, added in the list's own style
(block ``- from: …`` lines or ``[{…}]``; the key is added when the file has none), with every
other byte kept. A swap of A and B over a window is written as the overrides that realise it:
for each piece of A's on-call time in the window, B replaces A; for each piece of B's, A
replaces B. The pieces are the final shifts (layers and existing overrides) clipped to the
window (pieces of one person that meet are joined), so they never overlap each other and each
override applies exactly where it is meant to.

Refused with exit 1 and nothing written: an override whose ``replaces`` person is not on call
anywhere in its window (``validate``'s ``override-never-applies``), one whose person is on call
for the whole window already (it would change nothing), a swap where neither person
is on call in the window, and any new override whose window overlaps an override already in the
file (edit or remove that one first: two overlapping overrides depend on their order in the
file). Unknown schedules and people, and ``--to`` not after ``--from``, are usage errors (exit
2). The edit runs like every authoring command (:mod:`incidentkit.authoring.repository`): under
the folder's edit lock, checked like ``validate`` before and after, written atomically.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from incidentkit.authoring.repository import (
    editing,
    read_checked,
    refuse_errors,
    require_repository,
    unchanged,
    write,
)
from incidentkit.checks import files
from incidentkit.errors import FatalError
from incidentkit.model.schedule import Override, Schedule
from incidentkit.schedule import final_shifts
from incidentkit.schedule.lint import overrides_that_never_apply
from incidentkit.store import edit, lock
from incidentkit.store.edit import format_timestamp
from incidentkit.store.layout import PEOPLE, SCHEDULES, Kind, Layout, stem

#: The longest window ``swap`` looks through, as ``oncall show`` (every shift in it is listed).
LONGEST_SWAP = timedelta(days=731)


@dataclass(frozen=True, slots=True)
class Written:
    """The schedule file changed and the overrides added to it, in the order written."""

    rel: str
    path: Path
    overrides: tuple[Override, ...]


def _rel(root: Path, schedule_id: str) -> str:
    """The file of schedule ``schedule_id``; a usage error listing the schedules if none."""
    require_repository(root)
    rels = {stem(rel): rel for rel in Layout.scan(root).of(Kind.SCHEDULE)}
    if schedule_id not in rels:
        known = sorted(rels)
        close = difflib.get_close_matches(schedule_id, known, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise FatalError(f"no schedule {schedule_id!r} in {SCHEDULES}/ ({hint}known: "
                         f"{', '.join(known) or 'none'})")
    return rels[schedule_id]


def _window(start: datetime, end: datetime) -> None:
    for name, value in (("--from", start), ("--to", end)):
        if value.utcoffset() is None:
            raise FatalError(f"{name} {value.isoformat()} has no offset: add one, e.g. "
                             f"{value.isoformat()}Z")
    if end <= start:
        raise FatalError(f"--to ({format_timestamp(end)}) must be after --from "
                         f"({format_timestamp(start)})")


def _known(people: frozenset[str] | None, handles: list[str]) -> None:
    if people is None:
        raise FatalError(f"{PEOPLE} cannot be read, so the people cannot be checked: fix it "
                         f"first (incidentkit validate {PEOPLE})", status=1)
    for handle in handles:
        if handle not in people:
            close = difflib.get_close_matches(handle, sorted(people), n=3, cutoff=0.6)
            hint = f": did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise FatalError(f"person {handle!r} is not in {PEOPLE}{hint} (add them there or "
                             "fix the handle)")


def _overlapping(schedule: Schedule, new: Override, rel: str) -> None:
    for number, old in enumerate(schedule.overrides, start=1):
        if old.from_ < new.to and new.from_ < old.to:
            raise FatalError(
                f"not changed: the override from {format_timestamp(new.from_)} to "
                f"{format_timestamp(new.to)} overlaps override {number} "
                f"({old.person or 'nobody'} from {format_timestamp(old.from_)} to "
                f"{format_timestamp(old.to)}): edit or remove that one first, or choose a "
                "window that does not overlap it",
                location=rel, status=1)


def _item(override: Override) -> list[tuple[str, str | datetime]]:
    # The commands always name a person (an uncovered window is written by hand, with a reason).
    assert override.person is not None
    pairs: list[tuple[str, str | datetime]] = [
        ("from", override.from_), ("to", override.to), ("person", override.person)]
    if override.replaces is not None:
        pairs.append(("replaces", override.replaces))
    if override.reason is not None:
        pairs.append(("reason", override.reason))
    return pairs


#: What to add to the (valid) schedule read from the file ``rel``; raises to refuse.
Plan = Callable[[Schedule, str], list[Override]]


def _add(root: Path, schedule_id: str, people: list[str], plan: Plan) -> Written:
    rel = _rel(root, schedule_id)
    with lock.locked((root / rel).parent, rel=rel):
        raw, text, model, ctx = read_checked(root, rel, Kind.SCHEDULE)
        assert isinstance(model, Schedule)
        _known(ctx.catalog.people, people)
        added = plan(model, rel)
        for override in added:
            _overlapping(model, override, rel)
        with editing(rel):
            for override in added:
                text = edit.append_item(text, ("overrides",), _item(override))
        refuse_errors(rel, files.check_text(rel, Kind.SCHEDULE, text, ctx)[1], "not changed")
        unchanged(root, rel, raw)
        bom = "\ufeff" if raw.startswith(codecs.BOM_UTF8) else ""
        done = write(root, rel, bom + text)
    return Written(done.rel, done.path, tuple(added))


def _override(*, start: datetime, end: datetime, person: str, replaces: str | None,
              reason: str | None) -> Override:
    return Override.model_validate({"from": start, "to": end, "person": person,
                                    "replaces": replaces, "reason": reason})


def _who(schedule: Schedule, start: datetime, end: datetime
         ) -> list[tuple[datetime, datetime, str]]:
    """Who is on call from ``start`` to ``end``, whatever the layer or override."""
    found: list[tuple[datetime, datetime, str]] = []
    for shift in final_shifts(schedule, start=start, end=end):
        if found and found[-1][2] == shift.person and found[-1][1] == shift.start:
            found[-1] = (found[-1][0], shift.end, shift.person)
        else:
            found.append((shift.start, shift.end, shift.person))
    return found


def add_override(*, root: Path, schedule_id: str, start: datetime, end: datetime, person: str,
                 replaces: str | None = None, reason: str | None = None) -> Written:
    """Add the override ``person`` (for ``replaces``, else for whoever is on call) from
    ``start`` to ``end`` to the schedule ``schedule_id``."""
    _window(start, end)
    if replaces == person:
        raise FatalError(f"--replaces names {person} too: an override puts someone else on "
                         "call")
    new = _override(start=start, end=end, person=person, replaces=replaces, reason=reason)

    def plan(schedule: Schedule, rel: str) -> list[Override]:
        with_new = schedule.model_copy(update={"overrides": [*schedule.overrides, new]})
        if new.replaces is not None:
            if len(schedule.overrides) in overrides_that_never_apply(with_new):
                raise FatalError(
                    f"not changed: {new.replaces} is not on call at any time from "
                    f"{format_timestamp(start)} to {format_timestamp(end)} in schedule "
                    f"{schedule.id}, so this override would never apply (incidentkit oncall "
                    "show lists who is on call; leave out --replaces to take over from "
                    "whoever is)", location=rel, status=1)
        if _who(schedule, start, end) == _who(with_new, start, end):
            raise FatalError(
                f"not changed: {person} is on call from {format_timestamp(start)} to "
                f"{format_timestamp(end)} in schedule {schedule.id} already, so this override "
                "would change nothing", location=rel, status=1)
        return [new]

    return _add(root, schedule_id, [person, *([replaces] if replaces else [])], plan)


def swap(*, root: Path, schedule_id: str, start: datetime, end: datetime, first: str,
         second: str) -> Written:
    """``first`` takes ``second``'s on-call time from ``start`` to ``end`` and the other way
    round: one override per piece of each one's shifts in the window."""
    _window(start, end)
    if end - start > LONGEST_SWAP:
        raise FatalError(f"--from ({format_timestamp(start)}) to --to ({format_timestamp(end)}) "
                         f"spans more than {LONGEST_SWAP.days} days: swap two years or less at "
                         "a time")
    if first == second:
        raise FatalError(f"swap {first} with {first}? Name two different people")
    zone = start.tzinfo
    reason = f"swap of {first} and {second}"

    def plan(schedule: Schedule, rel: str) -> list[Override]:
        pieces: list[tuple[datetime, datetime, str]] = []
        for shift in final_shifts(schedule, start=start, end=end):
            if shift.person not in (first, second):
                continue
            begin, stop = max(shift.start, start), min(shift.end, end)
            if pieces and pieces[-1][1] == begin and pieces[-1][2] == shift.person:
                begin = pieces.pop()[0]  # one piece from two layers meeting: one override
            pieces.append((begin, stop, shift.person))
        added = [
            _override(start=begin.astimezone(zone), end=stop.astimezone(zone),
                      person=second if person == first else first, replaces=person,
                      reason=reason)
            for begin, stop, person in pieces
        ]
        if not added:
            raise FatalError(
                f"not changed: neither {first} nor {second} is on call at any time from "
                f"{format_timestamp(start)} to {format_timestamp(end)} in schedule "
                f"{schedule.id}, so there is nothing to swap (incidentkit oncall show lists "
                "who is on call)", location=rel, status=1)
        return added

    return _add(root, schedule_id, [first, second], plan)
