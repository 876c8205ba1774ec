"""What every command shares: the repository root, option types and the option-value guard.

Option values never start with ``-``: ``--since=--output=x`` or ``--at --format json`` is a
usage error naming the option (exit 2), not a value handed on to git or a parser. Free text
that must begin with a dash is an argument, after ``--`` (``incidentkit log ID -- "-5% errors"``);
an option's text can start with any other character.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import click

from incidentkit import clock
from incidentkit.model.text import shorten


@dataclass(frozen=True, slots=True)
class Env:
    root: Path


def env(ctx: click.Context) -> Env:
    obj = ctx.find_root().obj
    assert isinstance(obj, Env)
    return obj


pass_env = click.make_pass_decorator(Env)


class TimestampType(click.ParamType[datetime]):
    """An RFC 3339 timestamp with an offset (``2026-01-15T14:00:00Z``), or ``now`` (to the
    second)."""

    name = "TIMESTAMP"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        if text == "now":  # to the second, as times are written into files
            return clock.now().replace(microsecond=0)
        try:
            from incidentkit.model.times import parse_timestamp  # pydantic: when needed

            return parse_timestamp(text)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


TIMESTAMP = TimestampType()


def _leading_dash(value: object, param: click.Parameter | None) -> str | None:
    if not isinstance(value, str) or not value.startswith("-"):
        return None
    name = param.opts[0] if param is not None and param.opts else "the option"
    return (f"{shorten(value)!r} starts with '-', which an option value may not: give {name} "
            "a value that does not (did you leave it out?)")


@cache
def _guarded(kind: type[click.ParamType[Any]]) -> type[click.ParamType[Any]]:
    """``kind`` refusing values that start with ``-`` before its own conversion."""

    def convert(self: click.ParamType[Any], value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        problem = _leading_dash(value, param)
        if problem is not None:
            self.fail(problem, param, ctx)
        return kind.convert(self, value, param, ctx)

    return type(kind.__name__, (kind,), {"convert": convert, "_dash_guarded": True})


def guard_option_values(command: click.Command) -> click.Command:
    """Make every option of ``command`` (and of its subcommands) that takes a value refuse a
    value starting with ``-``. The option's type keeps its class (a subclass adds the check),
    so help, choices and ranges read as before. Idempotent."""
    for param in command.params:
        if not isinstance(param, click.Option) or param.is_flag or param.count:
            continue
        if getattr(param.type, "_dash_guarded", False):
            continue
        guarded = copy.copy(param.type)
        guarded.__class__ = _guarded(type(param.type))
        param.type = guarded
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            guard_option_values(sub)
    return command
