"""The Jinja2 environment of the site's page templates.

Built-in templates live in ``incidentkit/templates/site/``; a repository overrides any of them by
a file of the same name in ``templates/site/`` (or the plugin's ``templates`` option), as with the
communication templates. Every ``{{ expression }}`` is escaped as literal Markdown by the
environment's ``finalize`` unless it is marked safe (``|safe``, or the output of the ``link``,
``ext``, ``cell``, ``attr`` and ``yaml`` helpers, which escape their parts themselves).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup

from incidentkit import escape
from incidentkit.comms.view import human_duration
from incidentkit.errors import FatalError
from incidentkit.site import text

BUILTIN = Path(__file__).resolve().parent.parent / "templates" / "site"
#: Where a repository overrides the site's templates, relative to its root.
OVERRIDES = "templates/site"


def _safe(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(escape.site(value))


def when(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A time in UTC for a table (``2026-01-15 14:00``)."""
    if moment is None:
        return "—"
    utc = moment.astimezone(UTC)
    if fmt == "%Y-%m-%d %H:%M":  # the common case, without strftime
        return (f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d} "
                f"{utc.hour:02d}:{utc.minute:02d}")
    return utc.strftime(fmt)


def duration(delta: timedelta | None) -> str:
    return "—" if delta is None else human_duration(delta)


@pass_context
def _link(ctx: Context, label: object, target: str) -> Markup:
    """A link to another page, relative to the page being rendered; text alone when the page is
    not part of the site (a file that did not pass its checks has no page)."""
    known = ctx.get("known")
    if known is not None and target.partition("#")[0] not in known:
        return Markup(escape.site(label))
    return Markup(f"[{escape.site(label)}]({text.relative(ctx['here'], target)})")


@pass_context
def _href(ctx: Context, target: str) -> Markup:
    return Markup(text.attr(text.relative(ctx["here"], target)))


@pass_context
def _people(ctx: Context, handles: Iterable[str]) -> Markup:
    """``alice, bob`` → ``Alice Ng (alice), Bob Okafor (bob)``, escaped."""
    return _join(ctx["names"].person(h) for h in handles)


def _ext(label: object, address: str) -> Markup:
    return Markup(f"[{escape.site(label)}]({text.link_target(address)})")


def _join(values: Iterable[object], separator: str = ", ") -> Markup:
    return Markup(separator.join(str(_safe(v)) for v in values))


def environment(override: Path | None) -> Environment:
    loaders = [FileSystemLoader(str(override))] if override is not None else []
    env = Environment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(str(BUILTIN))]),
        autoescape=True,
        finalize=_safe,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        cell=lambda v: Markup(escape.site_cell(v)),
        attr=lambda v: Markup(text.attr(v)),
        yaml=lambda v: Markup(text.yaml_str(str(v))),
        title=lambda v: Markup(text.yaml_str(text.attr(v))),
        when=when,
        duration=duration,
        join=_join,
        people=_people,
        escape=_safe,
        e=_safe,
        forceescape=_safe,
    )
    env.globals.update(link=_link, href=_href, ext=_ext)
    return env


def render(env: Environment, name: str, context: dict[str, Any]) -> str:
    """The text of template ``name``; a broken template is a ``FatalError`` naming it."""
    try:
        return env.get_template(name).render(context)
    except TemplateSyntaxError as exc:
        raise FatalError(f"template syntax error: {exc.message}: fix the template",
                         location=f"{exc.filename or name}:{exc.lineno}") from None
    except TemplateError as exc:
        raise FatalError(f"template {name} failed: {exc}: fix the template") from None
