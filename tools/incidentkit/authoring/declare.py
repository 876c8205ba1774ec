"""``new incident``: allocate the id and write the incident's first version."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from incidentkit.authoring import fields as custom
from incidentkit.authoring.repository import (
    Written,
    check_text,
    context,
    incident_rel,
    moment,
    refuse_errors,
    require_repository,
    try_create,
)
from incidentkit.errors import FatalError
from incidentkit.store import lock
from incidentkit.store.edit import format_timestamp, render_scalar
from incidentkit.store.layout import Kind, Layout

MAX_WORDS = 6
MAX_SLUG = 50
DEFAULT_IMPACT = "Under investigation."


def slugify(title: str) -> str:
    """Lowercase ASCII words of ``title``: at most 6 words and 50 characters."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", re.sub(r"['\u2019]", "", text.lower()))
    slug = ""
    for word in words[:MAX_WORDS]:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_SLUG:
            slug = slug or word[:MAX_SLUG]
            break
        slug = longer
    return slug or "incident"


def allocate_id(day: date, slug: str, taken: Collection[str]) -> str:
    """``YYYY-MM-DD-slug``, or ``-2``, ``-3``, ... after it when that id is taken."""
    base = f"{day.isoformat()}-{slug}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@dataclass(frozen=True, slots=True)
class Milestones:
    """When the impact started, when it was detected, and (if yet) acknowledged."""

    started_at: datetime
    detected_at: datetime
    acknowledged_at: datetime | None = None


def milestones(
    *, at: datetime | None = None, started_at: datetime | None = None,
    detected_at: datetime | None = None, acknowledged_at: datetime | None = None,
) -> Milestones:
    """The declaration's milestones: ``detected_at`` defaults to ``at``, else now;
    ``started_at`` to ``at``, else ``detected_at``; ``acknowledged_at`` is only set when given.

    The order started ≤ detected ≤ acknowledged is checked here (exit 2, naming the options).
    """
    detected = moment(detected_at if detected_at is not None else at)
    start = started_at if started_at is not None else at
    started = moment(start) if start is not None else detected
    acknowledged = moment(acknowledged_at) if acknowledged_at is not None else None
    named = {"started": "--started-at" if started_at is not None else "--at",
             "detected": "--detected-at" if detected_at is not None else (
                 "--at" if at is not None else "now")}
    if detected < started:
        raise FatalError(
            f"detected at {format_timestamp(detected)} ({named['detected']}) is before the "
            f"impact started at {format_timestamp(started)} ({named['started']}): an incident "
            "is detected after its impact starts; give --started-at or --detected-at")
    if acknowledged is not None and acknowledged < detected:
        raise FatalError(
            f"acknowledged at {format_timestamp(acknowledged)} (--acknowledged-at) is before "
            f"it was detected at {format_timestamp(detected)} ({named['detected']}): fix one "
            "of them")
    return Milestones(started, detected, acknowledged)


def render_incident(
    *, incident_id: str, title: str, severity: str, services: Sequence[str], commander: str,
    times: Milestones, summary: str, detection: str, impact: str, customer_facing: bool,
    fields: dict[str, Any] | None = None,
) -> str:
    """The text of a newly declared incident, in the spec's key order.

    "Incident declared" is logged when it was detected, and "Acknowledged" (by the commander)
    when it was acknowledged, if it was.
    """
    when = format_timestamp(times.detected_at)
    acked = ([f"acknowledged_at: {format_timestamp(times.acknowledged_at)}"]
             if times.acknowledged_at is not None else [])
    ack_entry = [
        f"  - at: {format_timestamp(times.acknowledged_at)}",
        "    kind: action",
        "    text: Acknowledged",
        f"    author: {render_scalar(commander)}",
    ] if times.acknowledged_at is not None else []
    flow = ", ".join(render_scalar(s, flow=True) for s in services)
    lines = [
        f"id: {render_scalar(incident_id)}",
        f"title: {render_scalar(title)}",
        f"severity: {render_scalar(severity)}",
        "status: investigating",
        f"summary: {render_scalar(summary)}",
        f"services: [{flow}]",
        f"detection: {render_scalar(detection)}",
        "impact:",
        f"  summary: {render_scalar(impact)}",
        f"  customer_facing: {render_scalar(customer_facing)}",
        "roles:",
        f"  commander: {render_scalar(commander)}",
        f"started_at: {format_timestamp(times.started_at)}",
        f"detected_at: {when}",
        *acked,
        "timeline:",
        f"  - at: {when}",
        "    kind: note",
        "    text: Incident declared",
        f"    author: {render_scalar(commander)}",
        *ack_entry,
        "updates: []",
        "tags: []",
        "runbooks: []",
        "related: []",
        "links: []",
        *custom.render(fields or {}),
    ]
    return "\n".join(lines) + "\n"


def declare_incident(
    *,
    root: Path,
    title: str,
    severity: str,
    services: Sequence[str],
    commander: str,
    at: datetime | None = None,
    summary: str | None = None,
    detection: str = "manual",
    impact: str | None = None,
    customer_facing: bool = False,
    started_at: datetime | None = None,
    detected_at: datetime | None = None,
    acknowledged_at: datetime | None = None,
    fields: Sequence[str] = (),
) -> Written:
    """Write ``incidents/<YYYY>/<id>.yaml`` (status investigating) once it validates.

    ``at`` (now when omitted) is when the impact started and was detected unless
    ``started_at`` or ``detected_at`` say otherwise (:func:`milestones`); the incident is
    acknowledged only when ``acknowledged_at`` is given (else ``incidentkit ack`` records it,
    and MTTA measures the wait). The id is the day it started in its own offset, then a slug
    of the title. ``fields`` are ``NAME=VALUE`` pairs of custom fields (:mod:`.fields`).
    """
    require_repository(root)
    times = milestones(at=at, started_at=started_at, detected_at=detected_at,
                       acknowledged_at=acknowledged_at)
    when = times.started_at
    ctx = context(root)
    values = custom.given(ctx.config, fields)
    level = next((s for s in ctx.config.severity_ids if s.casefold() == severity.casefold()),
                 severity)
    title = title.strip()
    slug = slugify(title)
    first = incident_rel(allocate_id(when.date(), slug, ()))
    folder = (root / first).parent
    made = not folder.is_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FatalError(f"cannot create its folder: {exc.strerror or exc}; nothing was "
                         "written", location=first) from None
    try:
        with lock.locked(folder, rel=first):
            taken = set(Layout.scan(root).stems(Kind.INCIDENT))
            while True:
                incident_id = allocate_id(when.date(), slug, taken)
                rel = incident_rel(incident_id)
                text = render_incident(
                    incident_id=incident_id, title=title, severity=level, services=services,
                    commander=commander, times=times, summary=(summary or title).strip(),
                    detection=detection, impact=(impact or DEFAULT_IMPACT).strip(),
                    customer_facing=customer_facing, fields=values,
                )
                refuse_errors(rel, check_text(rel, Kind.INCIDENT, text, ctx), "not written")
                written = try_create(root, rel, text)
                if written is not None:
                    return written
                taken.add(incident_id)  # created since the scan (only without the lock)
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
