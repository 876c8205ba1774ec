"""``assign``: put a person in an incident role (or take them out), logged in the timeline.

Roles are commander, communications, scribe, tech-lead (the key ``tech_lead``) and expert (one
of the list ``experts``). A role key that is absent is added where the model has it, in the
block or ``{...}`` style of ``roles``. The timeline gets a ``decision`` entry in the form
"scribe: ben (was: none)".
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from incidentkit.authoring.repository import (
    ROLE_ORDER,
    IncidentFile,
    editing,
    moment,
    open_incident,
    preceding,
    refuse_before,
)
from incidentkit.authoring.timeline import add_entry
from incidentkit.errors import FatalError
from incidentkit.store import edit
from incidentkit.store.layout import PEOPLE

#: The role names of the command line and the key of ``roles`` each one sets.
ROLE_KEYS: dict[str, str] = {
    "commander": "commander",
    "communications": "communications",
    "scribe": "scribe",
    "tech-lead": "tech_lead",
    "expert": "experts",
}


@dataclass(frozen=True, slots=True)
class Assignment:
    rel: str
    path: Path
    #: The key of ``roles`` that changed (``tech_lead``, ``experts``, ...).
    key: str
    #: Who held it before and after (``experts``: the list, comma-separated); ``None``: nobody.
    before: str | None
    after: str | None

    def describe(self) -> str:
        """``scribe: ben (was: none)``: the timeline's words for the change."""
        return f"{self.key}: {self.after or 'none'} (was: {self.before or 'none'})"


def role_key(role: str) -> str:
    key = ROLE_KEYS.get(role) or (role if role in ROLE_KEYS.values() else None)
    if key is None:
        raise FatalError(f"{role!r} is not a role: use one of {', '.join(ROLE_KEYS)}")
    return key


def _known(doc: IncidentFile, handle: str) -> None:
    """Stop unless ``handle`` is in ``oncall/people.yaml`` (exit 2, with close matches)."""
    people = doc.ctx.catalog.people
    if people is None:
        raise FatalError(f"{PEOPLE} cannot be read, so {handle!r} cannot be checked: fix it "
                         f"first (incidentkit validate {PEOPLE})", status=1)
    if handle in people:
        return
    close = difflib.get_close_matches(handle, sorted(people), n=3, cutoff=0.6)
    hint = f": did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise FatalError(f"person {handle!r} is not in {PEOPLE}{hint} (add them there or fix the "
                     "handle)")


def _single(doc: IncidentFile, key: str, handle: str, remove: bool) -> tuple[str, Assignment]:
    current: str | None = getattr(doc.incident.roles, key)
    text = doc.text
    if remove:
        if key == "commander":
            raise FatalError("an incident always has a commander: assign another one instead "
                             "of removing this one")
        if current != handle:
            raise FatalError(f"{key} is {current or 'nobody'}, not {handle}: nothing was "
                             "written", location=doc.rel, status=1)
        text = edit.delete_key(text, ("roles",), key)
        return text, Assignment(doc.rel, doc.root / doc.rel, key, current, None)
    if current == handle:
        raise FatalError(f"{key} is already {handle}: nothing was written", location=doc.rel,
                         status=1)
    keys = edit.mapping_keys(text, ("roles",))
    if key in keys:
        text = edit.set_scalar(text, ("roles", key), handle)
    else:
        text = edit.insert_key(text, ("roles",), key, handle,
                               after=preceding(keys, key, ROLE_ORDER))
    return text, Assignment(doc.rel, doc.root / doc.rel, key, current, handle)


def _experts(doc: IncidentFile, handle: str, remove: bool) -> tuple[str, Assignment]:
    experts = doc.incident.roles.experts
    text = doc.text
    if remove:
        if handle not in experts:
            raise FatalError(f"{handle} is not an expert of this incident: nothing was written",
                             location=doc.rel, status=1)
        if len(experts) == 1:
            text = edit.delete_key(text, ("roles",), "experts")
        else:
            text = edit.delete_value(text, ("roles", "experts"), experts.index(handle))
        after = [h for h in experts if h != handle]
    else:
        if handle in experts:
            raise FatalError(f"{handle} is already an expert: nothing was written",
                             location=doc.rel, status=1)
        keys = edit.mapping_keys(text, ("roles",))
        text = edit.append_value(text, ("roles", "experts"), handle,
                                 after=preceding(keys, "experts", ROLE_ORDER))
        after = [*experts, handle]
    return text, Assignment(doc.rel, doc.root / doc.rel, "experts",
                            ", ".join(experts) or None, ", ".join(after) or None)


def assign_role(
    *,
    root: Path,
    incident_id: str,
    role: str,
    handle: str,
    remove: bool = False,
    at: datetime | None = None,
    author: str | None = None,
) -> Assignment:
    """Give ``role`` to ``handle`` (or, with ``remove``, take it away) and log the decision.

    An unknown role or person is a usage error (exit 2); a change that changes nothing (the
    role already held, removing someone who does not hold it) is refused with exit 1.
    """
    key = role_key(role)
    when = moment(at)
    with open_incident(root, incident_id) as doc:
        if not remove:
            _known(doc, handle)
        refuse_before(when, "started_at", doc.incident, doc.rel, "the assignment")
        with editing(doc.rel):
            if key == "experts":
                text, done = _experts(doc, handle, remove)
            else:
                text, done = _single(doc, key, handle, remove)
            text = add_entry(text, doc.incident, at=when, kind="decision", what=done.describe(),
                             author=author)
        written = doc.save(text)
    return Assignment(written.rel, written.path, done.key, done.before, done.after)
