"""``new postmortem``: draft ``postmortems/<id>.md`` from the incident with a Jinja2 template.

The template is ``templates/postmortem.md.j2`` of the repository when it has one, else the
packaged one. It runs sandboxed and gets the incident, the configured sections and a few
filters; every piece of data it places into Markdown goes through an escaping filter.

Text copied from the incident (title, summary, impact, timeline) stays Markdown that its author
may have written on purpose (emphasis, code, links to dashboards), but goes through the same
sanitiser as every postmortem body on the site (:func:`incidentkit.bodies.sanitize_body`):
raw HTML becomes text, and a link or image to anything but an http, https, mailto or relative
URL points to ``?unsafe-link-removed:…``, so the draft carries no live script link. In a table
cell a line break is shown as `` ↵ `` (Markdown tables hold one line per row, and the site
shows raw HTML such as ``<br>`` as text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from incidentkit import present
from incidentkit.authoring import fields as custom
from incidentkit.authoring.repository import (
    Written,
    check_id,
    check_text,
    load_incident,
    refuse_errors,
    require_repository,
    write,
)
from incidentkit.bodies import safe_url, sanitize_body
from incidentkit.config import Config
from incidentkit.errors import FatalError
from incidentkit.model.incident import Incident
from incidentkit.model.postmortem import DRAFT_PROMPTS, OTHER_SECTION_PROMPT
from incidentkit.store import lock
from incidentkit.store.edit import render_scalar
from incidentkit.store.layout import POSTMORTEMS, Kind

TEMPLATE = "postmortem.md.j2"
#: Where a repository keeps its own templates (they win over the packaged ones).
REPOSITORY_TEMPLATES = "templates"
PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Impact:
    """What the template says about impact beyond the incident's own ``impact``."""

    started: datetime
    #: When the impact ended: resolution, else mitigation; ``None`` while it is ongoing.
    ended: datetime | None
    ended_by: str | None
    duration: timedelta | None


def impact_of(incident: Incident) -> Impact:
    for name, end in (("resolved", incident.resolved_at), ("mitigated", incident.mitigated_at)):
        if end is not None:
            return Impact(incident.started_at, end, name, end - incident.started_at)
    return Impact(incident.started_at, None, None, None)


def md(text: object) -> str:
    """Data as Markdown text: no HTML, no script link gets through."""
    return sanitize_body(str(text))


def oneline(text: str) -> str:
    return " ".join(_BREAK.sub(" ", text).split())


#: What a line break in a table cell becomes.
CELL_BREAK = " ↵ "


def cell(text: object) -> str:
    """Data as one Markdown table cell: pipes escaped, line breaks shown as `` ↵ ``."""
    lines = [" ".join(line.split()) for line in _BREAK.split(str(text))]
    joined = CELL_BREAK.join(line for line in lines if line)
    return re.sub(r"(\\*)\|", lambda m: m.group(1) * 2 + "\\|", md(joined))


def link(title: str, url: str) -> str:
    label = re.sub(r"([\\\[\]])", r"\\\1", oneline(md(title)))
    target = safe_url(url).replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[{label}](<{target}>)"


def duration(delta: timedelta) -> str:
    """``1h 30m``, ``2d 3h``, ``45m``, ``30s``."""
    return present.duration(delta, smallest="s")


def number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,g}"


def _environment(root: Path, zone: ZoneInfo) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([root / REPOSITORY_TEMPLATES, PACKAGE_TEMPLATES]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    def when(value: datetime) -> str:
        local = value.astimezone(zone)
        return local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")

    env.filters.update(yaml=render_scalar, md=md, oneline=oneline, cell=cell, link=link,
                       duration=duration, number=number, when=when)
    return env


def render_postmortem(*, root: Path, incident: Incident, config: Config,
                      fields: Mapping[str, Any] | None = None) -> str:
    """The draft's text; template problems stop with the template's file and line.
    ``fields``: the custom fields' values for its front matter."""
    try:
        zone = ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise FatalError(f"timezone {config.timezone!r} is not a time zone name",
                         location="incidentkit.yaml") from None
    env = _environment(root, zone)
    try:
        template = env.get_template(TEMPLATE)
        return template.render(
            incident=incident,
            sections=list(config.postmortems.required_sections),
            authors=[incident.roles.commander],
            impact=impact_of(incident),
            timezone=config.timezone,
            prompts=DRAFT_PROMPTS,
            other_prompt=OTHER_SECTION_PROMPT,
            fields="\n".join(custom.render(fields or {})),
        )
    except jinja2.TemplateSyntaxError as exc:
        raise FatalError(f"template error: {exc.message}",
                         location=f"{_template_name(root)}:{exc.lineno}") from None
    except jinja2.TemplateError as exc:
        raise FatalError(f"template error: {exc.message or exc}",
                         location=_template_name(root)) from None


def _template_name(root: Path) -> str:
    """The template in use, as the user can find it."""
    if (root / REPOSITORY_TEMPLATES / TEMPLATE).is_file():
        return f"{REPOSITORY_TEMPLATES}/{TEMPLATE}"
    return str(PACKAGE_TEMPLATES / TEMPLATE)


def draft_postmortem(*, root: Path, incident_id: str, fields: Sequence[str] = ()) -> Written:
    """Write ``postmortems/<id>.md`` (status draft); refuse if it exists. ``fields``:
    ``NAME=VALUE`` pairs of custom fields, after those the incident has that apply to both."""
    check_id(incident_id)
    require_repository(root)
    rel = f"{POSTMORTEMS}/{incident_id}.md"
    if (root / rel).exists():
        raise FatalError(f"{rel} already exists: edit it, or delete it to draft it again")
    doc = load_incident(root, incident_id)
    values = custom.given(doc.ctx.config, fields, "postmortems", doc.incident.fields)
    text = render_postmortem(root=root, incident=doc.incident, config=doc.ctx.config,
                             fields=values)
    refuse_errors(rel, check_text(rel, Kind.POSTMORTEM, text, doc.ctx), "not written")
    folder = (root / rel).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FatalError(f"cannot create its folder: {exc.strerror or exc}", location=rel) from None
    with lock.locked(folder, rel=rel):
        return write(root, rel, text, create=True)
