"""Reference checks: every id a file names exists in the repository."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from incidentkit.checks.finding import Finding
from incidentkit.checks.located import Located
from incidentkit.store.locate import Loc
from incidentkit.store.text import quote

_WHERE = {
    "person": ("unknown-person", "oncall/people.yaml"),
    "service": ("unknown-service", "oncall/services.yaml"),
    "runbook": ("unknown-runbook", "oncall/runbooks/"),
    "schedule": ("unknown-schedule", "oncall/schedules/"),
    "policy": ("unknown-policy", "oncall/escalation-policies.yaml"),
    "incident": ("unknown-incident", "incidents/"),
}


def dangling(
    source: Located, kind: str, refs: Iterable[tuple[Loc, str]], known: frozenset[str] | None
) -> list[Finding]:
    """One finding per reference in ``refs`` that ``known`` does not hold.

    ``known`` is ``None`` when the catalog could not be read; nothing is reported then.
    """
    if known is None:
        return []
    code, home = _WHERE[kind]
    found = []
    for loc, ref in refs:
        if ref in known:
            continue
        close = difflib.get_close_matches(ref, sorted(known), n=1) if len(known) < 5000 else []
        hint = f"did you mean {quote(close[0])}? " if close else ""
        found.append(source.finding(
            loc, code, f"{kind} {quote(ref)} does not exist: {hint}add it to {home} or fix the name"
        ))
    return found
