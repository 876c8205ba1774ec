"""What the authoring commands share: ids, times, validating before writing, atomic writes.

Every command reads and checks the files it changes with the same checks as ``validate``, edits
the text, checks the edited text again, and only then writes it atomically. Any problem is a
:class:`~incidentkit.errors.FatalError` naming the file: exit 1 when the content is invalid, 2
otherwise, and nothing is written.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from incidentkit import clock
from incidentkit.checks import files
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.runner import load_context
from incidentkit.errors import FatalError
from incidentkit.model.incident import Incident
from incidentkit.model.types import INCIDENT_ID_RE
from incidentkit.store import atomic
from incidentkit.store.edit import EditError
from incidentkit.store.layout import INCIDENTS, Kind, Layout
from incidentkit.store.reading import read_file
from incidentkit.store.yamlload import Problem, decode

#: The order of an incident's keys in the spec; a missing key is added after its predecessor.
KEY_ORDER: tuple[str, ...] = tuple(Incident.model_fields)


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
    """The configuration and catalog, as ``validate`` loads them; stop if the config is bad."""
    ctx, findings = load_context(Layout.scan(root))
    refuse_invalid(findings)
    return ctx


def check_text(rel: str, kind: Kind, text: str, ctx: Context) -> list[Finding]:
    """The findings ``validate`` would report for ``text`` written at ``rel``."""
    return files.check_text(rel, kind, text, ctx)[1]


def write(root: Path, rel: str, text: str, *, create: bool = False) -> Written:
    path = root / rel
    try:
        if create:
            atomic.create_text(path, text)
        else:
            atomic.write_text(path, text)
    except FileExistsError:
        raise FatalError(f"{rel} already exists: nothing was written") from None
    except OSError as exc:
        raise FatalError(f"cannot write the file: {exc.strerror or exc}", location=rel) from None
    return Written(rel, path)


@contextmanager
def editing(rel: str) -> Iterator[None]:
    """Name the file when an edit cannot be made."""
    try:
        yield
    except EditError as exc:
        raise FatalError(f"not changed: {exc.message}", location=rel, status=exc.status) from None


def preceding(keys: Sequence[str], key: str) -> str | None:
    """Of ``keys``, the one that comes last before ``key`` in the spec's order."""
    before = KEY_ORDER[: KEY_ORDER.index(key)]
    return max((k for k in keys if k in before), key=before.index, default=None)


@dataclass(frozen=True, slots=True)
class IncidentFile:
    """An incident file read for editing: its text and its (valid) model."""

    root: Path
    rel: str
    text: str
    bom: bool
    incident: Incident
    ctx: Context

    def save(self, text: str) -> Written:
        """Check the edited text like ``validate`` does, then write it atomically."""
        refuse_errors(self.rel, check_text(self.rel, Kind.INCIDENT, text, self.ctx),
                      "not changed")
        return write(self.root, self.rel, ("\ufeff" if self.bom else "") + text)


def _suggestion(root: Path, incident_id: str) -> str:
    stems = sorted(Layout.scan(root).stems(Kind.INCIDENT))
    close = difflib.get_close_matches(incident_id, stems, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def open_incident(root: Path, incident_id: str) -> IncidentFile:
    """Read the incident ``incident_id``; stop if it is missing or already invalid."""
    check_id(incident_id)
    require_repository(root)
    rel = incident_rel(incident_id)
    path = root / rel
    if not path.is_file():
        raise FatalError(f"incident {incident_id} not found: {rel} does not exist"
                         f"{_suggestion(root, incident_id)}")
    raw = read_file(root, rel)
    if isinstance(raw, Problem):
        raise FatalError(raw.message, location=f"{rel}:{raw.line}:{raw.col}", status=1)
    text = decode(raw)
    if isinstance(text, Problem):
        raise FatalError(text.message, location=f"{rel}:{text.line}:{text.col}", status=1)
    ctx = context(root)
    model, findings = files.check_file(root, rel, Kind.INCIDENT, ctx)
    refuse_invalid(findings)
    if not isinstance(model, Incident):  # pragma: no cover - an invalid file has an error
        raise FatalError("cannot read the incident", location=rel)
    return IncidentFile(root, rel, text, raw.startswith(codecs.BOM_UTF8), model, ctx)
