"""What the authoring commands share: ids, times, validating before writing, atomic writes.

Every command reads and checks the files it changes with the same checks as ``validate``, edits
the text, checks the edited text again, and only then writes it atomically. Any problem is a
:class:`~incidentkit.errors.FatalError` naming the file: exit 1 when the content is invalid, 2
otherwise, and nothing is written.

The whole read → check → edit → check → replace runs holding the edit lock of the file's folder
(:mod:`incidentkit.store.lock`), so two commands editing one incident at once both land. Just
before replacing, the file must still hold the bytes that were read; that check never fails
under the lock and stops a lost update where locking is not available.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from incidentkit import clock
from incidentkit.checks import files
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding, Severity
from incidentkit.errors import FatalError
from incidentkit.model.incident import Incident, Roles
from incidentkit.model.types import INCIDENT_ID_RE
from incidentkit.repository import open_repository
from incidentkit.store import atomic, edit, lock
from incidentkit.store.edit import EditError, format_timestamp
from incidentkit.store.layout import INCIDENTS, Kind, Layout
from incidentkit.store.reading import read_file
from incidentkit.store.source import WorkingTree
from incidentkit.store.yamlload import Problem, decode

#: The order of an incident's keys in the spec; a missing key is added after its predecessor.
KEY_ORDER: tuple[str, ...] = tuple(Incident.model_fields)
#: The order of the keys of ``roles``.
ROLE_ORDER: tuple[str, ...] = tuple(Roles.model_fields)


@dataclass(frozen=True, slots=True)
class Written:
    """A file a command wrote: relative to the repository, and its full path."""

    rel: str
    path: Path


def now() -> datetime:
    return clock.now().replace(microsecond=0)


def moment(at: datetime | None) -> datetime:
    """``at``, or now when it is ``None``; a time without an offset is refused."""
    if at is None:
        return now()
    if at.utcoffset() is None:
        raise FatalError(f"timestamp {at.isoformat()} has no offset: add one, e.g. "
                         f"{at.isoformat()}Z or {at.isoformat()}+01:00")
    return at


def check_id(incident_id: str) -> str:
    """``incident_id`` if it is ``YYYY-MM-DD-slug`` (so it cannot name a path elsewhere)."""
    if not INCIDENT_ID_RE.fullmatch(incident_id):
        raise FatalError(
            f"{incident_id!r} is not an incident id: ids are YYYY-MM-DD-slug, such as "
            "2026-01-15-auth-login-failures"
        )
    return incident_id


def incident_rel(incident_id: str) -> str:
    return f"{INCIDENTS}/{incident_id[:4]}/{incident_id}.yaml"


def require_repository(root: Path) -> None:
    if not root.is_dir():
        raise FatalError(f"repository {root} does not exist: pass --repo DIR")


def first_error(findings: Iterable[Finding]) -> Finding | None:
    return next((f for f in sorted(findings) if f.severity is Severity.ERROR), None)


def refuse_invalid(findings: Iterable[Finding]) -> None:
    """Stop when a file is already invalid, at its line and column."""
    error = first_error(findings)
    if error is not None:
        raise FatalError(
            f"{error.message} [{error.code}]; fix this first (incidentkit validate lists "
            "every problem)",
            location=f"{error.path}:{error.line}:{error.col}", status=1,
        )


def refuse_errors(rel: str, findings: Sequence[Finding], outcome: str) -> None:
    """Stop when the text about to be written would be invalid."""
    errors = list(dict.fromkeys(f.message for f in sorted(findings)
                                if f.severity is Severity.ERROR))
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise FatalError(f"{outcome}: {errors[0]}{more}", location=rel, status=1)


def context(root: Path) -> Context:
    """The configuration and catalog, as ``validate`` loads them; an invalid configuration
    stops the command (:func:`~incidentkit.repository.open_repository`)."""
    return open_repository(WorkingTree(root), only=lambda rel: False).context


def check_text(rel: str, kind: Kind, text: str, ctx: Context) -> list[Finding]:
    """The findings ``validate`` would report for ``text`` written at ``rel``."""
    return files.check_text(rel, kind, text, ctx)[1]


def write(root: Path, rel: str, text: str, *, create: bool = False) -> Written:
    """Write ``rel`` atomically; with ``create``, refuse if it exists."""
    if create:
        written = try_create(root, rel, text)
        if written is None:
            raise FatalError(f"{rel} already exists: nothing was written")
        return written
    try:
        atomic.write_text(root / rel, text)
    except OSError as exc:
        raise FatalError(f"cannot write the file: {exc.strerror or exc}", location=rel) from None
    return Written(rel, root / rel)


def try_create(root: Path, rel: str, text: str) -> Written | None:
    """Create ``rel`` atomically, or ``None`` if it exists (even if created this instant)."""
    try:
        atomic.create_text(root / rel, text)
    except FileExistsError:
        return None
    except OSError as exc:
        raise FatalError(f"cannot write the file: {exc.strerror or exc}", location=rel) from None
    return Written(rel, root / rel)


@contextmanager
def editing(rel: str) -> Iterator[None]:
    """Name the file when an edit cannot be made."""
    try:
        yield
    except EditError as exc:
        raise FatalError(f"not changed: {exc.message}", location=rel, status=exc.status) from None


def preceding(keys: Sequence[str], key: str, order: Sequence[str] = KEY_ORDER) -> str | None:
    """Of ``keys``, the one that comes last before ``key`` in the spec's ``order``."""
    before = order[: order.index(key)]
    return max((k for k in keys if k in before), key=before.index, default=None)


