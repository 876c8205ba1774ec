"""What an import did, in words: per object created, unchanged or kept; what it could not
translate and why; and how our computed shifts compare with the vendor's."""

from __future__ import annotations

from collections.abc import Sequence

from incidentkit.imports.compare import Comparison
from incidentkit.imports.plan import Translation
from incidentkit.imports.write import Outcome, Status
from incidentkit.present import utc_minute


def _who(person: str | None) -> str:
    return person if person is not None else "nobody"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def text(title: str, rendered: str, found: Translation, outcomes: Sequence[Outcome],
         comparisons: Sequence[Comparison], *, dry_run: bool) -> str:
    lines = [f"Import from {title}{' (dry run: nothing written)' if dry_run else ''}:"]
    counts = {s: sum(o.status is s for o in outcomes) for s in Status}
    lines.append(f"  {counts[Status.CREATED]} created, {counts[Status.UNCHANGED]} unchanged, "
                 f"{counts[Status.KEPT]} kept as the repository has them")
    for outcome in outcomes:
        if outcome.status is not Status.UNCHANGED:
            how = ("created" if outcome.status is Status.CREATED else
                   "kept: the repository's differs (delete it to import it again)")
            lines.append(f"  {outcome.rel}: {outcome.subject} {how}")
    if found.notes:
        lines += ["", f"Not translated ({len(found.notes)}):"]
        lines += [f"  {note.subject}: {note.detail}" for note in found.notes]
    start, end = found.window
    lines += ["", f"Compared with {title}'s {rendered}, {utc_minute(start)} to "
              f"{utc_minute(end)}:"]
    if not comparisons:
        lines.append("  no schedule to compare")
    for c in comparisons:
        if not c.differences:
            lines.append(f"  {c.schedule}: the same ({_plural(c.shifts, 'shift')})")
            continue
        lines.append(f"  {c.schedule}: {_plural(len(c.differences), 'difference')}")
        lines += [f"    {utc_minute(d.start)} to {utc_minute(d.end)}: incidentkit "
                  f"{_who(d.ours)}, {title} {_who(d.theirs)}" for d in c.differences]
    return "\n".join(lines) + "\n"

