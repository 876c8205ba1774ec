"""What every command shares: the repository root option and its resolution."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click

from incidentkit import clock
from incidentkit.model.types import parse_timestamp


@dataclass(frozen=True, slots=True)
class Env:
    root: Path


def env(ctx: click.Context) -> Env:
    obj = ctx.find_root().obj
    assert isinstance(obj, Env)
    return obj


pass_env = click.make_pass_decorator(Env)


class TimestampType(click.ParamType[datetime]):
    """An RFC 3339 timestamp with an offset (``2026-01-15T14:00:00Z``), or ``now``."""

    name = "TIMESTAMP"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        if text == "now":
            return clock.now()
        try:
            return parse_timestamp(text)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


TIMESTAMP = TimestampType()