def put_key(text: str, key: str, value: datetime) -> str:
    """Set a top-level key, adding it after the key that precedes it in the spec."""
    keys = edit.mapping_keys(text)
    if key in keys:
        return edit.set_scalar(text, (key,), value)
    return edit.insert_key(text, (), key, value, after=preceding(keys, key))


def refuse_before(when: datetime, milestone: str, incident: Incident, rel: str,
                  what: str) -> None:
    """Stop (exit 1) when ``when`` is before the incident's ``milestone`` (``started_at``,
    ``detected_at``): ``what`` says what happens at ``when``."""
    limit = getattr(incident, milestone)
    if isinstance(limit, datetime) and when < limit:
        raise FatalError(
            f"not changed: {what} at {format_timestamp(when)} is before {milestone} "
            f"({format_timestamp(limit)}): give --at a later time",
            location=rel, status=1,
        )


@dataclass(frozen=True, slots=True)
class IncidentFile:
    """An incident file read for editing: its text and its (valid) model."""

    root: Path
    rel: str
    #: The bytes read; the file must still hold them when the edit is written.
    raw: bytes
    text: str
    incident: Incident
    ctx: Context

    def save(self, text: str) -> Written:
        """Check the edited text like ``validate`` does, then write it atomically."""
        refuse_errors(self.rel, check_text(self.rel, Kind.INCIDENT, text, self.ctx),
                      "not changed")
        unchanged(self.root, self.rel, self.raw)
        bom = "\ufeff" if self.raw.startswith(codecs.BOM_UTF8) else ""
        return write(self.root, self.rel, bom + text)


def unchanged(root: Path, rel: str, raw: bytes) -> None:
    """Stop if ``rel`` no longer holds ``raw``: someone else changed it while it was edited."""
    try:
        now_raw = (root / rel).read_bytes()
    except OSError:
        now_raw = None
    if now_raw != raw:
        raise FatalError("another program changed the file while it was being edited: nothing "
                         "was written; run the command again", location=rel)


def _suggestion(root: Path, incident_id: str) -> str:
    stems = sorted(Layout.scan(root).stems(Kind.INCIDENT))
    close = difflib.get_close_matches(incident_id, stems, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


@contextmanager
def open_incident(root: Path, incident_id: str) -> Iterator[IncidentFile]:
    """Read the incident ``incident_id`` for editing; stop if it is missing or invalid.

    The folder's edit lock is taken before the file is read and held until the block ends:
    save the edit inside it.
    """
    rel = locate_incident(root, incident_id)
    with lock.locked((root / rel).parent, rel=rel):
        yield read_incident(root, rel)


def load_incident(root: Path, incident_id: str) -> IncidentFile:
    """Read the incident ``incident_id`` without editing it (an atomic write is never seen
    half done, so no lock is needed)."""
    return read_incident(root, locate_incident(root, incident_id))


def locate_incident(root: Path, incident_id: str) -> str:
    """The file of the incident ``incident_id``; stop if there is none."""
    check_id(incident_id)
    require_repository(root)
    rel = incident_rel(incident_id)
    if not (root / rel).is_file():
        raise FatalError(f"incident {incident_id} not found: {rel} does not exist"
                         f"{_suggestion(root, incident_id)}")
    return rel


def read_checked(root: Path, rel: str, kind: Kind) -> tuple[bytes, str, Any, Context]:
    """The bytes, text and model of the file ``rel`` (checked as ``validate`` checks it) and
    the context it was checked in; stop if it cannot be read or has an error."""
    raw = read_file(root, rel)
    if isinstance(raw, Problem):
        raise FatalError(raw.message, location=f"{rel}:{raw.line}:{raw.col}", status=1)
    text = decode(raw)
    if isinstance(text, Problem):
        raise FatalError(text.message, location=f"{rel}:{text.line}:{text.col}", status=1)
    ctx = context(root)
    model, findings = files.check_raw(rel, kind, raw, ctx)
    refuse_invalid(findings)
    if model is None:  # pragma: no cover - an invalid file has an error
        raise FatalError(f"cannot read the {kind}", location=rel)
    return raw, text, model, ctx


def read_incident(root: Path, rel: str) -> IncidentFile:
    """The incident file ``rel`` and its model; stop if it cannot be read or is invalid."""
    raw, text, model, ctx = read_checked(root, rel, Kind.INCIDENT)
    assert isinstance(model, Incident)
    return IncidentFile(root, rel, raw, text, model, ctx)
