"""Communication templates: Jinja2, built in and overridable by the repository, sandboxed.

``templates/comms/<name>.md.j2`` in the repository wins over the built-in template of the same
name (``_external.md.j2``, the layout of the external updates, can be overridden too). Templates
run in Jinja's immutable sandbox, and every ``{{ expression }}`` passes through the environment's
``finalize``, which escapes it for the output format unless it is marked safe (``|safe``, or the
output of a macro, a block or the ``strong``/``link``/``join`` filters, which escape their parts).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, Template, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from incidentkit import escape
from incidentkit.comms.view import IncidentView, LinkView, format_time
from incidentkit.errors import FatalError

TEMPLATE_NAMES: tuple[str, ...] = ("investigating", "identified", "monitoring", "resolved",
                                   "internal")
BUILTIN = Path(__file__).resolve().parent.parent / "templates" / "comms"
#: Where a repository overrides templates, relative to its root.
OVERRIDES = "templates/comms"
#: The block a Slack message shows (the rest of the Markdown becomes Block Kit fields).
MESSAGE_BLOCK = "message"


@dataclass(frozen=True, slots=True)
class Flavor:
    name: str
    escape: Callable[[str], str]
    #: Bold text around already escaped text.
    strong: Callable[[str], str]
    #: A link from already escaped text and a raw URL.
    link: Callable[[str, str], str]


MARKDOWN = Flavor(
    "markdown", escape.markdown,
    lambda text: f"**{text}**",
    lambda text, url: f"[{text}]({escape.url(url)})",
)
SLACK = Flavor(
    "slack", escape.slack,
    lambda text: f"*{text}*",
    lambda text, url: f"<{escape.slack(escape.url(url))}|{text}>",
)


def _environment(root: Path, flavor: Flavor) -> ImmutableSandboxedEnvironment:
    def text(value: object) -> Markup:
        if isinstance(value, Markup):
            return value
        return Markup(flavor.escape("" if value is None else str(value)))

    def join(values: Iterable[object], separator: object = "") -> Markup:
        return Markup(str(text(separator)).join(str(text(v)) for v in values))

    def strong(value: object) -> Markup:
        return Markup(flavor.strong(text(value)))

    def link(value: LinkView) -> Markup:
        return Markup(flavor.link(text(value.title), value.url))

    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader([
            FileSystemLoader(str(root / OVERRIDES)),
            FileSystemLoader(str(BUILTIN)),
        ]),
        autoescape=True,
        finalize=text,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Jinja's own versions of these escape for HTML only.
    env.filters.update(
        join=join, strong=strong, link=link, escape=text, e=text, forceescape=text
    )
    return env


def _relative(root: Path, filename: str | None) -> str:
    if not filename:
        return "<template>"
    path = Path(filename)
    for base, shown in ((root.resolve(), ""), (BUILTIN.parent.parent, "incidentkit/")):
        try:
            return shown + path.resolve().relative_to(base).as_posix()
        except ValueError:
            continue
    return filename


def _where(root: Path, exc: BaseException) -> str | None:
    """``file:line`` of the template line that failed (Jinja rewrites tracebacks to show it)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{_relative(root, filename)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, one newline at the end."""
    lines = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", lines).strip("\n") + "\n"


def _message_only(template: Template, context: dict[str, Any]) -> str:
    block = template.blocks.get(MESSAGE_BLOCK)
    if block is None:
        return template.render(context)
    try:
        return "".join(block(template.new_context(context)))
    except Exception:
        template.environment.handle_exception()  # rewrites the traceback to template lines
        raise  # pragma: no cover - handle_exception always raises


def render(
    root: Path, name: str, view: IncidentView, *, now: datetime, flavor: Flavor = MARKDOWN,
    message_only: bool = False,
) -> str:
    """The text of template ``name`` for ``view``; with ``message_only``, its message block.

    A broken template is a ``FatalError`` at its file and line.
    """
    if name not in TEMPLATE_NAMES:
        raise FatalError(f"unknown template {name!r}: use one of {', '.join(TEMPLATE_NAMES)}")
    env = _environment(root, flavor)
    context: dict[str, Any] = {
        "incident": view, "now": format_time(now), "format": flavor.name, "template": name,
    }
    try:
        template = env.get_template(f"{name}.md.j2")
        text = _message_only(template, context) if message_only else template.render(context)
    except TemplateSyntaxError as exc:
        raise FatalError(
            f"template syntax error: {exc.message}: fix the template",
            location=f"{_relative(root, exc.filename)}:{exc.lineno}",
        ) from None
    except Exception as exc:  # a template is code from the repository: any failure is its own
        raise FatalError(
            f"template {name}.md.j2 failed: {type(exc).__name__}: {str(exc).rstrip('.')}: fix "
            "the template",
            location=_where(root, exc),
        ) from None
    return _tidy(text)
